"""Navigation rendered once per language, adapted to each page with string operations.

Material renders the whole navigation for every page: with n pages that is n renders of an n-item tree,
so the build grows with n². The adapter (hooks/nav_cache_hook.py) instead renders, once per language
pass, each nav item's HTML in its "neutral" form (nothing active) and each section's "open" form (the
section active, its children neutral). A page's navigation is then the neutral HTML with the items on the
page's path swapped for their open forms and the page's own item (rendered by Material, with its table of
contents) swapped in at the bottom: a handful of string splices instead of a tree walk.

Links: the shared fragments are rendered with a marker base URL, so every site-relative link comes out as
MARK + "/" + url. relativize() turns them into the page-relative links MkDocs' `url` filter would have
written for that page (mkdocs.utils.normalize_url / get_relative_url, reproduced exactly), with a few
str.replace passes over the whole navigation instead of one computation per link.

Plain Python, no MkDocs import, so it can be unit-tested on its own.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Iterable

MARK = "\x00"  # base_url while shared fragments are rendered; never occurs in real HTML
PREFIX = MARK + "/"
MARKED_URL = re.compile(re.escape(PREFIX) + r'([^"\x00]*)"')


def _norm_parts(path: str) -> list[str]:
    """As mkdocs.utils._norm_parts: the path's segments after normalisation, leading slash ignored."""
    if not path.startswith("/"):
        path = "/" + path
    path = posixpath.normpath(path)[1:]
    return path.split("/") if path else []


def directory_parts(page_url: str) -> list[str]:
    """Segments of the folder a page's relative links start from (a last segment with a dot is a file)."""
    dirname, _, basename = page_url.rpartition("/")
    return _norm_parts(dirname if "." in basename else page_url)


def relative_url(url: str, page_url: str) -> str:
    """What MkDocs' `url` filter writes on the page at page_url for a site-relative url."""
    path = url or "."
    norm = posixpath.normpath(path) + "/"
    level = 0
    while norm.startswith("../", level * 3):
        level += 1
    other = directory_parts(page_url)
    dest = _norm_parts(path)
    common = 0
    for a, b in zip(other, dest, strict=False):
        if a != b:
            break
        common += 1
    rel = "/".join([".."] * (len(other) - common) + dest[common:]) or "."
    rel = rel + "/" if path.endswith("/") else rel
    return "../" * level + rel


def is_regular(url: str) -> bool:
    """A folder URL already in normal form (`a/b/`): relativize() handles these by prefix."""
    if not url.endswith("/") or url.startswith("/") or "\\" in url:
        return False
    segments = url[:-1].split("/")
    return all(segment not in ("", ".", "..") for segment in segments)


def marked_urls(html: str) -> set[str]:
    """The site-relative URLs written with the marker base into a fragment."""
    return set(MARKED_URL.findall(html))


def relativize(html: str, page_url: str, irregular: Iterable[str] = ()) -> str:
    """Replace every marked URL in html by the link MkDocs would write on the page at page_url.

    Regular URLs (`a/b/`) share their leading segments with the page's folder or not: going from the
    page's deepest folder up to the site root, each prefix `c1/.../ck/` becomes k levels of `../` fewer,
    so d + 2 replace passes cover them all. Irregular ones (the home page's ".", file URLs) are few and
    computed one by one; `irregular` must list every irregular URL the html may contain.
    """
    parts = directory_parts(page_url)
    for url in irregular:
        marked = PREFIX + url + '"'
        if marked in html:
            html = html.replace(marked, relative_url(url, page_url) + '"')
    depth = len(parts)
    if depth:
        html = html.replace(PREFIX + "/".join(parts) + '/"', './"')
    for k in range(depth, -1, -1):
        prefix = "".join(part + "/" for part in parts[:k])
        html = html.replace(PREFIX + prefix, "../" * (depth - k))
    return html


def splice(container: str, old: str, new: str) -> str | None:
    """container with its one occurrence of old replaced by new; None unless old occurs exactly once."""
    start = container.find(old)
    if start < 0 or container.find(old, start + 1) >= 0:
        return None
    return container[:start] + new + container[start + len(old) :]


def assemble(path_fragments: list[tuple[str, str]], active_item: str) -> str | None:
    """The navigation subtree of a page from its ancestors' fragments.

    path_fragments: for each ancestor section from the top-level one down, (its open HTML, the neutral
    HTML of its child on the page's path). active_item: the page's own item as Material renders it for
    the page. Returns the top-level ancestor's HTML for this page, or None if a fragment is not where it
    should be (then the caller renders the stock way).
    """
    html = active_item
    for opened, child in reversed(path_fragments):
        spliced = splice(opened, child, html)
        if spliced is None:
            return None
        html = spliced
    return html
