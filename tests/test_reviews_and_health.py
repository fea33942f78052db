"""Owners and review dates are shown on every page; overdue pages warn readers; the health report lists every page."""

from __future__ import annotations

import json
from pathlib import Path

from tests.conftest import LANGUAGES
from tests.handbook_fixtures import make_site, mkdocs_build

REVIEWED = {"en": "Last reviewed", "ms": "Kali terakhir disemak", "lv": "Pēdējoreiz pārskatīts", "vi": "Lần rà soát gần nhất"}


def test_overdue_page_shows_a_notice_and_warns(tmp_path: Path) -> None:
    site = make_site(tmp_path, "review-overdue-strict")
    result = mkdocs_build(site)  # without HANDBOOK_STRICT_REVIEWS: a warning only
    assert result.returncode == 0, result.stdout + result.stderr
    assert "docs/en/chapters/listen.md:5: [review-overdue]" in result.stderr
    page = (site / "site" / "chapters" / "listen" / "index.html").read_text(encoding="utf-8")
    assert "Review overdue" in page and "14 January 2025" in page  # the reader's date format (Babel)
    fresh = (site / "site" / "lv" / "chapters" / "listen" / "index.html").read_text(encoding="utf-8")
    assert "Pārskatīšana nokavēta" not in fresh


def test_overdue_page_fails_the_build_when_reviews_are_strict(tmp_path: Path) -> None:
    site = make_site(tmp_path, "review-overdue-strict")
    result = mkdocs_build(site, "review-overdue-strict")
    assert result.returncode != 0
    assert "docs/en/chapters/listen.md:5: [review-overdue]" in result.stderr


def test_every_page_says_when_and_by_whom_it_was_reviewed(built_site: Path) -> None:
    for lang in LANGUAGES:
        root = built_site if lang == "en" else built_site / lang
        page = (root / "building" / "ask-for-feedback" / "index.html").read_text(encoding="utf-8")
        assert 'class="hb-reviewed"' in page and REVIEWED[lang] in page, lang


def test_health_report_lists_every_page(built_site: Path, docs_dir: Path) -> None:
    english = sorted(p.relative_to(docs_dir / "en").as_posix() for p in (docs_dir / "en").rglob("*.md"))
    data = json.loads((built_site / "health.json").read_text(encoding="utf-8"))
    assert [row["page"] for row in data["pages"]] == english
    assert data["totals"]["errors"] == 0
    assert data["totals"]["checklists"]["en"] >= 10
    for row in data["pages"]:
        assert row["owner"] and row["last_reviewed"] and row["next_review"]
        assert set(row["translations"]) == {"ms", "lv", "vi"}
    html = (built_site / "health" / "index.html").read_text(encoding="utf-8")
    for rel in english:
        assert f"<code>{rel}</code>" in html
