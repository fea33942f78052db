"""Search in the browser: Pagefind through the header search box, on the real four-language build.

Queries come from the translated pages. Each test asserts the page expected first, never result counts.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect

from tests.conftest import LANGUAGES
from tools.in_page import replace_text
from tools.search_quality import RESULT_PATHS_JS, wait_for_search

# (language, query with diacritics, the same without, page expected first)
DIACRITIC_CASES = [
    ("en", "Okafor café", "Okafor cafe", "difficult-clients/clients-in-hard-times/"),
    ("lv", "hroniski sūdzētāji", "hroniski sudzetaji", "lv/face-to-face/chronic-troublemakers/"),
    ("lv", "nogurdinošu attiecību izbeigšana", "nogurdinosu attiecibu izbeigsana",
     "lv/difficult-clients/ending-draining-relationships/"),
    # Malay text has no diacritics of its own; its sources page cites the Latvian article by title.
    ("ms", "Kā noturēt labus klientus", "Ka noturet labus klientus", "ms/sources/"),
    ("vi", "khách hàng khó chiều", "khach hang kho chieu", "vi/difficult-clients/problem-or-problem-client/"),
    # đ is a letter of its own in Unicode, not d with a mark: the script tries both.
    ("vi", "Định hình kỳ vọng", "dinh hinh ky vong", "vi/difficult-clients/expectations-at-first-contact/"),
]

# (language, query, its word in a form the expected page does not contain, page expected first)
WORD_FORM_CASES = [
    # Dative plural; the page says "Hroniski sūdzētāji" (nominative plural).
    ("lv", "hroniskiem sūdzētājiem", "sūdzētājiem", "lv/face-to-face/chronic-troublemakers/"),
    # Accusative plural, typed without diacritics as well.
    ("lv", "hroniskus sudzetajus", "hroniskus", "lv/face-to-face/chronic-troublemakers/"),
    # Noun ke-...-an from letih; the page says "meletihkan".
    ("ms", "keletihan", "keletihan", "ms/difficult-clients/ending-draining-relationships/"),
    # Root tulis; the page says "menulis" (men- swallows the t).
    ("ms", "tulis e-mel ringkasan", "tulis", "ms/building/communicate-clearly/"),
    # English stemming: the page says "complaints", "complain".
    ("en", "complaining", "complaining", "face-to-face/handling-complaints/"),
]


def home(base: str, lang: str) -> str:
    return base if lang == "en" else f"{base}{lang}/"


def search(page, query: str) -> list[str]:
    """Enter a query into the header box (opened with the "/" shortcut); the result page URLs, best first."""
    page.keyboard.press("Escape")
    page.keyboard.press("/")
    assert page.evaluate("document.activeElement?.matches('[data-hb-search-query]') === true"), (
        "the / shortcut did not focus the search box")
    replace_text(page, query)
    wait_for_search(page, query)
    return page.evaluate(RESULT_PATHS_JS)


def all_result_links(page) -> list[str]:
    return page.evaluate("Array.from(document.querySelectorAll('.md-search-result__list a[href]'), a => a.href)")


def assert_language(urls: list[str], lang: str, prefix: str) -> None:
    others = [code for code in LANGUAGES if code != "en"]
    for url in urls:
        path = urlsplit(url).path
        assert path.startswith(prefix), f"{url} is outside the site {prefix}"
        rest = path[len(prefix):]
        first = rest.split("/", 1)[0]
        if lang == "en":
            assert first not in others, f"English search returned {url}, a page in another language"
        else:
            assert first == lang, f"{lang} search returned {url}, a page in another language"


@pytest.mark.parametrize(("lang", "with_marks", "without_marks", "expected"), DIACRITIC_CASES)
def test_with_and_without_diacritics_the_expected_page_comes_first(
    page, site_url, lang, with_marks, without_marks, expected
):
    page.goto(home(site_url, lang))
    for query in (with_marks, without_marks):
        results = search(page, query)
        assert results, f"{query!r} found nothing on the {lang} site"
        assert results[0] == "/" + expected, f"{query!r}: expected /{expected} first, got {results[:3]}"
        assert_language(all_result_links(page), lang, "/")


@pytest.mark.parametrize(("lang", "query", "form", "expected"), WORD_FORM_CASES)
def test_another_word_form_finds_the_page(page, site_url, built_site, lang, query, form, expected):
    text = (built_site / expected / "index.html").read_text(encoding="utf-8").lower()
    assert not re.search(rf"(?<!\w){re.escape(form)}(?!\w)", text), (
        f"/{expected} contains {form!r} as typed: pick a form the page does not use"
    )
    page.goto(home(site_url, lang))
    results = search(page, query)
    assert results and results[0] == "/" + expected, f"{query!r}: expected /{expected} first, got {results[:3]}"
    assert_language(all_result_links(page), lang, "/")


@pytest.mark.parametrize("lang", LANGUAGES)
def test_results_are_only_in_the_page_language(page, site_url, lang):
    # "klient" and "khách" are in every language's sources list; the results must still stay in one language.
    page.goto(home(site_url, lang))
    for query in ("klientiem", "khách hàng", "handbook"):
        search(page, query)
        assert_language(all_result_links(page), lang, "/")


def test_search_works_under_a_sub_path_and_opens_the_result(page, subpath_site_url):
    page.goto(subpath_site_url + "vi/")
    results = search(page, "khach hang kho chieu")
    assert results[0] == "/handbook/vi/difficult-clients/problem-or-problem-client/"
    assert_language(all_result_links(page), "vi", "/handbook/")
    excerpt = page.locator(".md-search-result__item").first.locator("p").first.inner_html()
    assert "<mark>" in excerpt, "the excerpt does not highlight the match"
    with page.expect_navigation():
        page.locator(".md-search-result__item > a").first.click()
    assert urlsplit(page.url).path == results[0]
    assert page.locator("h1").first.inner_text().startswith("Khách hàng gặp vấn đề")


def test_search_works_from_the_root_and_opens_the_result(page, site_url):
    page.goto(site_url + "lv/glossary/")
    results = search(page, "sudzibu izskatisana")
    assert results[0].startswith("/lv/"), results
    with page.expect_navigation():
        page.keyboard.press("Enter")  # Enter in the box opens the first result, as in Material
    assert urlsplit(page.url).path == results[0]


def test_keyboard_and_labels_follow_material_in_the_page_language(page, site_url):
    page.goto(site_url + "lv/")
    box = page.locator("[data-hb-search-query]")
    assert box.get_attribute("placeholder") == "Meklēt"  # Material's Latvian "Search"
    toggle = page.locator("#__search")
    page.keyboard.press("s")
    assert box.evaluate("el => el === document.activeElement")
    assert toggle.is_checked()
    meta = page.locator(".md-search-result__meta")
    # "Type to start searching", addressing staff as "tu"; "Meklēšana tiek sagatavota…" shows first while the
    # index loads, so wait for the prompt rather than read the text at once.
    expect(meta).to_have_text("Raksti, lai sāktu meklēt", timeout=15_000)
    search(page, "klientiem")
    assert re.fullmatch(r"\d+ atbilstošas lapas|\d*1 atbilstoša lapa", meta.inner_text().strip())
    page.keyboard.press("ArrowDown")
    first = page.locator(".md-search-result__item > a").first
    assert first.evaluate("el => el === document.activeElement"), "ArrowDown did not move to the first result"
    page.keyboard.press("ArrowUp")
    assert box.evaluate("el => el === document.activeElement"), "ArrowUp did not come back to the box"
    page.keyboard.press("Escape")
    assert not toggle.is_checked()
    assert not box.evaluate("el => el === document.activeElement")


def test_search_needs_nothing_but_the_site_itself(fresh_page, site_url):
    page = fresh_page  # a context of its own: every request of a cold load is seen
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    page.goto(site_url + "ms/")
    search(page, "aduan")
    host = urlsplit(site_url).netloc
    assert [url for url in requested if urlsplit(url).netloc != host] == []
    assert any("/pagefind/" in url for url in requested), "Pagefind was not loaded from the site"
    assert not any("search_index.json" in url or "/workers/search" in url for url in requested), (
        "Material's lunr search was loaded as well"
    )


def test_index_has_one_entry_per_language(built_site: Path):
    entry = json.loads((built_site / "pagefind" / "pagefind-entry.json").read_text(encoding="utf-8"))
    languages = entry["languages"]
    assert set(languages) == set(LANGUAGES)
    assert languages["en"]["wasm"] == "en"
    assert languages["ms"]["wasm"] == "id", "Malay should be indexed with Pagefind's Indonesian stemmer"
    for lang in LANGUAGES:
        assert languages[lang]["page_count"] > 30, f"{lang}: only {languages[lang]['page_count']} pages indexed"
