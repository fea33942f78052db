"""Dates in the reader's format: Babel's, per language; no ISO date on any translated page."""

from __future__ import annotations

import datetime
import re
import sys
from pathlib import Path

import pytest

from tests.test_interface_language import ENGLISH_ONLY, TRANSLATED
from tools.handbook import HOOKS

sys.path.insert(0, str(HOOKS))

from handbook.dates import reader_date

ISO_DATE = re.compile(r"\b\d{4}-\d{2}-\d{2}\b")


@pytest.mark.parametrize(("lang", "expected"), [
    ("en", "20 November 2026"), ("ms", "20 November 2026"), ("lv", "20.11.2026"), ("vi", "20/11/2026"),
])
def test_dates_read_as_each_language_writes_them(lang: str, expected: str) -> None:
    assert reader_date(datetime.date(2026, 11, 20), lang) == expected


def test_month_names_are_the_languages_own() -> None:
    assert reader_date(datetime.date(2026, 3, 5), "ms") == "5 Mac 2026"
    assert reader_date(datetime.date(2026, 3, 5), "lv") == "05.03.2026"


@pytest.mark.parametrize("lang", TRANSLATED)
def test_no_iso_date_on_translated_pages(built_site: Path, lang: str) -> None:
    found = {}
    for page in sorted((built_site / lang).rglob("*.html")):
        if page.relative_to(built_site / lang).as_posix().startswith(ENGLISH_ONLY):
            continue
        dates = ISO_DATE.findall(page.read_text(encoding="utf-8"))
        if dates:
            found[page.relative_to(built_site).as_posix()] = sorted(set(dates))
    assert found == {}
    reviewed = (built_site / lang / "quick-reference/index.html").read_text(encoding="utf-8")
    assert re.search(r'class="hb-reviewed">[^<]*\b' + {"ms": r"\d{1,2} \w+ \d{4}", "lv": r"\d\d\.\d\d\.\d{4}",
                                                        "vi": r"\d\d/\d\d/\d{4}"}[lang], reviewed)
