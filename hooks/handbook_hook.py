"""MkDocs adapter for the handbook's rules (registered under `hooks:` in mkdocs.yml).

Thin on purpose: it turns MkDocs' config and pages into the plain inputs of hooks/handbook/ and hands
the results back. mkdocs-static-i18n builds the site once per language; the sources are validated once
per change of the docs folder and every language pass reuses that report.
"""

from __future__ import annotations

import gc
import html as html_lib
import logging
import os
import posixpath
import sys
import threading
import time
from collections import Counter
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import yaml
from handbook import ci_report, content_policy, pdfs, render
from handbook.built import built_page, check_built_site
from handbook.config import (
    HandbookConfig,
    load_roles,
    strict_reviews_from_environment,
    today_from_environment,
)
from handbook.health import health_json, health_markdown
from handbook.limits import Limits, LimitsFileError, fill_limits, load_limits
from handbook.links import SiteFiles, resolve_relative
from handbook.problems import Problem
from handbook.reviews import review_state
from handbook.source import SourcePage
from handbook.state import BuildState
from handbook.validate import Report, docs_fingerprint, validate
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import Abort
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import AnchorLink

# Not under "mkdocs.": warnings here (outdated translations, reviews due) must not fail --strict builds;
# errors fail the build through Abort instead.
log = logging.getLogger("handbook")
PRINT_PACK = "checklists/print-pack.md"
# The job summary lists pages whose review is overdue or due within this many days.
REVIEW_SOON_DAYS = 30
HEALTH = "health.md"

# Set in a test to see what the built-HTML check alone catches (tests/test_structure_differential.py).
SOURCE_CHECKS_OFF = "HANDBOOK_SOURCE_CHECKS_OFF"
_state = BuildState()


def on_startup(command: str, dirty: bool) -> None:
    global _state
    _state = BuildState(command=command)


class _GitHubAnnotations(logging.Handler):
    """MkDocs' own warnings (unresolved links, missing nav pages…) as workflow commands too, under GitHub Actions."""

    def __init__(self, docs_dir_name: str, strict: bool) -> None:
        super().__init__(logging.WARNING)
        self.docs_dir_name, self.strict = docs_dir_name, strict

    def emit(self, record: logging.LogRecord) -> None:
        print(ci_report.mkdocs_annotation(record.getMessage(), self.docs_dir_name,
                                          self.strict or record.levelno >= logging.ERROR), flush=True)


def on_config(config: MkDocsConfig) -> None:
    """Under GitHub Actions, annotate MkDocs' own warnings too. `mkdocs serve` of some languages only
    (HANDBOOK_SERVE_LANGUAGES=en,lv, set by `make serve LANGUAGES=…`): a preview that rebuilds a fraction of
    the pages. Builds always make every language."""
    if _on_github() and _state.annotations is None:
        _state.annotations = _GitHubAnnotations(Path(config.docs_dir).name, bool(config.strict))
        # ProperDocs logs MkDocs' messages under its own name (and passes plugins' "mkdocs.*" logs up to it).
        builder = getattr(sys.modules.get("mkdocs"), "__name__", "mkdocs")
        logging.getLogger(builder).addHandler(_state.annotations)
    wanted = os.environ.get("HANDBOOK_SERVE_LANGUAGES", "").strip()
    if _state.command != "serve" or not wanted:
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


def _first_nav(nav: Any) -> Any:
    if _state.nav is None:
        _state.nav = nav
    return _state.nav


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
        nav_pages=tuple(_nav_pages(_first_nav(config.nav))) if config.nav else None,
        not_in_nav=tuple(not_in_nav),
        english_only=tuple(extra.get("english_only", [])),
        site_url=config.site_url or "",
        roles=load_roles(root / "data" / "roles.yml"),
        limits=_load_limits(root / "data" / "authority.yml"),
        review_interval_days=int(extra.get("review_interval_days", 365)),
        strict_reviews=strict_reviews_from_environment(bool(extra.get("strict_reviews", False))),
        today=today_from_environment(),
        config_file=Path(config.config_file_path).name,
        config_text=Path(config.config_file_path).read_text(encoding="utf-8"),
        allowed_code_files=tuple(str(path) for path in extra.get("allowed_code_files", [])),
    )


def _load_limits(path: Path) -> Limits:
    try:
        return load_limits(path)
    except (LimitsFileError, yaml.YAMLError) as error:
        raise Abort(f"data/authority.yml: {error}") from None


def current_report(config: MkDocsConfig) -> Report:
    """Validate when the sources changed since the last build; the later language passes of a build reuse
    the report without even looking at the docs folder again."""
    if _state.report is not None and _state.report_build == _state.build_number:
        return _state.report
    _state.report_build = _state.build_number
    fingerprint = docs_fingerprint(Path(config.docs_dir))
    if fingerprint == _state.fingerprint and _state.report is not None:
        return _state.report
    gc.unfreeze()  # the previous report (under `mkdocs serve`) may be collected again
    report = validate(handbook_config(config), _state.parsed if _state.command == "serve" else None)
    # The report lives as long as the build: keep its objects out of the cyclic collector's full scans,
    # which otherwise walk them again and again while pages are rendered (about 7% of a large build).
    gc.freeze()
    _state.fingerprint, _state.report, _state.reported = fingerprint, report, False
    _state.site_files = SiteFiles(report.pages, frozenset())
    _state.strings = render.load_strings(Path(config.config_file_path).parent / "data" / "ui_strings.yml")
    if _content_policy_off():
        report.problems = [p for p in report.problems if not p.rule.startswith("content-")]
    return report


def _content_policy_off() -> bool:
    """TEST ONLY (tests/browser/test_content_security.py): HANDBOOK_TEST_ONLY_CONTENT_POLICY=off lets
    content through that the policy refuses, to show that the Content-Security-Policy still stops it.
    Never set it anywhere else."""
    if os.environ.get("HANDBOOK_TEST_ONLY_CONTENT_POLICY", "").strip().lower() != "off":
        return False
    log.warning("HANDBOOK_TEST_ONLY_CONTENT_POLICY=off: the content policy is switched off (tests only)")
    return True


def on_pre_build(config: MkDocsConfig) -> None:
    if config.theme.get("language") == config.plugins["i18n"].default_language:
        _state.new_build()  # the first language pass: a new build (or rebuild under serve)
        _state.started = time.monotonic()
    report = current_report(config)
    if _state.reported:
        return
    _state.reported = True
    for problem in report.warnings:
        log.warning(problem.format())
    errors = [] if os.environ.get(SOURCE_CHECKS_OFF) == "1" else report.errors
    for problem in errors:
        log.error(problem.format())
    if _on_github():
        # Shown on the pull request's diff at the problem's line.
        for problem in sorted(report.problems):
            print(ci_report.annotation(problem), flush=True)
    if errors:
        summary = f"{len(errors)} error(s) in the handbook's sources (listed above)"
        if _state.command == "serve":
            log.error(summary + ": still serving; fix them before publishing")
        else:
            _write_job_summary(report, "failed")
            raise Abort(summary)


def _on_github() -> bool:
    return os.environ.get("GITHUB_ACTIONS") == "true"


def _write_job_summary(report: Report, outcome: str, built_problems: list[Problem] | None = None) -> None:
    """GitHub's job summary for this build, when it runs in GitHub Actions."""
    path = os.environ.get("GITHUB_STEP_SUMMARY")
    if not _on_github() or not path or _state.command != "build":
        return
    translations: dict[str, Counter[str]] = {
        lang: Counter(state.status for state in report.translation_states if state.lang == lang)
        for lang in report.config.translations}
    due = []
    for source in report.pages.values():
        review = review_state(source, report.config)
        if review.next_due is not None and (review.next_due - report.config.today).days <= REVIEW_SOON_DAYS:
            due.append(ci_report.ReviewDue(source.path, _role_name(review.owner or "", "en"), review.next_due.isoformat()))
    seconds = time.monotonic() - _state.started if _state.started is not None else None
    with open(path, "a", encoding="utf-8") as summary:
        summary.write(ci_report.job_summary([*report.problems, *(built_problems or [])], translations, due, seconds,
                                            outcome))


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
    checklist = _state.current.checklists[(lang, rel)]
    return render.render_checklist(
        markdown, checklist, lang, _state.strings, _role_name(str(checklist.meta.get("who")), lang),
        _chapter_links(checklist, lang, page), (config.site_url or "") + page.url, pdfs.checklist_pdf(checklist.id, lang),
        blocks,
    )


def _chapter_links(checklist: Any, lang: str, page: Page) -> list[tuple[str, str]]:
    report = _state.current
    links = []
    for chapter in checklist.meta.get("chapters") or []:
        chapter_page = report.pages.get((lang, chapter))
        if chapter_page is not None:
            url = _url_of(lang, chapter, report.config.source_language)
            links.append((_relative_url(url, page), str(chapter_page.front_matter.get("title", chapter))))
    return links


def _role_name(role_id: str, lang: str) -> str:
    role = _state.current.config.roles.get(role_id, {})
    return role.get(lang, role.get("en", role_id))


def _print_pack_markdown(markdown: str, lang: str) -> str:
    """Every checklist of the language in the navigation's order (then by id), each on its own page."""
    report = _state.current
    nav = {rel: index for index, rel in enumerate(report.config.nav_pages or ())}
    entries = [(checklist, html_lib.escape(str(checklist.page.front_matter.get("title", checklist.id))))
               for (checklist_lang, rel), checklist in sorted(
                   report.checklists.items(), key=lambda kv: (nav.get(kv[0][1], len(nav)), kv[1].id))
               if checklist_lang == lang]
    return render.print_pack(markdown, lang, _state.strings, entries)


def on_files(files: Any, config: MkDocsConfig) -> Any:
    """Never publish what the docs tree check refused (links, devices, hidden files, code not listed in the
    configuration), nor anything reached through a linked folder: not even under `mkdocs serve`, which keeps
    serving while the errors stand."""
    refused = _state.current.unpublishable
    if not refused:
        return files
    docs = os.path.realpath(config.docs_dir)
    for file in list(files):
        if not file.abs_src_path:
            continue
        rel = Path(os.path.relpath(file.abs_src_path, docs)).as_posix()
        parts = rel.split("/")
        if any("/".join(parts[: end]) in refused for end in range(1, len(parts) + 1)):
            files.remove(file)
    return files


def _safe_meta(page: Page) -> None:
    """MkDocs loads front matter with its own YAML loader, aliases included: for a page whose front matter
    the handbook refused (an alias bomb, an oversized block...), its metadata is what the handbook read,
    so nothing later (the serve cache's keys, templates) walks a billion-item structure."""
    source = _state.current.pages.get(_lang_rel(page))
    if source is not None and any(p.rule.startswith("front-matter-") for p in source.problems):
        page.meta = dict(source.front_matter)


def _plain_text_meta(page: Page) -> None:
    """Front-matter text goes into navigation, tabs, <title> and meta tags through templates that do not
    escape it: escape it here, so it is shown as text even while a content-policy error stands (serve)."""
    for key in ("title", "description"):
        value = page.meta.get(key)
        if isinstance(value, str):
            page.meta[key] = content_policy.plain_text_html(value)


def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, files: Any) -> str:
    _safe_meta(page)
    _plain_text_meta(page)
    report = _state.current
    strings = _state.strings
    lang, rel = _lang_rel(page)
    default = report.config.source_language
    build_lang = config.theme.get("language", default)
    source = report.pages.get((lang, rel))
    if source is None:
        return markdown
    markdown = _cross_language_links(markdown, source, page)
    markdown = fill_limits(markdown, report.config.limits, lang)
    blocks = _state.html_blocks[page.file.src_uri] = render.HtmlBlocks()
    if (lang, rel) in report.checklists:
        markdown = _checklist_markdown(markdown, lang, rel, page, config, blocks)
    if rel == HEALTH and lang == default:
        markdown = markdown.rstrip() + "\n\n" + health_markdown(report, blocks, _relative_url("health.json", page))
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
    if _state.command == "serve":
        own = [p for p in report.errors if p.path == source.path]
        if own:
            listing = "\n".join(f"    - `` {p.format().splitlines()[0]} ``" for p in own)  # `` : messages quote with `
            markdown = render.after_title(markdown, f'!!! failure "Build errors on this page"\n\n{listing}\n')
    markdown = markdown.rstrip() + "\n\n" + blocks(render.review_line(review, lang, strings, role_name)) + "\n"
    if build_lang != lang:
        # An English-only page shown in another language's site: tell browsers and screen readers.
        markdown = f'<div lang="{lang}" markdown="1">\n\n{markdown}\n</div>\n'
    return markdown


def _cross_language_links(markdown: str, source: SourcePage, page: Page) -> str:
    """Deliberate links to another language's page (marked {: .cross-language }) become built URLs,
    since each language is built on its own and MkDocs cannot see the other languages' files. The links
    and their lines are the ones the source parse found."""
    report = _state.current
    files = _state.site_files
    assert files is not None
    lines: list[str] | None = None
    for link in source.links:
        if not link.deliberate_cross_language or link.kind == "html" or "://" in link.url:
            continue
        path, _, anchor = link.url.partition("#")
        target = resolve_relative(source, path, files, report.config)
        if target is None:
            continue
        url = _relative_url(_url_of(*target, report.config.source_language), page) + (f"#{anchor}" if anchor else "")
        lines = lines if lines is not None else markdown.split("\n")
        index = link.line - source.markdown_first_line
        if 0 <= index < len(lines):
            for written in (f"({link.url}", f"]: {link.url}", f"<{link.url}>"):
                if written in lines[index]:
                    lines[index] = lines[index].replace(written, written.replace(link.url, url), 1)
                    break
    return markdown if lines is None else "\n".join(lines)


def _rendered_policy_problems(html: str, page: Page) -> tuple[str, list[Problem]]:
    """The content policy over the HTML the Markdown engine produced for the page: what it finds that the
    source check missed is an error at the line where the offending text is written."""
    violations = content_policy.check_html(html)
    if not violations or _content_policy_off():
        return html, []
    report = _state.current
    source = report.pages.get(_lang_rel(page))
    problems: list[Problem] = []
    if source is not None:
        known = {(p.path, p.line, p.rule) for p in report.errors}
        for violation in violations:
            line = content_policy.find_line(source.text, violation.snippet, 1, source.body_line)
            problem = Problem(source.path, line, violation.rule, violation.message, violation.hint)
            if (problem.path, problem.line, problem.rule) not in known:
                problems.append(problem)
    return content_policy.neutralised(html, violations), problems


def on_page_content(html: str, page: Page, config: MkDocsConfig, files: Any) -> str:
    html, problems = _rendered_policy_problems(html, page)
    if problems:
        for problem in problems:
            log.error(problem.format())
        _state.rendered_errors[problems[0].path] = problems
        if _state.command == "serve":
            listing = "".join(f"<li><code>{html_lib.escape(p.format().splitlines()[0])}</code></li>" for p in problems)
            html = (f'<div class="admonition failure"><p class="admonition-title">Build errors on this page</p>'
                    f"<ul>{listing}</ul></div>\n" + html)
    blocks = _state.html_blocks.pop(page.file.src_uri, None)
    if blocks is not None:
        html = blocks.insert(html)
    html = render.mark_items(html)
    lang, rel = _lang_rel(page)
    checklist = _state.current.checklists.get((lang, rel))
    if checklist is not None:
        # Kept for the print pack of this language pass (filled in on_page_context, once every page is HTML).
        html, part = render.split_pack_part(html)
        if part is not None:
            sections = [(link.title, link.id) for top in page.toc for link in top.children]
            _state.pack_parts[(lang, checklist.id)] = (part, page.url, sections)
    return html


def on_env(env: Any, config: MkDocsConfig, files: Any) -> Any:
    """Errors found in the rendered pages stop a build before any page is written (every page of the
    language pass is converted before on_env, so they are all reported together)."""
    found = [p for problems in _state.rendered_errors.values() for p in problems]
    _state.rendered_errors = {}
    if _on_github():
        for problem in found:
            print(ci_report.annotation(problem), flush=True)
    if found and _state.command != "serve":
        _write_job_summary(_state.current, "failed", found)
        raise Abort(f"{len(found)} error(s) in the HTML the pages render to (listed above)")
    return env


def on_page_context(context: dict[str, Any], page: Page, config: MkDocsConfig, nav: Any) -> dict[str, Any]:
    lang, rel = _lang_rel(page)
    if rel == PRINT_PACK and page.content is not None:
        _fill_print_pack(page, lang)
    _keep_for_built_check(page, config)
    return context


def _fill_print_pack(page: Page, lang: str) -> None:
    parts: dict[str, str] = {}
    pack_sections: dict[str, list[AnchorLink]] = {}
    for (part_lang, checklist_id), (part, url, sections) in _state.pack_parts.items():
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


def _keep_for_built_check(page: Page, config: MkDocsConfig) -> None:
    """The page's final content (the print pack's is filled just before), for the check after the last
    language pass. Here and not in post_page: under `mkdocs serve` a page the cache reuses skips that."""
    report = _state.current
    source = report.pages.get(_lang_rel(page))
    if source is not None and page.content is not None:
        build_lang = str(config.theme.get("language", report.config.source_language))
        _state.built_pages[page.url] = built_page(page.url, build_lang, source.path, source.text, source.body_line,
                                                  page.content)


def on_post_page(output: str, page: Page, config: MkDocsConfig) -> str:
    return render.without_head_alternates(output)


def on_post_build(config: MkDocsConfig) -> None:
    """Write the health report as JSON once, beside the default language's pages; after the last
    language pass, check the links and ids of every built page."""
    report = _state.current
    site = Path(config.site_dir)
    if config.theme.get("language") == report.config.source_language:
        (site / "health.json").write_text(health_json(report), encoding="utf-8")
        _state.site_root = site
        _state.root_404 = (site / "404.html", (site / "404.html").read_bytes())
    elif _state.root_404 is not None:
        # mkdocs-static-i18n lets later language passes overwrite the site root's 404 page; restore the
        # default language's, so its `lang` and text match the root.
        path, content = _state.root_404
        path.write_bytes(content)
    if config.theme.get("language") != report.config.languages[-1]:
        return
    _check_built_pages(_state.site_root or site, report)
    _write_job_summary(report, "passed" if not report.errors else "failed")
    if _state.command == "serve":
        # In the background: the browser reloads as soon as the pages are written; search catches up.
        threading.Thread(target=_index_served_site, args=(site, Path(config.config_file_path), _state.build_number),
                         daemon=True).start()


def _combined_pdfs(config: HandbookConfig) -> frozenset[str]:
    """The PDFs `make pdf` writes after the build (handbook/pdfs.py), which the home pages link to."""
    found = set()
    for lang in config.languages:
        root = _url_of(lang, "index.md", config.source_language)
        found |= {root + pdfs.checklists_pdf(lang), root + pdfs.handbook_pdf(lang)}
    return frozenset(found)


def _check_built_pages(site: Path, report: Report) -> None:
    """Whatever the source check missed: links and ids as the pages of every language were written."""
    config = report.config
    base = urlsplit(config.site_url).path or "/"
    later = frozenset(_url_of(lang, rel, config.source_language) + pdfs.checklist_pdf(checklist.id, lang)
                      for (lang, rel), checklist in report.checklists.items()) | _combined_pdfs(config)
    problems = check_built_site(_state.built_pages, site, base if base.endswith("/") else base + "/", later)
    if os.environ.get(SOURCE_CHECKS_OFF) != "1":
        # Already reported by the source check (same rule, same line): say each problem once.
        known = {(p.path, p.line, p.rule) for p in report.errors}
        problems = [p for p in problems if (p.path, p.line, p.rule) not in known]
    for problem in problems:
        log.error(problem.format())
        if _on_github():
            print(ci_report.annotation(problem), flush=True)
    if problems and _state.command != "serve":
        _write_job_summary(report, "failed", problems)
        raise Abort(f"{len(problems)} error(s) in the built pages' links and ids (listed above)")


def _index_served_site(site: Path, config_file: Path, build_number: int) -> None:
    """Under `mkdocs serve`, index the site served from its temporary folder, so search works in previews
    too (`make build` indexes the publishable site itself)."""

    project = str(Path(__file__).resolve().parent.parent)
    if project not in sys.path:
        sys.path.append(project)
    from tools import search_index

    try:
        code = search_index.build(site, config_file)
    except Exception as error:  # a background thread: say what failed, never print a traceback under serve
        code, reason = 1, f"{type(error).__name__}: {error}"
    else:
        reason = "see above"
    if code != 0:
        if build_number != _state.build_number:
            log.info("search index: a newer rebuild replaced the pages being indexed; it indexes its own")
        else:
            log.warning(f"search index: not built for this preview ({reason}); search will not work here")
