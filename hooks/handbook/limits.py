"""Authority limits (refunds, goodwill gestures) kept in one place, data/authority.yml, and shown in pages as
`{{ limit.NAME }}`: each token becomes the amount formatted for the page's language with Babel, so a company
changes a limit once and every language says the same.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path

import yaml
from babel import Locale
from babel.numbers import format_currency

from .problems import Problem
from .source import SourcePage

TOKEN = re.compile(r"\{\{\s*limit\.(?P<name>[A-Za-z0-9_-]+)\s*\}\}")


@dataclass(frozen=True)
class Limits:
    currency: str = "EUR"
    amounts: dict[str, Decimal] = field(default_factory=dict)


class LimitsFileError(ValueError):
    """data/authority.yml is not a currency and a mapping of names to amounts."""


def load_limits(path: Path) -> Limits:
    if not path.is_file():
        return Limits()
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    currency, amounts = data.get("currency", "EUR"), data.get("limits") or {}
    if not isinstance(currency, str) or not re.fullmatch(r"[A-Z]{3}", currency) or not isinstance(amounts, dict):
        raise LimitsFileError(f"{path.name}: needs `currency:` (an ISO code such as EUR) and `limits:` (name: amount)")
    parsed: dict[str, Decimal] = {}
    for name, value in amounts.items():
        try:
            if isinstance(value, bool):
                raise InvalidOperation
            parsed[str(name)] = Decimal(str(value))
        except InvalidOperation:
            raise LimitsFileError(f"{path.name}: limit {name!r} is {value!r}, not an amount") from None
    return Limits(currency, parsed)


def format_amount(amount: Decimal, currency: str, lang: str) -> str:
    """The amount as the language writes money: €2,000 in English, 2 000 € in Latvian; cents only when there are any."""
    pattern = Locale.parse(lang).currency_formats["standard"].pattern
    if amount == amount.to_integral_value():
        pattern = re.sub(r"\.0+", "", pattern)
    return format_currency(amount, currency, format=pattern, locale=lang, currency_digits=False)


def fill_limits(markdown: str, limits: Limits, lang: str) -> str:
    """Replace every known `{{ limit.NAME }}`; unknown ones stay as written (check_limit_tokens reports them)."""

    def replace(match: re.Match[str]) -> str:
        amount = limits.amounts.get(match.group("name"))
        return match.group(0) if amount is None else format_amount(amount, limits.currency, lang)

    return TOKEN.sub(replace, markdown)


def check_limit_tokens(page: SourcePage, limits: Limits) -> list[Problem]:
    """Every `{{ limit.NAME }}` in a page must name a limit of data/authority.yml: a misspelt one would be published
    as is. Tokens are filled wherever they stand, code included, so they are checked wherever they stand too."""
    problems: list[Problem] = []
    for offset, line in enumerate(page.body.splitlines()):
        for match in TOKEN.finditer(line):
            if match.group("name") in limits.amounts:
                continue
            known = ", ".join(sorted(limits.amounts)) or "none yet"
            problems.append(Problem(page.path, page.body_line + offset, "limit-unknown",
                                    f"`{match.group(0)}` is not a limit in data/authority.yml",
                                    f"write {{{{ limit.NAME }}}} with one of: {known}; or add it to data/authority.yml"))
    return problems
