"""Content policy: the HTML a page's Markdown and front matter may carry (plain module, no MkDocs import).

Page content is untrusted: anyone on staff can propose a change, and CI publishes it to every colleague's
browser. So a page may use only the elements in ALLOWED_ELEMENTS, no event-handler (on…) or srcdoc
attribute, and no URL with a scheme that runs code (javascript:, vbscript:) or a data: URL other than an
image. The same check runs twice: over the raw HTML in a page's source (so an error names its line),
and over the HTML the Markdown engine actually produced for the page (so nothing that only appears after
rendering, such as a Markdown link to `javascript:`, is published). docs/en/contributing.md states the
allowlist for contributors; keep the two in step.
"""

from __future__ import annotations

import html as html_lib
import re
from dataclasses import dataclass
from html.parser import HTMLParser
from typing import Any

from .problems import Problem

# What Markdown, its extensions (tables, admonitions, tasklists, footnotes, details) and a writer's own
# layout need; nothing that loads or runs anything.
ALLOWED_ELEMENTS = frozenset(
    [
        "a", "abbr", "b", "bdi", "bdo", "blockquote", "br", "caption", "cite", "code", "col", "colgroup",
        "dd", "del", "details", "dfn", "div", "dl", "dt", "em", "figcaption", "figure", "h1", "h2", "h3",
        "h4", "h5", "h6", "hr", "i", "img", "input", "ins", "kbd", "label", "li", "mark", "ol", "p", "pre",
        "q", "rp", "rt", "ruby", "s", "samp", "small", "span", "strong", "sub", "summary", "sup", "table",
        "tbody", "td", "tfoot", "th", "thead", "time", "tr", "u", "ul", "var", "wbr",
    ]
)
# Called out by name in messages: the elements that run code, load other documents or rewrite the page.
FORBIDDEN_ELEMENTS = ("script", "style", "iframe", "object", "embed", "form", "meta", "base", "link")
# Attributes whose value the browser follows or loads as a URL.
URL_ATTRIBUTES = frozenset(
    [
        "href", "src", "action", "formaction", "xlink:href", "data", "poster", "background", "cite",
        "srcset", "ping", "codebase", "longdesc", "manifest", "dynsrc", "lowsrc", "usemap",
    ]
)
SAFE_DATA_IMAGE = re.compile(r"^data:image/(?:png|gif|jpe?g|webp|avif|bmp)[;,]")
_SCHEME = re.compile(r"^([a-z][a-z0-9+.-]*):")
# URL parsers drop ASCII tab and newline anywhere and C0 controls and spaces at either end.
_URL_NOISE = re.compile(r"[\x00-\x20\x7f]+")
_CODE_SCHEMES = ("javascript", "vbscript", "livescript", "mocha")

# Over-approximations, cheap on a whole page: a page none of these match cannot break the policy, so
# the exact (slower) tokenizer runs only on pages where one of them matches.
_LOOSE_TAG = re.compile(r"<([a-zA-Z][^\s/>]*)")
_LOOSE_HANDLER = re.compile(r"(?i)on[a-z0-9_-]*\s*=")
_LOOSE_VALUE = re.compile(r"=\s*(\"[^\"]*\"|'[^']*'|[^\s>]*)")
_HTML_COMMENT = re.compile(r"<!--.*?(?:-->|\Z)", re.DOTALL)
_TAG_TEXT = re.compile(r"<[a-zA-Z][^\s/>]*")
HINT_ELEMENT = ("remove it; pages may use only the HTML listed under \"What HTML a page may contain\" on the "
                "contributor page")


@dataclass(frozen=True)
class Violation:
    """One breach of the policy; snippet is the offending text as written, to find its line in the source."""

    rule: str  # content-html-element | content-html-attribute | content-url
    message: str
    hint: str
    snippet: str
    offset: int = 0  # where the snippet starts in the checked text


def dangerous_url(value: str) -> str | None:
    """The scheme that makes a URL unsafe (already HTML-unescaped), or None.

    Browsers decode entities once, then ignore tabs and newlines anywhere in the URL and control
    characters and spaces around it, and compare the scheme without regard to case."""
    cleaned = _URL_NOISE.sub("", value).lower()
    match = _SCHEME.match(cleaned)
    if match is None:
        return None
    scheme = match.group(1)
    if scheme in _CODE_SCHEMES:
        return scheme
    if scheme == "data" and not SAFE_DATA_IMAGE.match(cleaned):
        return "data"
    return None


def _url_values(name: str, value: str) -> list[str]:
    if name == "srcset":
        return [candidate.strip().split(" ")[0] for candidate in value.split(",") if candidate.strip()]
    return [value]


def check_attribute(tag: str, name: str, value: str | None) -> tuple[str, str, str] | None:
    """(rule, message, hint) when one attribute of an allowed element breaks the policy."""
    if name.startswith("on"):
        return ("content-html-attribute", f"`{name}` on <{tag}> runs script",
                "remove the attribute; pages cannot carry script")
    if name in ("srcdoc", "http-equiv"):
        return ("content-html-attribute", f"`{name}` on <{tag}> is not allowed",
                "remove the attribute; it embeds or redirects to another document")
    if name in URL_ATTRIBUTES and value:
        for url in _url_values(name, value):
            scheme = dangerous_url(url)
            if scheme is not None:
                kind = "a data: URL that is not an image" if scheme == "data" else f"a {scheme}: URL"
                return ("content-url", f"`{name}` on <{tag}> is {kind}",
                        "link to a page or an http(s) address; images may be PNG, GIF, JPEG, WebP, AVIF or BMP "
                        "data: URLs")
    return None


def _element_violation(tag: str, snippet: str, offset: int) -> Violation:
    what = "runs code, loads another document or rewrites the page" if tag in FORBIDDEN_ELEMENTS else \
        "is not on the list of HTML a page may contain"
    return Violation("content-html-element", f"<{tag}> {what}", HINT_ELEMENT, snippet, offset)


class _Tokenizer(HTMLParser):
    """Start tags as the standard library's HTML tokenizer reads them, with where they start."""

    def __init__(self, text: str) -> None:
        super().__init__(convert_charrefs=True)
        self.violations: list[Violation] = []
        self._line_starts = [0] + [m.end() for m in re.finditer("\n", text)]

    def _offset(self) -> int:
        line, column = self.getpos()
        return self._line_starts[line - 1] + column

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        snippet = self.get_starttag_text() or f"<{tag}"
        offset = self._offset()
        if tag not in ALLOWED_ELEMENTS:
            self.violations.append(_element_violation(tag, snippet, offset))
            return
        for name, value in attrs:
            found = check_attribute(tag, name, value)
            if found is not None:
                self.violations.append(Violation(*found, snippet=snippet, offset=offset))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)


def _looks_suspicious(text: str) -> bool:
    if any(name.lower() not in ALLOWED_ELEMENTS for name in _LOOSE_TAG.findall(text)):
        return True
    lowered = text.lower()
    if "srcdoc" in lowered or "http-equiv" in lowered:
        return True
    if any(match.start() > 0 and text[match.start() - 1] in " \t\n\r\f/\"'`" for match in _LOOSE_HANDLER.finditer(text)):
        return True
    # Any attribute value at all (its name is not looked at) that could be a URL running code.
    for raw in _LOOSE_VALUE.findall(text):
        if ":" not in raw and "&" not in raw:
            continue
        value = html_lib.unescape(raw.strip("\"'"))
        if any(dangerous_url(url) for url in [*_url_values("srcset", value), value]):
            return True
    return False


def check_html(text: str) -> list[Violation]:
    """Every breach of the policy in a piece of HTML (a rendered page body, or raw HTML from a source)."""
    if "<" not in text or not _looks_suspicious(text):
        return []
    tokenizer = _Tokenizer(text)
    try:
        tokenizer.feed(text)
        tokenizer.close()
    except Exception:
        return [Violation("content-html-element", "the page's HTML could not be read", HINT_ELEMENT, text[:40])]
    violations = tokenizer.violations
    # Elements hidden inside HTML comments never render, but a tag name the loose scan sees outside any
    # comment and the tokenizer missed (malformed markup browsers may still read) still counts.
    seen = {v.offset for v in violations}
    for match in _TAG_TEXT.finditer(_HTML_COMMENT.sub(lambda m: " " * len(m.group(0)), text)):
        name = match.group(0)[1:].lower()
        if name not in ALLOWED_ELEMENTS and match.start() not in seen and not _inside_reported(match.start(), violations):
            violations.append(_element_violation(name, match.group(0), match.start()))
    return sorted(violations, key=lambda v: v.offset)


def _inside_reported(offset: int, violations: list[Violation]) -> bool:
    return any(v.offset <= offset < v.offset + len(v.snippet) for v in violations)


def neutralised(text: str, violations: list[Violation]) -> str:
    """text with each offending tag shown as text instead of taking effect: what is published (or served)
    while an error stands is inert even if the build is not stopped."""
    pieces: list[str] = []
    last = 0
    for violation in sorted(violations, key=lambda v: v.offset):
        start = text.find(violation.snippet, max(violation.offset, last))
        if start < 0:
            continue
        pieces += [text[last:start], html_lib.escape(violation.snippet)]
        last = start + len(violation.snippet)
    return "".join(pieces) + text[last:]


def find_line(source: str, snippet: str, first_line: int, fallback: int) -> int:
    """The line of source (numbered from first_line) where snippet, or failing that its tag or attribute
    as written, first appears; fallback when none can be found (rendering changed it beyond recognition)."""
    candidates = [snippet.strip()]
    pairs = re.findall(r"([\w:-]+)\s*=\s*(\"[^\"]*\"|'[^']*'|[^\s>]+)", snippet)
    candidates += [f"{name}={value}" for name, value in pairs]
    candidates += [value.strip("\"'") for _, value in pairs if len(value.strip("\"'")) >= 4]
    tag = _TAG_TEXT.match(snippet.strip())
    if tag and tag.group(0)[1:].lower() not in ALLOWED_ELEMENTS:
        candidates.append(tag.group(0))
    lowered = source.lower()
    for candidate in candidates:
        if not candidate:
            continue
        index = source.find(candidate)
        if index < 0:
            index = lowered.find(candidate.lower())
        if index < 0:
            unescaped = html_lib.unescape(candidate).lower()
            index = html_lib.unescape(lowered).find(unescaped) if unescaped != candidate.lower() else -1
            if index >= 0:
                continue  # a position in the unescaped text does not map back to the source
        if index >= 0:
            return first_line + source.count("\n", 0, index)
    return fallback


def _markdown_urls(page: Any) -> list[tuple[int, str]]:
    return [(link.line, link.url) for link in page.links if link.kind in ("markdown", "image", "reference")]


# `[label]: <url>`: the angle brackets delimit a URL (checked as a link below), they are not an HTML tag.
_REFERENCE_URL = re.compile(r"^(\s{0,3}\[[^\]]+\]:\s*)(<[^<>\n]*>)")


def _blank(match: re.Match[str]) -> str:
    return match.group(1) + " " * len(match.group(2))


def check_source(page: Any) -> list[Problem]:
    """The policy over one parsed source page: raw HTML in its body (outside code), the URLs of its
    Markdown links, and its front matter, which must be plain text."""
    problems: list[Problem] = []
    # The body as the file has it, with fenced code blanked and inline code removed (neither is HTML),
    # so a tag that spans lines is read whole and every offset maps back to its line.
    inline_code = re.compile(r"(`+)(?:(?!\1).)+?\1")
    outside = dict(page.body_lines())
    first = page.body_line
    last = first + len(page.body.splitlines())
    text = "\n".join(_REFERENCE_URL.sub(_blank, inline_code.sub("", outside.get(number, "")))
                     for number in range(first, last))
    for violation in check_html(text):
        number = first + text.count("\n", 0, violation.offset)
        problems.append(Problem(page.path, number, violation.rule, violation.message, violation.hint))
    for number, url in _markdown_urls(page):
        scheme = dangerous_url(html_lib.unescape(url))
        if scheme is not None:
            problems.append(Problem(page.path, number, "content-url", f"link to a {scheme}: URL",
                                    "link to a page or an http(s) address"))
    problems += check_front_matter_text(page)
    return problems


def _strings(value: Any, key: str) -> list[tuple[str, str]]:
    if isinstance(value, str):
        return [(key, value)]
    if isinstance(value, dict):
        return [found for name, item in value.items() for found in _strings(item, f"{key}.{name}" if key else str(name))]
    if isinstance(value, list):
        return [found for item in value for found in _strings(item, key)]
    return []


_MARKUP_IN_TEXT = re.compile(r"<[a-zA-Z/!?]|&#|&[a-zA-Z]+;")


def check_front_matter_text(page: Any) -> list[Problem]:
    """Front-matter text lands in navigation, tabs, page titles, search results, the print pack and the
    health page, where it is plain text: markup or character references in it are an error."""
    problems = []
    for key, value in _strings(page.front_matter, ""):
        if _MARKUP_IN_TEXT.search(value):
            problems.append(Problem(page.path, page.line_of(key), "content-front-matter",
                                    f"front-matter `{key}` contains HTML or a character reference; it must be plain text",
                                    "write the words only, without <tags> or &…; codes"))
    return problems


def plain_text_html(value: str) -> str:
    """Front-matter text made safe to place in HTML (element content or a quoted attribute)."""
    return html_lib.escape(value, quote=True)
