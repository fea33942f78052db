"""Where `make pdf` writes the PDFs: one definition for the printer (tools/checklist_pdf.py,
tools/handbook_pdf.py), the pages that link to them and the built-site check that expects them."""

from __future__ import annotations


def checklist_pdf(checklist_id: str, lang: str) -> str:
    """A checklist's A4 PDF, beside its page (relative to the page's folder)."""
    return f"{checklist_id}-{lang}.pdf"


def checklists_pdf(lang: str) -> str:
    """Every checklist of a language in one PDF, printed from its print pack (relative to the language's home)."""
    return f"checklists/checklists-{lang}.pdf"


def handbook_pdf(lang: str) -> str:
    """The whole handbook of a language in one PDF (relative to the language's home)."""
    return f"handbook-{lang}.pdf"
