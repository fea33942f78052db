"""Translations record the English version they translate; a changed English page flags them as outdated."""

from __future__ import annotations

import re
from pathlib import Path

from tests.handbook_fixtures import make_site, mkdocs_build, validate_site
from tools import translations

NOTICE = "hb-outdated-link"


def built(site: Path, rel: str) -> str:
    return (site / "site" / rel).read_text(encoding="utf-8")


def test_editing_english_flags_translations_and_recording_clears_it(tmp_path: Path) -> None:
    site = make_site(tmp_path)
    assert mkdocs_build(site).returncode == 0
    assert NOTICE not in built(site, "lv/chapters/listen/index.html")

    english = site / "docs" / "en" / "chapters" / "listen.md"
    english.write_text(english.read_text(encoding="utf-8").replace("Remember names.", "Remember names and faces."),
                       encoding="utf-8")
    report = validate_site(site)
    assert [(p.path, p.rule) for p in report.warnings] == [("docs/lv/chapters/listen.md", "translation-outdated")]
    assert report.errors == []
    result = mkdocs_build(site)
    assert result.returncode == 0, "an outdated translation is a warning, not a failed build"
    assert "[translation-outdated]" in result.stderr
    page = built(site, "lv/chapters/listen/index.html")
    assert NOTICE in page
    assert "Šis tulkojums ir vecāks par pašreizējo angļu valodas versiju." in page
    link = re.search(rf'class="{NOTICE}" href="([^"]+)"', page)
    assert link is not None and link.group(1) == "../../../chapters/listen/"

    assert translations.record(site, [Path("docs/lv/chapters/listen.md")]) == 0
    assert validate_site(site).problems == []
    assert mkdocs_build(site).returncode == 0
    assert NOTICE not in built(site, "lv/chapters/listen/index.html")


def test_whitespace_and_front_matter_changes_do_not_flag_translations(tmp_path: Path) -> None:
    site = make_site(tmp_path)
    english = site / "docs" / "en" / "chapters" / "listen.md"
    text = english.read_text(encoding="utf-8")
    text = text.replace("last_reviewed: 2026-10-01", "last_reviewed: 2026-11-01")
    text = text.replace("Remember names.", "Remember   names.\n\n").replace("## Why", "\n\n## Why")
    english.write_text(text, encoding="utf-8")
    assert validate_site(site).problems == []


def test_status_command_lists_outdated_pages(tmp_path: Path, capsys) -> None:
    site = make_site(tmp_path)
    english = site / "docs" / "en" / "index.md"
    english.write_text(english.read_text(encoding="utf-8") + "\nOne more line.\n", encoding="utf-8")
    assert translations.report(site) == 1
    out = capsys.readouterr().out
    assert "Latvian (lv): 2 current, 1 outdated, 0 unrecorded, 0 missing, 1 english-only" in out
    assert "outdated   docs/lv/index.md" in out
