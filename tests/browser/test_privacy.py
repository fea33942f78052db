"""Privacy and integrity in the browser: no request leaves the site, and the Content-Security-Policy holds.

Every request of the browser context (pages, their workers, Pagefind's index and WebAssembly) is recorded;
one to any host but the local test server fails the test. None reaches the network: the test browser sends
every request for another host to a proxy that does not exist (tests/browser/conftest.py, NO_NETWORK).
The pages run with their own <meta> Content-Security-Policy; a listener records every
`securitypolicyviolation` event, and the browser's console is watched for CSP reports, which is also where
violations inside workers end up.

The walk through every page type of every language with this recorder is in test_pages_load.py, which
checks those pages for failed requests and script errors on the same visit.
"""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest

from tests.browser.test_accessibility import CHECKBOXES, CHECKLIST_READY_JS, PAGES, SEARCH_QUERIES, search_for, url
from tests.conftest import LANGUAGES
from tools.in_page import count, wait_until

NOT_NETWORK = ("data", "blob", "about")
RECORD_VIOLATIONS_JS = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (e) => {
  window.__cspViolations.push(`${e.violatedDirective} blocked ${e.blockedURI || "inline"} in ${e.sourceFile}:${e.lineNumber}`
    + (e.sample ? ` (${e.sample})` : ""));
});
"""


class Recorder:
    """Requests of one browser context, and CSP reports in its console."""

    def __init__(self, page, base: str) -> None:
        self.local = urlsplit(base).netloc
        self.requests: list[str] = []
        self.elsewhere: list[str] = []
        self.console: list[str] = []
        context = page.context
        context.add_init_script(RECORD_VIOLATIONS_JS)
        context.on("request", self._request)
        self.watch(page)

    def watch(self, page) -> None:
        page.on("console", self._console)
        page.on("worker", lambda worker: worker.on("console", self._console))

    def _is_local(self, address: str) -> bool:
        parts = urlsplit(address)
        return parts.scheme in NOT_NETWORK or (parts.scheme in ("http", "https") and parts.netloc == self.local)

    def _request(self, request) -> None:
        self.requests.append(request.url)
        if not self._is_local(request.url):
            self.elsewhere.append(request.url)

    def _console(self, message) -> None:
        if "Content Security Policy" in message.text or "Content-Security-Policy" in message.text:
            self.console.append(message.text)

    def violations(self, page) -> list[str]:
        """Policy violations seen on the open page, and CSP reports in the console (workers' included)."""
        return list(page.evaluate("window.__cspViolations || []")) + self.console


def visit(page, address: str) -> None:
    page.goto(address, wait_until="load")
    page.wait_for_load_state("networkidle")
    check_loaded(page, address)


def check_loaded(page, address: str) -> None:
    """The page has its policy, and its checklist (if any) is ready."""
    assert count(page, 'meta[http-equiv="Content-Security-Policy"]') == 1, f"{address} has no policy"
    wait_until(page, CHECKLIST_READY_JS)


def test_the_404_page_under_a_sub_path_stays_local_and_within_its_policy(fresh_page, subpath_site_url):
    page = fresh_page  # a context of its own: it watches the whole context
    recorder = Recorder(page, subpath_site_url)
    visit(page, subpath_site_url + "404.html")
    assert page.locator("link[rel=stylesheet]").count(), "the 404 page has no stylesheet"
    assert page.evaluate("getComputedStyle(document.querySelector('.md-header')).position") != "static", (
        "the 404 page's stylesheets did not load under the sub-path"
    )
    assert not recorder.violations(page)
    assert not recorder.elsewhere, f"requests to other hosts: {sorted(set(recorder.elsewhere))}"


def test_the_policy_is_enforced_and_violations_are_seen(fresh_page, site_url):
    """The listener the other tests rely on does see violations, and the policy really blocks."""
    page = fresh_page  # a context of its own: it watches the whole context
    recorder = Recorder(page, site_url)
    visit(page, url(site_url, "en", PAGES["chapter"]))
    assert not recorder.violations(page)
    ran = page.evaluate(
        """() => { const s = document.createElement("script"); s.textContent = "window.__injected = true";
                   document.head.append(s); return window.__injected === true; }"""
    )
    assert not ran, "an injected inline script ran: the policy does not block inline scripts"
    page.evaluate("document.body.setAttribute('style', 'outline: 1px solid red')")
    page.wait_for_function("window.__cspViolations.length >= 2")
    seen = " ".join(recorder.violations(page))
    assert "script-src" in seen and "style-src" in seen, seen
    assert not recorder.elsewhere


@pytest.mark.parametrize("lang", LANGUAGES)
def test_checklist_ticks_and_search_work_under_the_policy(fresh_page, site_url, lang):
    page = fresh_page  # a context of its own: it watches the whole context
    recorder = Recorder(page, site_url)
    visit(page, url(site_url, lang, PAGES["checklist"]))
    boxes = page.locator(CHECKBOXES)
    assert boxes.count() >= 2 and boxes.first.is_enabled(), "checklists.js did not enable the boxes"
    boxes.first.focus()
    page.keyboard.press("Space")
    assert boxes.first.is_checked(), "a box could not be ticked"
    box = page.locator(".hb-checklist[data-checklist-id]").first
    # Ticks follow the checklist, not the language (checklists.js).
    key = f"handbook:checklist:{box.get_attribute('data-checklist-id')}"
    assert page.evaluate("k => localStorage.getItem(k)", key), "the tick was not stored"
    template = box.get_attribute("data-progress-template") or ""
    expected = template.replace("{done}", "1").replace("{total}", str(boxes.count()))
    assert page.locator("article .hb-checklist-progress").first.inner_text().strip() == expected
    assert search_for(page, SEARCH_QUERIES[lang]), "search found nothing under the policy"
    links = page.eval_on_selector_all(".md-search-result__item > a", "links => links.map(a => a.href)")
    assert links and all(urlsplit(link).netloc == urlsplit(site_url).netloc for link in links)
    assert not recorder.violations(page), f"CSP violations: {recorder.violations(page)}"
    assert not recorder.elsewhere, f"requests to other hosts: {sorted(set(recorder.elsewhere))}"


def test_the_recorder_sees_a_request_to_another_host(browser, site_url):
    """The recorder the other tests rely on: with the policy bypassed, an image from elsewhere is seen, and
    fails at the test browser's dead proxy (.invalid never resolves anyway)."""
    context = browser.new_context(bypass_csp=True)
    try:
        page = context.new_page()
        recorder = Recorder(page, site_url)
        visit(page, url(site_url, "en", PAGES["home"]))
        page.evaluate(
            "() => { const i = new Image(); i.src = 'http://tracker.example.invalid/pixel.png'; document.body.append(i); }"
        )
        failure = page.wait_for_event("requestfailed", lambda request: "example.invalid" in request.url)
        assert recorder.elsewhere == ["http://tracker.example.invalid/pixel.png"], recorder.elsewhere
        assert failure.failure == "net::ERR_PROXY_CONNECTION_FAILED", failure.failure
    finally:
        context.close()
