"""Review rules: every page names an owner role and when it was last confirmed true; overdue pages are flagged."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from .config import HandbookConfig
from .problems import Problem
from .source import SourcePage, is_date

MAX_INTERVAL_DAYS = 3660  # ten years: a page reviewed less often is not reviewed


@dataclass(frozen=True)
class ReviewState:
    owner: str | None
    last_reviewed: datetime.date | None
    next_due: datetime.date | None
    overdue: bool


def review_state(page: SourcePage, config: HandbookConfig) -> ReviewState:
    fm = page.front_matter
    owner = fm.get("owner") if isinstance(fm.get("owner"), str) else None
    last = fm.get("last_reviewed")
    if not is_date(last):
        return ReviewState(owner, None, None, False)
    interval = fm.get("review_interval_days")
    if not isinstance(interval, int) or isinstance(interval, bool) or not 0 < interval <= MAX_INTERVAL_DAYS:
        interval = config.review_interval_days  # the front-matter rule reports the bad value
    try:
        due = last + datetime.timedelta(days=interval)
    except OverflowError:  # a date near the year 9999: no review is ever due
        return ReviewState(owner, last, None, False)
    return ReviewState(owner, last, due, due < config.today)


def check_review(page: SourcePage, config: HandbookConfig) -> list[Problem]:
    state = review_state(page, config)
    if not state.overdue or state.next_due is None:
        return []
    return [Problem(page.path, page.line_of("last_reviewed"), "review-overdue",
                    f"review was due on {state.next_due} (last reviewed {state.last_reviewed}, today {config.today})",
                    "the owner confirms the page is still true, then sets last_reviewed to today",
                    "error" if config.strict_reviews else "warning")]
