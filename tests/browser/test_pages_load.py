"""Every page type of every language, from the root and from a sub-path, loads without a failed request or a
script error, asks nothing of another host and breaks none of its Content-Security-Policy; so does a search
in each language. One walk checks all of it: every request of the context is recorded (tests/browser/
test_privacy.py's Recorder; the test browser's dead proxy keeps any request for another host off the network)."""

from __future__ import annotations

import pytest

from tests.browser.test_accessibility import PAGES, SEARCH_QUERIES, search_for
from tests.browser.test_privacy import Recorder, check_loaded
from tests.conftest import LANGUAGES

# Each page is watched until its network has been quiet for half a second (Playwright's "networkidle"). A
# language's page types load side by side, one tab each, so their waits for quiet overlap: taking turns in two
# tabs, the walk spent most of its time asleep.
TABS = len(PAGES)


@pytest.mark.parametrize("served_from", ["root", "subpath"])
def test_pages_load_cleanly_and_stay_on_the_site(fresh_page, site_url: str, subpath_site_url: str, served_from: str) -> None:
    page = fresh_page  # a context of its own: it watches the whole context
    base = site_url if served_from == "root" else subpath_site_url
    recorder = Recorder(page, base)
    failed: list[str] = []
    errors: list[str] = []
    page.context.on("response", lambda response: failed.append(f"{response.status} {response.url}")
                    if response.status >= 400 else None)
    tabs = [page, *(page.context.new_page() for _ in range(TABS - 1))]
    for tab in tabs:
        if tab is not page:
            recorder.watch(tab)
        tab.on("pageerror", lambda error, tab=tab: errors.append(f"{tab.url}: {error}"))
        tab.on("console", lambda message, tab=tab: errors.append(f"{tab.url}: {message.text}")
               if message.type == "error" else None)
    for lang in LANGUAGES:
        addresses = [(kind, base + ("" if lang == "en" else f"{lang}/") + path) for kind, path in PAGES.items()]
        for tab, (_, address) in zip(tabs, addresses, strict=True):
            tab.goto(address, wait_until="load")
        for tab, (kind, address) in zip(tabs, addresses, strict=True):
            tab.wait_for_load_state("networkidle")  # late requests fail too
            check_loaded(tab, address)
            assert not recorder.violations(tab), f"{kind} page {address}: CSP violations {recorder.violations(tab)}"
        # Search in the tab in front, as a reader does: in a tab behind the others, waiting for the results took
        # about a second each (measured), against a tenth in front.
        page.bring_to_front()
        found = search_for(page, SEARCH_QUERIES[lang])
        assert found, f"search for {SEARCH_QUERIES[lang]!r} found nothing on the {lang} site"
        page.wait_for_load_state("networkidle")
        assert not recorder.violations(page), f"{lang} search: CSP violations {recorder.violations(page)}"
    assert any("/pagefind/" in r for r in recorder.requests), "the search loaded nothing from /pagefind/"
    assert not recorder.elsewhere, f"requests to other hosts: {sorted(set(recorder.elsewhere))}"
    assert failed == []
    assert errors == []
