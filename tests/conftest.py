"""Shared fixtures: one strict build of the real handbook per test session."""

from __future__ import annotations

import fcntl
import os
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from tools.handbook import ROOT, build_site

LANGUAGES = ("en", "ms", "lv", "vi")


def made_once(factory: pytest.TempPathFactory, name: str, make: Callable[[Path], int]) -> Path:
    """`make(folder)` run once per test run, whichever pytest-xdist worker needs the folder first; the other
    workers wait for it and share it. `make` returns an exit code, which every user of the folder checks."""
    shared = factory.getbasetemp()
    if os.environ.get("PYTEST_XDIST_WORKER"):
        shared = shared.parent  # the folder all workers' temporary folders live in
    folder, outcome = shared / name, shared / f"{name}.exit-code"
    with (shared / f"{name}.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not outcome.exists():
            outcome.write_text(str(make(folder)), encoding="utf-8")
    assert outcome.read_text(encoding="utf-8") == "0", f"making {name} failed; see the output of the test that made it"
    return folder


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The real handbook built --strict (search index included) into a temporary folder, once per test run,
    by a plain `mkdocs build` (tools.handbook.build_site), shared by all workers. Tests treat it as
    read-only (copy it to change it)."""
    return made_once(tmp_path_factory, "handbook-site", build_site)


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
