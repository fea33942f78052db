"""The content-health report: per page its owner, review dates, translation state and warnings, with totals.

Built from the validation report, so it costs no extra reading of the sources.
"""

from __future__ import annotations

import json
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


def health_markdown(report: Report) -> str:
    rows = health_rows(report)
    totals = health_totals(report, rows)
    langs = report.config.translations
    lines = [
        f"Generated at build time on {totals['date']}: {totals['pages']} pages, {totals['overdue']} overdue for review, "
        f"{totals['errors']} errors, {totals['warnings']} warnings. Also as <a href=\"../health.json\">JSON</a> for dashboards.",
        "",
        "## Translations {#translation-status}",
        "",
        "| language | current | outdated | unrecorded | missing | English-only | checklists |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for lang in langs:
        t = totals["translations"][lang]
        lines.append(f"| {lang} | {t['current']} | {t['outdated']} | {t['unrecorded']} | {t['missing']} | "
                     f"{t['english-only']} | {totals['checklists'].get(lang, 0)} |")
    lines += ["", "## Pages {#pages}", "",
              "| page | owner | last reviewed | next review | " + " | ".join(langs) + " | checklists | warnings |",
              "| --- | --- | --- | --- | " + " | ".join("---" for _ in langs) + " | ---: | --- |"]
    for row in rows:
        due = f"**{row['next_review']} (overdue)**" if row["overdue"] else (row["next_review"] or "—")
        kind = "checklist" if row["is_checklist"] else str(row["checklists_linked"])
        problems = "<br>".join(f"`{p}`" for p in row["problems"]) or "—"
        lines.append(f"| `{row['page']}` | {row['owner'] or '—'} | {row['last_reviewed'] or '—'} | {due} | "
                     + " | ".join(row["translations"][lang] for lang in langs) + f" | {kind} | {problems} |")
    return "\n".join(lines) + "\n"
