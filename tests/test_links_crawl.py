"""A crawl of the built site: every internal link and resource of every page points at a file that
exists, and every #anchor at an id on the target page."""

from __future__ import annotations

import posixpath
import re
from functools import cache
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

# The published site's path (site_url in mkdocs.yml): absolute links start with it.
SITE_PATH = urlsplit(re.search(r"^site_url: (\S+)", (Path(__file__).parents[1] / "mkdocs.yml").read_text(encoding="utf-8"),
                               re.MULTILINE).group(1)).path  # type: ignore[union-attr]
# Written after `mkdocs build` by `make pdf` (tools/checklist_pdf.py), or by the search indexer.
GENERATED_LATER = re.compile(r"\.pdf$")


class _Refs(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.refs: list[str] = []
        self.ids: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if values.get("id"):
            self.ids.add(values["id"] or "")
        if tag in ("a", "link") and values.get("href"):
            self.refs.append(values["href"] or "")
        if tag in ("script", "img", "source") and values.get("src"):
            self.refs.append(values["src"] or "")


@cache
def _parse(path: Path) -> _Refs:
    parser = _Refs()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


def test_no_broken_internal_links(built_site: Path) -> None:
    pages = sorted(built_site.rglob("*.html"))
    broken: list[str] = []
    checked = 0
    for page in pages:
        rel_page = page.relative_to(built_site).as_posix()
        if rel_page == "404.html":
            continue  # links from the site's root URL path (/handbook/…), checked in tests/browser/test_not_found.py
        for ref in _parse(page).refs:
            url = urlsplit(ref)
            if url.scheme or url.netloc or ref.startswith(("mailto:", "tel:", "data:")):
                continue
            checked += 1
            path = unquote(url.path)
            if path.startswith(SITE_PATH):  # absolute, from the published site's root (the language switcher)
                path = "/" + posixpath.relpath(path, SITE_PATH) + ("/" if path.endswith("/") else "")
            if path.startswith("/"):
                target_rel = posixpath.normpath(path.lstrip("/") or ".")
            else:
                target_rel = posixpath.normpath(posixpath.join(posixpath.dirname(rel_page), path)) if path else rel_page
            target = built_site / target_rel
            if target.is_dir():
                target = target / "index.html"
            if not target.is_file():
                if not GENERATED_LATER.search(target_rel):
                    broken.append(f"{rel_page}: {ref}")
                continue
            if url.fragment and target.suffix == ".html" and unquote(url.fragment) not in _parse(target).ids:
                broken.append(f"{rel_page}: {ref} (no such anchor)")
    assert checked > 1000, checked
    assert broken == [], "\n".join(broken)
