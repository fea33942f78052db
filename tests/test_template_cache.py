"""hooks/template_cache_hook.py: the theme's compiled templates are kept between builds, in the user's cache
folder or the one HANDBOOK_TEMPLATE_CACHE names, and the pages are the same with and without them."""

from __future__ import annotations

import filecmp
import os
import sys
from pathlib import Path

import pytest

from tests.handbook_fixtures import make_site, mkdocs_build
from tools.handbook import HOOKS

sys.path.insert(0, str(HOOKS))

from template_cache_hook import template_cache_dir


def test_the_cache_is_the_users_unless_named_or_off() -> None:
    home = Path("/home/ana")
    assert template_cache_dir({}, home) == home / ".cache" / "client-relationship-handbook" / "templates"
    assert template_cache_dir({"XDG_CACHE_HOME": "/var/cache/ana"}, home) == Path(
        "/var/cache/ana/client-relationship-handbook/templates")
    assert template_cache_dir({"HANDBOOK_TEMPLATE_CACHE": "/tmp/t"}, home) == Path("/tmp/t")
    assert template_cache_dir({"HANDBOOK_TEMPLATE_CACHE": "off"}, home) is None


def _differences(left: Path, right: Path) -> list[str]:
    compared = filecmp.dircmp(left, right)
    found = [str(Path(left, name)) for name in compared.left_only + compared.right_only + compared.diff_files]
    for name in compared.common_dirs:
        found += _differences(left / name, right / name)
    return found


def test_builds_with_a_cold_a_warm_and_no_cache_write_the_same_site(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    site = make_site(tmp_path)
    cache = tmp_path / "templates"
    built = {}
    for run, setting in (("cold", str(cache)), ("warm", str(cache)), ("none", "off")):
        monkeypatch.setenv("HANDBOOK_TEMPLATE_CACHE", setting)
        result = mkdocs_build(site)
        assert result.returncode == 0, result.stderr
        built[run] = tmp_path / run
        (site / "site").rename(built[run])
        if run == "cold":
            kept = {file.name: file.stat().st_mtime_ns for file in cache.iterdir()}
            assert len(kept) > 20, "the build kept no compiled templates"
            assert (cache.stat().st_mode & 0o077) == 0, "the cache folder must be the user's alone"
    assert {file.name: file.stat().st_mtime_ns for file in cache.iterdir()} == kept, (
        "the warm build compiled templates again")
    assert _differences(built["cold"], built["warm"]) == []
    assert _differences(built["cold"], built["none"]) == []


def test_a_cache_folder_others_can_write_to_is_not_used(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    cache = tmp_path / "shared"
    cache.mkdir()
    os.chmod(cache, 0o777)
    monkeypatch.setenv("HANDBOOK_TEMPLATE_CACHE", str(cache))
    result = mkdocs_build(make_site(tmp_path))
    assert result.returncode == 0, result.stderr
    assert list(cache.iterdir()) == [], "compiled templates were written where other users could change them"
