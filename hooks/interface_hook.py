"""MkDocs adapter for the interface text around each page (registered under `hooks:` in mkdocs.yml).

Thin on purpose: hooks/handbook/interface.py has the strings and the string work. Adds the Jinja global
`hb_ui(key)` (text in the language of the current pass) for the theme overrides, localizes the
permalink title that Python-Markdown writes on every heading, and keeps the English-only maintainer
pages out of the translated sites' navigation and search.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

from handbook import pdfs
from handbook.interface import (
    InterfaceStrings,
    chrome_translations,
    download_links,
    load_interface_strings,
    localize_permalinks,
    print_button,
    ui_text,
)
from handbook.letters import letters
from handbook.render import without_head_alternates
from jinja2 import Environment
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.nav import Navigation, Section
from mkdocs.structure.pages import Page

PRINT_PACK = "checklists/print-pack.md"
_state: dict[str, Any] = {}


def _strings(config: MkDocsConfig) -> InterfaceStrings:
    # Language-independent: read once per build, not once per language pass.
    path = Path(config.config_file_path).parent / "data" / "interface.yml"
    stamp = path.stat().st_mtime_ns
    if _state.get("stamp") != stamp:
        _state.update(stamp=stamp, strings=load_interface_strings(path))
    return _state["strings"]


def _names(site_name: str, theme: dict[str, Any] | None) -> dict[str, str]:
    """The site name and the palette toggle names a language's config sets."""
    names = {"site_name": site_name} if site_name else {}
    for index, scheme in enumerate((theme or {}).get("palette") or []):
        name = (scheme.get("toggle") or {}).get("name")
        if name:
            names[f"palette_{index}"] = name
    return names


def _chrome(config: MkDocsConfig, strings: InterfaceStrings) -> dict[str, dict[str, str]]:
    """Per language: English interface text -> that language's (site name, palette names, interface.yml)."""
    languages = config.plugins["i18n"].config.languages
    default = next(lang for lang in languages if lang.default)
    english = _names(default.site_name or _state.setdefault("site_name", config.site_name), default.theme)
    return {lang.locale: chrome_translations(strings, lang.locale, english,
                                             _names(lang.site_name or english["site_name"], lang.theme))
            for lang in languages}


def on_env(env: Environment, config: MkDocsConfig, files: Any) -> Environment:
    strings = _strings(config)
    lang = str(config.theme.get("language", "en"))
    env.globals["hb_ui"] = lambda key, language=None: ui_text(strings, key, language or lang)
    env.globals["hb_chrome"] = lambda: _chrome(config, strings)
    return env


def on_post_template(output_content: str, template_name: str, config: MkDocsConfig) -> str:
    """The 404 page: no `<link rel=alternate>` in its head, for which Material's script fetches each
    language's sitemap.xml (missing: four failed requests on every 404)."""
    if template_name != "404.html":
        return output_content
    return without_head_alternates(output_content)


def _is_english_only_elsewhere(page: Page, config: MkDocsConfig) -> bool:
    """An English-only maintainer page built into another language's site."""
    lang = str(config.theme.get("language", "en"))
    src_lang, _, rel = page.file.src_uri.partition("/")
    english_only = config.extra.get("handbook", {}).get("english_only", [])
    return src_lang != lang and rel in english_only


def on_nav(nav: Navigation, config: MkDocsConfig, files: Any) -> Navigation:
    """Translated sites leave the English-only maintainer pages out of their navigation (the footer
    links them), and previous/next links skip them."""
    kept = [page for page in nav.pages if not _is_english_only_elsewhere(page, config)]
    if len(kept) == len(nav.pages):
        return nav

    def prune(items: list[Any]) -> list[Any]:
        result = []
        for item in items:
            if isinstance(item, Section):
                item.children = prune(item.children)
                if not item.children:
                    continue
            elif isinstance(item, Page) and item not in kept:
                continue
            result.append(item)
        return result

    nav.items = prune(nav.items)
    nav.pages = kept
    for before, after in zip([None, *kept], [*kept, None], strict=True):
        if before is not None:
            before.next_page = after
        if after is not None:
            after.previous_page = before
    return nav


def on_page_content(html: str, page: Page, config: MkDocsConfig, files: Any) -> str:
    """Message templates read like letters (hooks/handbook/letters.py) on the pages listed in
    extra.handbook.letter_pages."""
    _, _, rel = page.file.src_uri.partition("/")
    lang = str(config.theme.get("language", "en"))
    if rel == PRINT_PACK:
        return print_button(html, ui_text(_strings(config), "print_pack", lang))
    if rel == "index.md":
        strings = _strings(config)
        return download_links(html, lang, [(ui_text(strings, key, lang), url) for key, url in (
            ("pdf_checklists", pdfs.checklists_pdf(lang)), ("pdf_handbook", pdfs.handbook_pdf(lang)))],
            ui_text(strings, "on_paper", lang))
    if rel not in config.extra.get("handbook", {}).get("letter_pages", []):
        return html
    return letters(html, ui_text(_strings(config), "copy_letter", lang), rel.removesuffix(".md").replace("/", "-"))


def on_post_page(output: str, page: Page, config: MkDocsConfig) -> str:
    lang = str(config.theme.get("language", "en"))
    output = localize_permalinks(output, ui_text(_strings(config), "permalink", lang))
    if _is_english_only_elsewhere(page, config):
        # Out of the translated site's search: the indexer skips articles marked so.
        output = output.replace('<article class="md-content__inner', '<article data-pagefind-ignore="all" '
                                'class="md-content__inner', 1)
    return output


def on_post_build(config: MkDocsConfig) -> None:
    """The health page's JSON link is relative (../health.json): each language's copy of the English-only
    page needs the file beside its own pages, or the link is broken in every translated site. Each
    language pass builds into the same site_dir (its pages under <lang>/), after the default language's
    pass wrote health.json at the root."""
    lang = str(config.theme.get("language", "en"))
    if lang == config.plugins["i18n"].default_language:
        return
    site = Path(config.site_dir)
    report = site / "health.json"
    if report.is_file() and (site / lang).is_dir():
        shutil.copyfile(report, site / lang / "health.json")
