"""Link rules: every link, image and anchor resolves within its own language, and the nav is complete."""

from __future__ import annotations

import fnmatch
import html
import posixpath
import re
from dataclasses import dataclass
from urllib.parse import unquote, urlsplit

from .config import HandbookConfig
from .content_policy import dangerous_url
from .problems import Problem
from .source import Link, SourcePage

MAILTO = re.compile(r"^mailto:[^@\s/?]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}(\?[^\s]*)?$")
TEL = re.compile(r"^tel:\+?[0-9][0-9().-]{2,}$")
HOST = re.compile(r"^(?=.{1,253}$)([A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,63}(:\d{1,5})?$")


@dataclass(frozen=True)
class Target:
    lang: str
    rel: str  # a page (.md) or a file relative to the language folder
    anchor: str


@dataclass(frozen=True)
class SiteFiles:
    pages: dict[tuple[str, str], SourcePage]
    assets: frozenset[tuple[str, str]]  # non-Markdown files, (language, relative path)

    def exists(self, lang: str, rel: str) -> bool:
        return (lang, rel) in self.pages or (lang, rel) in self.assets


def _page_candidates(rel: str) -> list[str]:
    rel = rel.strip("/")
    if rel == "" or rel == ".":
        return ["index.md"]
    if rel.endswith(".md"):
        return [rel]
    if rel.endswith(".html"):
        stem = rel[: -len(".html")]
        return [f"{stem}.md", f"{stem[: -len('/index')] if stem.endswith('/index') else stem}/index.md"]
    return [rel, f"{rel}.md", f"{rel}/index.md"]


def _joined(page: SourcePage, path: str, config: HandbookConfig) -> tuple[str, str] | None:
    """(language, path from that language's folder) of a relative link from page, or None when it leaves the
    docs folder: a link that leaves its language's folder can only go into another language's folder."""
    joined = posixpath.normpath(posixpath.join(posixpath.dirname(page.rel), unquote(path)))
    if not joined.startswith("../"):
        return page.lang, joined
    parts = joined.split("/")
    if len(parts) >= 3 and parts[1] in config.languages:
        return parts[1], "/".join(parts[2:])
    return None


def resolve_relative(page: SourcePage, path: str, files: SiteFiles, config: HandbookConfig) -> tuple[str, str] | None:
    """(language, relative path) a relative link points to, or None when nothing is there."""
    found = _joined(page, path, config)
    if found is None:
        return None
    lang, joined = found
    if path.endswith("/"):
        joined += "/"
    for candidate in _page_candidates(joined) if not files.exists(lang, joined) else [joined]:
        if files.exists(lang, candidate):
            return lang, candidate
    return None


def resolve_file(page: SourcePage, path: str, files: SiteFiles, config: HandbookConfig) -> tuple[str, str] | None:
    """What MkDocs does with a Markdown link: the exact file the path names from the .md file, or None
    (MkDocs then leaves the link as written, and the browser resolves it from the built page's URL)."""
    found = _joined(page, path, config)
    return found if found is not None and files.exists(*found) else None


def page_url(lang: str, rel: str, config: HandbookConfig) -> str:
    """The built page's URL relative to the site root, as MkDocs makes it (directory URLs)."""
    stem = rel[: -len(".md")]
    path = "" if stem == "index" else (stem[: -len("/index")] if stem.endswith("/index") else stem) + "/"
    return path if lang == config.source_language else f"{lang}/{path}"


def _url_targets(lang: str, rest: str) -> list[str]:
    """Files that publish the site path `rest` of a language: a page (directory URL) or the file itself."""
    if rest in ("", "."):
        return ["index.md"]
    if rest.endswith(".md"):
        return []  # Markdown sources are not published
    stem = rest.rstrip("/")
    if stem.endswith("/index.html") or stem == "index.html":
        stem = stem[: -len("index.html")].rstrip("/")
        return [f"{stem}/index.md" if stem else "index.md", f"{stem}.md"] if stem else ["index.md"]
    if rest.endswith("/") or not posixpath.splitext(stem)[1]:
        return [f"{stem}.md", f"{stem}/index.md"]
    return [rest]


def resolve_site_path(rest: str, files: SiteFiles, config: HandbookConfig) -> tuple[str, str] | None:
    """(language, file) a path relative to the site root leads to, or None."""
    lang = config.source_language
    first = rest.split("/", 1)[0]
    if first in config.translations:
        lang, rest = first, rest[len(first) :].lstrip("/")
    for candidate in _url_targets(lang, rest):
        if files.exists(lang, candidate):
            return lang, candidate
    return None


def resolve_from_url(page: SourcePage, path: str, files: SiteFiles, config: HandbookConfig) -> tuple[str, str] | None:
    """Where the browser goes: a relative path resolved from the built page's URL (raw HTML, and Markdown
    links MkDocs leaves as written)."""
    base = page_url(page.lang, page.rel, config)
    joined = posixpath.normpath(posixpath.join(base, unquote(path)))
    if joined.startswith("..") or joined.startswith("/"):
        return None
    if path.endswith("/") and joined != ".":
        joined += "/"
    return resolve_site_path("" if joined == "." else joined, files, config)


def resolve_absolute(path: str, files: SiteFiles, config: HandbookConfig) -> tuple[str, str] | None:
    """Resolve a site-absolute path (/base/lv/x/) against site_url's base path."""
    base = urlsplit(config.site_url).path or "/"
    if not base.endswith("/"):
        base += "/"
    if not path.startswith(base):
        return None
    return resolve_site_path(unquote(path[len(base) :]), files, config)


def _anchor_problem(page: SourcePage, link: Link, target: tuple[str, str], anchor: str, files: SiteFiles) -> list[Problem]:
    target_page = files.pages.get(target)
    if not anchor or target_page is None or anchor in target_page.anchors:
        return []
    known = sorted(target_page.anchors)
    return [Problem(page.path, link.line, "link-anchor",
                    f"`#{anchor}` is not an anchor of {target_page.path}",
                    f"existing anchors: {', '.join(known[:12]) or 'none'}; give the heading an explicit "
                    "{#id} that is the same in every language")]


def check_link(page: SourcePage, link: Link, files: SiteFiles, config: HandbookConfig) -> list[Problem]:
    url = link.url.strip()
    if dangerous_url(html.unescape(url)):
        return []  # the content policy reports it (content-url), and no page is behind it anyway
    where = (page.path, link.line)
    what = "image" if link.kind == "image" else "link"
    if not url:
        return [Problem(*where, "link-empty", f"empty {what} target", "write the target between the parentheses")]
    split = urlsplit(url)
    scheme = split.scheme.lower()
    if scheme == "mailto":
        if not MAILTO.match(url):
            return [Problem(*where, "link-mailto", f"malformed e-mail link `{url}`", "write mailto:name@example.com")]
        return []
    if scheme == "tel":
        if not TEL.match(url):
            return [Problem(*where, "link-tel", f"malformed phone link `{url}`",
                            "write tel: and the number in international form without spaces, e.g. tel:+60312345678")]
        return []
    if scheme in ("http", "https"):
        if not HOST.match(split.netloc.rsplit("@", 1)[-1]) or " " in url:
            return [Problem(*where, "link-external-syntax", f"malformed web address `{url}`",
                            "check the host name; spaces must be written as %20")]
        return []
    if scheme or url.startswith("//"):
        return [Problem(*where, "link-scheme", f"unsupported link `{url}`",
                        "use a relative link to a page, or an http(s), mailto: or tel: address")]
    anchor = split.fragment
    if not split.path:
        return _anchor_problem(page, link, (page.lang, page.rel), anchor, files)
    if split.path.startswith("/"):
        target = resolve_absolute(split.path, files, config)
        if target is None:
            return [Problem(*where, "link-absolute", f"`{url}` does not lead to a page of this site",
                            f"site-absolute links start with the base path of site_url ({config.site_url}); "
                            "prefer a relative link to the .md file")]
    else:
        target = resolve_file(page, split.path, files, config) if link.kind != "html" else None
        # MkDocs rewrites a Markdown link only when it names a file exactly; anything else, and every raw
        # HTML link, is left as written and resolved by the browser from the built page's URL.
        target = target or resolve_from_url(page, split.path, files, config)
        if target is None:
            built = page_url(page.lang, page.rel, config) or "the site root"
            hint = (f"raw HTML is not rewritten by MkDocs: the path is relative to the page's URL ({built}), "
                    "not to the .md file; prefer a Markdown link to the .md file" if link.kind == "html" else
                    f"the path is relative to {page.path}; name the .md file (or image) exactly and check the "
                    "../ steps")
            return [Problem(*where, "link-target", f"{what} target `{split.path}` does not exist", hint)]
    if target[0] != page.lang and not link.deliberate_cross_language:
        return [Problem(*where, "link-cross-language",
                        f"`{url}` leads to the {target[0]} edition from a {page.lang} page",
                        f"link to the page in docs/{page.lang}/, or mark a deliberate link with {{: .cross-language }}")]
    return _anchor_problem(page, link, target, anchor, files)


def check_links(page: SourcePage, files: SiteFiles, config: HandbookConfig) -> list[Problem]:
    problems = [problem for link in page.links for problem in check_link(page, link, files, config)]
    for label, line in page.structure.undefined_references:
        problems.append(Problem(page.path, line, "link-reference-undefined",
                                f"reference link `[{label}]` has no definition, so it would be published as text",
                                f"add a line `[{label}]: target.md` below the paragraph, or write an inline link"))
    return problems


def check_ids(page: SourcePage) -> list[Problem]:
    """Every id on a page is unique: a second one is invalid HTML and its links go to the first."""
    first: dict[str, int] = {}
    problems: list[Problem] = []
    for element in page.structure.ids:
        if element.id in first:
            problems.append(Problem(page.path, element.line, "id-duplicate",
                                    f"id `{element.id}` is already used on line {first[element.id]}",
                                    "give every heading, element and raw-HTML id of a page its own name"))
        else:
            first[element.id] = element.line
    return problems


def _config_line(config: HandbookConfig, text: str) -> int:
    for number, line in enumerate(config.config_text.splitlines(), start=1):
        if text in line:
            return number
    return 1


def check_nav(files: SiteFiles, config: HandbookConfig) -> list[Problem]:
    """Every nav entry names a page, and every page is in the nav or deliberately left out."""
    if config.nav_pages is None:
        return []
    lang = config.source_language
    problems = [
        Problem(config.config_file, _config_line(config, entry), "nav-missing-page",
                f"nav entry `{entry}` names no page in docs/{lang}/",
                "fix the path (relative to the language folder) or remove the entry")
        for entry in config.nav_pages
        if (lang, entry) not in files.pages
    ]
    in_nav = set(config.nav_pages)  # a set: `in` on the tuple made this check grow with n²
    for (page_lang, rel), page in sorted(files.pages.items()):
        if page_lang != lang or rel in in_nav:
            continue
        if any(fnmatch.fnmatch(rel, pattern.strip("/")) for pattern in config.not_in_nav):
            continue
        problems.append(Problem(page.path, 1, "nav-orphan", "the page is not in the navigation",
                                "add it to nav in mkdocs.yml, or to not_in_nav if it is reached otherwise"))
    return problems
