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
Latvian queries (endings), Malay ones (k/t swallowed by meng-/men-) and Vietnamese ones (d/đ, syllable
pairs). Pagefind itself matches with or without diacritics and ranks the exact spelling first.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

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


class SearchIndexError(Exception):
    """The search index could not be built; the message says why and what to do."""


@dataclass
class IndexReport:
    pages: Counter[str] = field(default_factory=Counter)
    skipped: list[str] = field(default_factory=list)
    bundle_bytes: dict[str, int] = field(default_factory=dict)


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


def stage(site_dir: Path, staging: Path, report: IndexReport) -> None:
    """Copy the pages to index into staging, with a stand-in lang where a language needs one."""
    for path in html_files(site_dir):
        rel = path.relative_to(site_dir)
        html = path.read_text(encoding="utf-8")
        if rel.name in SKIP_FILES or 'class="md-content__inner' not in html or any(m in html for m in SKIP_MARKERS):
            report.skipped.append(rel.as_posix())
            continue
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
    result = subprocess.run(cmd, capture_output=True, text=True, check=False)
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


def build(site_dir: Path) -> int:
    """Index the built site in site_dir; print what was indexed and how long it took. 0 on success."""
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
            stage(site_dir, Path(tmp), report)
            if not report.pages:
                raise SearchIndexError(f"no page in {site_dir} has an {ROOT_SELECTOR} element to index")
            run_pagefind(Path(tmp), bundle)
        languages = restore_languages(bundle, set(report.pages))
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
