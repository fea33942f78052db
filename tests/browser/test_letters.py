"""Message templates read like letters: body font, wrapping on a phone, copied as exact plain text in one click."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import PHONE
from tests.conftest import LANGUAGES
from tools.handbook import ROOT


def templates_url(site_url: str, lang: str) -> str:
    return f"{site_url}{'' if lang == 'en' else lang + '/'}templates/"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_letters_wrap_on_a_phone_in_the_body_font(page, site_url: str, lang: str) -> None:
    page.set_viewport_size(PHONE)
    page.goto(templates_url(site_url, lang))
    letters = page.locator(".hb-letter__text")
    # One letter per plain-text block of the page's source.
    count = (ROOT / "docs" / lang / "templates.md").read_text(encoding="utf-8").count("\n```text")
    assert count >= 5
    expect(letters).to_have_count(count)
    assert page.locator("pre code").count() == 0, "a template is still a code block"
    for index in range(count):
        width = letters.nth(index).evaluate("el => [el.scrollWidth, el.clientWidth]")
        assert width[0] <= width[1], f"letter {index} is wider than the phone's column"
    body_font = page.evaluate("getComputedStyle(document.querySelector('.md-typeset p')).fontFamily")
    assert letters.first.evaluate("el => getComputedStyle(el).fontFamily") == body_font
    # Every glyph of the letter comes from one font, not a fallback (tone marks and Latvian letters
    # included): what Chromium really used, through the DevTools protocol.
    session = page.context.new_cdp_session(page)
    try:
        session.send("DOM.enable")
        session.send("CSS.enable")
        root = session.send("DOM.getDocument", {"depth": -1})
        node = session.send("DOM.querySelector", {"nodeId": root["root"]["nodeId"], "selector": ".hb-letter__text"})
        fonts = session.send("CSS.getPlatformFontsForNode", {"nodeId": node["nodeId"]})["fonts"]
    finally:
        session.detach()
    assert len(fonts) == 1, fonts
    assert "mono" not in fonts[0]["familyName"].lower(), fonts


@pytest.mark.parametrize("lang", ["vi", "lv"])
def test_copy_button_copies_the_exact_plain_text(browser, site_url: str, built_site: Path, lang: str) -> None:
    context = browser.new_context(permissions=["clipboard-read", "clipboard-write"])
    try:
        page = context.new_page()
        page.goto(templates_url(site_url, lang))
        letter = page.locator(".hb-letter").first
        letter.get_by_role("button").click()
        copied = page.evaluate("navigator.clipboard.readText()")
        shown = letter.locator(".hb-letter__text").inner_text()
        assert copied == shown
        assert "\n\n" in copied and "  " not in copied.split("\n")[2]
        source = (Path(__file__).parents[2] / "docs" / lang / "templates.md").read_text(encoding="utf-8")
        first_block = re.search(r"```text\n(.*?)```", source, re.DOTALL).group(1)  # type: ignore[union-attr]
        assert copied.split() == first_block.split(), "the copy has every word of the template, in order"
    finally:
        context.close()
