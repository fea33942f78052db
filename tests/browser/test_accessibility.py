"""Accessibility in the browser: axe-core on every page type, in every language and both palettes; keyboard use.

axe-core is pinned in package-lock.json and installed by `make test` (npm ci). The test servers serve it beside
the site, never in it; each page loads it as a script of its own origin, which its Content-Security-Policy
allows, and the script element is taken out once it has run, so the pages are checked exactly as published,
policy included. A test fails on any serious or critical violation; moderate and minor ones are listed in the
output of a failure, never ignored silently by a rule switch.
"""

from __future__ import annotations

import json

import pytest

from tests.conftest import LANGUAGES
from tools.handbook import ROOT
from tools.in_page import wait_until
from tools.search_quality import wait_for_search

AXE_VERSION = "4.14.1"
BLOCKING = ("serious", "critical")

PAGES = {
    "home": "",
    "chapter": "building/ask-for-feedback/",
    "checklist": "checklists/call-recap-email/",
    "print pack": "checklists/print-pack/",
    # Message templates as letters with copy buttons.
    "templates": "templates/",
    # English-only, shown in every language; its wide tables scroll sideways (accessibility.js).
    "health report": "health/",
}
PHONE = {"width": 375, "height": 812}
# Material's data-md-color-scheme for each emulated prefers-color-scheme (palette in mkdocs.yml).
SCHEMES = {"light": "default", "dark": "slate"}
# A query with results in each language (words of the chapter "Ask for feedback" and its translations).
SEARCH_QUERIES = {"en": "feedback", "ms": "maklum balas", "lv": "atsauksmes", "vi": "phản hồi"}
SEARCH_INPUT = ".md-header .md-search__form input[type=text]"
CHECKBOXES = "article li.task-list-item input[type=checkbox]"

# Does the focused element show a focus indicator? The element's own outline or box shadow, or, for an
# input that is visually hidden behind a drawn control (checklist boxes, palette toggle), that of the
# label or indicator drawn for it.
FOCUS_INDICATOR_JS = """
el => {
  const shows = (style) => style && (
    (style.outlineStyle !== "none" && parseFloat(style.outlineWidth) > 0) || style.boxShadow !== "none");
  const candidates = [[el, null]];
  const hidden = el.matches("input") && (getComputedStyle(el).opacity === "0" || el.offsetWidth <= 1);
  if (hidden) {
    candidates.length = 0;
    for (const next of [el.nextElementSibling, el.labels && el.labels[0]]) {
      if (next) candidates.push([next, null], [next, "::before"], [next, "::after"]);
    }
  }
  return candidates.some(([node, pseudo]) => shows(getComputedStyle(node, pseudo)));
}
"""


def url(base: str, lang: str, path: str) -> str:
    return base + ("" if lang == "en" else f"{lang}/") + path


# A page is ready once checklists.js has set up its checklist, if it has one (restored ticks, counter, buttons).
CHECKLIST_READY_JS = "!document.querySelector('.hb-checklist') || document.querySelector('.hb-checklist[data-hb-ready]')"


def open_page(page, address: str, scheme: str) -> None:
    page.emulate_media(color_scheme=scheme)
    page.goto(address, wait_until="load")
    wait_until(page, CHECKLIST_READY_JS)
    shown = page.evaluate("document.body.getAttribute('data-md-color-scheme')")
    assert shown == SCHEMES[scheme], f"{address}: expected the {scheme} palette ({SCHEMES[scheme]}), got {shown}"


# Colours are measured as drawn: wait until fades and slides (search results, skip link) have finished.
SETTLED_JS = """document.getAnimations().every(a =>
    a.playState !== "running" || a.effect.getComputedTiming().endTime === Infinity)"""


# Loads axe-core as a script of the page's own origin (tests/browser/conftest.py, AXE_URL_PATH) and takes the
# script element out again once it has run, so the page axe checks is the page as published.
LOAD_AXE_JS = """path => new Promise((resolve, reject) => {
  const script = document.createElement("script");
  script.src = new URL(path, location.origin).href;
  script.onload = () => { script.remove(); resolve(); };
  script.onerror = () => { script.remove(); reject(new Error(`axe-core did not load from ${script.src}`)); };
  document.head.append(script);
})"""


def run_axe(page, axe_script: str) -> list[dict]:
    wait_until(page, SETTLED_JS, timeout_ms=5_000)
    if not page.evaluate("typeof window.axe === 'object'"):
        page.evaluate(LOAD_AXE_JS, axe_script)
    assert page.evaluate("axe.version") == AXE_VERSION
    return page.evaluate(
        """async () => (await axe.run(document, {resultTypes: ["violations"]})).violations.map(v => ({
            id: v.id, impact: v.impact, help: v.help,
            nodes: v.nodes.map(n => ({target: n.target.join(" "), summary: n.failureSummary}))}))"""
    )


def describe(violations: list[dict]) -> str:
    lines = []
    for v in violations:
        lines.append(f"[{v['impact']}] {v['id']}: {v['help']} ({len(v['nodes'])} element(s))")
        for node in v["nodes"][:5]:
            lines.append(f"    {node['target']}: " + " ".join(node["summary"].split())[:300])
    return "\n".join(lines)


def assert_no_blocking(violations: list[dict], where: str) -> None:
    blocking = [v for v in violations if v["impact"] in BLOCKING]
    assert not blocking, f"{where}: serious or critical accessibility violations\n" + describe(violations)


def search_for(page, query: str) -> int:
    """Type a query into the header search box; waits until the results are shown; the number of results."""
    box = page.locator(SEARCH_INPUT)
    box.click()
    page.keyboard.type(query)
    wait_for_search(page, query)
    return page.locator(".md-search-result__item").count()


# The focused element: [name, shows a focus indicator, [width, height] if a link, is a link in the text];
# null when the focus is back on the page itself.
FOCUSED_JS = """() => {
  const el = document.activeElement;
  if (!el || el === document.body) return null;
  const name = el.tagName + "." + String(el.className).trim().split(/\\s+/).join(".") + " "
    + (el.textContent || "").trim().slice(0, 40);
  const link = el.matches("a[href]");
  const rect = el.getBoundingClientRect();
  return [name, (FOCUS_INDICATOR)(el), link ? [rect.width, rect.height] : null,
          el.matches("article a[href]:not(.headerlink)")];
}""".replace("FOCUS_INDICATOR", FOCUS_INDICATOR_JS.strip())


# ---------- axe-core ----------


def switch_palette(page, scheme: str) -> None:
    """Switch the palette with the header's toggle, as a reader does: Material sets the palette attributes on
    the body, which every colour of the theme and the handbook is keyed on, as it does at load for a reader
    whose system prefers that scheme (open_page checks that path)."""
    page.locator("form[data-md-component=palette] label.md-header__button:visible").click()
    shown = page.evaluate("document.body.getAttribute('data-md-color-scheme')")
    assert shown == SCHEMES[scheme], f"the palette toggle gave {shown}, not the {scheme} palette ({SCHEMES[scheme]})"


@pytest.mark.parametrize("kind", PAGES)
@pytest.mark.parametrize("lang", LANGUAGES)
def test_page_has_no_serious_accessibility_violations(page, site_url, axe_script, lang, kind):
    """In both palettes: light as loaded, then dark through the toggle (one load for both)."""
    address = url(site_url, lang, PAGES[kind])
    open_page(page, address, "light")
    assert_no_blocking(run_axe(page, axe_script), f"{kind} page {address} (light palette)")
    switch_palette(page, "dark")
    assert_no_blocking(run_axe(page, axe_script), f"{kind} page {address} (dark palette)")


@pytest.mark.parametrize("kind", ["chapter", "checklist", "health report"])
@pytest.mark.parametrize("lang", LANGUAGES)
def test_page_on_a_phone_has_no_serious_accessibility_violations(page, site_url, axe_script, lang, kind):
    page.set_viewport_size(PHONE)
    address = url(site_url, lang, PAGES[kind])
    open_page(page, address, "light")
    assert_no_blocking(run_axe(page, axe_script), f"{kind} page {address} on a phone")
    page.locator("label.md-header__button[for=__drawer]").click()
    page.wait_for_selector(".md-sidebar--primary", state="visible")
    assert_no_blocking(run_axe(page, axe_script), f"{kind} page {address} on a phone, navigation drawer open")


def test_wide_tables_can_be_scrolled_by_keyboard(page, site_url):
    open_page(page, url(site_url, "en", PAGES["health report"]), "light")
    wide = page.locator(".md-typeset__scrollwrap[data-hb-scrollable]")
    assert wide.count(), "the health report has no table wider than the text column any more: pick another page"
    first = wide.first
    first.focus()
    assert first.evaluate("el => el === document.activeElement"), "a wide table cannot take the focus"
    assert first.get_attribute("role") == "region" and first.get_attribute("aria-labelledby")
    before = first.evaluate("el => el.scrollLeft")
    page.keyboard.press("ArrowRight")
    page.wait_for_function("el => el.scrollLeft > 0", arg=first.element_handle())
    assert first.evaluate("el => el.scrollLeft") > before


@pytest.mark.parametrize("scheme", SCHEMES)
@pytest.mark.parametrize("lang", LANGUAGES)
def test_search_results_have_no_serious_accessibility_violations(page, site_url, axe_script, lang, scheme):
    address = url(site_url, lang, PAGES["chapter"])
    open_page(page, address, scheme)
    found = search_for(page, SEARCH_QUERIES[lang])
    assert found, f"{SEARCH_QUERIES[lang]!r} found nothing on the {lang} site: pick another query"
    assert page.locator(".md-search-result__list").is_visible(), "the search results are not shown"
    assert_no_blocking(run_axe(page, axe_script), f"search results for {SEARCH_QUERIES[lang]!r} on {address} ({scheme})")


def test_axe_reports_a_planted_violation(page, site_url, axe_script):
    """The harness itself: a button without a name on a real page must come back as critical."""
    open_page(page, url(site_url, "en", PAGES["chapter"]), "light")
    page.evaluate("document.querySelector('article').append(document.createElement('button'))")
    found = {(v["id"], v["impact"]) for v in run_axe(page, axe_script)}
    assert ("button-name", "critical") in found, found


# ---------- keyboard ----------


@pytest.mark.parametrize("lang", LANGUAGES)
def test_first_tab_focuses_the_skip_link(page, site_url, lang):
    for path in (PAGES["home"], PAGES["chapter"]):
        page.goto(url(site_url, lang, path), wait_until="load")
        page.keyboard.press("Tab")
        focused = page.evaluate("document.activeElement.className")
        assert "md-skip" in focused.split(), f"{lang}/{path}: the first Tab focused {focused!r}, not the skip link"
        assert page.locator(".md-skip").is_visible(), "the focused skip link is not shown"
        assert page.evaluate(FOCUS_INDICATOR_JS, page.evaluate_handle("document.activeElement"))


@pytest.mark.parametrize("scheme", SCHEMES)
def test_every_element_reached_by_tab_has_a_focus_style(page, site_url, scheme):
    """Tab from the top through header, navigation and table of contents into the text of a chapter:
    every focused element has a focus ring (or its drawn control has), and every focused link is on screen."""
    open_page(page, url(site_url, "en", PAGES["chapter"]), scheme)
    content_links = 0
    for _ in range(150):
        page.keyboard.press("Tab")
        # One round trip per Tab: what is focused, whether it shows focus, and, for a link, its size.
        focused = page.evaluate(FOCUSED_JS)
        if focused is None:
            break
        name, shows_focus, link_box, in_text = focused
        assert shows_focus, f"no visible focus on {name} ({scheme} palette)"
        if link_box is not None:
            assert min(link_box) > 0, f"the focused link {name} is not shown ({link_box[0]}x{link_box[1]})"
        content_links += in_text
        if content_links >= 3:
            break
    assert content_links >= 3, "150 Tabs did not reach the links in the chapter's text"


@pytest.mark.parametrize("scheme", SCHEMES)
def test_focus_is_visible_on_links_in_the_text(page, site_url, scheme):
    open_page(page, url(site_url, "en", PAGES["chapter"]), scheme)
    links = page.locator("article p a[href], article li a[href]")
    assert links.count(), "the chapter has no links in its text"
    for i in range(min(links.count(), 5)):
        links.nth(i).focus()
        # Focus from script does not count as keyboard focus for :focus-visible: press a key to get there.
        page.keyboard.press("Shift+Tab")
        page.keyboard.press("Tab")
        handle = page.evaluate_handle("document.activeElement")
        assert page.evaluate("el => el.matches('article a[href]')", handle)
        assert page.evaluate(FOCUS_INDICATOR_JS, handle), f"link {i} in the text shows no focus ({scheme} palette)"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_checklist_box_shows_focus_and_toggles_with_space(page, site_url, lang):
    open_page(page, url(site_url, lang, PAGES["checklist"]), "light")
    boxes = page.locator(CHECKBOXES)
    assert boxes.count() >= 2, "the checklist has no boxes"
    page.locator(".hb-checklist-meta a").last.focus()
    for _ in range(20):
        page.keyboard.press("Tab")
        if page.evaluate(f"document.activeElement.matches({CHECKBOXES!r})"):
            break
    else:
        pytest.fail(f"{lang}: Tab never reached a checklist box")
    focused = page.evaluate_handle("document.activeElement")
    assert page.evaluate(FOCUS_INDICATOR_JS, focused), f"{lang}: the focused checklist box shows no focus"
    name = page.evaluate("el => el.getAttribute('aria-labelledby')", focused)
    assert name and page.locator(f"#{name}").inner_text().strip(), "the focused box has no accessible name"
    before = page.evaluate("el => el.checked", focused)
    page.keyboard.press("Space")
    assert page.evaluate("el => el.checked", focused) is (not before), "Space did not tick the box"
    page.keyboard.press("Space")
    assert page.evaluate("el => el.checked", focused) is before, "Space did not untick the box"


def test_axe_is_the_pinned_version():
    manifest = json.loads((ROOT / "package.json").read_text(encoding="utf-8"))
    lock = json.loads((ROOT / "package-lock.json").read_text(encoding="utf-8"))
    assert manifest["devDependencies"]["axe-core"] == AXE_VERSION, "pin axe-core exactly in package.json"
    assert lock["packages"]["node_modules/axe-core"]["version"] == AXE_VERSION
