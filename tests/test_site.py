"""The built site: four languages, right `lang` everywhere, a switcher that keeps the page, nothing from other hosts."""

from __future__ import annotations

import posixpath
import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest

from tests.conftest import LANGUAGES
from tools.handbook import ROOT

HTML_LANG = re.compile(r"<html[^>]*\blang=\"([^\"]+)\"")


def language_of(site: Path, page: Path) -> str:
    first = page.relative_to(site).parts[0]
    return first if first in LANGUAGES[1:] else "en"


def test_every_page_has_its_language(built_site: Path) -> None:
    pages = sorted(built_site.rglob("*.html"))
    assert len(pages) > 4 * 30
    wrong = []
    for page in pages:
        found = HTML_LANG.search(page.read_text(encoding="utf-8"))
        if found is None or found.group(1) != language_of(built_site, page):
            wrong.append((str(page.relative_to(built_site)), found.group(1) if found else None))
    assert wrong == []


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_language_has_the_same_pages(built_site: Path, lang: str) -> None:
    english = {p.relative_to(built_site).as_posix() for p in built_site.glob("**/index.html")
               if language_of(built_site, p) == "en"}
    if lang == "en":
        assert "checklists/client-onboarding/index.html" in english
        return
    ours = {p.relative_to(built_site / lang).as_posix() for p in (built_site / lang).glob("**/index.html")}
    assert ours == english
    # English-only pages appear in every language's site in English, and say so to browsers and screen readers.
    for page in ("contributing/index.html", "health/index.html"):
        assert '<div lang="en">' in (built_site / lang / page).read_text(encoding="utf-8")


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.switcher: list[tuple[str, str]] = []
        self.resources: list[tuple[str, str]] = []
        self._in_select = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {k: v or "" for k, v in attrs}
        if tag == "a" and "md-select__link" in values.get("class", ""):
            self.switcher.append((values.get("hreflang", ""), values.get("href", "")))
        if tag in ("script", "img", "iframe", "source", "audio", "video") and values.get("src"):
            self.resources.append((tag, values["src"]))
        if tag == "link" and values.get("href") and values.get("rel") in (
            "stylesheet", "preload", "icon", "modulepreload", "prefetch", "preconnect", "dns-prefetch", "manifest"
        ):
            self.resources.append((tag, values["href"]))


def parse(page: Path) -> _Links:
    parser = _Links()
    parser.feed(page.read_text(encoding="utf-8"))
    return parser


@pytest.mark.parametrize("lang", LANGUAGES)
def test_switcher_keeps_the_reader_on_the_same_page(built_site: Path, lang: str) -> None:
    rel = "checklists/call-recap-email/index.html"
    page = built_site / rel if lang == "en" else built_site / lang / rel
    switcher = dict(parse(page).switcher)
    assert set(switcher) == set(LANGUAGES)
    base = "https://example.test/" + page.relative_to(built_site).as_posix()
    for other, href in switcher.items():
        target = urlsplit(urljoin(base, href)).path.lstrip("/")
        expected = "checklists/call-recap-email/" if other == "en" else f"{other}/checklists/call-recap-email/"
        assert target in (expected, expected + "index.html"), (other, href)


def test_no_page_loads_anything_from_another_host(built_site: Path) -> None:
    offenders = []
    for page in sorted(built_site.rglob("*.html")):
        for tag, url in parse(page).resources:
            if urlsplit(url).netloc or url.startswith("//"):
                offenders.append((page.relative_to(built_site).as_posix(), tag, url))
    for css in sorted(built_site.rglob("*.css")):
        for url in re.findall(r"url\(\s*['\"]?([^'\")]+)", css.read_text(encoding="utf-8")):
            if urlsplit(url).netloc:
                offenders.append((css.relative_to(built_site).as_posix(), "css", url))
        for url in re.findall(r"@import\s+(?:url\()?['\"]?([^'\")\s;]+)", css.read_text(encoding="utf-8")):
            if urlsplit(url).netloc:
                offenders.append((css.relative_to(built_site).as_posix(), "css-import", url))
    assert offenders == []


def test_theme_labels_are_in_the_page_language(built_site: Path) -> None:
    # Material's own label for the "skip to content" link, translated per language.
    expected = {"en": "Skip to content", "ms": "Langkau ke kandungan", "lv": "Pāriet uz saturu", "vi": "Chuyển đến nội dung"}
    for lang, label in expected.items():
        page = built_site / "index.html" if lang == "en" else built_site / lang / "index.html"
        assert label in page.read_text(encoding="utf-8"), lang


@pytest.mark.parametrize("lang", ["en", "ms", "lv", "vi"])
def test_print_pack_download_links_point_at_each_checklists_pdf(built_site: Path, lang: str) -> None:
    """The pack reuses each checklist page's HTML; its links must be re-based from there to the pack."""
    root = built_site if lang == "en" else built_site / lang
    pack = (root / "checklists" / "print-pack" / "index.html").read_text(encoding="utf-8")
    links = re.findall(r'<p class="hb-pdf-link"><a href="([^"]+)"', pack)
    ids = re.findall(r'<div class="hb-checklist" data-checklist-id="([^"]+)"', pack)
    sources = [p for p in (ROOT / "docs" / lang / "checklists").glob("*.md") if "\nchecklist:" in p.read_text(encoding="utf-8")]
    assert len(ids) == len(sources) >= 10 and len(links) == len(ids)
    for checklist_id, link in zip(ids, links, strict=True):
        target = posixpath.normpath(posixpath.join("checklists/print-pack", link))
        assert target == f"checklists/{checklist_id}/{checklist_id}-{lang}.pdf"
        # The same file the checklist's own page offers.
        own = (root / "checklists" / checklist_id / "index.html").read_text(encoding="utf-8")
        assert f'<a href="{checklist_id}-{lang}.pdf" download>' in own


def test_no_build_placeholder_is_left_in_any_page(built_site: Path) -> None:
    """The build passes item ids, HTML blocks and print-pack parts through Markdown as private-use
    characters (U+E000-U+E005); every one must have been replaced."""
    left = [page.relative_to(built_site).as_posix() for page in sorted(built_site.rglob("*.html"))
            if re.search("[\ue000-\ue005]", page.read_text(encoding="utf-8"))]
    assert left == []
