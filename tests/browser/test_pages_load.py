"""Pages load without failed requests or script errors, in every language, from the root and from a sub-path."""

from __future__ import annotations

import pytest

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

    page.on("pageerror", lambda error: errors.append(f"{page.url}: {error}"))
    page.on("console", lambda message: errors.append(f"{page.url}: {message.text}") if message.type == "error" else None)
    for lang in LANGUAGES:
        for path in PAGES:
            page.goto(base + ("" if lang == "en" else f"{lang}/") + path)
            page.wait_for_load_state("networkidle")  # late requests fail too
    assert failed == []
    assert errors == []
