"""The content-health report: per page its owner, review dates, translation state and warnings, with totals.

Built from the validation report, so it costs no extra reading of the sources.
"""

from __future__ import annotations

import html
import json
from collections.abc import Callable
from typing import Any

from .reviews import review_state
from .validate import Report


def health_rows(report: Report) -> list[dict[str, Any]]:
    config = report.config
    source = config.source_language
    rows = []
    # Counted once up front rather than by a scan per page, which made the report grow with n².
    linked: dict[str, int] = {}
    for (cl_lang, _), checklist in report.checklists.items():
        chapters = checklist.meta.get("chapters")
        if cl_lang == source and isinstance(chapters, list):
            for chapter in {c for c in chapters if isinstance(c, str)}:
                linked[chapter] = linked.get(chapter, 0) + 1
    problems_by_suffix: dict[str, list[str]] = {}  # "building/x.md" -> problems of docs/<lang>/.../building/x.md
    for p in report.problems:
        parts = p.path.split("/")
        if len(parts) > 1 and parts[1] in config.languages:
            line = p.format().splitlines()[0]
            for index in range(1, len(parts)):
                problems_by_suffix.setdefault("/".join(parts[index:]), []).append(line)
    for (lang, rel), page in sorted(report.pages.items()):
        if lang != source:
            continue
        review = review_state(page, config)
        translations = {}
        for other in config.translations:
            state = report.translation_status(other, rel)
            translations[other] = state.status if state else "missing"
        checklists = linked.get(rel, 0)
        rows.append({
            "page": rel,
            "title": str(page.front_matter.get("title", rel)),
            "owner": review.owner,
            "last_reviewed": review.last_reviewed.isoformat() if review.last_reviewed else None,
            "next_review": review.next_due.isoformat() if review.next_due else None,
            "overdue": review.overdue,
            "is_checklist": (lang, rel) in report.checklists,
            "checklists_linked": checklists,
            "translations": translations,
            "problems": problems_by_suffix.get(rel, []),
        })
    return rows


def health_totals(report: Report, rows: list[dict[str, Any]]) -> dict[str, Any]:
    config = report.config
    per_language = {}
    for lang in config.translations:
        states = [row["translations"][lang] for row in rows]
        per_language[lang] = {status: states.count(status)
                              for status in ("current", "outdated", "unrecorded", "missing", "english-only")}
    return {
        "date": config.today.isoformat(),
        "pages": len(rows),
        "checklists": {lang: sum(1 for (cl_lang, _) in report.checklists if cl_lang == lang) for lang in config.languages},
        "overdue": sum(1 for row in rows if row["overdue"]),
        "errors": len(report.errors),
        "warnings": len(report.warnings),
        "translations": per_language,
    }


def health_json(report: Report) -> str:
    rows = health_rows(report)
    return json.dumps({"totals": health_totals(report, rows), "pages": rows}, ensure_ascii=False, indent=2)


def _html_table(columns: list[tuple[str, bool]], rows: list[list[str]]) -> str:
    """A table as Python-Markdown writes one (columns: (heading, right-aligned)); cells are HTML."""
    def cells(tag: str, values: list[str]) -> str:
        return "".join(f'<{tag} style="text-align: right;">{value}</{tag}>\n' if right else f"<{tag}>{value}</{tag}>\n"
                       for value, (_, right) in zip(values, columns, strict=True))

    body = "".join(f"<tr>\n{cells('td', row)}</tr>\n" for row in rows)
    return (f"<table>\n<thead>\n<tr>\n{cells('th', [html.escape(name) for name, _ in columns])}</tr>\n</thead>\n"
            f"<tbody>\n{body}</tbody>\n</table>")


def health_markdown(report: Report, html_block: Callable[[str], str] = str, json_url: str = "../health.json") -> str:
    """The health page's sections. Its tables are HTML, given to html_block (the hook keeps them out of
    Markdown: a table row per page made this page slow to convert on a large handbook).

    json_url: health.json (written once, at the site's root) seen from this page's URL."""
    rows = health_rows(report)
    totals = health_totals(report, rows)
    langs = report.config.translations
    summary = [[html.escape(lang), *(str(totals["translations"][lang][status]) for status in
                                     ("current", "outdated", "unrecorded", "missing", "english-only")),
                str(totals["checklists"].get(lang, 0))] for lang in langs]
    pages = []
    for row in rows:
        due = (f"<strong>{row['next_review']} (overdue)</strong>" if row["overdue"] else (row["next_review"] or "—"))
        kind = "checklist" if row["is_checklist"] else str(row["checklists_linked"])
        problems = "<br>".join(f"<code>{html.escape(p)}</code>" for p in row["problems"]) or "—"
        pages.append([f"<code>{html.escape(row['page'])}</code>", html.escape(row["owner"] or "—"),
                      row["last_reviewed"] or "—", due, *(row["translations"][lang] for lang in langs), kind, problems])
    lines = [
        f"Generated at build time on {totals['date']}: {totals['pages']} pages, {totals['overdue']} overdue for review, "
        f"{totals['errors']} errors, {totals['warnings']} warnings. "
        f"Also as <a href=\"{html.escape(json_url)}\">JSON</a> for dashboards.",
        "",
        "## Translations {#translation-status}",
        "",
        html_block(_html_table([("language", False), *((name, True) for name in (
            "current", "outdated", "unrecorded", "missing", "English-only", "checklists"))], summary)),
        "",
        "## Pages {#pages}",
        "",
        html_block(_html_table([("page", False), ("owner", False), ("last reviewed", False), ("next review", False),
                                *((lang, False) for lang in langs), ("checklists", True), ("warnings", False)],
                               pages)),
    ]
    return "\n".join(lines) + "\n"
