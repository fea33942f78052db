"""Defence in depth: a script that slips past the content policy still does not run.

A tiny four-language fixture site is built once for this module with the content policy switched off
(HANDBOOK_TEST_ONLY_CONTENT_POLICY=off, which only this test sets) and a contributor's inline script in
one page of every language. The Content-Security-Policy hashes only the theme's and the handbook's own
inline scripts, so Chromium must refuse the contributor's script and report a CSP violation, while the
theme's scripts keep working.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.browser.conftest import _serve
from tests.conftest import made_once
from tests.handbook_fixtures import make_site, mkdocs_build
from tools.handbook import HOOKS

LANGUAGES = ("en", "lv", "ms", "vi")
SLIPPED = "<script>window.__slipped = (window.__slipped || 0) + 1; document.title = 'PWNED';</script>"
RECORD_VIOLATIONS_JS = """
window.__violations = [];
document.addEventListener("securitypolicyviolation", (e) => {
  window.__violations.push({directive: e.violatedDirective, blocked: e.blockedURI, line: e.lineNumber});
});
"""
EXTRA_LANGUAGES = """        - locale: ms
          name: Bahasa Melayu
        - locale: vi
          name: Tiếng Việt
"""


def build_slipped_site(tmp: Path) -> int:
    site = make_site(tmp)
    docs = site / "docs"
    for lang in ("ms", "vi"):  # the Latvian pages stand in for two more translations
        shutil.copytree(docs / "lv", docs / lang)
    for lang in LANGUAGES:
        chapter = docs / lang / "chapters" / "listen.md"
        chapter.write_text(chapter.read_text(encoding="utf-8") + "\n" + SLIPPED + "\n", encoding="utf-8")
    config = site / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    text = text.replace("          name: Latviešu\n", "          name: Latviešu\n" + EXTRA_LANGUAGES)
    text = text.replace("  - " + str(HOOKS / "serve_cache_hook.py") + "\n",
                        "  - " + str(HOOKS / "serve_cache_hook.py") + "\n  - " + str(HOOKS / "security_hook.py") + "\n")
    config.write_text(text, encoding="utf-8")
    result = mkdocs_build(site, out=tmp / "out", env={"HANDBOOK_TEST_ONLY_CONTENT_POLICY": "off"})
    print(result.stderr)
    return result.returncode


@pytest.fixture(scope="module")
def slipped_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """Built once per test run, whichever pytest-xdist worker needs it first."""
    out = made_once(tmp_path_factory, "slipped", build_slipped_site) / "out"
    for lang in LANGUAGES:
        page = out / ("" if lang == "en" else lang) / "chapters" / "listen" / "index.html"
        assert SLIPPED in page.read_text(encoding="utf-8"), f"the fixture's script was not published in {lang}"
    server, url = _serve(out)
    yield url + "/"
    server.shutdown()


@pytest.mark.parametrize("lang", LANGUAGES)
def test_a_contributors_inline_script_is_blocked_and_reported(fresh_page, slipped_site: str, lang: str) -> None:
    page = fresh_page  # a context of its own: it watches the whole context
    page.context.add_init_script(RECORD_VIOLATIONS_JS)
    console: list[str] = []
    page.on("console", lambda message: console.append(message.text))
    address = slipped_site + ("" if lang == "en" else f"{lang}/") + "chapters/listen/"
    page.goto(address)
    page.wait_for_load_state("load")
    assert page.evaluate("window.__slipped") is None, f"the contributor's script ran on {address}"
    assert page.title() != "PWNED"
    violations = page.evaluate("window.__violations")
    blocked = [v for v in violations if v["directive"].startswith("script-src") and v["blocked"] == "inline"]
    assert len(blocked) == 1, violations
    assert any("Content Security Policy" in text for text in console), console
    # The theme's own inline scripts still run: Material's bootstrap sets __md_scope.
    assert page.evaluate("typeof window.__md_scope") != "undefined"
