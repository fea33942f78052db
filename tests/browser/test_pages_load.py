"""Every page type of every language, from the root and from a sub-path, loads without a failed request or a
script error, asks nothing of another host and breaks none of its Content-Security-Policy; so does a search
in each language. One walk checks all of it: every request of the context is recorded (tests/browser/
test_privacy.py's Recorder, which also aborts requests to other hosts so none reaches the network)."""

from __future__ import annotations

import pytest

from tests.browser.test_accessibility import PAGES, SEARCH_QUERIES, search_for
from tests.browser.test_privacy import Recorder, visit
from tests.conftest import LANGUAGES


@pytest.mark.parametrize("served_from", ["root", "subpath"])
def test_pages_load_cleanly_and_stay_on_the_site(fresh_page, site_url: str, subpath_site_url: str, served_from: str) -> None:
    page = fresh_page  # a context of its own: it watches the whole context
    base = site_url if served_from == "root" else subpath_site_url
    recorder = Recorder(page, base)
    failed: list[str] = []
    errors: list[str] = []
    page.context.on("response", lambda response: failed.append(f"{response.status} {response.url}")
                    if response.status >= 400 else None)
    page.on("pageerror", lambda error: errors.append(f"{page.url}: {error}"))
    page.on("console", lambda message: errors.append(f"{page.url}: {message.text}") if message.type == "error" else None)
    for lang in LANGUAGES:
        for kind, path in PAGES.items():
            address = base + ("" if lang == "en" else f"{lang}/") + path
            visit(page, address)  # waits for the network to be idle: late requests fail too
            assert not recorder.violations(page), f"{kind} page {address}: CSP violations {recorder.violations(page)}"
        found = search_for(page, SEARCH_QUERIES[lang])
        assert found, f"search for {SEARCH_QUERIES[lang]!r} found nothing on the {lang} site"
        page.wait_for_load_state("networkidle")
        assert not recorder.violations(page), f"{lang} search: CSP violations {recorder.violations(page)}"
    assert any("/pagefind/" in r for r in recorder.requests), "the search loaded nothing from /pagefind/"
    assert not recorder.elsewhere, f"requests to other hosts: {sorted(set(recorder.elsewhere))}"
    assert failed == []
    assert errors == []
