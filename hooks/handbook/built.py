"""The last line of defence: every href, src and id a built page's content actually emits, checked against
the pages and files the build wrote, so nothing broken is published even where the source check erred.

Links resolve from the built page's URL, as a browser does, within the site of the page's language;
anchors are checked against the ids of the target's whole built HTML. Problems are reported at the source
file and the line that holds the URL (searched for, since MkDocs rewrites Markdown links).
"""

from __future__ import annotations

import html
import posixpath
import re
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urlsplit

from .problems import Problem

_TAG = re.compile(r"<([a-zA-Z][a-zA-Z0-9]*)\b([^>]*)>")
_URL_ATTR = re.compile(r"""\s(href|src)\s*=\s*(?:"([^"]*)"|'([^']*)')""")
_CLASS_ATTR = re.compile(r"""\sclass\s*=\s*(?:"([^"]*)"|'([^']*)')""")
_ID = re.compile(r"""\sid\s*=\s*(?:"([^"]*)"|'([^']*)')""")
_CODE = re.compile(r"<(pre|code)\b.*?</\1>", re.DOTALL)
_COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)  # in the HTML, but no browser follows or targets it
_UNDEFINED_REFERENCE = re.compile(r"\[([^\[\]<>]+)\]\[([^\[\]<>]*)\]")
_EXTERNAL = ("http:", "https:", "mailto:", "tel:", "data:", "//")


@dataclass(frozen=True)
class EmittedLink:
    url: str
    deliberate_cross_language: bool  # marked {: .cross-language } or a build-made link with hreflang


@dataclass
class BuiltPage:
    url: str  # the page's URL relative to the site root, e.g. "lv/building/x/"
    lang: str  # the language site it belongs to
    source_path: str  # docs/<lang>/<file>.md it was built from
    source_text: str
    body_line: int
    links: list[EmittedLink] = field(default_factory=list)
    content_ids: list[str] = field(default_factory=list)  # ids in the content (duplicates matter)
    ids: frozenset[str] = frozenset()  # ids an anchor may target: the content's (the theme's are not for pages)
    literal_references: list[str] = field(default_factory=list)


def content_links(content: str) -> list[EmittedLink]:
    found: list[EmittedLink] = []
    for tag in _TAG.finditer(content):
        attributes = tag.group(2)
        if "href" not in attributes and "src" not in attributes:
            continue
        classes = _CLASS_ATTR.search(attributes)
        deliberate = (" hreflang" in attributes
                      or (classes is not None and "cross-language" in (classes.group(1) or classes.group(2) or "")))
        for match in _URL_ATTR.finditer(attributes):
            found.append(EmittedLink(html.unescape(match.group(2) if match.group(2) is not None else match.group(3)),
                                     deliberate))
    return found


def ids(page_html: str) -> list[str]:
    return [html.unescape(m.group(1) if m.group(1) is not None else m.group(2)) for m in _ID.finditer(page_html)]


def literal_references(content: str) -> list[str]:
    """`[text][label]` left as text: a reference link whose label has no definition."""
    return [m.group(0) for m in _UNDEFINED_REFERENCE.finditer(_CODE.sub("", content))]


def built_page(url: str, lang: str, source_path: str, source_text: str, body_line: int, content: str) -> BuiltPage:
    """What the check needs of one page: cheap regular expressions over the content HTML the build wrote
    (the theme's navigation, header and footer are the theme's and MkDocs' to check, and scanning the
    whole page cost more than the rest of the check)."""
    if "<!--" in content:
        content = _COMMENT.sub("", content)
    content_ids = ids(content)
    return BuiltPage(url, lang, source_path, source_text, body_line, content_links(content), content_ids,
                     frozenset(content_ids), literal_references(content))


def source_line(page: BuiltPage, *needles: str) -> int:
    """The first body line of the page's source holding one of the needles, tried in order."""
    lines = page.source_text.split("\n")
    for needle in needles:
        if not needle:
            continue
        for index in range(page.body_line - 1, len(lines)):
            if needle in lines[index]:
                return index + 1
    return page.body_line


def _url_needles(url: str) -> tuple[str, ...]:
    """The URL as a Markdown link, reference definition or HTML attribute writes it, then bare, then the
    .md path MkDocs turned into this URL, then its anchor."""
    split = urlsplit(url)
    stem = posixpath.basename(split.path.rstrip("/"))
    anchor = f"#{split.fragment}" if split.fragment else ""
    return (f'"{url}"', f"'{url}'", f"({url})", f"({url} ", f"]: {url}", f"<{url}>", url,
            f"{stem}.md{anchor}" if stem else "", f"{stem}{anchor}" if stem else "", anchor, stem)


def _id_line(page: BuiltPage, element_id: str, occurrence: int) -> int:
    """The line of the occurrence-th (1-based) place the source gives an element this id."""
    written = re.compile(r"\{[^{}]*#" + re.escape(element_id) + r"(?![\w-])[^{}]*\}|\bid\s*=\s*[\"']"
                         + re.escape(element_id) + "[\"']")
    found = 0
    lines = page.source_text.split("\n")
    for index in range(page.body_line - 1, len(lines)):
        found += len(written.findall(lines[index]))
        if found >= occurrence:
            return index + 1
    return source_line(page, f"#{element_id}")


def check_built_site(pages: dict[str, BuiltPage], site_dir: Path, base_path: str,
                     later_files: frozenset[str] = frozenset()) -> list[Problem]:
    """Problems of every page's emitted links and ids. later_files: site paths a later step writes (PDFs)."""
    problems: list[Problem] = []
    for page in pages.values():
        problems += _check_page(page, pages, site_dir, base_path, later_files)
    return sorted(set(problems))


def _check_page(page: BuiltPage, pages: dict[str, BuiltPage], site_dir: Path, base_path: str,
                later_files: frozenset[str]) -> list[Problem]:
    problems: list[Problem] = []
    seen: dict[str, int] = {}
    for element_id in page.content_ids:
        seen[element_id] = seen.get(element_id, 0) + 1
        if seen[element_id] > 1:
            line = _id_line(page, element_id, seen[element_id])
            problems.append(Problem(page.source_path, line, "id-duplicate",
                                    f"the built page has id `{element_id}` more than once",
                                    "give every heading, element and raw-HTML id of a page its own name"))
    for literal in page.literal_references:
        label = literal.rsplit("[", 1)[1].rstrip("]") or literal[1:].split("]", 1)[0]
        problems.append(Problem(page.source_path, source_line(page, literal, f"[{label}]"),
                                "link-reference-undefined",
                                f"`{literal}` is published as text: the reference has no definition",
                                f"add a line `[{label}]: target.md` below the paragraph"))
    for link in page.links:
        problem = _check_link(page, link, pages, site_dir, base_path, later_files)
        if problem is not None:
            problems.append(problem)
    return problems


def _check_link(page: BuiltPage, link: EmittedLink, pages: dict[str, BuiltPage], site_dir: Path, base_path: str,
                later_files: frozenset[str]) -> Problem | None:
    url = link.url.strip()
    if not url or url.lower().startswith(_EXTERNAL) or re.match(r"^[a-zA-Z][a-zA-Z0-9+.-]*:", url):
        return None  # external addresses and schemes: the source check and the content policy see to them
    split = urlsplit(url)
    rule = "link-target"
    if not split.path:
        target = page.url
    elif split.path.startswith("/"):
        if not split.path.startswith(base_path):
            return Problem(page.source_path, source_line(page, *_url_needles(url)), "link-absolute",
                           f"the built page links to `{url}`, outside this site ({base_path})",
                           "prefer a relative link to the .md file")
        target = split.path[len(base_path) :]
        rule = "link-absolute"
    else:
        target = posixpath.normpath(posixpath.join(page.url, unquote(split.path)))
        if target.startswith(".."):
            return Problem(page.source_path, source_line(page, *_url_needles(url)), rule,
                           f"the built page links to `{url}`, above the site's root",
                           "link to the .md file; MkDocs writes the right URL")
        target = "" if target == "." else target
        if split.path.endswith("/") and target:
            target += "/"
    path = unquote(target)
    if path.endswith("index.html"):
        path = path[: -len("index.html")]
    key = path if path.endswith("/") or path == "" else (path + "/" if (path + "/") in pages else path)
    target_page = pages.get(key)
    if target_page is None:
        file = site_dir / path
        if path in later_files or (path and file.is_file()) or (path.endswith("/") and (file / "index.html").is_file()):
            return None
        return Problem(page.source_path, source_line(page, *_url_needles(url)), rule,
                       f"the built page links to `{url}`, which the site does not have",
                       "link to the .md file (or image) by its path from this .md file")
    if target_page.lang != page.lang and not link.deliberate_cross_language:
        return Problem(page.source_path, source_line(page, *_url_needles(url)), "link-cross-language",
                       f"`{url}` leads to the {target_page.lang} edition from a {page.lang} page",
                       "link to the page in this language, or mark a deliberate link with {: .cross-language }")
    if split.fragment and unquote(split.fragment) not in target_page.ids:
        return Problem(page.source_path, source_line(page, *_url_needles(url)), "link-anchor",
                       f"`#{split.fragment}` is not an id of the built page {target_page.url or '/'}",
                       "give the heading an explicit {#id} that is the same in every language")
    return None
