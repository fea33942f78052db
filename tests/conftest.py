"""Shared fixtures: one strict build of the real handbook per test session, started in the background as
soon as the tests are collected, while the tests that need no built site run first."""

from __future__ import annotations

import fcntl
import os
import shutil
import tempfile
import threading
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from tools.handbook import ROOT, build_site

LANGUAGES = ("en", "ms", "lv", "vi")


def pytest_configure(config: pytest.Config) -> None:
    """Every build of the run (the shared site, fixtures, generated handbooks; pytest-xdist's workers inherit
    the environment) keeps the theme's compiled templates in one cache of its own (hooks/template_cache_hook.py),
    empty at the start as on a fresh machine, instead of the user's."""
    if "PYTEST_XDIST_WORKER" not in os.environ and "HANDBOOK_TEMPLATE_CACHE" not in os.environ:
        folder = tempfile.mkdtemp(prefix="handbook-templates-")
        os.environ["HANDBOOK_TEMPLATE_CACHE"] = folder
        config.add_cleanup(lambda: shutil.rmtree(folder, ignore_errors=True))


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
    assert outcome.read_text(encoding="utf-8") == "0", f"making {name} failed; see its output above"
    return folder


def make_built_site(factory: pytest.TempPathFactory) -> Path:
    return made_once(factory, "handbook-site", build_site)


# Fixtures that need the built site (or a browser on it): their tests run after the others.
NEEDS_SITE = {"built_site", "site_url", "subpath_site_url", "pages_url", "page", "phone_page", "fresh_page", "browser",
              "pdf_site"}
_early: list[threading.Thread] = []


# Site tests of 8 to 20 s each: started first among the site tests, so that the run does not end on one of
# them while the other pytest-xdist worker has nothing left to do (workers take tests in this order).
LONG_SITE_TESTS = ("tests/test_properdocs.py", "tests/browser/test_pages_load.py",
                   "tests/browser/test_search_intents.py::test_everyday_intents")


def _order(item: pytest.Item) -> tuple[bool, int]:
    if not NEEDS_SITE & set(item.fixturenames):
        return (False, 0)
    if item.nodeid.startswith(LONG_SITE_TESTS):
        return (True, 0)
    # The PDF tests next: the PDFs are printed in the background after the site is built and are ready by
    # then; the many short tests last.
    return (True, 1 if "pdf_site" in item.fixturenames else 2)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Tests that need no built site first (in their order): the shared site is built, and its PDFs
    printed, in the background meanwhile (pytest_collection_finish). Then the long site tests, the PDF
    tests, and the rest."""
    items.sort(key=_order)


def pytest_collection_finish(session: pytest.Session) -> None:
    """One process (the first pytest-xdist worker, or pytest itself) starts building the shared site, and then
    printing its PDFs, as soon as the tests are known; workers that need them wait (made_once)."""
    if os.environ.get("PYTEST_XDIST_WORKER", "gw0") != "gw0" or session.config.option.collectonly:
        return
    fixtures = {name for item in session.items for name in item.fixturenames}
    if not NEEDS_SITE & fixtures:
        return
    factory: pytest.TempPathFactory = session.config._tmp_path_factory  # type: ignore[attr-defined]
    # The run's temporary folder is made on first use, without a lock: made here, before the thread starts, or
    # the thread and the first test's tmp_path could each make one (pytest-N and pytest-N+1), and that test
    # fails with "is not a normalized and relative path" (seen in a serial run).
    factory.getbasetemp()

    def prepare() -> None:
        try:
            built = make_built_site(factory)
            if "pdf_site" in fixtures and _has_browser():
                from tests.browser.conftest import make_pdf_site

                make_pdf_site(factory, built)
        except AssertionError:
            pass  # the tests that use the site report it

    thread = threading.Thread(target=prepare, name="shared-site", daemon=True)
    thread.start()
    _early.append(thread)


def _has_browser() -> bool:
    """Whether Chromium is there to print the PDFs (the browser tests report it when it is not)."""
    from tools.browser import BrowserNotFound, chromium_path

    try:
        return chromium_path() is not None
    except BrowserNotFound:
        return False


def pytest_sessionfinish(session: pytest.Session) -> None:
    for thread in _early:  # never leave a build running behind the test run
        thread.join()


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The real handbook built --strict (search index included) into a temporary folder, once per test run,
    by a plain `mkdocs build` (tools.handbook.build_site), shared by all workers. Tests treat it as
    read-only (copy it to change it)."""
    return make_built_site(tmp_path_factory)


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
