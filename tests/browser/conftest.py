"""Browser fixtures: Debian's Chromium driven by Playwright, and the built site on a local server.

Browsers cannot be downloaded here, so Playwright drives the system Chromium through executable_path.
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
from tools.checklist_pdf import CHROMIUM_FLAGS, chromium_path

SUBPATH = "handbook"
_skipped_for_missing_chromium: list[str] = []


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    path = chromium_path()
    if path is None:
        message = "Chromium is not installed: apt-get install -y chromium (CI installs it via .ci/run)"
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
    if _skipped_for_missing_chromium:
        bar = "!" * 78
        terminalreporter.write_line(bar, red=True, bold=True)
        terminalreporter.write_line("BROWSER TESTS DID NOT RUN: " + _skipped_for_missing_chromium[0], red=True, bold=True)
        terminalreporter.write_line(bar, red=True, bold=True)
