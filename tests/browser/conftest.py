"""Browser fixtures: Debian's Chromium driven by Playwright, and the built site on a local server.

Browsers cannot be downloaded here, so Playwright drives an installed Chromium through executable_path,
found by tools/browser.py (HANDBOOK_CHROMIUM names one explicitly).
In CI (CI=true) a missing Chromium fails the run; on a developer's machine the tests are skipped
and the run ends with a loud banner saying so.
"""

from __future__ import annotations

import functools
import http.server
import os
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

# One definition, shared with `make pdf`.
from tools.browser import CHROMIUM_FLAGS, HOW_TO_INSTALL, BrowserNotFound, chromium_path

SUBPATH = "handbook"
_skipped_for_missing_chromium: list[str] = []


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
        chromium = playwright.chromium.launch(executable_path=path, headless=True, args=CHROMIUM_FLAGS)
        yield chromium
        chromium.close()


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - stdlib signature
        pass


def _serve(directory: Path) -> tuple[http.server.ThreadingHTTPServer, str]:
    handler = functools.partial(_QuietHandler, directory=str(directory))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}"


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
def page(browser: object) -> Iterator[object]:
    context = browser.new_context()  # type: ignore[attr-defined]
    new_page = context.new_page()
    yield new_page
    context.close()


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    # Reports of skipped tests reach the main process from every pytest-xdist worker, so the banner shows
    # however the run was split.
    skipped = [str(report.longrepr) for report in terminalreporter.stats.get("skipped", [])]
    if _skipped_for_missing_chromium or any(HOW_TO_INSTALL in text for text in skipped):
        bar = "!" * 78
        terminalreporter.write_line(bar, red=True, bold=True)
        terminalreporter.write_line("BROWSER TESTS DID NOT RUN: " + HOW_TO_INSTALL, red=True, bold=True)
        terminalreporter.write_line(bar, red=True, bold=True)
