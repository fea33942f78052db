"""Page integrity and privacy: a Content Security Policy per page, and safe links to other sites.

Plain functions on a page's final HTML (no MkDocs import); hooks/security_hook.py applies them to every
built page, 404 page included.

The policy lets a page load only the site's own scripts, styles, fonts, images and connections
('self'), so nothing on a page can reach another host. Material writes a few inline `<script>`
blocks into every page (its storage helpers, the palette restore, the tab restore); they are allowed
one by one through the SHA-256 hash of their exact text, never with 'unsafe-inline', and only when they
come from the theme or the handbook's templates: a script inside the page's content never gets a hash. Likewise the
`style="…"` attributes that Markdown writes (table column alignment) are allowed by the hash of their
exact value ('unsafe-hashes' in style-src-attr); styles set from JavaScript through the CSSOM (as
Material does) are not governed by CSP. Pagefind compiles WebAssembly, hence 'wasm-unsafe-eval'.
A `<meta>` policy cannot carry frame-ancestors, report-uri or sandbox; those need HTTP headers.
"""

from __future__ import annotations

import base64
import hashlib
import html as html_lib
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from urllib.parse import urlsplit

CSP_META_START = '<meta http-equiv="Content-Security-Policy"'

# Script types a browser executes; anything else (application/json, …) is data and needs no hash.
_JS_TYPES = frozenset(
    {
        "",
        "module",
        "text/javascript",
        "application/javascript",
        "application/ecmascript",
        "text/ecmascript",
        "application/x-javascript",
        "text/jscript",
    }
)
_META_CHARSET = re.compile(r"<meta\s+charset\s*=\s*[\"']?[\w-]+[\"']?\s*/?>", re.IGNORECASE)
_HEAD_OPEN = re.compile(r"<head(\s[^>]*)?>", re.IGNORECASE)
_EXISTING_CSP = re.compile(r'<meta\s+http-equiv="Content-Security-Policy"[^>]*>\s*', re.IGNORECASE)
_REL = re.compile(r"""\srel\s*=\s*(?:"(?P<dq>[^"]*)"|'(?P<sq>[^']*)'|(?P<bare>[^\s>]+))""", re.IGNORECASE)
SAFE_REL = ("noopener", "noreferrer")


def sha256_source(text: str) -> str:
    """A CSP hash source for text exactly as the browser sees it (HTML turns CR LF and CR into LF)."""
    normalised = text.replace("\r\n", "\n").replace("\r", "\n")
    digest = hashlib.sha256(normalised.encode("utf-8")).digest()
    return "'sha256-" + base64.b64encode(digest).decode("ascii") + "'"


@dataclass
class _Scan:
    """One pass over a page: inline scripts and styles, style attributes, and <a> start tags."""

    scripts: list[str] = field(default_factory=list)
    script_starts: list[int] = field(default_factory=list)  # where each of scripts starts in the page
    styles: list[str] = field(default_factory=list)
    style_attrs: list[str] = field(default_factory=list)
    event_handlers: list[str] = field(default_factory=list)
    # (start, end, href) of each <a> start tag whose href may name another host
    links: list[tuple[int, int, str]] = field(default_factory=list)


_VALUE = r"""(?:"[^"]*"|'[^']*'|[^\s"'=<>`]+)"""
_ATTRS = rf"""(?:\s+[^\s"'>/=]+(?:\s*=\s*{_VALUE})?)*"""
# An attribute the scan can ignore: not a style or on… attribute, and not an href that could name a host
# (one with `//`, or with `&`, which may hide an escaped `//`).
_PLAIN_ATTR = (
    r"""\s+(?:(?!(?i:style|href)(?![^\s"'>/=])|(?i:on))[^\s"'>/=]+(?:\s*=\s*""" + _VALUE + r""")?"""
    r"""|(?i:href)\s*=\s*(?:"(?:[^"&/]|/(?!/))*"|'(?:[^'&/]|/(?!/))*'|(?:[^\s"'=<>`&/]|/(?!/))+))"""
)
_NOTABLE = (
    rf"<(?P<script>(?i:script))(?P<script_attrs>{_ATTRS})\s*>(?P<script_text>.*?)(?=</(?i:script)|\Z)"
    rf"|<(?P<style>(?i:style))(?P<style_attrs>{_ATTRS})\s*>(?P<style_text>.*?)(?=</(?i:style)|\Z)"
    rf"|<(?P<tag>[a-zA-Z][a-zA-Z0-9-]*)(?P<attrs>{_ATTRS})\s*/?>"
)
_NOTABLE_UNNAMED = re.sub(r"\(\?P<\w+>", "(?:", _NOTABLE)
# Everything the scan can skip: text, comments, and start tags with only plain attributes (most of a page).
_SKIPPED = (
    r"(?:[^<]++"
    rf"""|<(?!(?i:script|style)(?![a-zA-Z0-9-]))[a-zA-Z][a-zA-Z0-9-]*(?:{_PLAIN_ATTR})*+\s*/?>"""
    r"|<!--.*?-->"
    rf"|(?!{_NOTABLE_UNNAMED})<)*+"  # a lone "<" that starts nothing notable
)
# One match per notable item: a <script> or <style> element with its text (so markup inside it is never
# taken for tags), or a start tag with a style, on… or href attribute; whatever precedes it is skipped
# inside the C regex engine. The same tokens as an HTML tokenizer for well-formed pages, at a fraction
# of html.parser's cost: the scan runs on every page of every language.
_MARKUP = re.compile(rf"{_SKIPPED}(?:{_NOTABLE}|\Z)", re.DOTALL)
_ATTR = re.compile(r"([^\s\"'>/=]+)(?:\s*=\s*(?:\"([^\"]*)\"|'([^']*)'|([^\s\"'=<>`]+)))?")


def _unescaped(value: str) -> str:
    return html_lib.unescape(value) if "&" in value else value


def _attributes(attrs: str) -> list[tuple[str, str]]:
    return [(name.lower(), _unescaped(dq or sq or bare)) for name, dq, sq, bare in _ATTR.findall(attrs)]


def _note_attributes(scan: _Scan, tag: str, attrs: list[tuple[str, str]]) -> None:
    for name, value in attrs:
        if name == "style":
            scan.style_attrs.append(value)
        elif name.startswith("on"):
            scan.event_handlers.append(f"{tag} {name}")


def _scan(html: str) -> _Scan:
    scan = _Scan()
    for match in _MARKUP.finditer(html):
        kind = match.lastgroup
        if kind == "attrs":  # the group that closes last in the start-tag branch
            tag = match.group("tag").lower()
            attrs = _attributes(match.group("attrs"))
            _note_attributes(scan, tag, attrs)
            if tag == "a":
                href = dict(attrs).get("href")
                if href is not None:
                    scan.links.append((match.start("tag") - 1, match.end(), href))
        elif kind == "script_text":
            attrs = _attributes(match.group("script_attrs"))
            _note_attributes(scan, "script", attrs)
            values = dict(attrs)
            if "src" not in values and values.get("type", "").strip().lower() in _JS_TYPES:
                scan.scripts.append(match.group("script_text"))
                scan.script_starts.append(match.start("script"))
        elif kind == "style_text":
            _note_attributes(scan, "style", _attributes(match.group("style_attrs")))
            scan.styles.append(match.group("style_text"))
    return scan


@dataclass(frozen=True)
class PageSources:
    """What a page's policy has to allow beyond the site's own files."""

    script_hashes: tuple[str, ...]
    style_hashes: tuple[str, ...]
    style_attr_hashes: tuple[str, ...]
    event_handlers: tuple[str, ...]  # inline on…= attributes: never allowed, listed so a test can report them


def page_sources(html: str, scan: _Scan | None = None, untrusted: tuple[int, int] | None = None) -> PageSources:
    """untrusted: the part of html that is page content (start, end); no script there is ever allowed."""
    scan = scan or _scan(html)
    start, end = untrusted or (0, 0)
    trusted = [text for text, at in zip(scan.scripts, scan.script_starts, strict=True) if not start <= at < end]
    return PageSources(
        script_hashes=_unique(sha256_source(s) for s in trusted),
        style_hashes=_unique(sha256_source(s) for s in scan.styles),
        style_attr_hashes=_unique(sha256_source(s) for s in scan.style_attrs),
        event_handlers=tuple(scan.event_handlers),
    )


def _unique(items: Iterable[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(items))


def policy(sources: PageSources, dev_server: bool = False) -> str:
    """The policy text for a page whose inline code is described by sources.

    dev_server: for `mkdocs serve`, whose live reload adds an inline script per request that no hash made
    at build time can match, inline scripts are allowed ('unsafe-inline'); every other rule stays, so
    a request to another host still shows up while serving. Built sites never get this.
    """
    inline_scripts = ["'unsafe-inline'"] if dev_server else list(sources.script_hashes)
    directives = [
        "default-src 'self'",
        " ".join(["script-src 'self' 'wasm-unsafe-eval'", *inline_scripts]),
        " ".join(["style-src 'self'", *sources.style_hashes]),
        (
            " ".join(["style-src-attr 'unsafe-hashes'", *sources.style_attr_hashes])
            if sources.style_attr_hashes
            else "style-src-attr 'none'"
        ),
        "script-src-attr 'none'",
        # data: only for the SVG icons Material's stylesheet embeds; data: URLs never leave the browser.
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "worker-src 'self'",
        "manifest-src 'self'",
        "media-src 'self'",
        "frame-src 'none'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
    ]
    return "; ".join(directives)


def content_security_policy(html: str, dev_server: bool = False, scan: _Scan | None = None,
                            untrusted: tuple[int, int] | None = None) -> str:
    """The page with a Content-Security-Policy <meta> first in its <head> (replacing an earlier one).

    The tag goes right after <meta charset> (which must stay within the first bytes), before every
    script and stylesheet, since a <meta> policy only governs what comes after it.
    """
    without = _EXISTING_CSP.sub("", html) if "Content-Security-Policy" in html else html
    # A scan of the page before an old policy was removed is still valid: a <meta> holds no inline code.
    sources = page_sources(without, scan, untrusted)
    html = without
    content = html_lib.escape(policy(sources, dev_server), quote=False).replace('"', "&quot;")
    meta = f'{CSP_META_START} content="{content}">'
    anchor = _META_CHARSET.search(html) or _HEAD_OPEN.search(html)
    if anchor is None:
        return html
    return html[: anchor.end()] + "\n    " + meta + html[anchor.end() :]


def policy_of(html: str) -> str | None:
    """The policy a page declares in its <meta>, or None."""
    match = re.search(r'<meta\s+http-equiv="Content-Security-Policy"\s+content="([^"]*)"', html, re.IGNORECASE)
    return html_lib.unescape(match.group(1)) if match else None


def is_external(href: str, own_host: str) -> bool:
    """True for an http(s) or protocol-relative link to a host other than own_host."""
    href = html_lib.unescape(href).strip()
    if "//" not in href:
        return False  # no host part: a link within the site (most links)
    parts = urlsplit(href)
    if parts.scheme not in ("http", "https", "") or not parts.netloc:
        return False
    return (parts.hostname or "").lower() != own_host.lower()


def external_links(html: str, own_host: str) -> list[tuple[str, str]]:
    """(href, full start tag) of every link to another host."""
    return [(href, html[start:end]) for start, end, href in _scan(html).links if is_external(href, own_host)]


def _with_safe_rel(tag: str) -> str:
    match = _REL.search(tag)
    if match is None:
        closing = 2 if tag.endswith("/>") else 1
        return tag[:-closing].rstrip() + f' rel="{" ".join(SAFE_REL)}"' + tag[-closing:]
    tokens = (match.group("dq") or match.group("sq") or match.group("bare") or "").split()
    tokens += [token for token in SAFE_REL if token not in (t.lower() for t in tokens)]
    return tag[: match.start()] + f' rel="{html_lib.escape(" ".join(tokens))}"' + tag[match.end() :]


def external_links_safe(html: str, own_host: str, scan: _Scan | None = None) -> str:
    """The page with rel="noopener noreferrer" on every link to another host (existing rel kept).

    noopener: the other site gets no handle on this tab (window.opener); noreferrer: it is not told
    which handbook page the reader came from.
    """
    links = (scan or _scan(html)).links
    if not links:
        return html
    pieces: list[str] = []
    last = 0
    for start, end, href in links:
        if not is_external(href, own_host):
            continue
        pieces += [html[last:start], _with_safe_rel(html[start:end])]
        last = end
    return "".join(pieces) + html[last:]


def own_host_of(site_url: str) -> str:
    """The host of the published site (site_url in mkdocs.yml); '' when none is set."""
    return (urlsplit(site_url).hostname or "").lower()


_META_HTTP_EQUIV = re.compile(r"<meta\b[^>]*\bhttp-equiv\b[^>]*>", re.IGNORECASE)


def content_region(html: str, content: str | None) -> tuple[int, int] | None:
    """Where the page's own content (Markdown rendered, untrusted) sits in the final page, or None."""
    if not content:
        return None
    start = html.find(content)
    return None if start < 0 else (start, start + len(content))


def without_content_meta(html: str, content: str | None) -> str:
    """The page with every <meta http-equiv> removed from its content: a page can never redirect readers or
    set its own policy (the content policy already refuses them; this is the second line)."""
    region = content_region(html, content)
    if region is None or "http-equiv" not in content.lower():  # type: ignore[union-attr]
        return html
    start, end = region
    return html[:start] + _META_HTTP_EQUIV.sub("", html[start:end]) + html[end:]


def secure_page(html: str, own_host: str, dev_server: bool = False, content: str | None = None) -> str:
    """Both steps, from one scan of the page: adding rel to links changes no inline script, style or
    style attribute, so the policy made from the original page's scan fits the final page.

    content: the page's rendered Markdown as the template inserted it (untrusted). Inline scripts inside it
    get no hash, so only the theme's and the handbook's own templates' scripts run; when it cannot be
    found in the page, scripts whose text occurs in it get none either."""
    if content:
        html = without_content_meta(html, content)
        content = _META_HTTP_EQUIV.sub("", content) if "http-equiv" in content.lower() else content
    scan = _scan(html)
    untrusted = content_region(html, content)
    if content and untrusted is None:
        kept = [(text, at) for text, at in zip(scan.scripts, scan.script_starts, strict=True) if text not in content]
        scan.scripts, scan.script_starts = [text for text, _ in kept], [at for _, at in kept]
    return content_security_policy(external_links_safe(html, own_host, scan), dev_server, scan, untrusted)
