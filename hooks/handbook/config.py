"""The settings the rules need, independent of the builder that supplies them."""

from __future__ import annotations

import datetime
import os
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from .limits import Limits

DEFAULT_LANGUAGE = "en"


@dataclass(frozen=True)
class HandbookConfig:
    docs_dir: Path
    languages: tuple[str, ...] = ("en", "ms", "lv", "vi")  # the source language first
    nav_pages: tuple[str, ...] | None = None  # pages named in the nav; None when there is no nav
    not_in_nav: tuple[str, ...] = ()  # pages deliberately left out of the nav
    english_only: tuple[str, ...] = ()
    site_url: str = ""
    roles: dict[str, dict[str, str]] = field(default_factory=dict)  # role id -> {language: name}
    review_interval_days: int = 365
    strict_reviews: bool = False
    today: datetime.date = field(default_factory=datetime.date.today)
    config_file: str = "mkdocs.yml"
    config_text: str = ""  # the config file's text, to give nav problems a line
    limits: Limits = field(default_factory=Limits)  # data/authority.yml
    # Files under docs/ that would run as code but are published on purpose (extra.handbook.allowed_code_files).
    allowed_code_files: tuple[str, ...] = ()

    @property
    def source_language(self) -> str:
        return self.languages[0]

    @property
    def translations(self) -> tuple[str, ...]:
        return self.languages[1:]


def load_roles(path: Path) -> dict[str, dict[str, str]]:
    """Roles file: `role-id: {en: Name, ms: Nama, ...}`."""
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    return {str(key): {str(k): str(v) for k, v in (value or {}).items()} for key, value in data.items()}


def today_from_environment() -> datetime.date:
    """HANDBOOK_TODAY (YYYY-MM-DD) fixes the date reviews are judged against, for reproducible builds."""
    fixed = os.environ.get("HANDBOOK_TODAY")
    return datetime.date.fromisoformat(fixed) if fixed else datetime.date.today()


def strict_reviews_from_environment(default: bool) -> bool:
    value = os.environ.get("HANDBOOK_STRICT_REVIEWS")
    return default if value is None else value.lower() in ("1", "true", "yes")
