"""Authority limits live in data/authority.yml and show in every language's own money format."""

from __future__ import annotations

import sys
from decimal import Decimal

import pytest

from tests.handbook_fixtures import make_site, mkdocs_build
from tools.handbook import HOOKS

sys.path.insert(0, str(HOOKS))

from handbook.limits import Limits, LimitsFileError, fill_limits, format_amount, load_limits


@pytest.mark.parametrize(("lang", "whole", "cents"), [
    ("en", "€2,000", "€19.50"),
    ("ms", "€2,000", "€19.50"),
    ("lv", "2\xa0000\xa0€", "19,50\xa0€"),
    ("vi", "2.000\xa0€", "19,50\xa0€"),
])
def test_amounts_are_written_as_each_language_writes_money(lang, whole, cents):
    assert format_amount(Decimal(2000), "EUR", lang) == whole
    assert format_amount(Decimal("19.5"), "EUR", lang) == cents


def test_known_tokens_are_filled_and_unknown_ones_left_for_the_rule():
    limits = Limits("EUR", {"goodwill": Decimal(20)})
    assert fill_limits("Up to {{ limit.goodwill }}, not {{limit.nope}}.", limits, "en") == "Up to €20, not {{limit.nope}}."


def test_a_malformed_limits_file_is_a_clear_error(tmp_path):
    path = tmp_path / "authority.yml"
    path.write_text("currency: EUR\nlimits:\n  refund: lots\n", encoding="utf-8")
    with pytest.raises(LimitsFileError, match="refund"):
        load_limits(path)


def test_built_pages_show_the_amounts_in_their_language(tmp_path):
    site = make_site(tmp_path)
    for lang in ("en", "lv"):
        page = site / "docs" / lang / "chapters" / "listen.md"
        page.write_text(page.read_text(encoding="utf-8") + "\nLimit: {{ limit.refund_team_lead }}.\n", encoding="utf-8")
    result = mkdocs_build(site, strict=False)
    assert result.returncode == 0, result.stderr
    english = (site / "site" / "chapters" / "listen" / "index.html").read_text(encoding="utf-8")
    latvian = (site / "site" / "lv" / "chapters" / "listen" / "index.html").read_text(encoding="utf-8")
    assert "Limit: €2,000." in english and "{{" not in english
    assert "Limit: 2\xa0000\xa0€." in latvian
