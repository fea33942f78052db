"""MkDocs adapter: render the navigation once per language pass instead of once per page.

Registers the Jinja global `handbook_nav_item`, which overrides/partials/nav.html calls in place of
Material's `item.render(nav_item, path, 1)` for each top-level nav item. The string logic lives in
hooks/handbook/navcache.py; this file only renders the fragments with Material's own macros.

HANDBOOK_NAV_CACHE=off renders the stock way (for comparisons); =check renders both ways and reports any
difference as a warning (so `mkdocs build --strict` fails), then uses Material's HTML.
"""

from __future__ import annotations

import logging
import os
from typing import Any

from handbook.navcache import MARK, assemble, is_regular, marked_urls, relativize
from jinja2 import Environment, pass_context
from jinja2.runtime import Context
from markupsafe import Markup
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import Files
from mkdocs.structure.nav import Navigation, Section
from mkdocs.structure.pages import Page

# Under "mkdocs.": a difference found in check mode fails --strict builds.
log = logging.getLogger("mkdocs.hooks.nav_cache")
# Features whose markup depends on more than the item's own active state (tabs: the parent's; indexes:
# section index pages); with them the stock rendering is used.
UNSUPPORTED_FEATURES = ("navigation.tabs", "navigation.indexes")


class NavCache:
    """The fragments of one language pass's navigation."""

    def __init__(self, nav: Navigation, context: Context) -> None:
        self.nav = nav
        self.supported = True
        self.info: dict[int, tuple[str, int, Any]] = {}  # id(item) -> (path, level, parent item or None)
        self.neutral: dict[int, str] = {}
        self.opened: dict[int, str] = {}
        self.irregular: set[str] = set()
        features = context.get("features") or []
        if any(feature in features for feature in UNSUPPORTED_FEATURES):
            log.info(f"nav cache: off, the theme uses {', '.join(f for f in UNSUPPORTED_FEATURES if f in features)}")
            self.supported = False
            return
        seen: set[int] = set()

        def walk(items: list[Any], path: str, level: int, parent: Any) -> None:
            for index, item in enumerate(items, start=1):
                item_path = f"{path}_{index}" if parent is not None else f"__nav_{index}"
                if id(item) in seen:
                    log.info("nav cache: off, an item is listed twice in the nav")
                    self.supported = False  # Material marks every copy; leave it to Material
                seen.add(id(item))
                self.info[id(item)] = (item_path, level, parent)
                if isinstance(item, Section):
                    walk(item.children, item_path, level + 1, item)

        walk(nav.items, "", 1, None)
        variables = dict(context.get_all())
        variables.update(page=None, base_url=MARK)
        self.module = context.environment.get_template("partials/nav-item.html").make_module(vars=variables)

    def _render(self, item: Any) -> str:
        path, level, parent = self.info[id(item)]
        if parent is None:
            html = str(self.module.render(item, path, level))
        else:
            html = str(self.module.render(item, path, level, parent))
        self.irregular.update(url for url in marked_urls(html) if not is_regular(url))
        return html

    def _ensure(self, page: Page, neutral: list[Any], opened: list[Section]) -> None:
        """Render the fragments not cached yet, with nothing active (Material's macros read `active`)."""
        neutral = [item for item in neutral if id(item) not in self.neutral]
        opened = [section for section in opened if id(section) not in self.opened]
        if not neutral and not opened:
            return
        page.active = False  # also clears its sections; restored below
        try:
            for item in neutral:
                self.neutral[id(item)] = self._render(item)
            for section in opened:
                section.active = True  # open on its own: its children stay neutral
                try:
                    self.opened[id(section)] = self._render(section)
                finally:
                    section.active = False
        finally:
            page.active = True

    def item_html(self, item: Any, page: Page, item_module: Any) -> str | None:
        """The HTML of a top-level nav item on this page, or None to let Material render it."""
        if id(item) not in self.info:
            return None
        chain: list[Section] = []  # the page's sections, top-level first
        node = page.parent
        while node is not None:
            chain.append(node)
            node = node.parent
        chain.reverse()
        if (chain[0] if chain else page) is not item:
            self._ensure(page, [item], [])
            return relativize(self.neutral[id(item)], page.url, self.irregular)
        if id(page) not in self.info:
            return None
        steps = [*chain, page]
        self._ensure(page, steps[1:], chain)
        path = [(self.opened[id(section)], self.neutral[id(steps[i + 1])]) for i, section in enumerate(chain)]
        page_path, level, parent = self.info[id(page)]
        if parent is None:
            active = str(item_module.render(page, page_path, level))
        else:
            active = str(item_module.render(page, page_path, level, parent))
        html = assemble(path, active)
        return None if html is None else relativize(html, page.url, self.irregular)


_state: dict[str, Any] = {"nav": None, "cache": None}


def _mode() -> str:
    return os.environ.get("HANDBOOK_NAV_CACHE", "on").strip().lower()


@pass_context
def handbook_nav_item(context: Context, item_module: Any, nav_item: Any, path: str) -> Markup:
    """A top-level nav item's HTML for the page being rendered (Material's macro as the fallback)."""
    page = context.get("page")
    nav = context.get("nav")
    mode = _mode()
    if mode == "off" or not isinstance(page, Page) or nav is None:
        return item_module.render(nav_item, path, 1)
    if _state["nav"] is not nav:
        _state.update(nav=nav, cache=NavCache(nav, context))
    cache: NavCache = _state["cache"]
    if not cache.supported:
        return item_module.render(nav_item, path, 1)
    html = cache.item_html(nav_item, page, item_module)
    if html is None or MARK in html:
        # Correct (Material renders it) but slow; in check mode a failed test of the cache.
        (log.warning if mode == "check" else log.debug)(
            f"nav cache: rendered the navigation of {page.file.src_uri} the stock way ({path})")
        return item_module.render(nav_item, path, 1)
    if mode == "check":
        stock = str(item_module.render(nav_item, path, 1))
        if stock != html:
            log.warning(f"nav cache: the navigation of {page.file.src_uri} differs from Material's ({path})")
        return Markup(stock)
    return Markup(html)


def on_env(env: Environment, config: MkDocsConfig, files: Files) -> Environment:
    env.globals["handbook_nav_item"] = handbook_nav_item
    _state.update(nav=None, cache=None)
    return env
