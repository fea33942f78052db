"""What a build tells GitHub Actions: one workflow command per problem, so each shows on the pull request's
diff at its line, and a Markdown job summary (problems by rule, translations, reviews due, build time).

Pure functions over the handbook's problems and report; the adapter prints and writes them when
GITHUB_ACTIONS=true. Escaping follows GitHub's workflow-command rules: `%`, CR and LF in every value, and
also `:` and `,` in properties.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from .problems import Problem

_MKDOCS_DOC_FILE = re.compile(r"Doc file '(?P<path>[^']+)'")


def escape_data(value: str) -> str:
    return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(value: str) -> str:
    return escape_data(value).replace(":", "%3A").replace(",", "%2C")


def workflow_command(level: str, message: str, file: str | None = None, line: int | None = None,
                     title: str | None = None) -> str:
    """`::error file=…,line=…,title=…::message` (or ::warning), every value escaped."""
    properties = []
    if file:
        properties.append(f"file={escape_property(file)}")
    if file and line:
        properties.append(f"line={line}")
    if title:
        properties.append(f"title={escape_property(title)}")
    joined = (" " + ",".join(properties)) if properties else ""
    return f"::{level}{joined}::{escape_data(message)}"


def annotation(problem: Problem) -> str:
    message = problem.message + (f"\nhint: {problem.hint}" if problem.hint else "")
    return workflow_command(problem.severity, message, problem.path, problem.line, f"[{problem.rule}]")


def mkdocs_annotation(message: str, docs_dir_name: str, failing: bool) -> str:
    """One of MkDocs' own warnings (for example a link it cannot resolve); under --strict it fails the build.
    Its message names the file relative to the docs folder, without a line."""
    found = _MKDOCS_DOC_FILE.search(message)
    file = f"{docs_dir_name}/{found.group('path')}" if found else None
    return workflow_command("error" if failing else "warning", message, file, None, "[mkdocs]")


@dataclass(frozen=True)
class ReviewDue:
    path: str
    owner: str
    due: str  # ISO date


def _cell(value: str) -> str:
    return value.replace("|", "\\|").replace("\n", " ")


def job_summary(problems: Iterable[Problem], translations: dict[str, Counter[str]], reviews_due: list[ReviewDue],
                seconds: float | None, outcome: str) -> str:
    """The Markdown written to $GITHUB_STEP_SUMMARY."""
    problems = sorted(problems)
    lines = [f"## Handbook build: {outcome}", ""]
    lines.append(f"Build time: {seconds:.1f} s" if seconds is not None else "Build time: not measured")
    lines += ["", "### Problems by rule", ""]
    if problems:
        by_rule: dict[str, list[Problem]] = {}
        for problem in problems:
            by_rule.setdefault(problem.rule, []).append(problem)
        lines += ["| rule | errors | warnings | first at |", "| --- | ---: | ---: | --- |"]
        for rule, found in sorted(by_rule.items()):
            errors = sum(1 for p in found if p.severity == "error")
            lines.append(f"| `{rule}` | {errors} | {len(found) - errors} | `{_cell(found[0].path)}:{found[0].line}` |")
    else:
        lines.append("None.")
    lines += ["", "### Translations", ""]
    statuses = sorted({status for counts in translations.values() for status in counts})
    if translations:
        lines += ["| language | " + " | ".join(statuses) + " |", "| --- |" + " ---: |" * len(statuses)]
        for lang, counts in translations.items():
            lines.append(f"| {lang} | " + " | ".join(str(counts.get(status, 0)) for status in statuses) + " |")
    else:
        lines.append("No translated languages built.")
    lines += ["", "### Pages due for review", ""]
    if reviews_due:
        lines += ["| page | owner | review was due |", "| --- | --- | --- |"]
        lines += [f"| `{_cell(r.path)}` | {_cell(r.owner)} | {r.due} |" for r in sorted(reviews_due, key=lambda r: r.due)]
    else:
        lines.append("None.")
    return "\n".join(lines) + "\n"
