"""Dates as the reader writes them, with Babel: 20 November 2026 (en, ms), 20.11.2026 (lv), 20/11/2026 (vi)."""

from __future__ import annotations

import datetime

from babel.dates import format_date

# The form each language's readers expect on a staff handbook's page; Babel supplies the month names.
DATE_PATTERNS = {"en": "d MMMM y", "ms": "d MMMM y", "lv": "dd.MM.y", "vi": "dd/MM/y"}


def reader_date(date: datetime.date, lang: str) -> str:
    return format_date(date, DATE_PATTERNS.get(lang, "d MMMM y"), locale=lang)
