"""Every rule has a fixture that breaks exactly that rule; the clean fixture breaks none.

Each broken case (tests/fixtures/broken/<case>/) lays files over the clean fixture and lists in
expected.txt the `path:line: [rule-id]` of every error it must produce, no more and no fewer. A case with
a rendered.txt marker breaks a rule only the check of the rendered HTML can see: its errors are those of
a real `mkdocs build`. filesystem.txt makes what git cannot hold (symlinks, FIFOs).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.handbook_fixtures import BROKEN, make_site, mkdocs_build, validate_site

CASES = sorted(p.name for p in BROKEN.iterdir() if p.is_dir())


def located(report_errors: list) -> set[str]:
    return {f"{p.path}:{p.line}: [{p.rule}]" for p in report_errors}


def test_clean_fixture_has_no_problem_at_all(tmp_path: Path) -> None:
    report = validate_site(make_site(tmp_path))
    assert [p.format() for p in report.problems] == []


def test_clean_fixture_builds_strict(tmp_path: Path) -> None:
    result = mkdocs_build(make_site(tmp_path))
    assert result.returncode == 0, result.stderr
    assert "WARNING" not in result.stderr and "ERROR" not in result.stderr


ERROR_LINE = re.compile(r"^(\S+:\d+: \[[a-z-]+\]) ", re.MULTILINE)
RENDERED_ONLY = [case for case in CASES if (BROKEN / case / "rendered.txt").exists()]


@pytest.mark.parametrize("case", CASES)
def test_broken_case_reports_exactly_its_errors(tmp_path: Path, case: str) -> None:
    expected = set((BROKEN / case / "expected.txt").read_text(encoding="utf-8").split("\n")) - {""}
    if case in RENDERED_ONLY:
        result = mkdocs_build(make_site(tmp_path, case), case)
        assert result.returncode != 0
        reported = {line for line in ERROR_LINE.findall(result.stderr) if "[translation-outdated]" not in line}
        assert reported == expected, result.stderr
        assert "hint:" in result.stderr and "Traceback" not in result.stderr
        return
    report = validate_site(make_site(tmp_path, case), case)
    assert located(report.errors) == expected
    for problem in report.errors:
        assert problem.message and problem.hint, problem


def test_rule_ids_are_all_covered_by_a_case() -> None:
    rules = {line.split("[")[1].split("]")[0]
             for case in CASES for line in (BROKEN / case / "expected.txt").read_text(encoding="utf-8").split("\n")
             if "[" in line}
    assert rules >= {
        "link-target", "link-anchor", "link-cross-language", "link-mailto", "link-tel", "link-external-syntax",
        "link-absolute", "nav-missing-page", "nav-orphan", "front-matter-yaml", "front-matter-unknown-key",
        "front-matter-type", "front-matter-missing-key", "front-matter-owner", "checklist-meta", "checklist-chapter",
        "checklist-empty", "checklist-section-size", "checklist-section-id", "checklist-item-id",
        "checklist-item-id-duplicate", "checklist-item-ticked", "checklist-item-format", "checklist-item-length",
        "checklist-read-aloud", "checklist-translation", "checklist-backlink", "translation-missing",
        "translation-source-hash", "translation-no-source", "review-overdue",
        "link-reference-undefined", "id-duplicate", "checklist-item-outside-section", "checklist-item-comment",
        "checklist-print-length",
        "content-html-element", "content-html-attribute", "content-url", "content-front-matter", "file-code",
        "file-hidden", "file-symlink", "file-special", "front-matter-alias", "front-matter-size",
    }


@pytest.mark.parametrize("case", CASES)
def test_no_fixture_build_gives_a_traceback(tmp_path: Path, case: str) -> None:
    """Every broken case, built by MkDocs itself: a clear failure (or success), never a Python traceback."""
    result = mkdocs_build(make_site(tmp_path, case), case)
    assert "Traceback" not in result.stdout + result.stderr, result.stderr
    expected = (BROKEN / case / "expected.txt").read_text(encoding="utf-8").strip()
    if expected:
        assert result.returncode != 0
        assert expected.splitlines()[0] in result.stderr
        assert "hint:" in result.stderr


@pytest.mark.parametrize("case", ["link-anchor-html", "checklist-item-id-duplicate", "front-matter-yaml",
                                  "translation-missing", "review-overdue-strict"])
def test_mkdocs_build_fails_with_file_line_and_rule(tmp_path: Path, case: str) -> None:
    """The adapter turns errors into a failed build without --strict too, with the same messages and no
    traceback (the strict build of every case: test_no_fixture_build_gives_a_traceback)."""
    expected = (BROKEN / case / "expected.txt").read_text(encoding="utf-8").split("\n")[0]
    result = mkdocs_build(make_site(tmp_path, case), case, strict=False)
    assert result.returncode != 0
    assert expected in result.stderr
    assert "hint:" in result.stderr
    assert "Traceback" not in result.stderr


def test_all_errors_of_a_build_are_reported_together(tmp_path: Path) -> None:
    site = make_site(tmp_path, "link-target")
    listen = site / "docs" / "en" / "chapters" / "listen.md"
    listen.write_text(listen.read_text(encoding="utf-8") + "\n[Mail](mailto:nobody)\n", encoding="utf-8")
    greeting = site / "docs" / "lv" / "checklists" / "greeting.md"
    greeting.write_text(greeting.read_text(encoding="utf-8").replace("- [ ] Pajautā", "- [x] Pajautā"), encoding="utf-8")
    result = mkdocs_build(site)
    assert result.returncode != 0
    for rule in ("[link-target]", "[link-mailto]", "[checklist-item-ticked]"):
        assert rule in result.stderr
    assert "3 error(s)" in result.stdout + result.stderr


def test_revalidation_parses_only_changed_pages_and_finds_the_same_problems(tmp_path: Path) -> None:
    """`mkdocs serve` validates after every save, reusing the pages whose text did not change."""
    site = make_site(tmp_path)
    parsed: dict = {}
    first = validate_site(site, parsed=parsed)
    assert first.problems == [] and ("en", "chapters/listen.md") in parsed
    chapter = site / "docs" / "en" / "chapters" / "listen.md"
    chapter.write_text(chapter.read_text(encoding="utf-8") + "\n[Gone](gone.md)\n", encoding="utf-8")
    second = validate_site(site, parsed=parsed)
    assert second.pages[("en", "index.md")] is first.pages[("en", "index.md")]
    assert second.pages[("en", "chapters/listen.md")] is not first.pages[("en", "chapters/listen.md")]
    assert [(p.path, p.rule) for p in second.errors] == [("docs/en/chapters/listen.md", "link-target")]
    # The same problems as a validation from scratch.
    assert second.problems == validate_site(site).problems
