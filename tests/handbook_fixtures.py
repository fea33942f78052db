"""Build fixture handbooks: the clean fixture with one broken case laid over it."""

from __future__ import annotations

import atexit
import datetime
import json
import os
import select
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import ClassVar

from tools.handbook import HOOKS, ROOT, builder

sys.path.insert(0, str(HOOKS))

from handbook.config import HandbookConfig, load_roles
from handbook.limits import load_limits
from handbook.validate import ParsedPages, Report, validate

FIXTURES = ROOT / "tests" / "fixtures"
CLEAN = FIXTURES / "clean"
BROKEN = FIXTURES / "broken"
TODAY = datetime.date(2026, 11, 23)
SPECIAL = {"expected.txt", "delete.txt", "env.txt", "filesystem.txt", "rendered.txt"}


def case_env(case: str | None) -> dict[str, str]:
    if case is None or not (BROKEN / case / "env.txt").exists():
        return {}
    lines = (BROKEN / case / "env.txt").read_text(encoding="utf-8").splitlines()
    return dict(line.split("=", 1) for line in lines if line.strip())


def make_site(tmp: Path, case: str | None = None) -> Path:
    """Copy the clean fixture to tmp/site, apply the case's files and deletions, point it at hooks/."""
    site = tmp / "site-src"
    shutil.copytree(CLEAN, site)
    if case is not None:
        overlay = BROKEN / case
        for file in overlay.rglob("*"):
            if file.is_file() and file.name not in SPECIAL:
                target = site / file.relative_to(overlay)
                target.parent.mkdir(parents=True, exist_ok=True)
                shutil.copy(file, target)
        deletions = overlay / "delete.txt"
        if deletions.exists():
            for rel in deletions.read_text(encoding="utf-8").split():
                (site / rel).unlink()
        _make_special_files(site, overlay / "filesystem.txt")
    # The text the build adds to pages is the real handbook's, so fixtures see what staff see.
    shutil.copy(ROOT / "data" / "ui_strings.yml", site / "data" / "ui_strings.yml")
    config = site / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace("HOOKS_DIR", str(HOOKS)), encoding="utf-8")
    return site


def _make_special_files(site: Path, listing: Path) -> None:
    """Entries git cannot hold portably: `symlink <path> <target>` and `fifo <path>`, relative to the site."""
    if not listing.exists():
        return
    for line in listing.read_text(encoding="utf-8").splitlines():
        kind, rel, *target = line.split()
        path = site / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if kind == "symlink":
            path.symlink_to(target[0])
        elif kind == "fifo":
            os.mkfifo(path)
        else:
            raise ValueError(f"{listing}: unknown entry {line!r}")


def validate_site(site: Path, case: str | None = None, parsed: ParsedPages | None = None) -> Report:
    """Run the rules directly, as the hook does, with the fixture's settings."""
    env = case_env(case)
    return validate(HandbookConfig(
        docs_dir=site / "docs",
        languages=("en", "lv"),
        nav_pages=("index.md", "chapters/listen.md", "checklists/greeting.md", "contributing.md",
                   *(["chapters/missing.md"] if case == "nav-missing-page" else [])),
        english_only=("contributing.md",),
        site_url="https://example.test/handbook/",
        roles=load_roles(site / "data" / "roles.yml"),
        limits=load_limits(site / "data" / "authority.yml"),
        review_interval_days=365,
        strict_reviews=env.get("HANDBOOK_STRICT_REVIEWS") == "1",
        today=TODAY,
        config_text=(site / "mkdocs.yml").read_text(encoding="utf-8"),
    ), parsed)


class BuildServer:
    """This process's tests/build_server.py, started at its first build: a build's output and exit code as
    a `mkdocs build` process gives them, without its Python start-up and imports."""

    TIMEOUT_S = 600
    _processes: ClassVar[dict[str, subprocess.Popen[str]]] = {}  # by builder

    @classmethod
    def build(cls, builder_name: str, args: list[str], cwd: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
        process = cls._processes.get(builder_name)
        if process is None or process.poll() is not None:
            process = cls._processes[builder_name] = subprocess.Popen(
                [sys.executable, "-m", "tests.build_server", builder_name], cwd=ROOT, text=True,
                stdin=subprocess.PIPE, stdout=subprocess.PIPE, env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})
            atexit.register(process.kill)
        assert process.stdin is not None and process.stdout is not None
        with tempfile.TemporaryDirectory() as folder:
            out, err = Path(folder, "stdout"), Path(folder, "stderr")
            request = {"builder": builder_name, "args": args, "cwd": str(cwd), "env": env,
                       "stdout": str(out), "stderr": str(err)}
            process.stdin.write(json.dumps(request) + "\n")
            process.stdin.flush()
            ready, _, _ = select.select([process.stdout], [], [], cls.TIMEOUT_S)
            answer = process.stdout.readline() if ready else ""
            if not answer:
                process.kill()
                raise RuntimeError(f"the build server gave no answer for {cwd} within {cls.TIMEOUT_S} s")
            return subprocess.CompletedProcess([builder_name, *args], json.loads(answer)["returncode"],
                                               out.read_text(encoding="utf-8"), err.read_text(encoding="utf-8"))


def mkdocs_build(site: Path, case: str | None = None, strict: bool = True, out: Path | None = None,
                 env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """`mkdocs build -q` (or the chosen builder) of a fixture site on the fixtures' date, run by the build
    server; into out if given, with env added to the case's environment."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "HANDBOOK_TODAY": TODAY.isoformat(), **case_env(case), **(env or {})}
    args = ["build", "-q", *(["--strict"] if strict else []), *(["-d", str(out)] if out else [])]
    return BuildServer.build(builder().name, args, site, env)
