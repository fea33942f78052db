"""Print every checklist of the built site to PDF with headless Chromium (`make pdf`, after `make build`).

Each checklist page (a page with a `.hb-checklist` box, the print pack excepted) of every language is
printed on A4 next to its page, as `<page dir>/<id>-<lang>.pdf`: the file its "Download PDF" link
points at. A checklist must fit one sheet, so a PDF with more than one page fails the run.

Browsers cannot be downloaded here: Playwright drives an installed Chromium through executable_path,
found by tools/browser.py as the browser tests find it.
"""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from tools import handbook_pdf

# One way to find the browser, shared with the browser tests and .ci/run.
from tools.browser import CHROMIUM_FLAGS, chromium_or_reason
from tools.handbook_pdf import pdfs  # hooks/handbook/pdfs.py: where the PDFs go, shared with the pages
from tools.pages_server import start_server

PAPER = "A4"
# A4 less the @page margins of checklists.css (12 mm x 14 mm), in CSS pixels: the printable area.
_MM = 96 / 25.4
PRINTABLE = {"width": round((210 - 2 * 14) * _MM), "height": round((297 - 2 * 12) * _MM)}
# How far down the printable page a checklist reaches: the bottom of its print footer.
_FILL = """() => { const footer = document.querySelector('.hb-print-footer');
  const bottom = footer ? footer.getBoundingClientRect().bottom + window.scrollY
                        : document.documentElement.scrollHeight;
  return bottom / PRINTABLE_HEIGHT; }""".replace("PRINTABLE_HEIGHT", str(PRINTABLE["height"]))

_BOX = re.compile(r'<div class="hb-checklist"(?P<attrs>[^>]*)>')
_ATTR = re.compile(r'(?P<name>data-[a-z-]+)="(?P<value>[^"]*)"')


@dataclass(frozen=True)
class ChecklistPage:
    checklist_id: str
    lang: str
    html: Path  # the page's index.html inside the site

    def url_path(self, site_dir: Path) -> str:
        """The page's address relative to the site root, ending in '/'."""
        return self.html.parent.relative_to(site_dir).as_posix() + "/"

    def pdf_path(self) -> Path:
        return self.html.parent / pdfs.checklist_pdf(self.checklist_id, self.lang)


def find_checklist_pages(site_dir: Path) -> list[ChecklistPage]:
    """Every built checklist page in every language, sorted by address; print packs are left out."""
    pages: list[ChecklistPage] = []
    for html in sorted(site_dir.rglob("index.html")):
        text = html.read_text(encoding="utf-8")
        if 'class="hb-pack-page"' in text:
            continue
        match = _BOX.search(text)
        if match is None:
            continue
        attrs = dict((m["name"], m["value"]) for m in _ATTR.finditer(match["attrs"]))
        checklist_id, lang = attrs.get("data-checklist-id"), attrs.get("data-lang")
        if checklist_id and lang:
            pages.append(ChecklistPage(checklist_id, lang, html))
    return pages


@contextmanager
def serve(site_dir: Path) -> Iterator[str]:
    """Serve site_dir on 127.0.0.1 at a free port; yields the base URL ending in '/'."""
    server, url = start_server(site_dir)
    try:
        yield url + "/"
    finally:
        server.shutdown()
        server.server_close()


def pdf_page_count(pdf: Path) -> int:
    from pypdf import PdfReader

    return len(PdfReader(pdf).pages)


@dataclass
class Printed:
    lines: list[str]  # what was written, one line per PDF
    too_long: list[str]  # checklist PDFs of more than one page


def print_language(browser_path: str, base_url: str, site_dir: Path, lang: str, pages: list[ChecklistPage]) -> Printed:
    """One language's checklist PDFs, then its print pack and whole handbook (tools/handbook_pdf.py), in a
    browser of its own: languages print side by side, one per thread (Playwright's sync API is per thread)."""
    from playwright.sync_api import sync_playwright

    printed = Printed([], [])
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=browser_path, headless=True, args=CHROMIUM_FLAGS)
        try:
            # A fresh context has empty storage, so every box prints empty. The viewport is the printable
            # area, so the page's print layout can be measured too (the fill the build's budget is
            # calibrated against: hooks/handbook/checklists.py, PRINT_BUDGET).
            context = browser.new_context(viewport=PRINTABLE)
            page = context.new_page()
            page.emulate_media(media="print")
            for checklist in pages:
                page.goto(base_url + checklist.url_path(site_dir), wait_until="load")
                pdf = checklist.pdf_path()
                page.pdf(path=str(pdf), format=PAPER)
                count = pdf_page_count(pdf)
                fill = float(page.evaluate(_FILL))
                shown = pdf.relative_to(site_dir).as_posix()
                printed.lines.append(f"{shown}: {count} page{'s' if count != 1 else ''}, fills {fill:.0%} of the first")
                if count != 1:
                    printed.too_long.append(f"{shown} ({count} pages)")
            for written in handbook_pdf.write_language_pdfs(page, base_url, site_dir, lang):
                printed.lines.append(f"{written.relative_to(site_dir).as_posix()}: {pdf_page_count(written)} pages")
            context.close()
        finally:
            browser.close()
    return printed


def main(site_dir: Path) -> int:
    """Print every checklist of site_dir to PDF; non-zero if Chromium is missing or a PDF is not one page."""
    site_dir = Path(site_dir).resolve()
    pages = find_checklist_pages(site_dir) if site_dir.is_dir() else []
    if not pages:
        print(f"No checklist pages found in {site_dir}: build the site first (make build).", file=sys.stderr)
        return 1
    browser_path = chromium_or_reason()
    if browser_path is None:
        return 2
    langs = list(dict.fromkeys([*handbook_pdf.languages(site_dir), *(c.lang for c in pages)]))
    with serve(site_dir) as base_url, ThreadPoolExecutor(max_workers=min(len(langs), os.cpu_count() or 1)) as pool:
        jobs = [pool.submit(print_language, browser_path, base_url, site_dir, lang, [c for c in pages if c.lang == lang])
                for lang in langs]
        results = [job.result() for job in jobs]
    too_long = [entry for result in results for entry in result.too_long]
    for result in results:
        print("\n".join(result.lines), flush=True)
    if too_long:
        print(
            "A checklist must fit on one printed page; these do not:\n  " + "\n  ".join(too_long),
            file=sys.stderr,
        )
        return 1
    print(f"{len(pages)} checklist PDFs written, one page each.")
    return 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).resolve().parent.parent / "site"))
