"""Pages load without failed requests or script errors, in every language, from the root and from a sub-path."""

from __future__ import annotations

import pytest

from tests.browser.conftest import open_settled
from tests.conftest import LANGUAGES

PAGES = ("", "building/ask-for-feedback/", "checklists/call-recap-email/", "checklists/print-pack/", "health/")


@pytest.mark.parametrize("served_from", ["root", "subpath"])
def test_pages_load_cleanly(fresh_page, site_url: str, subpath_site_url: str, served_from: str) -> None:
    page = fresh_page  # a context of its own: it watches the whole context
    base = site_url if served_from == "root" else subpath_site_url
    failed: list[str] = []
    errors: list[str] = []
    page.context.on("response", lambda response: failed.append(f"{response.status} {response.url}")
                    if response.status >= 400 else None)

    def watch(tab) -> None:
        tab.on("pageerror", lambda error: errors.append(f"{tab.url}: {error}"))
        tab.on("console", lambda message: errors.append(f"{tab.url}: {message.text}") if message.type == "error" else None)

    addresses = [base + ("" if lang == "en" else f"{lang}/") + path for lang in LANGUAGES for path in PAGES]
    tabs = open_settled(page.context, addresses, watch)
    assert [tab.url for tab in tabs] == addresses
    assert failed == []
    assert errors == []
