"""MkDocs adapter: under `mkdocs serve`, a rebuild converts and renders again only the pages an edit changed.

`mkdocs serve` rebuilds the whole site, every language pass, after each save; `--dirty` is no way out (it
leaves other pages' navigation stale, and its warning fails strict builds). Here every rebuild still
reads every page, runs every hook's page_markdown, page_content and page_context, and builds each
language's navigation, so the handbook's rules, notices and print pack stay exact. What it skips is the
costly part, when its key (everything the result depends on) is the one of the last build:

- Markdown to HTML (Page.render): the page's Markdown after the hooks, its URL, the site's files and
  the config;
- HTML to the written page (the theme's template, then the post_page hooks): the page's HTML after
  page_content and page_context, its metadata, title and table of contents, the navigation of its
  language (every title, URL and section), the context the template reads (language switcher links
  included), the config and the theme's files.

MkDocs' own warnings about a page's links and anchors come with its conversion, so they are not repeated
for a page served from the cache (the handbook's rules report theirs on every build). Only `mkdocs serve`
uses this; `mkdocs build` never does. HANDBOOK_SERVE_CACHE=off turns it off.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from handbook.pagecache import PageCache, digest
from mkdocs import utils
from mkdocs.commands import build as mkdocs_build
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files
from mkdocs.structure.nav import Link, Navigation, Section
from mkdocs.structure.pages import Page

log = logging.getLogger("mkdocs.hooks.serve_cache")
_converted = PageCache()  # Markdown to HTML
_written = PageCache()  # HTML to the final page
_signatures: dict[str, tuple[object, str]] = {}


def on_startup(command: str, dirty: bool) -> None:
    if command == "serve" and os.environ.get("HANDBOOK_SERVE_CACHE", "on").strip().lower() != "off":
        _install()


def on_post_build(config: MkDocsConfig) -> None:
    if not getattr(mkdocs_build, "_handbook_serve_cache", False):
        return
    converted_reused, converted = _converted.take_counts()
    rendered_reused, rendered = _written.take_counts()
    log.info(f"serve cache ({config.theme.get('language')}): Markdown converted for {converted} page(s), "
             f"reused for {converted_reused}; pages rendered {rendered}, reused {rendered_reused}")


def _install() -> None:
    if getattr(mkdocs_build, "_handbook_serve_cache", False):
        return
    original_render = Page.render

    def render(page: Page, config: MkDocsConfig, files: Files) -> None:
        key = digest(page.markdown, page.url, _files_signature(files), _config_signature(config))
        slot = ("convert", config.theme.get("language"), page.file.src_uri)
        cached = _converted.get(slot, key)
        if cached is not None:
            page.content, page.toc, page._title_from_render, anchors = cached
            page.present_anchor_ids = set(anchors)
            page.links_to_anchors = {}  # see the module docstring
            return
        original_render(page, config, files)
        _converted.put(slot, key, (page.content, page.toc, page._title_from_render,
                                   frozenset(page.present_anchor_ids or ())))

    Page.render = render  # type: ignore[method-assign]
    mkdocs_build._build_page = _build_page
    mkdocs_build._handbook_serve_cache = True  # type: ignore[attr-defined]


def _build_page(page: Page, config: MkDocsConfig, doc_files: Sequence[File], nav: Navigation, env: Any,
                dirty: bool = False, excluded: bool = False) -> None:
    """MkDocs 1.6's _build_page (mkdocs/commands/build.py), with the rendered page reused when its key
    matches; the rest is unchanged."""
    config._current_page = page
    try:
        page.active = True
        context = mkdocs_build.get_context(nav, doc_files, config, page)
        template_name = page.meta.get("template", "main.html")
        template = env.get_template(template_name)
        context = config.plugins.on_page_context(context, page=page, config=config, nav=nav)
        if excluded:
            page.content = ('<div class="mkdocs-draft-marker" title="This page will not be included into the '
                            'built site.">DRAFT</div>' + (page.content or ""))
        key = digest(page.content, page.meta, page.title, page.url, _toc_signature(page.toc), template_name,
                     _nav_signature(nav), _pages_signature(doc_files), _context_signature(context),
                     _config_signature(config))
        slot = ("write", config.theme.get("language"), page.file.src_uri)
        output = _written.get(slot, key)
        if output is None:
            output = template.render(context)
            output = config.plugins.on_post_page(output, page=page, config=config)
            _written.put(slot, key, output)
        if output.strip():
            utils.write_file(output.encode("utf-8", errors="xmlcharrefreplace"), page.file.abs_dest_path)
        else:
            log.info(f"Page skipped: '{page.file.src_uri}'. Generated empty output.")
    except Exception as error:
        message = f"Error building page '{page.file.src_uri}':"
        if not isinstance(error, mkdocs_build.BuildError):
            message += f" {error}"
        log.error(message)
        raise
    finally:
        page.active = False
        config._current_page = None


def _once(what: str, owner: object, compute: Any) -> str:
    """A signature computed once per object (a build's config, a language pass's files or navigation).
    The object is kept with it and compared by identity, so a later object never inherits it."""
    known = _signatures.get(what)
    if known is None or known[0] is not owner:
        known = (owner, compute())
        _signatures[what] = known
    return known[1]


def _files_signature(files: Files) -> str:
    return _once("files", files, lambda: digest(sorted((f.src_uri, f.url) for f in files)))


def _pages_signature(doc_files: Sequence[File]) -> str:
    return _once("pages", doc_files, lambda: digest(sorted((f.src_uri, f.url) for f in doc_files)))


def _config_signature(config: MkDocsConfig) -> str:
    """The config file and the theme's own templates and assets (custom_dir; the installed theme does not
    change while serving): once per build, whose language passes share one config object. The pass
    changes the config's theme language, not its file."""

    def compute() -> str:
        theme_files = []
        if config.theme.custom_dir and Path(config.theme.custom_dir).is_dir():
            for path in sorted(Path(config.theme.custom_dir).rglob("*")):
                if path.is_file():
                    stat = path.stat()
                    theme_files.append((str(path), stat.st_mtime_ns, stat.st_size))
        config_text = Path(config.config_file_path).read_text(encoding="utf-8")
        return digest(config_text, config.site_url, theme_files)

    return digest(_once("config", config, compute), config.theme.get("language"))


def _nav_signature(nav: Navigation) -> str:
    def walk(items: list[Any]) -> list[Any]:
        entries: list[Any] = []
        for item in items:
            if isinstance(item, Section):
                entries.append(("section", item.title, walk(item.children)))
            elif isinstance(item, Link):
                entries.append(("link", item.title, item.url))
            else:
                entries.append(("page", item.title, item.url))
        return entries

    return _once("nav", nav, lambda: digest(walk(nav.items)))


def _toc_signature(toc: Any) -> list[Any]:
    return [(link.id, link.title, link.level, _toc_signature(link.children)) for link in toc or []]


def _context_signature(context: dict[str, Any]) -> str:
    """The parts of the template context that are not the page or the navigation."""
    config = context.get("config")
    return digest(context.get("base_url"), [str(css) for css in context.get("extra_css") or []],
                  [str(js) for js in context.get("extra_javascript") or []],
                  getattr(config, "extra", None), getattr(config, "site_name", None))
