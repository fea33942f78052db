"""Page integrity and privacy: a Content Security Policy per page, and safe links to other sites.

Plain functions on a page's final HTML (no MkDocs import); hooks/security_hook.py applies them to every
built page, 404 page included.

The policy lets a page load only the site's own scripts, styles, fonts, images and connections
('self'), so nothing on a page can reach another host. Material writes a few inline `<script>`
blocks into every page (its storage helpers, the palette restore, the tab restore); they are allowed
one by one through the SHA-256 hash of their exact text, never with 'unsafe-inline'. Likewise the
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
    styles: list[str] = field(default_factory=list)
    style_attrs: list[str] = field(default_factory=list)
    event_handlers: list[str] = field(default_factory=list)
    links: list[tuple[int, int, str]] = field(default_factory=list)  # (start, end, href) of each <a href> start tag


# A comment, or a start tag with its attributes. Regular expressions rather than html.parser: the scan
# runs on every page of every language, and html.parser made it the largest cost of a build.
_MARKUP = re.compile(
    r"<!--.*?-->"
    r"|<(?P<tag>[a-zA-Z][a-zA-Z0-9-]*)(?P<attrs>(?:\s+[^\s\"'>/=]+(?:\s*=\s*(?:\"[^\"]*\"|'[^']*'|[^\s\"'=<>`]+))?)*)\s*/?>",
    re.DOTALL,
)
_END_TAG = {tag: re.compile(f"</{tag}", re.IGNORECASE) for tag in ("script", "style")}
_ATTR = re.compile(r"([^\s\"'>/=]+)(?:\s*=\s*(?:\"([^\"]*)\"|'([^']*)'|([^\s\"'=<>`]+)))?")


def _unescaped(value: str) -> str:
    return html_lib.unescape(value) if "&" in value else value


def _scan(html: str) -> _Scan:
    scan = _Scan()
    position = 0
    while True:
        match = _MARKUP.search(html, position)
        if match is None:
            return scan
        position = match.end()
        tag = (match.group("tag") or "").lower()
        if not tag:
            continue  # a comment
        attrs = [(name.lower(), _unescaped(dq or sq or bare)) for name, dq, sq, bare in _ATTR.findall(match.group("attrs"))]
        values = dict(attrs)
        for name, value in attrs:
            if name == "style":
                scan.style_attrs.append(value)
            elif name.startswith("on"):
                scan.event_handlers.append(f"{tag} {name}")
        if tag in ("script", "style"):
            end_tag = _END_TAG[tag].search(html, position)
            close = end_tag.start() if end_tag else len(html)
            if match.group(0).endswith("/>"):
                continue
            if tag == "style" or ("src" not in values and values.get("type", "").strip().lower() in _JS_TYPES):
                (scan.scripts if tag == "script" else scan.styles).append(html[position:close])
            position = close
        elif tag == "a" and "href" in values:
            scan.links.append((match.start(), match.end(), values["href"]))


@dataclass(frozen=True)
class PageSources:
    """What a page's policy has to allow beyond the site's own files."""

    script_hashes: tuple[str, ...]
    style_hashes: tuple[str, ...]
    style_attr_hashes: tuple[str, ...]
    event_handlers: tuple[str, ...]  # inline on…= attributes: never allowed, listed so a test can report them


def page_sources(html: str, scan: _Scan | None = None) -> PageSources:
    scan = scan or _scan(html)
    return PageSources(
        script_hashes=_unique(sha256_source(s) for s in scan.scripts),
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


def content_security_policy(html: str, dev_server: bool = False, scan: _Scan | None = None) -> str:
    """The page with a Content-Security-Policy <meta> first in its <head> (replacing an earlier one).

    The tag goes right after <meta charset> (which must stay within the first bytes), before every
    script and stylesheet, since a <meta> policy only governs what comes after it.
    """
    without = _EXISTING_CSP.sub("", html)
    # A scan of the page before an old policy was removed is still valid: a <meta> holds no inline code.
    sources = page_sources(without, scan)
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
    pieces: list[str] = []
    last = 0
    for start, end, href in (scan or _scan(html)).links:
        if not is_external(href, own_host):
            continue
        pieces += [html[last:start], _with_safe_rel(html[start:end])]
        last = end
    return "".join(pieces) + html[last:]


def own_host_of(site_url: str) -> str:
    """The host of the published site (site_url in mkdocs.yml); '' when none is set."""
    return (urlsplit(site_url).hostname or "").lower()


def secure_page(html: str, own_host: str, dev_server: bool = False) -> str:
    """Both steps, from one scan of the page: adding rel to links changes no inline script, style or
    style attribute, so the policy made from the original page's scan fits the final page."""
    scan = _scan(html)
    return content_security_policy(external_links_safe(html, own_host, scan), dev_server, scan)
