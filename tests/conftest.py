"""Shared fixtures: one strict build of the real handbook per test session."""

from __future__ import annotations

import fcntl
import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from tools.handbook import ROOT, build_site

LANGUAGES = ("en", "ms", "lv", "vi")


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The real handbook built --strict (search index included) into a temporary folder, once per test run:
    under pytest-xdist the first worker that needs it builds it and the others wait for it and share it.
    Tests treat it as read-only (copy it to change it)."""
    shared = tmp_path_factory.getbasetemp()
    if os.environ.get("PYTEST_XDIST_WORKER"):
        shared = shared.parent  # the folder all workers' temporary folders live in
    site, outcome = shared / "handbook-site", shared / "handbook-site.exit-code"
    with (shared / "handbook-site.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not outcome.exists():
            outcome.write_text(str(build_site(site)), encoding="utf-8")
    assert outcome.read_text(encoding="utf-8") == "0", (
        "mkdocs build --strict of the real handbook failed; see the output of the test that built it")
    return site


@pytest.fixture(scope="session")
def docs_dir() -> Path:
    return ROOT / "docs"


@pytest.fixture()
def fixed_today() -> Iterator[str]:
    """Pin the date the review rules compare against, so builds are reproducible."""
    old = os.environ.get("HANDBOOK_TODAY")
    os.environ["HANDBOOK_TODAY"] = "2026-11-23"
    yield "2026-11-23"
    if old is None:
        del os.environ["HANDBOOK_TODAY"]
    else:
        os.environ["HANDBOOK_TODAY"] = old
