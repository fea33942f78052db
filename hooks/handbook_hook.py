"""MkDocs adapter for the handbook's rules (registered under `hooks:` in mkdocs.yml).

Thin on purpose: it turns MkDocs' config and pages into the plain inputs of hooks/handbook/ and hands
the results back. mkdocs-static-i18n builds the site once per language; the sources are validated once
per change of the docs folder and every language pass reuses that report.
"""

from __future__ import annotations

import gc
import logging
import os
import posixpath
import re
import threading
from pathlib import Path
from typing import Any

from handbook import render
from handbook.config import (
    HandbookConfig,
    load_roles,
    strict_reviews_from_environment,
    today_from_environment,
)
from handbook.health import health_json, health_markdown
from handbook.links import SiteFiles, resolve_relative
from handbook.reviews import review_state
from handbook.source import CROSS_LANGUAGE_MARK, INLINE_LINK
from handbook.validate import Report, docs_fingerprint, validate
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import Abort
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import AnchorLink

# Not under "mkdocs.": warnings here (outdated translations, reviews due) must not fail --strict builds;
# errors fail the build through Abort instead.
log = logging.getLogger("handbook")
PRINT_PACK = "checklists/print-pack.md"
HEALTH = "health.md"

_state: dict[str, Any] = {"command": "build", "fingerprint": None, "report": None, "html_blocks": {},
                          "build_number": 0, "parsed": {}}


def on_startup(command: str, dirty: bool) -> None:
    _state["command"] = command


def on_config(config: MkDocsConfig) -> None:
    """`mkdocs serve` of some languages only (HANDBOOK_SERVE_LANGUAGES=en,lv, set by `make serve
    LANGUAGES=…`): a preview that rebuilds a fraction of the pages. Builds always make every language."""
    wanted = os.environ.get("HANDBOOK_SERVE_LANGUAGES", "").strip()
    if _state["command"] != "serve" or not wanted:
        return
    codes = {code.strip() for code in wanted.split(",") if code.strip()}
    languages = config.plugins["i18n"].config.languages
    known = {lang.locale for lang in languages}
    if codes - known:
        raise Abort(f"HANDBOOK_SERVE_LANGUAGES: unknown language(s) {', '.join(sorted(codes - known))}; "
                    f"the handbook has {', '.join(sorted(known))}")
    for lang in languages:
        # The default language is the site's root: always built.
        lang.build = lang.default or lang.locale in codes


def _nav_pages(nav: Any) -> list[str]:
    pages: list[str] = []
    items = nav if isinstance(nav, list) else [nav]
    for item in items:
        if isinstance(item, str):
            pages.append(item)
        elif isinstance(item, dict):
            for value in item.values():
                pages += _nav_pages(value)
    return [p for p in pages if p.endswith(".md")]


def handbook_config(config: MkDocsConfig) -> HandbookConfig:
    root = Path(config.config_file_path).parent
    extra = config.extra.get("handbook", {})
    languages = [lang.locale for lang in config.plugins["i18n"].config.languages if lang.build]
    default = next(lang.locale for lang in config.plugins["i18n"].config.languages if lang.default)
    languages.sort(key=lambda code: code != default)
    not_in_nav = [line.strip() for line in str(config.not_in_nav or "").splitlines() if line.strip()]
    return HandbookConfig(
        docs_dir=Path(config.docs_dir),
        languages=tuple(languages),
        nav_pages=tuple(_nav_pages(_state.setdefault("nav", config.nav))) if config.nav else None,
        not_in_nav=tuple(not_in_nav),
        english_only=tuple(extra.get("english_only", [])),
        site_url=config.site_url or "",
        roles=load_roles(root / "data" / "roles.yml"),
        review_interval_days=int(extra.get("review_interval_days", 365)),
        strict_reviews=strict_reviews_from_environment(bool(extra.get("strict_reviews", False))),
        today=today_from_environment(),
        config_file=Path(config.config_file_path).name,
        config_text=Path(config.config_file_path).read_text(encoding="utf-8"),
    )


def current_report(config: MkDocsConfig) -> Report:
    """Validate when the sources changed since the last build; the later language passes of a build reuse
    the report without even looking at the docs folder again."""
    if _state["report"] is not None and _state.get("report_build") == _state["build_number"]:
        return _state["report"]
    _state["report_build"] = _state["build_number"]
    fingerprint = docs_fingerprint(Path(config.docs_dir))
    if fingerprint == _state["fingerprint"]:
        return _state["report"]
    gc.unfreeze()  # the previous report (under `mkdocs serve`) may be collected again
    report = validate(handbook_config(config), _state["parsed"] if _state["command"] == "serve" else None)
    # The report lives as long as the build: keep its objects out of the cyclic collector's full scans,
    # which otherwise walk them again and again while pages are rendered (about 7% of a large build).
    gc.freeze()
    _state.update(fingerprint=fingerprint, report=report, reported=False, pack_parts={},
                  site_files=SiteFiles(report.pages, frozenset()))
    _state["strings"] = render.load_strings(Path(config.config_file_path).parent / "data" / "ui_strings.yml")
    return report


def on_pre_build(config: MkDocsConfig) -> None:
    if config.theme.get("language") == config.plugins["i18n"].default_language:
        _state["build_number"] += 1  # the first language pass: a new build (or rebuild under serve)
    report = current_report(config)
    if _state.get("reported"):
        return
    _state["reported"] = True
    for problem in report.warnings:
        log.warning(problem.format())
    for problem in report.errors:
        log.error(problem.format())
    if report.errors:
        summary = f"{len(report.errors)} error(s) in the handbook's sources (listed above)"
        if _state["command"] == "serve":
            log.error(summary + ": still serving; fix them before publishing")
        else:
            raise Abort(summary)


def _lang_rel(page: Page) -> tuple[str, str]:
    lang, _, rel = page.file.src_uri.partition("/")
    return lang, rel


def _url_of(lang: str, rel: str, default: str) -> str:
    stem = rel[: -len(".md")]
    path = "" if stem == "index" else (stem[: -len("/index")] if stem.endswith("/index") else stem) + "/"
    return path if lang == default else f"{lang}/{path}"


def _relative_url(target: str, page: Page) -> str:
    base = posixpath.dirname(page.url.rstrip("/")) if not page.url.endswith("/") else page.url.rstrip("/")
    rel = posixpath.relpath(target or ".", base or ".")
    return rel + "/" if target.endswith("/") or target == "" else rel


def _checklist_markdown(markdown: str, lang: str, rel: str, page: Page, config: MkDocsConfig,
                        blocks: render.HtmlBlocks) -> str:
    checklist = _state["report"].checklists[(lang, rel)]
    return render.render_checklist(
        markdown, checklist, lang, _state["strings"], _role_name(str(checklist.meta.get("who")), lang),
        _chapter_links(checklist, lang, page), (config.site_url or "") + page.url, f"{checklist.id}-{lang}.pdf",
        blocks,
    )


def _chapter_links(checklist: Any, lang: str, page: Page) -> list[tuple[str, str]]:
    report: Report = _state["report"]
    links = []
    for chapter in checklist.meta.get("chapters") or []:
        chapter_page = report.pages.get((lang, chapter))
        if chapter_page is not None:
            url = _url_of(lang, chapter, report.config.source_language)
            links.append((_relative_url(url, page), str(chapter_page.front_matter.get("title", chapter))))
    return links


def _role_name(role_id: str, lang: str) -> str:
    role = _state["report"].config.roles.get(role_id, {})
    return role.get(lang, role.get("en", role_id))


def _print_pack_markdown(markdown: str, lang: str) -> str:
    """Every checklist of the language in the navigation's order (then by id), each on its own page."""
    report: Report = _state["report"]
    nav = {rel: index for index, rel in enumerate(report.config.nav_pages or ())}
    entries = [(checklist, str(checklist.page.front_matter.get("title", checklist.id)))
               for (checklist_lang, rel), checklist in sorted(
                   report.checklists.items(), key=lambda kv: (nav.get(kv[0][1], len(nav)), kv[1].id))
               if checklist_lang == lang]
    return render.print_pack(markdown, lang, _state["strings"], entries)


def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, files: Any) -> str:
    report: Report = _state["report"]
    strings = _state["strings"]
    lang, rel = _lang_rel(page)
    default = report.config.source_language
    build_lang = config.theme.get("language", default)
    source = report.pages.get((lang, rel))
    if source is None:
        return markdown
    markdown = _cross_language_links(markdown, source, page)
    blocks = _state["html_blocks"][page.file.src_uri] = render.HtmlBlocks()
    if (lang, rel) in report.checklists:
        markdown = _checklist_markdown(markdown, lang, rel, page, config, blocks)
    if rel == HEALTH and lang == default:
        markdown = markdown.rstrip() + "\n\n" + health_markdown(report, blocks)
    if rel == PRINT_PACK:
        markdown = _print_pack_markdown(markdown, lang)
    state = report.translation_status(lang, rel)
    if state is not None and state.status == "outdated":
        english = _relative_url(_url_of(default, rel, default), page)
        markdown = render.after_title(markdown, render.outdated_notice(lang, strings, english))
    review = review_state(source, report.config)
    role_name = _role_name(review.owner or "", lang)
    if review.overdue:
        markdown = render.after_title(markdown, render.overdue_notice(review, lang, strings, role_name))
    if _state["command"] == "serve":
        own = [p for p in report.errors if p.path == source.path]
        if own:
            listing = "\n".join(f"    - `{p.format().splitlines()[0]}`" for p in own)
            markdown = render.after_title(markdown, f'!!! failure "Build errors on this page"\n\n{listing}\n')
    markdown = markdown.rstrip() + "\n\n" + blocks(render.review_line(review, lang, strings, role_name)) + "\n"
    if build_lang != lang:
        # An English-only page shown in another language's site: tell browsers and screen readers.
        markdown = f'<div lang="{lang}" markdown="1">\n\n{markdown}\n</div>\n'
    return markdown


def _cross_language_links(markdown: str, source: Any, page: Page) -> str:
    """Deliberate links to another language's page (marked {: .cross-language }) become built URLs,
    since each language is built on its own and MkDocs cannot see the other languages' files."""
    report: Report = _state["report"]
    files = _state["site_files"]

    def replace(match: re.Match[str]) -> str:
        if CROSS_LANGUAGE_MARK not in (match.group("attrs") or "") or "://" in match.group("url"):
            return match.group(0)
        path, _, anchor = match.group("url").partition("#")
        target = resolve_relative(source, path, files, report.config)
        if target is None:
            return match.group(0)
        url = _relative_url(_url_of(*target, report.config.source_language), page) + (f"#{anchor}" if anchor else "")
        return match.group(0).replace(f"({match.group('url')}", f"({url}", 1)

    return INLINE_LINK.sub(replace, markdown)


def on_page_content(html: str, page: Page, config: MkDocsConfig, files: Any) -> str:
    blocks = _state["html_blocks"].pop(page.file.src_uri, None)
    if blocks is not None:
        html = blocks.insert(html)
    html = render.mark_items(html)
    lang, rel = _lang_rel(page)
    checklist = _state["report"].checklists.get((lang, rel))
    if checklist is not None:
        # Kept for the print pack of this language pass (filled in on_page_context, once every page is HTML).
        html, part = render.split_pack_part(html)
        if part is not None:
            sections = [(link.title, link.id) for top in page.toc for link in top.children]
            _state["pack_parts"][(lang, checklist.id)] = (part, page.url, sections)
    return html


def on_page_context(context: dict[str, Any], page: Page, config: MkDocsConfig, nav: Any) -> dict[str, Any]:
    lang, rel = _lang_rel(page)
    if rel == PRINT_PACK and page.content is not None:
        _fill_print_pack(page, lang)
    return context


def _fill_print_pack(page: Page, lang: str) -> None:
    parts: dict[str, str] = {}
    pack_sections: dict[str, list[AnchorLink]] = {}
    for (part_lang, checklist_id), (part, url, sections) in _state["pack_parts"].items():
        if part_lang != lang:
            continue
        ids = {section_id for _, section_id in sections}
        parts[checklist_id] = render.pack_part(part, checklist_id, ids, url, page.url)
        pack_sections[f"pack-{checklist_id}"] = [AnchorLink(title, f"{checklist_id}--{section_id}", 3)
                                                 for title, section_id in sections]
    page.content, missing = render.fill_print_pack(page.content or "", parts)
    for checklist_id in missing:
        log.warning(f"print pack ({lang}): checklist {checklist_id} was not built, so it is missing from the pack")
    for top in page.toc:
        for link in top.children:
            link.children = pack_sections.get(link.id, link.children)


def on_post_page(output: str, page: Page, config: MkDocsConfig) -> str:
    return render.without_head_alternates(output)


def on_post_build(config: MkDocsConfig) -> None:
    """Write the health report as JSON once, beside the default language's pages."""
    report: Report = _state["report"]
    site = Path(config.site_dir)
    if config.theme.get("language") == report.config.source_language:
        (site / "health.json").write_text(health_json(report), encoding="utf-8")
        _state["root_404"] = (site / "404.html", (site / "404.html").read_bytes())
    elif "root_404" in _state:
        # mkdocs-static-i18n lets later language passes overwrite the site root's 404 page; restore the
        # default language's, so its `lang` and text match the root.
        path, content = _state["root_404"]
        path.write_bytes(content)
    if _state["command"] == "serve" and config.theme.get("language") == report.config.languages[-1]:
        # In the background: the browser reloads as soon as the pages are written; search catches up.
        threading.Thread(target=_index_served_site, args=(site, _state["build_number"]), daemon=True).start()


def _index_served_site(site: Path, build_number: int) -> None:
    """Under `mkdocs serve`, index the site served from its temporary folder, so search works in previews
    too (`make build` indexes the publishable site itself)."""
    import sys

    project = str(Path(__file__).resolve().parent.parent)
    if project not in sys.path:
        sys.path.append(project)
    from tools import search_index

    try:
        code = search_index.build(site)
    except OSError as error:
        code, reason = 1, str(error)
    else:
        reason = "see above"
    if code != 0:
        if build_number != _state["build_number"]:
            log.info("search index: a newer rebuild replaced the pages being indexed; it indexes its own")
        else:
            log.warning(f"search index: not built for this preview ({reason}); search will not work here")
