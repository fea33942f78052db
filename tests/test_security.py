"""Page integrity without a browser: every built page carries its Content-Security-Policy, and every link to
another site has rel="noopener noreferrer". Unit tests of hooks/handbook/security.py first."""

from __future__ import annotations

import base64
import hashlib
import re
import sys
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from tools.handbook import HOOKS

sys.path.insert(0, str(HOOKS))

from handbook.security import (
    CSP_META_START,
    content_security_policy,
    external_links,
    external_links_safe,
    is_external,
    own_host_of,
    page_sources,
    policy,
    policy_of,
    secure_page,
    sha256_source,
)

OWN = "example-company.github.io"
PAGE = """<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8">
    <title>T</title>
    <script>var a = 1;</script>
    <script id="__config" type="application/json">{"x": 1}</script>
    <script src="assets/bundle.js"></script>
    <link rel="stylesheet" href="assets/main.css">
  </head>
  <body>
    <a href="https://elsewhere.example/page">out</a>
    <a href="https://example-company.github.io/handbook/x/">own site</a>
    <a href="../local/">local</a>
    <a href="mailto:someone@example.com">mail</a>
    <a href="//cdn.example/x" rel="nofollow">protocol-relative</a>
    <a href="https://squidfunk.github.io/" target="_blank" rel="noopener">made with</a>
    <td style="text-align: right;">1</td>
    <script type="module">import "./x.js";</script>
  </body>
</html>
"""


def directives(text: str) -> dict[str, list[str]]:
    parts = (part.split() for part in text.split(";") if part.strip())
    return {name: values for name, *values in parts}


# ---------- units ----------


def test_hash_is_the_one_browsers_compute():
    expected = "'sha256-" + base64.b64encode(hashlib.sha256(b"var a = 1;").digest()).decode() + "'"
    assert sha256_source("var a = 1;") == expected
    # HTML turns CR LF into LF before the script runs: the hash must be of the LF text.
    assert sha256_source("a\r\nb") == sha256_source("a\nb")


def test_only_executable_inline_scripts_are_hashed():
    sources = page_sources(PAGE)
    assert sources.script_hashes == (sha256_source("var a = 1;"), sha256_source('import "./x.js";'))
    assert sources.style_attr_hashes == (sha256_source("text-align: right;"),)
    assert sources.event_handlers == ()


def test_policy_allows_only_the_site_and_the_page_hashes():
    secured = content_security_policy(PAGE)
    found = directives(policy_of(secured) or "")
    assert found["default-src"] == ["'self'"]
    assert found["script-src"] == ["'self'", "'wasm-unsafe-eval'", *page_sources(PAGE).script_hashes]
    assert found["style-src"] == ["'self'"]
    assert found["style-src-attr"] == ["'unsafe-hashes'", sha256_source("text-align: right;")]
    assert found["object-src"] == ["'none'"] and found["base-uri"] == ["'self'"]
    for name in ("img-src", "font-src", "connect-src"):
        assert found[name][0] == "'self'"
    assert "'unsafe-inline'" not in secured and "'unsafe-eval'" not in secured


def test_policy_comes_right_after_the_charset_and_is_not_repeated():
    secured = content_security_policy(content_security_policy(PAGE))
    assert secured.count(CSP_META_START) == 1
    head = secured[: secured.index("</head>")]
    assert head.index("<meta charset") < head.index(CSP_META_START) < head.index("<script")


def test_without_style_attributes_none_are_allowed():
    assert "style-src-attr 'none'" in policy(page_sources("<html><head></head><body><p>x</p></body></html>"))


def test_inline_event_handlers_are_listed_and_never_allowed():
    html = '<html><head><meta charset="utf-8"></head><body><a href="#" onclick="go()">x</a></body></html>'
    assert page_sources(html).event_handlers == ("a onclick",)
    assert "script-src-attr 'none'" in policy_of(content_security_policy(html))


@pytest.mark.parametrize(
    ("href", "external"),
    [
        ("https://elsewhere.example/", True),
        ("http://elsewhere.example", True),
        ("//cdn.example/x", True),
        ("https://EXAMPLE-company.github.io/handbook/", False),
        ("../local/", False),
        ("#top", False),
        ("mailto:a@example.com", False),
    ],
)
def test_is_external(href, external):
    assert is_external(href, OWN) is external


def test_external_links_get_noopener_and_noreferrer_and_keep_their_rel():
    safe = external_links_safe(PAGE, OWN)
    assert '<a href="https://elsewhere.example/page" rel="noopener noreferrer">' in safe
    assert '<a href="//cdn.example/x" rel="nofollow noopener noreferrer">' in safe
    assert 'target="_blank" rel="noopener noreferrer">made with' in safe
    assert '<a href="https://example-company.github.io/handbook/x/">own site' in safe
    assert '<a href="../local/">local' in safe
    assert external_links_safe(safe, OWN) == safe


def test_the_scan_reads_markup_the_way_a_browser_tokenizes_it():
    """The scan skips most of a page inside one regular expression; these are the cases where skipping
    could go wrong: markup inside scripts, attribute values and comments, upper case, escaped hosts."""
    html = (
        '<div title="<script>var no = 1;</script>"><p>x</p></div>'
        "<!-- <script>var commented = 1;</script> -->"
        '<SCRIPT>if (a < b) { s = "<a href=\'https://inside.example\'>"; }</SCRIPT>'
        '<script src="x.js"/><STYLE media="print">p { color: red }</STYLE>'
        '<p Style="color: blue">a < b</p><button ONCLICK="go()">go</button>'
        '<a class="x" href="&#47;&#47;escaped.example/">escaped</a>'
        '<a href="../local//double/">local</a>'
    )
    sources = page_sources(html)
    assert sources.script_hashes == (sha256_source('if (a < b) { s = "<a href=\'https://inside.example\'>"; }'),)
    assert sources.style_hashes == (sha256_source("p { color: red }"),)
    assert sources.style_attr_hashes == (sha256_source("color: blue"),)
    assert sources.event_handlers == ("button onclick",)
    assert external_links(html, OWN) == [("//escaped.example/", '<a class="x" href="&#47;&#47;escaped.example/">')]
    # An unterminated script runs to the end of the page, as in a browser.
    assert page_sources("<p>x</p><script>var open = 1;").script_hashes == (sha256_source("var open = 1;"),)


def test_secure_page_hashes_the_final_page():
    secured = secure_page(PAGE, OWN)
    assert policy_of(secured) == policy(page_sources(secured))


def test_own_host_of_site_url():
    assert own_host_of("https://Example-Company.github.io/handbook/") == OWN
    assert own_host_of("") == ""


# ---------- the built site ----------


def html_pages(site: Path) -> list[Path]:
    pages = sorted(p for p in site.rglob("*.html") if "pagefind" not in p.relative_to(site).parts)
    assert len(pages) > 100, f"only {len(pages)} HTML pages in the built site"
    return pages


def site_host(site: Path) -> str:
    canonical = re.search(r'<link rel="canonical" href="([^"]+)"', (site / "index.html").read_text(encoding="utf-8"))
    assert canonical, "the home page has no canonical link to take the site's host from"
    return urlsplit(canonical.group(1)).hostname or ""


def test_every_built_page_has_exactly_the_policy_it_needs(built_site):
    problems = []
    for path in html_pages(built_site):
        html = path.read_text(encoding="utf-8")
        shown = path.relative_to(built_site)
        if html.count(CSP_META_START) != 1:
            problems.append(f"{shown}: {html.count(CSP_META_START)} Content-Security-Policy meta tags")
            continue
        head = html[: html.lower().index("</head>")]
        first_code = min(i for i in (head.find("<script"), head.find("<link rel=\"stylesheet\""), len(head)) if i >= 0)
        if head.index(CSP_META_START) > first_code:
            problems.append(f"{shown}: the policy comes after a script or stylesheet, which it then does not govern")
        if policy_of(html) != policy(page_sources(html)):
            problems.append(f"{shown}: the policy does not match the page's inline scripts and styles")
        if page_sources(html).event_handlers:
            problems.append(f"{shown}: inline event handlers, which the policy blocks: {page_sources(html).event_handlers}")
    assert not problems, "\n".join(problems)


def test_every_external_link_has_noopener(built_site):
    own = site_host(built_site)
    missing, count = [], 0
    for path in html_pages(built_site):
        for href, tag in external_links(path.read_text(encoding="utf-8"), own):
            count += 1
            rel = re.search(r'\srel="([^"]*)"', tag)
            tokens = rel.group(1).lower().split() if rel else []
            if "noopener" not in tokens or "noreferrer" not in tokens:
                missing.append(f"{path.relative_to(built_site)}: {href}")
    assert count, "no external link found: the check looked at nothing"
    assert not missing, "links to other sites without rel=noopener noreferrer:\n" + "\n".join(missing)


def test_the_dev_server_policy_allows_inline_scripts_and_nothing_else_more():
    served = directives(policy_of(secure_page(PAGE, OWN, dev_server=True)) or "")
    built = directives(policy_of(secure_page(PAGE, OWN)) or "")
    assert served["script-src"] == ["'self'", "'wasm-unsafe-eval'", "'unsafe-inline'"]
    assert {k: v for k, v in served.items() if k != "script-src"} == {k: v for k, v in built.items() if k != "script-src"}
