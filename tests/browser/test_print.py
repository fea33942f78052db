"""Print never surprises: black on white from either palette, the quick reference on one sheet, the
print pack in the navigation's order."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from pypdf import PdfReader

from tests.conftest import LANGUAGES
from tools.handbook import ROOT


def prefix(lang: str) -> str:
    return "" if lang == "en" else f"{lang}/"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_quick_reference_prints_on_one_page(page, site_url: str, lang: str) -> None:
    page.goto(site_url + prefix(lang) + "quick-reference/")
    for paper in ("A4", "Letter"):
        assert len(PdfReader(io.BytesIO(page.pdf(format=paper))).pages) == 1, paper


@pytest.mark.parametrize("path", ["building/regular-check-ins/", "templates/", "checklists/"])
def test_pages_print_black_on_white_from_the_dark_palette(page, site_url: str, path: str) -> None:
    page.emulate_media(color_scheme="dark")  # a reader whose system prefers dark: the dark palette at load
    page.goto(site_url + "vi/" + path)
    assert page.evaluate("document.body.getAttribute('data-md-color-scheme')") == "slate"
    page.emulate_media(media="print")
    colours = page.evaluate("""() => [
        getComputedStyle(document.querySelector('.md-typeset h1')).color,
        getComputedStyle(document.querySelector('.md-typeset p')).color,
        getComputedStyle(document.body).backgroundColor]""")
    assert colours == ["rgb(0, 0, 0)", "rgb(0, 0, 0)", "rgb(255, 255, 255)"]


def test_print_pack_follows_the_navigation(built_site: Path) -> None:
    config = (Path(__file__).parents[2] / "mkdocs.yml").read_text(encoding="utf-8")
    nav = re.findall(r"^\s+- (?:[^:\n]+: )?checklists/([a-z-]+)\.md$", config, re.MULTILINE)
    expected = [c for c in nav if c not in ("index", "print-pack")]
    for lang in LANGUAGES:
        pack = (built_site / prefix(lang) / "checklists/print-pack/index.html").read_text(encoding="utf-8")
        assert re.findall(r'<div class="hb-checklist" data-checklist-id="([^"]+)"', pack) == expected, lang


def _links(pdf: Path) -> tuple[int, int]:
    """(links to a place inside the PDF, links anywhere) over all pages."""
    inside = total = 0
    for pdf_page in PdfReader(pdf).pages:
        for annotation in pdf_page.get("/Annots") or []:
            annotation = annotation.get_object()
            if annotation.get("/Subtype") != "/Link":
                continue
            total += 1
            action = annotation.get("/A")
            inside += "/Dest" in annotation or (action is not None and action.get("/S") == "/GoTo")
    return inside, total


@pytest.mark.parametrize("lang", LANGUAGES)
def test_make_pdf_writes_the_combined_checklists_and_the_whole_handbook(pdf_site: Path, built_site: Path,
                                                                        lang: str) -> None:
    from tools.handbook_pdf import nav_pages

    checklists = pdf_site / f"{prefix(lang)}checklists" / f"checklists-{lang}.pdf"
    handbook = pdf_site / f"{prefix(lang)}handbook-{lang}.pdf"
    sources = [p for p in (ROOT / "docs" / lang / "checklists").glob("*.md") if "\nchecklist:" in p.read_text(encoding="utf-8")]
    assert len(PdfReader(checklists).pages) == 1 + len(sources)  # the pack's cover, then one sheet per checklist
    sections = len(nav_pages())
    reader = PdfReader(handbook)
    assert sections + 1 <= len(reader.pages) <= 4 * sections
    assert "1 / " in reader.pages[0].extract_text() and f"{len(reader.pages)} / {len(reader.pages)}" in \
        reader.pages[-1].extract_text(), "page numbers in the footer"
    inside, _ = _links(handbook)
    assert inside >= sections, "the table of contents and the cross-references link inside the PDF"
    home = (built_site / prefix(lang) / "index.html").read_text(encoding="utf-8")
    assert f'href="checklists/checklists-{lang}.pdf"' in home and f'href="handbook-{lang}.pdf"' in home
