"""Shared fixtures: one strict build of the real handbook per test session."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from tools.handbook import ROOT, build_site

LANGUAGES = ("en", "ms", "lv", "vi")


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The real handbook built --strict (search index included) into a temporary folder."""
    site = tmp_path_factory.mktemp("site") / "site"
    code = build_site(site)
    assert code == 0, "mkdocs build --strict of the real handbook failed; see the output above"
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
