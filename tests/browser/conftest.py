"""Browser fixtures: Debian's Chromium driven by Playwright, and the built site on a local server.

Browsers cannot be downloaded here, so Playwright drives an installed Chromium through executable_path,
found by tools/browser.py (HANDBOOK_CHROMIUM names one explicitly).
In CI (CI=true) a missing Chromium fails the run; on a developer's machine the tests are skipped
and the run ends with a loud banner saying so.
"""

from __future__ import annotations

import http.server
import os
import shutil
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from tests.conftest import made_once
from tools import checklist_pdf

# One definition, shared with `make pdf`.
from tools.browser import CHROMIUM_FLAGS, HOW_TO_INSTALL, BrowserNotFound, chromium_path
from tools.handbook import ROOT
from tools.pages_server import QuietHandler, start_server

# The phone of `make reader-metrics`, for phone_page and the tests that size the shared page like a phone.
from tools.reader_metrics import PHONE

SUBPATH = "handbook"
AXE_JS = ROOT / "node_modules" / "axe-core" / "axe.min.js"
# Origins of the local servers the tests started: the shared page's storage is cleared for each of them.
SERVED_ORIGINS: list[str] = []
# The shared page's viewport: what a new context starts with (Playwright's default).
DEFAULT_VIEWPORT = {"width": 1280, "height": 720}
_skipped_for_missing_chromium: list[str] = []
# Nothing a test browser asks for may reach the network: every request for a host other than this machine
# (loopback never goes through a proxy) goes to a proxy at a port where nothing listens, and fails. Unlike
# Playwright's request routing, this leaves the HTTP cache on and costs nothing per request.
NO_NETWORK = "--proxy-server=http://127.0.0.1:9"


# The test servers also serve axe-core, at this path outside the site: a page loads it as a script of its own
# origin, which its policy allows, so the browser keeps it compiled between pages. Sent through the driver with
# every page, its 650 KB were compiled again each time (0.09 CPU s a page, against 0.03).
AXE_URL_PATH = "/__tests__/axe.min.js"


class ServesAxe(http.server.SimpleHTTPRequestHandler):
    """Mixed into a test server's handler: AXE_URL_PATH answers with the installed axe-core."""

    def translate_path(self, path: str) -> str:
        if path.split("?", 1)[0] == AXE_URL_PATH:
            return str(AXE_JS)
        return super().translate_path(path)


class _TestServerHandler(ServesAxe, QuietHandler):
    pass


@pytest.fixture(scope="session")
def axe_script() -> str:
    """Where the test servers serve axe-core (run_axe loads it from there); fails when it is not installed."""
    if not AXE_JS.is_file():
        pytest.fail(f"axe-core is not installed ({AXE_JS.relative_to(ROOT)}): run `make test`, which runs `npm ci` first")
    return AXE_URL_PATH


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    try:
        path = chromium_path()
    except BrowserNotFound as error:  # an explicit HANDBOOK_CHROMIUM that is wrong is never skipped
        pytest.fail(str(error))
    if path is None:
        message = HOW_TO_INSTALL
        if os.environ.get("CI"):
            pytest.fail(message)
        _skipped_for_missing_chromium.append(message)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=path, headless=True, args=[*CHROMIUM_FLAGS, NO_NETWORK])
        yield chromium
        chromium.close()


def run_make_pdf(site: Path) -> int:
    """`make pdf` (checklist_pdf.main) in its own thread: Playwright's sync API cannot nest in the session's
    browser loop."""
    result: list[int] = []
    thread = threading.Thread(target=lambda: result.append(checklist_pdf.main(site)))
    thread.start()
    thread.join()
    assert result, "checklist_pdf.main raised; see the output above"
    return result[0]


def make_pdf_site(factory: pytest.TempPathFactory, built: Path) -> Path:
    """A copy of the built site after `make pdf`, made once per test run (see pdf_site)."""

    def make(folder: Path) -> int:
        shutil.copytree(built, folder, symlinks=True)  # the session's site stays as built
        return run_make_pdf(folder)

    return made_once(factory, "pdf-site", make)


@pytest.fixture(scope="session")
def pdf_site(browser: object, built_site: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the built site after `make pdf`: every checklist's A4 PDF, and each language's print pack and
    whole handbook. Printed once per test run and shared, as the publishing job prints it once."""
    return make_pdf_site(tmp_path_factory, built_site)


def _serve(directory: Path) -> tuple[http.server.ThreadingHTTPServer, str]:
    server, origin = start_server(directory, _TestServerHandler)
    SERVED_ORIGINS.append(origin)
    return server, origin


@pytest.fixture(scope="session")
def site_url(built_site: Path) -> Iterator[str]:
    """Base URL of the built site served from the root, ending in '/'."""
    server, url = _serve(built_site)
    yield url + "/"
    server.shutdown()


@pytest.fixture(scope="session")
def pages_site_url(built_site: Path) -> Iterator[str]:
    """Base URL of the built site served gzip-compressed like GitHub Pages, for measuring bytes on the wire."""
    from tools.pages_server import serve_like_pages

    server, url = serve_like_pages(built_site)
    yield url + "/"
    server.shutdown()


@pytest.fixture(scope="session")
def subpath_site_url(built_site: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """Base URL of the built site served from a sub-path, as on a GitHub Pages project site."""
    root = tmp_path_factory.mktemp("subpath")
    (root / SUBPATH).symlink_to(built_site, target_is_directory=True)
    server, url = _serve(root)
    yield f"{url}/{SUBPATH}/"
    server.shutdown()


@pytest.fixture()
def fresh_page(browser: object) -> Iterator[object]:
    """A page in a context of its own, for tests that change the context (init scripts, routes, context-wide
    listeners) or must see every request of a cold cache."""
    context = browser.new_context()  # type: ignore[attr-defined]
    new_page = context.new_page()
    yield new_page
    context.close()


@contextmanager
def _reset_after_test(shared: object, cdp: object) -> Iterator[object]:
    """Yield a worker's shared page to one test, then reset it: the listeners the test added are removed, storage
    of every test server's origin is cleared, and media emulation and viewport are back to the context's."""
    events = shared._impl_obj  # type: ignore[attr-defined]  # Playwright's event emitter behind the page
    viewport = shared.viewport_size  # type: ignore[attr-defined]
    before = {name: list(events.raw_listeners(name)) for name in events.event_names()}
    yield shared
    for name in list(events.event_names()):
        for listener in events.raw_listeners(name):
            if listener not in before.get(name, []):
                events.remove_listener(name, listener)
    # Leave the site first, so no page of it is left to write to storage after it is cleared.
    shared.goto("about:blank")  # type: ignore[attr-defined]
    shared.emulate_media(media="null", color_scheme="light", reduced_motion="no-preference",  # type: ignore[attr-defined]
                         forced_colors="none")
    shared.set_viewport_size(viewport)  # type: ignore[attr-defined]
    for origin in SERVED_ORIGINS:
        cdp.send("Storage.clearDataForOrigin", {"origin": origin, "storageTypes": "all"})  # type: ignore[attr-defined]


def _shared_page(browser: object, **options: object) -> Iterator[tuple[object, object]]:
    context = browser.new_context(**options)  # type: ignore[attr-defined]
    shared = context.new_page()
    yield shared, context.new_cdp_session(shared)
    context.close()


@pytest.fixture(scope="session")
def _worker_page(browser: object) -> Iterator[tuple[object, object]]:
    yield from _shared_page(browser, viewport=DEFAULT_VIEWPORT)


@pytest.fixture()
def page(_worker_page: tuple[object, object]) -> Iterator[object]:
    """One page per pytest-xdist worker, reset between tests: a new context and page cost about a second of
    CPU each (a new renderer process, cold scripts and fonts), which was a third of the suite's time. After
    each test: the listeners it added are removed, storage of every test server's origin is cleared, and
    media emulation and viewport are back to a fresh context's. The HTTP cache is kept, as a reader's is."""
    with _reset_after_test(*_worker_page) as shared:
        yield shared


@pytest.fixture(scope="session")
def _worker_phone_page(browser: object) -> Iterator[tuple[object, object]]:
    yield from _shared_page(browser, viewport=PHONE, has_touch=True, is_mobile=True)


@pytest.fixture()
def phone_page(_worker_phone_page: tuple[object, object]) -> Iterator[object]:
    """As `page`, on a phone: a context that is mobile (the page's viewport meta applies) and has touch, which
    only a new context can be; one per pytest-xdist worker, reset between tests like `page`."""
    with _reset_after_test(*_worker_phone_page) as shared:
        yield shared


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    # Reports of skipped tests reach the main process from every pytest-xdist worker, so the banner shows
    # however the run was split.
    skipped = [str(report.longrepr) for report in terminalreporter.stats.get("skipped", [])]
    if _skipped_for_missing_chromium or any(HOW_TO_INSTALL in text for text in skipped):
        bar = "!" * 78
        terminalreporter.write_line(bar, red=True, bold=True)
        terminalreporter.write_line("BROWSER TESTS DID NOT RUN: " + HOW_TO_INSTALL, red=True, bold=True)
        terminalreporter.write_line(bar, red=True, bold=True)
