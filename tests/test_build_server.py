"""tests/build_server.py gives a fixture build's exit code and output as a `mkdocs build` process does,
an uncaught exception's traceback included (which the fixture tests look for)."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

from tests.handbook_fixtures import BuildServer, make_site
from tools.handbook import builder

BOOM = "def on_config(config):\n    raise RuntimeError('boom from a hook')\n"


def _both(site: Path, args: list[str]) -> tuple[subprocess.CompletedProcess[str], subprocess.CompletedProcess[str]]:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "HANDBOOK_TODAY": "2026-11-23"}
    served = BuildServer.build(builder().name, args, site, env)
    alone = subprocess.run([str(builder()), *args], cwd=site, env=env, capture_output=True, text=True, check=False)
    return served, alone


def test_a_served_build_ends_and_reports_as_a_build_process_does(tmp_path: Path) -> None:
    site = make_site(tmp_path)
    listen = site / "docs" / "en" / "chapters" / "listen.md"
    listen.write_text(listen.read_text(encoding="utf-8") + "\n[Gone](gone.md)\n", encoding="utf-8")
    served, alone = _both(site, ["build", "-q", "--strict"])
    assert served.returncode == alone.returncode != 0
    assert served.stderr == alone.stderr and "[link-target]" in served.stderr
    assert served.stdout == alone.stdout


def test_an_uncaught_exception_is_a_traceback_and_exit_code_1(tmp_path: Path) -> None:
    site = make_site(tmp_path)
    (site / "boom.py").write_text(BOOM, encoding="utf-8")
    config = site / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace("hooks:\n", "hooks:\n  - boom.py\n", 1), encoding="utf-8")
    served, alone = _both(site, ["build", "-q"])
    for result in (served, alone):
        assert result.returncode == 1, result.stderr
        assert "Traceback (most recent call last)" in result.stderr
        assert result.stderr.rstrip().endswith("RuntimeError: boom from a hook"), result.stderr[-500:]
