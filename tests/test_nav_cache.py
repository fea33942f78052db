"""The navigation rendered once per language (hooks/handbook/navcache.py, hooks/nav_cache_hook.py):
the same links as MkDocs' url filter, and on every built page the current page marked and its sections
expanded, exactly as Material renders it."""

from __future__ import annotations

import os
import random
import re
import sys
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

import pytest
from mkdocs.utils import normalize_url

from tests.conftest import made_once
from tests.handbook_fixtures import BuildServer
from tools.generate_handbook import generate
from tools.handbook import HOOKS, builder

sys.path.insert(0, str(HOOKS))

from handbook.navcache import MARK, PREFIX, assemble, is_regular, marked_urls, relative_url, relativize, splice


@dataclass
class FakePage:
    url: str


PAGE_URLS = ["", "index.html", "404.html", "a/", "a/b/", "a/b/c/", "ab/", "a/bc/", "lv/", "lv/a/b/", "x/y.html",
             "a/b/index.html"]
TARGETS = [".", "", "a/", "a/b/", "a/b/c/", "a/b/c/d/", "a/bc/", "ab/", "b/", "lv/", "lv/a/", "lv/a/b/", "x/", "a/b",
           "x/y.html", "../up/", "a/./b/", "a//b/", "a/../b/"]


@pytest.mark.parametrize("page_url", PAGE_URLS)
def test_relative_url_is_mkdocs_url_filter(page_url: str) -> None:
    for target in TARGETS:
        assert relative_url(target, page_url) == normalize_url(target, FakePage(page_url)), (target, page_url)  # type: ignore[arg-type]


def _marked(urls: list[str]) -> str:
    return "".join(f'<li><a href="{normalize_url(url, None, MARK)}" class="md-nav__link">{i}</a></li>\n'
                   for i, url in enumerate(urls))


def _expected(urls: list[str], page_url: str) -> str:
    return "".join(f'<li><a href="{normalize_url(url, FakePage(page_url))}" class="md-nav__link">{i}</a></li>\n'  # type: ignore[arg-type]
                   for i, url in enumerate(urls))


@pytest.mark.parametrize("page_url", PAGE_URLS)
def test_relativize_writes_what_the_url_filter_writes(page_url: str) -> None:
    html = _marked(TARGETS)
    irregular = {url for url in marked_urls(html) if not is_regular(url)}
    assert relativize(html, page_url, irregular) == _expected(TARGETS, page_url)


def test_relativize_on_random_trees() -> None:
    rng = random.Random(7)
    words = ["a", "b", "ab", "lv", "building", "x-1", "b"]
    for _ in range(200):
        urls = ["/".join(rng.choice(words) for _ in range(rng.randint(1, 4))) + "/" for _ in range(15)] + ["."]
        page = rng.choice([*urls[:-1], "", "404.html"])
        html = _marked(urls)
        irregular = {url for url in marked_urls(html) if not is_regular(url)}
        out = relativize(html, page, irregular)
        assert out == _expected(urls, page)
        assert MARK not in out


def test_regular_urls() -> None:
    assert is_regular("a/") and is_regular("a/b-c/")
    assert not any(is_regular(url) for url in (".", "", "a", "/a/", "a//b/", "a/./", "../a/", "x/y.html"))
    assert marked_urls(f'<a href="{PREFIX}a/b/">x</a><a href="{PREFIX}.">') == {"a/b/", "."}


def test_splice_needs_exactly_one_occurrence() -> None:
    assert splice("<ul>[x]</ul>", "[x]", "<li>") == "<ul><li></ul>"
    assert splice("<ul>[x][x]</ul>", "[x]", "<li>") is None
    assert splice("<ul></ul>", "[x]", "<li>") is None


def test_assemble_opens_each_ancestor_down_to_the_page() -> None:
    top = ("<S1 open>[s2][s3]</S1>", "[s2]")
    middle = ("<S2 open>[p1][p2]</S2>", "[p2]")
    assert assemble([top, middle], "<P2 active>") == "<S1 open><S2 open>[p1]<P2 active></S2>[s3]</S1>"
    assert assemble([], "<P active>") == "<P active>"
    assert assemble([("<S1>[s2]</S1>", "[missing]")], "<P>") is None


# --- built pages -------------------------------------------------------------------------------------


@dataclass
class Element:
    tag: str
    attrs: dict[str, str]
    children: list[Element] = field(default_factory=list)
    parent: Element | None = None

    def classes(self) -> set[str]:
        return set(self.attrs.get("class", "").split())

    def walk(self) -> list[Element]:
        return [self, *(e for child in self.children for e in child.walk())]


VOID = frozenset({"input", "br", "img", "meta", "link", "hr", "source"})


class _Tree(HTMLParser):

    def __init__(self) -> None:
        super().__init__()
        self.root = Element("root", {})
        self.current = self.root

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        element = Element(tag, {k: v or "" for k, v in attrs}, parent=self.current)
        self.current.children.append(element)
        if tag not in VOID:
            self.current = element

    def handle_endtag(self, tag: str) -> None:
        node: Element | None = self.current
        while node is not None and node.tag != tag:
            node = node.parent
        if node is not None and node.parent is not None:
            self.current = node.parent


def primary_nav(html: str) -> str:
    start = html.index('<nav class="md-nav md-nav--primary"')
    return html[start : html.index('<div class="md-sidebar md-sidebar--secondary"', start)]


def check_active_path(html: str) -> list[str]:
    """The ids of the sections opened for the current page, innermost first; asserts the marks on the way."""
    parser = _Tree()
    parser.feed(primary_nav(html))
    elements = parser.root.walk()
    active_links = [e for e in elements if e.tag == "a" and "md-nav__link--active" in e.classes()]
    assert len(active_links) == 1, "exactly one link marked as the current page"
    link = active_links[0]
    assert link.attrs["href"] in ("./", "."), "the current page's own link"
    item = link.parent
    assert item is not None and item.tag == "li" and "md-nav__item--active" in item.classes()
    opened = []
    node = item.parent
    while node is not None:
        if node.tag == "li":
            assert "md-nav__item--active" in node.classes(), "every ancestor section is marked active"
            toggle = next(c for c in node.children if c.tag == "input")
            assert "checked" in toggle.attrs, "every ancestor section is expanded"
            nav = next(c for c in node.children if c.tag == "nav")
            assert nav.attrs["aria-expanded"] == "true"
            opened.append(nav.attrs["aria-labelledby"])
        node = node.parent
    others = [e for e in elements if e.tag == "li" and "md-nav__item--active" in e.classes()]
    assert len(others) == len(opened) + 1, "nothing else is marked active"
    collapsed = [e for e in elements if e.tag == "nav" and e.attrs.get("aria-expanded") == "false"]
    assert all(e.attrs["aria-labelledby"] not in opened for e in collapsed)
    return opened


def build(project: Path, site: Path, mode: str) -> int:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "HANDBOOK_NAV_CACHE": mode}
    result = BuildServer.build(builder().name, ["build", "--strict", "-q", "-d", str(site)], project, env)
    if result.returncode:
        print(f"HANDBOOK_NAV_CACHE={mode}: {result.stderr[-3000:]}")
    return result.returncode


def build_three_ways(root: Path) -> int:
    """A generated handbook with nested nav groups (3 entries per group), built with and without the cache."""
    project = generate(root / "handbook", 40, languages=("en", "lv"), group_size=3)
    # check: the hook compares its HTML with Material's on every page and warns (failing --strict) on a
    # difference or on falling back to Material's rendering, so the cache was really used by "on".
    return build(project, root / "cached", "on") or build(project, root / "stock", "off") or build(
        project, root / "checked", "check")


@pytest.fixture(scope="module")
def sites(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """The generated handbook built with the cache and without it, once per test run (made_once: the
    module's tests are spread over pytest-xdist's workers, which would each build it)."""
    root = made_once(tmp_path_factory, "navcache", build_three_ways)
    return root / "cached", root / "stock"


PAGES = ["index.html", "quick-reference/index.html", "building/practice-00001/index.html",
         "building/practice-00008/index.html", "checklists/checklist-00005/index.html", "checklists/index.html",
         "health/index.html", "lv/face-to-face/practice-00010/index.html", "lv/checklists/print-pack/index.html",
         "contributing/index.html"]  # translated sites leave the English-only pages out of their navigation


@pytest.mark.parametrize("page", PAGES)
def test_built_page_marks_its_path(sites: tuple[Path, Path], page: str) -> None:
    cached, _ = sites
    opened = check_active_path((cached / page).read_text(encoding="utf-8"))
    depth = {"index.html": 0, "quick-reference/index.html": 0}.get(page.removeprefix("lv/"))
    if depth is not None:
        assert opened == []
    elif "practice-" in page or "checklist-0" in page:
        assert len(opened) >= 2, "a page in a nested group opens the group and its section"


def test_every_page_has_materials_navigation(sites: tuple[Path, Path]) -> None:
    cached, stock = sites
    pages = sorted(p.relative_to(stock) for p in stock.rglob("*.html"))
    assert len(pages) > 70
    different = []
    for page in pages:
        theirs, ours = (stock / page).read_text(encoding="utf-8"), (cached / page).read_text(encoding="utf-8")
        if '<nav class="md-nav md-nav--primary"' in theirs and primary_nav(theirs) != primary_nav(ours):
            different.append(str(page))
    assert different == []


def test_pruned_groups_are_links(sites: tuple[Path, Path]) -> None:
    cached, _ = sites
    nav = primary_nav((cached / "building/practice-00001/index.html").read_text(encoding="utf-8"))
    assert "md-nav__item--pruned" in nav  # other groups: a link to their first page, not their whole tree
    assert re.search(r'href="(\.\./)+face-to-face/practice-\d+/"', nav)


def test_real_handbook_marks_the_current_page(built_site: Path) -> None:
    for page in ("building/communicate-clearly/index.html", "lv/checklists/call-recap-email/index.html"):
        opened = check_active_path((built_site / page).read_text(encoding="utf-8"))
        assert len(opened) == 1, page
