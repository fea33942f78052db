"""Under GitHub Actions a build annotates every problem on the pull request's diff and writes a job summary."""

from __future__ import annotations

import os
import sys
from collections import Counter

from tests.handbook_fixtures import make_site, mkdocs_build
from tools.handbook import HOOKS

sys.path.insert(0, str(HOOKS))

from handbook.ci_report import (
    ReviewDue,
    annotation,
    escape_data,
    escape_property,
    job_summary,
    mkdocs_annotation,
    workflow_command,
)
from handbook.problems import Problem


def test_data_escapes_percent_and_line_breaks_only() -> None:
    assert escape_data("50% done\r\nnext: a, b") == "50%25 done%0D%0Anext: a, b"


def test_properties_also_escape_colon_and_comma() -> None:
    assert escape_property("docs/a,b:c%.md\n") == "docs/a%2Cb%3Ac%25.md%0A"


def test_an_error_is_annotated_at_its_file_and_line_with_its_rule_as_title() -> None:
    problem = Problem("docs/lv/a,b.md", 7, "link-target", "links to 'x.md': 100% missing", "fix: the path")
    assert annotation(problem) == (
        "::error file=docs/lv/a%2Cb.md,line=7,title=[link-target]::links to 'x.md': 100%25 missing%0Ahint: fix: the path"
    )


def test_a_warning_is_a_warning_command() -> None:
    problem = Problem("docs/ms/x.md", 3, "translation-outdated", "outdated", severity="warning")
    assert annotation(problem) == "::warning file=docs/ms/x.md,line=3,title=[translation-outdated]::outdated"


def test_mkdocs_own_warning_names_the_file_from_its_message() -> None:
    message = "Doc file 'en/index.md' contains a link 'nope.md', but the target is not found among documentation files."
    assert mkdocs_annotation(message, "docs", failing=True) == workflow_command(
        "error", message, "docs/en/index.md", None, "[mkdocs]")
    assert mkdocs_annotation("Something general", "docs", failing=False) == "::warning title=[mkdocs]::Something general"


def test_job_summary_lists_problems_by_rule_translations_reviews_and_time() -> None:
    problems = [Problem("docs/en/a.md", 2, "link-target", "x"), Problem("docs/en/b.md", 5, "link-target", "y"),
                Problem("docs/lv/a.md", 1, "translation-outdated", "z", severity="warning")]
    summary = job_summary(problems, {"lv": Counter(current=3, outdated=1)},
                          [ReviewDue("docs/en/a.md", "Team lead", "2026-12-01")], 2.345, "failed")
    assert summary.splitlines()[0] == "## Handbook build: failed"
    assert "Build time: 2.3 s" in summary
    assert "| `link-target` | 2 | 0 | `docs/en/a.md:2` |" in summary
    assert "| `translation-outdated` | 0 | 1 | `docs/lv/a.md:1` |" in summary
    assert "| lv | 3 | 1 |" in summary
    assert "| `docs/en/a.md` | Team lead | 2026-12-01 |" in summary


def test_a_broken_build_on_github_prints_annotations_and_a_summary(tmp_path) -> None:
    site = make_site(tmp_path, "link-target")
    summary_file = tmp_path / "summary.md"
    os.environ.update(GITHUB_ACTIONS="true", GITHUB_STEP_SUMMARY=str(summary_file))
    try:
        result = mkdocs_build(site, "link-target")
    finally:
        del os.environ["GITHUB_ACTIONS"], os.environ["GITHUB_STEP_SUMMARY"]
    assert result.returncode != 0
    commands = [line for line in result.stdout.splitlines() if line.startswith("::")]
    assert commands, result.stdout + result.stderr
    assert all(line.startswith(("::error file=docs/", "::warning file=docs/")) and ",line=" in line for line in commands)
    assert any(line.startswith("::error file=docs/en/chapters/listen.md,line=23,title=[link-target]::")
               for line in commands), commands
    summary = summary_file.read_text(encoding="utf-8")
    assert summary.startswith("## Handbook build: failed")
    assert "`link-target`" in summary


def test_a_clean_build_off_github_prints_no_workflow_commands(tmp_path) -> None:
    env = {key: os.environ.pop(key) for key in ("GITHUB_ACTIONS", "GITHUB_STEP_SUMMARY") if key in os.environ}
    try:
        result = mkdocs_build(make_site(tmp_path))
    finally:
        os.environ.update(env)
    assert result.returncode == 0, result.stderr
    assert "::error" not in result.stdout and "::warning" not in result.stdout
