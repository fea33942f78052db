"""Navigation in the browser: the language switcher keeps the section; the print pack has a Print button."""

from __future__ import annotations

from urllib.parse import urlsplit


def test_language_switcher_keeps_the_section(page, site_url: str) -> None:
    page.goto(site_url + "checklists/walk-in-greeting/#after-client-leaves")
    page.locator(".md-header .md-select").hover()
    page.locator("a.md-select__link[hreflang='vi']").click()
    page.wait_for_load_state("load")
    url = urlsplit(page.url)
    assert url.path.endswith("/vi/checklists/walk-in-greeting/") and url.fragment == "after-client-leaves"
    assert page.locator("#after-client-leaves").count() == 1


def test_print_pack_has_a_print_button(page, site_url: str) -> None:
    page.goto(site_url + "lv/checklists/print-pack/")
    page.evaluate("() => { window.__printed = 0; window.print = () => { window.__printed += 1; }; }")
    page.get_by_role("button", name="Drukāt visus kontrolsarakstus").click()
    assert page.evaluate("window.__printed") == 1
