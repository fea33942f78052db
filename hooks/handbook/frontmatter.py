"""Front-matter rules: required keys, known keys only, and the type of every value."""

from __future__ import annotations

import re
import reprlib

from .config import HandbookConfig
from .problems import Problem
from .reviews import MAX_INTERVAL_DAYS
from .source import SourcePage, is_date

REQUIRED = ("title", "description", "owner", "last_reviewed")
OPTIONAL = ("review_interval_days", "checklist", "source_hash", "hide", "keywords")
SOURCE_HASH = re.compile(r"^[0-9a-f]{12}$")


def shown(value: object, limit: int = 60) -> str:
    """A value for a message, cut short: front matter can hold a long or deeply nested value."""
    text = reprlib.repr(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def check_front_matter(page: SourcePage, config: HandbookConfig) -> list[Problem]:
    problems: list[Problem] = []
    if any(p.rule.startswith("front-matter-") for p in page.problems):
        return problems
    fm = page.front_matter
    if not fm:
        return [Problem(page.path, 1, "front-matter-missing", "the page has no front matter",
                        "start the file with ---, then title, description, owner and last_reviewed, then ---")]
    for key in REQUIRED:
        if key not in fm:
            problems.append(Problem(page.path, 1, "front-matter-missing-key", f"front matter has no `{key}`",
                                    f"add `{key}:` between the --- lines (see the contributor page)"))
    for key in fm:
        if key not in REQUIRED + OPTIONAL:
            problems.append(Problem(page.path, page.line_of(key), "front-matter-unknown-key",
                                    f"unknown front-matter key `{key}`",
                                    f"allowed keys: {', '.join(REQUIRED + OPTIONAL)}; check the spelling"))
    for key in ("title", "description"):
        if key in fm and (not isinstance(fm[key], str) or not fm[key].strip()):
            problems.append(Problem(page.path, page.line_of(key), "front-matter-type",
                                    f"`{key}` must be non-empty text", f"write `{key}: Some text`"))
    if "owner" in fm and not isinstance(fm["owner"], str):
        problems.append(Problem(page.path, page.line_of("owner"), "front-matter-type",
                                f"`owner` must be one role id, got {shown(fm['owner'])}",
                                f"write one of: {', '.join(sorted(config.roles))}"))
    elif "owner" in fm and fm["owner"] not in config.roles:
        problems.append(Problem(page.path, page.line_of("owner"), "front-matter-owner",
                                f"owner `{fm['owner']}` is not a role in roles.yml",
                                f"use one of: {', '.join(sorted(config.roles))}"))
    if "last_reviewed" in fm:
        value = fm["last_reviewed"]
        if not is_date(value):
            problems.append(Problem(page.path, page.line_of("last_reviewed"), "front-matter-type",
                                    f"`last_reviewed` must be a date, got {shown(value)}",
                                    "write it as YYYY-MM-DD without quotes, e.g. last_reviewed: 2026-11-20"))
        elif value > config.today:
            problems.append(Problem(page.path, page.line_of("last_reviewed"), "front-matter-type",
                                    f"`last_reviewed` {value} is in the future",
                                    "use the date the page was actually reviewed"))
    interval = fm.get("review_interval_days")
    if interval is not None and (not isinstance(interval, int) or isinstance(interval, bool)
                                 or not 0 < interval <= MAX_INTERVAL_DAYS):
        problems.append(Problem(page.path, page.line_of("review_interval_days"), "front-matter-type",
                                f"`review_interval_days` must be a whole number from 1 to {MAX_INTERVAL_DAYS}, "
                                f"got {shown(interval)}", "e.g. review_interval_days: 180"))
    keywords = fm.get("keywords")
    if keywords is not None and not (
        isinstance(keywords, list) and keywords and all(isinstance(k, str) and k.strip() for k in keywords)
    ):
        problems.append(Problem(page.path, page.line_of("keywords"), "front-matter-type",
                                "`keywords` must be a list of words or phrases staff search for",
                                "e.g. keywords: [angry customer, refund, money back]"))
    if "source_hash" in fm and page.lang == config.source_language:
        problems.append(Problem(page.path, page.line_of("source_hash"), "front-matter-unknown-key",
                                "`source_hash` belongs on translations only", "remove it from the English page"))
    return problems
