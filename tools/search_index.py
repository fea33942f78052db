"""Build the site's search index with Pagefind, after `mkdocs build`.

One Pagefind bundle in <site>/pagefind/ holds a separate index per language: Pagefind splits pages by
their `<html lang>`, and the browser loads only the index of the page it is on, so search on a Latvian
page returns only Latvian pages.

What is indexed: only the article body (`article.md-content__inner`) of each page. Navigation, header,
footer, table of contents and these parts of the article are left out (EXCLUDE_SELECTORS): heading
permalinks (the pilcrow), a checklist's when/who/type box, date-and-initials line, PDF link and print
footer, the "last reviewed" line, and Material's edit buttons and source-file dates. Skipped pages: the
404 page and the checklist print pack, which repeats every checklist of its language on one page.

Word forms: Pagefind stems English itself. It has no Malay stemmer, so Malay pages are indexed with its
Indonesian Snowball stemmer (same affixes: meng-/ber-/di-/pe(r)-/ke-, -kan/-an/-i, -nya/-lah); the
language entry is then renamed back to `ms` so that a page with `<html lang="ms">` loads it. Latvian and
Vietnamese have no Pagefind stemmer: the browser script (overrides/assets/javascripts/search.js) widens
Latvian queries (endings, consonant alternation), Malay ones (k/t swallowed by meng-/men-, reduplication)
and Vietnamese ones (d/đ, syllable pairs). Pagefind itself matches with or without diacritics and ranks
the exact spelling first.

What each page adds (from its source's front matter and the nav in mkdocs.yml), through Pagefind's own
attributes, in a hidden block at the top of the article:
- `keywords:` (the words staff use for the page's situation) with data-pagefind-weight, so a page whose
  keywords match outranks a page that mentions the word once;
- (no copy of Vietnamese text without tone marks: Pagefind already folds marks in words and phrases,
  and a toneless copy of titles was tried and made ranking worse, as every page then matched twice);
- data-pagefind-meta `hb_kind` (chapter, checklist, template, glossary, reference), `hb_section` (the nav
  section in the page's language) and `hb_desc` (the front matter description), which the browser
  script shows and uses to rank chapters and checklists above reference pages on a tie.
English-only pages (extra.handbook.english_only) are left out of the translated indexes. The per-language
synonym table data/search_synonyms.yml is written next to the index as pagefind/hb-synonyms.<lang>.json.
"""

from __future__ import annotations

import html as html_lib
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT / "hooks") not in sys.path:
    sys.path.insert(0, str(ROOT / "hooks"))

from handbook.source import front_matter_of  # noqa: E402 - the rules' package lives in hooks/

SYNONYMS = ROOT / "data" / "search_synonyms.yml"

BUNDLE_DIR = "pagefind"
ROOT_SELECTOR = "article.md-content__inner"
EXCLUDE_SELECTORS = [
    ".headerlink",  # the pilcrow permalink after every heading
    ".hb-checklist-meta",  # a checklist's When/Who/Type box (its dt/dd text runs together in Pagefind)
    ".hb-signoff",  # checklist date-and-initials line
    ".hb-pdf-link",  # checklist "Download PDF"
    ".hb-print-footer",  # checklist footer shown only on paper
    ".hb-reviewed",  # "Last reviewed by ..." line
    ".md-source-file",  # Material's git dates, if ever enabled
    ".md-content__button",  # Material's edit/view source buttons, if ever enabled
]
# Pages whose article contains one of these markers are not indexed.
SKIP_MARKERS = ('class="hb-pack-page',)
SKIP_FILES = {"404.html"}
# Languages without a Pagefind stemmer that are indexed with a close relative's stemmer instead.
STEMMER_STAND_INS = {"ms": "id"}
HTML_LANG = re.compile(r"<html\b[^>]*?\blang=\"([^\"]+)\"", re.IGNORECASE)
ARTICLE_OPEN = re.compile(r"<article\b[^>]*\bclass=\"[^\"]*\bmd-content__inner\b[^\"]*\"[^>]*>")
# Keywords weigh like a sub-heading (Pagefind gives h1 7, h2 6 ... plain text 1): the words staff use for a
# situation are as telling as a section title, but not more than the page's own title.
KEYWORD_WEIGHT = 5.0
KINDS = ("chapter", "checklist", "template", "glossary", "reference")
# Pagefind splits each language's word index into chunks of about this many word locations and a query fetches
# the chunks of its words. Its default, 20000, makes a chunk 20-45 KiB gzipped on a 1000-page edition, paid again
# for each new word typed; 500 makes most chunks a few KiB (a word used very often stays one larger chunk) for
# about 1.5 KiB more metadata fetched once (figures in BENCHMARKS.md). Pagefind reads the size from this
# environment variable, which it marks unstable: check it still exists when upgrading Pagefind (pinned in
# requirements.in; tests/test_search_index.py fails if the chunks stop following it). Pagefind 1.5.2 counts
# only a word's unaccented form towards a chunk's size, so Vietnamese chunks (almost every syllable has marks)
# still reach 246 KiB; Pagefind 1.6.0 (npm only so far) counts the marked forms too: at most 21 KiB.
CHUNK_SIZE_VARIABLE = "PAGEFIND_UNSTABLE_INDEX_CHUNK_SIZE"
INDEX_CHUNK_SIZE = 500


class SearchIndexError(Exception):
    """The search index could not be built; the message says why and what to do."""


@dataclass
class IndexReport:
    pages: Counter[str] = field(default_factory=Counter)
    skipped: list[str] = field(default_factory=list)
    bundle_bytes: dict[str, int] = field(default_factory=dict)


@dataclass(frozen=True)
class PageInfo:
    """What the search shows and weighs for one built page, from its source and the nav."""

    kind: str = "reference"
    section: str = ""
    description: str = ""
    keywords: tuple[str, ...] = ()
    english_only: bool = False


@dataclass(frozen=True)
class SiteInfo:
    pages: dict[str, PageInfo] = field(default_factory=dict)  # by built path, e.g. "ms/building/x/index.html"
    languages: tuple[str, ...] = ()
    default_language: str = "en"
    english_only: frozenset[str] = frozenset()  # built paths without language prefix


class _ConfigLoader(yaml.SafeLoader):
    """mkdocs.yml may carry !ENV or !!python tags; the indexer only needs plain keys."""


_ConfigLoader.add_multi_constructor("!", lambda loader, suffix, node: None)
_ConfigLoader.add_multi_constructor("tag:yaml.org,2002:python/", lambda loader, suffix, node: None)


def built_path(source: str) -> str:
    """docs-relative source file -> built HTML path (use_directory_urls): a/b.md -> a/b/index.html."""
    stem = source[:-3] if source.endswith(".md") else source
    if stem == "index" or stem.endswith("/index"):
        return stem + ".html"
    return stem + "/index.html"


def front_matter(path: Path) -> dict[str, Any]:
    """The page's front matter, read by the handbook's own safe loader ({} when the rules report a problem)."""
    return front_matter_of(path.read_text(encoding="utf-8", errors="replace"))


def keyword_list(value: object) -> tuple[str, ...]:
    """`keywords:` as a YAML list or as one comma-separated line."""
    items = value if isinstance(value, list) else str(value or "").split(",")
    return tuple(k for k in (str(item).strip() for item in items) if k)


def nav_sections(nav: object) -> dict[str, str]:
    """Source file -> the English name of its top-level nav section ("" for top-level pages)."""
    sections: dict[str, str] = {}

    def walk(items: object, section: str) -> None:
        for item in items if isinstance(items, list) else []:
            if isinstance(item, str):
                sections[item] = section
            elif isinstance(item, dict):
                for name, value in item.items():
                    if isinstance(value, str):
                        sections[value] = section
                    else:
                        walk(value, section or str(name))

    walk(nav, "")
    return sections


def page_kind(source: str, fm: dict[str, Any], section: str, reference_sections: set[str]) -> str:
    name = source.rsplit("/", 1)[-1]
    if fm.get("checklist"):
        return "checklist"
    if name == "templates.md":
        return "template"
    if name == "glossary.md":
        return "glossary"
    if not section or section in reference_sections or name == "index.md" or "print-pack" in name:
        return "reference"
    return "chapter"


def site_info(config_file: Path | None) -> SiteInfo:
    """Page kinds, sections, keywords and English-only pages of the site built from config_file."""
    if config_file is None or not config_file.is_file():
        return SiteInfo()
    config = yaml.load(config_file.read_text(encoding="utf-8"), Loader=_ConfigLoader) or {}
    docs = config_file.parent / str(config.get("docs_dir") or "docs")
    i18n: dict[str, Any] = {}
    for plugin in config.get("plugins") or []:
        if isinstance(plugin, dict) and "i18n" in plugin:
            i18n = plugin["i18n"] or {}
    languages = [entry for entry in i18n.get("languages") or [] if isinstance(entry, dict)]
    default = next((str(e["locale"]) for e in languages if e.get("default")), "en")
    codes = tuple(str(e["locale"]) for e in languages) or (default,)
    translations = {str(e["locale"]): e.get("nav_translations") or {} for e in languages}
    sections = nav_sections(config.get("nav"))
    # The section holding the glossary is the reference section (its other pages are reference pages).
    reference_sections = {sections[s] for s in sections if s.rsplit("/", 1)[-1] == "glossary.md" and sections[s]}
    handbook = ((config.get("extra") or {}).get("handbook") or {})
    english_only = frozenset(built_path(str(p)) for p in handbook.get("english_only") or [])
    pages: dict[str, PageInfo] = {}
    for lang in codes:
        folder = docs / lang
        for source in sorted(folder.rglob("*.md")) if folder.is_dir() else []:
            rel = source.relative_to(folder).as_posix()
            fm = front_matter(source)
            section = sections.get(rel, "")
            info = PageInfo(
                kind=page_kind(rel, fm, section, reference_sections),
                section=str(translations.get(lang, {}).get(section, section)) if section else "",
                description=str(fm.get("description") or ""),
                keywords=keyword_list(fm.get("keywords")),
                english_only=built_path(rel) in english_only,
            )
            prefix = "" if lang == default else lang + "/"
            pages[prefix + built_path(rel)] = info
    return SiteInfo(pages, codes, default, english_only)


def search_block(info: PageInfo, lang: str, title: str) -> str:
    """The hidden block put at the top of a page's article for Pagefind (never shown to readers)."""

    def attr(text: str) -> str:  # a static meta value: Pagefind splits several metas at commas
        return html_lib.escape(" ".join(text.replace(",", " ").split()))

    parts = ['<div hidden data-hb-search-extra>', f'<span data-pagefind-meta="hb_kind:{attr(info.kind)}"></span>']
    if info.section:
        parts.append(f'<span data-pagefind-meta="hb_section:{attr(info.section)}"></span>')
    if info.keywords:
        # First in the article, so an excerpt that starts in them is recognised (hb_extra) and replaced.
        keywords = "; ".join(info.keywords) + "."
        parts.append(f'<p data-pagefind-weight="{KEYWORD_WEIGHT}">{html_lib.escape(keywords)}</p>')
        parts.append(f'<span data-pagefind-meta="hb_extra:{attr(keywords)}"></span>')
    if info.description:
        # Indexed as plain text too: the description is the page's summary in its own words.
        parts.append(f'<p data-pagefind-meta="hb_desc">{html_lib.escape(info.description)}</p>')
    parts.append("</div>")
    return "".join(parts)


TITLE = re.compile(r"<h1\b[^>]*>(.*?)</h1>", re.DOTALL)
TAGS = re.compile(r"<[^>]+>")


def with_search_block(html: str, info: PageInfo, lang: str) -> str:
    match = ARTICLE_OPEN.search(html)
    if match is None:
        return html
    heading = TITLE.search(html, match.end())
    title = html_lib.unescape(TAGS.sub("", heading.group(1))).strip() if heading else ""
    return html[: match.end()] + search_block(info, lang, title) + html[match.end():]


def write_synonyms(bundle: Path, languages: set[str], path: Path = SYNONYMS) -> None:
    """pagefind/hb-synonyms.<lang>.json: the synonym groups of one language, loaded by search.js."""
    data = yaml.safe_load(path.read_text(encoding="utf-8")) if path.is_file() else {}
    for lang in languages:
        groups = [[str(w).strip().lower() for w in group if str(w).strip()] for group in (data or {}).get(lang) or []]
        text = json.dumps([g for g in groups if len(g) > 1], ensure_ascii=False, separators=(",", ":"))
        (bundle / f"hb-synonyms.{lang}.json").write_text(text, encoding="utf-8")


def html_files(site_dir: Path) -> list[Path]:
    bundle = site_dir / BUNDLE_DIR
    return sorted(p for p in site_dir.rglob("*.html") if bundle not in p.parents)


def prepare(html: str) -> tuple[str | None, str]:
    """The page's language and the HTML to hand to Pagefind (lang swapped for a stand-in stemmer)."""
    match = HTML_LANG.search(html)
    if match is None:
        return None, html
    lang = match.group(1).lower()
    stand_in = STEMMER_STAND_INS.get(lang)
    if stand_in is None:
        return lang, html
    start, end = match.span(1)
    return lang, html[:start] + stand_in + html[end:]


def english_only_copy(rel: str, lang: str, info: SiteInfo) -> bool:
    """A translated site's copy of an English-only page (the i18n fallback): not in that language's index."""
    if lang == info.default_language or not rel.startswith(lang + "/"):
        return False
    return rel[len(lang) + 1:] in info.english_only


def stage(site_dir: Path, staging: Path, report: IndexReport, info: SiteInfo | None = None) -> None:
    """Copy the pages to index into staging, with a stand-in lang where a language needs one."""
    info = info or SiteInfo()
    for path in html_files(site_dir):
        rel = path.relative_to(site_dir)
        html = path.read_text(encoding="utf-8")
        if rel.name in SKIP_FILES or 'class="md-content__inner' not in html or any(m in html for m in SKIP_MARKERS):
            report.skipped.append(rel.as_posix())
            continue
        found = HTML_LANG.search(html)
        page_lang = found.group(1).lower() if found else ""
        if english_only_copy(rel.as_posix(), page_lang, info):
            report.skipped.append(rel.as_posix())
            continue
        html = with_search_block(html, info.pages.get(rel.as_posix(), PageInfo()), page_lang)
        lang, content = prepare(html)
        if lang is None:
            raise SearchIndexError(f"{rel} has no <html lang=...>: Pagefind cannot tell its language")
        if lang in STEMMER_STAND_INS.values():
            raise SearchIndexError(
                f"{rel} is in {lang!r}, which tools/search_index.py uses as the stemmer stand-in for another "
                "language: change STEMMER_STAND_INS"
            )
        target = staging / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(content, encoding="utf-8")
        report.pages[lang] += 1


def run_pagefind(staging: Path, bundle: Path) -> None:
    cmd = [sys.executable, "-m", "pagefind", "--site", str(staging), "--output-path", str(bundle),
           "--root-selector", ROOT_SELECTOR, "--exclude-selectors", ", ".join(EXCLUDE_SELECTORS), "--quiet"]
    env = {**os.environ, CHUNK_SIZE_VARIABLE: str(INDEX_CHUNK_SIZE)}
    result = subprocess.run(cmd, capture_output=True, text=True, check=False, env=env)
    # Pagefind notes that lv, vi (and ms, before the stand-in) have no stemmer: expected, handled in search.js.
    lines = [line for line in (result.stdout + result.stderr).splitlines()
             if line.strip() and "support stemming" not in line and "will not match across root words" not in line]
    if result.returncode != 0:
        raise SearchIndexError(f"Pagefind exited with {result.returncode}:\n" + "\n".join(lines))
    if lines:
        print("\n".join(lines), flush=True)


def restore_languages(bundle: Path, expected: set[str]) -> dict[str, dict[str, object]]:
    """Rename stand-in language entries back (id -> ms) and check every language has an index."""
    entry_path = bundle / "pagefind-entry.json"
    entry = json.loads(entry_path.read_text(encoding="utf-8"))
    languages: dict[str, dict[str, object]] = entry["languages"]
    for lang, stand_in in STEMMER_STAND_INS.items():
        if stand_in in languages:
            languages[lang] = languages.pop(stand_in)
    entry_path.write_text(json.dumps(entry, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
    missing = expected - set(languages)
    if missing:
        raise SearchIndexError(f"Pagefind wrote no index for {', '.join(sorted(missing))}")
    return languages


def bundle_sizes(bundle: Path, languages: dict[str, dict[str, object]]) -> dict[str, int]:
    """Bytes of each language's own files: its metadata, word index chunks and page fragments."""
    sizes: dict[str, int] = {}
    for lang, info in languages.items():
        prefix = str(info["hash"]).split("_")[0] + "_"
        files = [bundle / f"pagefind.{info['hash']}.pf_meta"]
        files += [p for sub in ("index", "fragment") for p in (bundle / sub).glob(prefix + "*")]
        sizes[lang] = sum(p.stat().st_size for p in files if p.exists())
    return sizes


def index_chunk_sizes(bundle: Path) -> dict[str, list[int]]:
    """Bytes (gzipped, as served) of each language's word-index chunks, smallest first: a query fetches the
    chunks that hold its words, so these set the least a query with a new word can cost."""
    entry = json.loads((bundle / "pagefind-entry.json").read_text(encoding="utf-8"))
    sizes: dict[str, list[int]] = {}
    for lang, info in entry["languages"].items():
        prefix = str(info["hash"]).split("_")[0] + "_"
        sizes[lang] = sorted(p.stat().st_size for p in (bundle / "index").glob(prefix + "*.pf_index"))
    return sizes


def build(site_dir: Path, config_file: Path | None = ROOT / "mkdocs.yml") -> int:
    """Index the built site in site_dir; print what was indexed and how long it took. 0 on success.

    config_file is the mkdocs.yml the site was built from: its nav and docs give each page's kind,
    section and keywords (without it, every page is indexed as plain text).
    """
    started = time.perf_counter()
    site_dir = Path(site_dir).resolve()
    bundle = site_dir / BUNDLE_DIR
    report = IndexReport()
    try:
        if not (site_dir / "index.html").is_file():
            raise SearchIndexError(f"{site_dir} is not a built site (no index.html): run mkdocs build first")
        if bundle.exists():
            shutil.rmtree(bundle)
        with tempfile.TemporaryDirectory(prefix="search-index-") as tmp:
            stage(site_dir, Path(tmp), report, site_info(config_file))
            if not report.pages:
                raise SearchIndexError(f"no page in {site_dir} has an {ROOT_SELECTOR} element to index")
            run_pagefind(Path(tmp), bundle)
        languages = restore_languages(bundle, set(report.pages))
        write_synonyms(bundle, set(languages))
        report.bundle_bytes = bundle_sizes(bundle, languages)
    except SearchIndexError as error:
        print(f"search index: FAILED: {error}", file=sys.stderr, flush=True)
        return 1
    seconds = time.perf_counter() - started
    per_lang = ", ".join(
        f"{lang} {count} ({report.bundle_bytes.get(lang, 0) / 1024:.0f} KiB)"
        for lang, count in sorted(report.pages.items())
    )
    print(
        f"search index: {sum(report.pages.values())} pages in {len(report.pages)} languages [{per_lang}], "
        f"{len(report.skipped)} skipped, written to {bundle} in {seconds:.2f} s",
        flush=True,
    )
    return 0


if __name__ == "__main__":
    sys.exit(build(Path(sys.argv[1]) if len(sys.argv) > 1 else Path("site")))
