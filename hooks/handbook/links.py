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


def resolve_relative(page: SourcePage, path: str, files: SiteFiles, config: HandbookConfig) -> tuple[str, str] | None:
    """(language, relative path) a relative link points to, or None when nothing is there."""
    joined = posixpath.normpath(posixpath.join(posixpath.dirname(page.rel), unquote(path)))
    lang = page.lang
    if joined.startswith("../"):
        # Leaving the language folder: a link into another language's folder, or nowhere.
        parts = joined.split("/")
        if len(parts) >= 3 and parts[1] in config.languages:
            lang, joined = parts[1], "/".join(parts[2:])
        else:
            return None
    if path.endswith("/"):
        joined += "/"
    for candidate in _page_candidates(joined) if not files.exists(lang, joined) else [joined]:
        if files.exists(lang, candidate):
            return lang, candidate
    return None


def resolve_absolute(path: str, files: SiteFiles, config: HandbookConfig) -> tuple[str, str] | None:
    """Resolve a site-absolute path (/base/lv/x/) against site_url's base path."""
    base = urlsplit(config.site_url).path or "/"
    if not base.endswith("/"):
        base += "/"
    if not path.startswith(base):
        return None
    rest = unquote(path[len(base) :])
    lang = config.source_language
    first = rest.split("/", 1)[0]
    if first in config.translations:
        lang, rest = first, rest[len(first) :].lstrip("/")
    for candidate in _page_candidates(rest) if rest else ["index.md"]:
        if files.exists(lang, candidate):
            return lang, candidate
    return None


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
        target = resolve_relative(page, split.path, files, config)
        if target is None:
            return [Problem(*where, "link-target", f"{what} target `{split.path}` does not exist",
                            f"the path is relative to {page.path}; check the file name and the ../ steps")]
    if target[0] != page.lang and not link.deliberate_cross_language:
        return [Problem(*where, "link-cross-language",
                        f"`{url}` leads to the {target[0]} edition from a {page.lang} page",
                        f"link to the page in docs/{page.lang}/, or mark a deliberate link with {{: .cross-language }}")]
    return _anchor_problem(page, link, target, anchor, files)


def check_links(page: SourcePage, files: SiteFiles, config: HandbookConfig) -> list[Problem]:
    return [problem for link in page.links for problem in check_link(page, link, files, config)]


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
