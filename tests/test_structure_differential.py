"""The source check and the built-HTML check find the same problems in a corpus of tricky Markdown.

The source check reads the Markdown as Python-Markdown parses it (hooks/handbook/structure.py); the built
check reads the HTML the build wrote (hooks/handbook/built.py). Neither may see a problem the other
misses: fences of 3 to 5 backticks and tildes and nested fences, indented code, HTML comments, links
that wrap lines, reference links, autolinks, raw-HTML links and images, headings with Latvian and
Vietnamese diacritics, attr_list ids (tests/fixtures/differential/).
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

from tests.handbook_fixtures import FIXTURES, make_site, mkdocs_build, validate_site

CORPUS = FIXTURES / "differential"
LOCATED = re.compile(r"^(docs/\S+\.md:\d+: \[[a-z-]+\])", re.MULTILINE)
STRUCTURE_RULES = {"link-target", "link-anchor", "link-absolute", "link-cross-language", "link-reference-undefined",
                   "id-duplicate"}


def test_source_and_built_checks_find_the_same_problems(tmp_path: Path) -> None:
    site = make_site(tmp_path)
    shutil.copytree(CORPUS / "docs", site / "docs", dirs_exist_ok=True)
    expected = set((CORPUS / "expected.txt").read_text(encoding="utf-8").split("\n")) - {""}

    source = {f"{p.path}:{p.line}: [{p.rule}]" for p in validate_site(site).errors if p.rule in STRUCTURE_RULES}

    # The source check switched off, so the build's own check of the written HTML reports on its own.
    result = mkdocs_build(site, strict=False, env={"HANDBOOK_SOURCE_CHECKS_OFF": "1"})
    assert "Traceback" not in result.stderr
    assert result.returncode != 0
    built = {match for match in LOCATED.findall(result.stderr) if match.split("[")[1].rstrip("]") in STRUCTURE_RULES}

    assert source == expected
    assert built == expected


def test_both_checks_on_report_each_problem_once(tmp_path: Path) -> None:
    """With both checks on, the build fails and says each problem once."""
    site = make_site(tmp_path)
    shutil.copytree(CORPUS / "docs", site / "docs", dirs_exist_ok=True)
    result = mkdocs_build(site)
    assert result.returncode != 0
    located = LOCATED.findall(result.stderr)
    assert len(located) == len(set(located))
    assert "docs/en/chapters/listen.md:85: [link-target]" in located
