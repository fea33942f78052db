"""The interface around every translated page speaks the page's language: no English label, tooltip,
aria-label, placeholder or chrome text (header, navigation, footer) on any ms, lv or vi page.

Scans the built site against every English string the interface can show: Material's English labels,
the handbook's own (data/ui_strings.yml, data/interface.yml), the palette toggle names and the English
site name. The English-only maintainer pages are exempt; their article is English on purpose.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import material
import pytest
import yaml

from tools.handbook import ROOT

MATERIAL_LANGUAGES = Path(material.__file__).parent / "templates/partials/languages"
OVERRIDE_LANGUAGES = ROOT / "overrides/partials/languages"
TRANSLATED = ("ms", "lv", "vi")
ENGLISH_ONLY = ("contributing/", "health/")
LABEL_ENTRY = re.compile(r'\n  "([^"]+)": "([^"]*)"')
# Attributes whose values people read or hear, and the handbook's data attributes that scripts show.
READ_ATTRIBUTES = ("aria-label", "title", "placeholder", "alt", "data-clear-label", "data-progress-template")
# Words that are the same in English and the page's language, or names.
NOT_ENGLISH = {"Material for MkDocs", "English", "PDF", "RSS"}
# Material's keys that are configuration, not text.
CONFIG_KEYS = ("language", "direction", "search.config.")


def material_labels(path: Path) -> dict[str, str]:
    return dict(LABEL_ENTRY.findall(path.read_text(encoding="utf-8")))


def english_strings() -> set[str]:
    strings = {text for key, text in material_labels(MATERIAL_LANGUAGES / "en.html").items()
               if not key.startswith(CONFIG_KEYS)}
    for name in ("ui_strings.yml", "interface.yml"):
        data = yaml.safe_load((ROOT / "data" / name).read_text(encoding="utf-8"))
        strings |= {entry["en"] for entry in data.values()}
    config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    strings |= set(re.findall(r"name: (Switch to \w+ mode)", config))
    strings.add(re.search(r"^site_name: (.+)$", config, re.MULTILINE).group(1))  # type: ignore[union-attr]
    strings |= {"Initializing search", "No results", "more on this page"}
    return {s.strip() for s in strings if s.strip() and s.strip() not in NOT_ENGLISH}


def english_patterns(strings: set[str]) -> list[re.Pattern[str]]:
    """One pattern per English string: `#` and {placeholders} match anything; one-word strings must be
    the whole text (to spare words shared with other languages), longer ones may be part of it."""
    patterns = []
    for text in sorted(strings):
        body = re.sub(r"\\#|\\\{\w+\\\}", ".+?", re.escape(text))
        whole = " " not in text.strip()
        patterns.append(re.compile(f"^{body}$" if whole else body, re.IGNORECASE))
    return patterns


class _Interface(HTMLParser):
    """Attribute values read to the reader anywhere in the page, and text outside the page's article."""

    SKIP = frozenset({"script", "style", "svg", "code", "pre"})
    VOID = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.texts: list[str] = []
        self._article = 0
        self._skip = 0
        self._stack: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if value and (name in READ_ATTRIBUTES or name.startswith("data-hb-label-")):
                self.texts.append(value)
        if tag in self.VOID:
            return
        self._stack.append(tag)
        if tag == "article":
            self._article += 1
        if tag in self.SKIP:
            self._skip += 1

    def handle_endtag(self, tag: str) -> None:
        if tag not in self._stack:
            return
        while self._stack:
            top = self._stack.pop()
            if top == "article":
                self._article -= 1
            if top in self.SKIP:
                self._skip -= 1
            if top == tag:
                break

    def handle_data(self, data: str) -> None:
        if not self._article and not self._skip and data.strip():
            self.texts.append(data)


def interface_texts(page: Path) -> list[str]:
    parser = _Interface()
    parser.feed(page.read_text(encoding="utf-8"))
    return [" ".join(text.split()) for text in parser.texts]


def test_the_english_string_list_is_complete() -> None:
    strings = english_strings()
    for expected in ("Switch to dark mode", "Permanent link", "Made with", "Skip to content",
                     "Type to start searching", "Client Relationship Handbook", "Clear ticks"):
        assert expected in strings


def test_the_scanner_finds_english_chrome() -> None:
    """The scan can fail: English in the header, a tooltip and a footer are found."""
    page = ROOT / ".pytest-interface-probe.html"
    try:
        page.write_text('<html><body><header><a title="Permanent link">x</a></header>'
                        '<article><p>Made with care</p></article><footer>Made with</footer>'
                        '<input placeholder="Search"></body></html>', encoding="utf-8")
        patterns = english_patterns(english_strings())
        found = [t for t in interface_texts(page) if any(p.search(t) for p in patterns)]
    finally:
        page.unlink()
    assert found == ["Permanent link", "Made with", "Search"]


@pytest.mark.parametrize("lang", TRANSLATED)
def test_translated_pages_show_no_english_interface_text(built_site: Path, lang: str) -> None:
    patterns = english_patterns(english_strings())
    pages = [p for p in sorted((built_site / lang).rglob("*.html"))
             if not p.relative_to(built_site / lang).as_posix().startswith(ENGLISH_ONLY)]
    assert len(pages) > 30
    found = {}
    for page in pages:
        english = sorted({t for t in interface_texts(page) if any(p.search(t) for p in patterns)})
        if english:
            found[page.relative_to(built_site).as_posix()] = english
    assert found == {}


@pytest.mark.parametrize("lang", TRANSLATED)
def test_theme_label_files_translate_every_label(lang: str) -> None:
    """Material's label files are reviewed in full: every English label has its own translation."""
    english = material_labels(MATERIAL_LANGUAGES / "en.html")
    ours = material_labels(OVERRIDE_LANGUAGES / f"{lang}.html")
    labels = [key for key in english if not key.startswith(CONFIG_KEYS)]
    assert [key for key in labels if key not in ours] == []
    assert [key for key in labels if ours[key] == english[key] and ours[key] not in NOT_ENGLISH] == []


@pytest.mark.parametrize("lang", TRANSLATED)
def test_maintainer_pages_stay_out_of_translated_navigation_and_search(built_site: Path, lang: str) -> None:
    home = (built_site / lang / "index.html").read_text(encoding="utf-8")
    nav = home[home.index('<nav class="md-nav md-nav--primary"'):home.index('<div class="md-content"')]
    assert "contributing/" not in nav and "health/" not in nav
    # Reached from the footer instead: the English originals.
    footer = home[home.index('class="hb-maintainers"'):]
    assert 'href="../contributing/" hreflang="en"' in footer and 'href="../health/" hreflang="en"' in footer
    for page in ENGLISH_ONLY:
        html = (built_site / lang / page / "index.html").read_text(encoding="utf-8")
        assert '<article data-pagefind-ignore="all" class="md-content__inner' in html
    english = (built_site / "index.html").read_text(encoding="utf-8")
    assert "contributing/" in english[english.index('<nav class="md-nav md-nav--primary"'):]


@pytest.mark.parametrize("lang", ("en", *TRANSLATED))
def test_checklists_are_one_click_away_with_breadcrumbs_and_no_repeated_labels(built_site: Path, lang: str) -> None:
    root = built_site if lang == "en" else built_site / lang
    chapter = (root / "building/regular-check-ins/index.html").read_text(encoding="utf-8")
    link = re.search(r'<a href="([^"]+)" class="md-header__button hb-header-checklists"', chapter)
    assert link and link.group(1) == "../../checklists/"
    checklist = (root / "checklists/walk-in-greeting/index.html").read_text(encoding="utf-8")
    path = re.search(r'<nav class="md-path".*?</nav>', checklist, re.DOTALL)
    assert path, "no breadcrumbs"
    crumbs = [" ".join(c.split()) for c in re.findall(r'class="md-path__link">\s*<span class="md-ellipsis">(.*?)</span>',
                                                         path.group(0), re.DOTALL)]
    assert len(crumbs) == 2 and crumbs[0] != crumbs[1], crumbs
    nav = checklist[checklist.index('<nav class="md-nav md-nav--primary"'):]
    labels = [" ".join(t.split()) for t in re.findall(r'<span class="md-ellipsis">(.*?)</span>', nav, re.DOTALL)]
    site_name = re.search(r"<title>[^<]* - ([^<]*)</title>", checklist).group(1)  # type: ignore[union-attr]
    assert labels.count(site_name) == 0, "the site's title is repeated as the first item"
    section = labels.index(crumbs[1])
    assert labels[section + 1] != labels[section], "a section's first item repeats its name"
