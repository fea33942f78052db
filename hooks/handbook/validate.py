"""Validate the whole handbook once: read every source file of every language, apply every rule,
and return all problems together with the parsed pages the renderers reuse."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from . import checklists, content_policy, frontmatter, limits, links, reviews, translations
from .config import HandbookConfig
from .docs_tree import DocsTree, walk_docs
from .problems import Problem
from .source import SourcePage, parse_page


@dataclass
class Report:
    config: HandbookConfig
    pages: dict[tuple[str, str], SourcePage]
    checklists: dict[tuple[str, str], checklists.Checklist]
    problems: list[Problem] = field(default_factory=list)
    translation_states: list[translations.TranslationState] = field(default_factory=list)
    # Paths under docs/ (posix, relative to it) that must never be published: links, devices, hidden files...
    unpublishable: frozenset[str] = frozenset()

    @property
    def errors(self) -> list[Problem]:
        return sorted(p for p in self.problems if p.severity == "error")

    @property
    def warnings(self) -> list[Problem]:
        return sorted(p for p in self.problems if p.severity == "warning")

    def __post_init__(self) -> None:
        # A dict, not a scan per call: the hook asks once per page, and scanning made builds grow with n².
        self._translation_by_page = {(state.lang, state.rel): state for state in self.translation_states}

    def translation_status(self, lang: str, rel: str) -> translations.TranslationState | None:
        return self._translation_by_page.get((lang, rel))


ParsedPages = dict[tuple[str, str], tuple[Path, str, SourcePage]]


def read_sources(config: HandbookConfig, parsed: ParsedPages | None = None, tree: DocsTree | None = None,
                 ) -> tuple[dict[tuple[str, str], SourcePage], frozenset[tuple[str, str]]]:
    """Every page of every language, parsed, and the other files (images...).

    parsed: the pages of an earlier run by (lang, path), updated in place; a page whose text is unchanged
    is not parsed again (`mkdocs serve` validates after every save).
    """
    pages: dict[tuple[str, str], SourcePage] = {}
    earlier = dict(parsed or {})
    assets: set[tuple[str, str]] = set()
    tree = tree or walk_docs(config.docs_dir, config.allowed_code_files)
    for lang in config.languages:
        prefix = f"{lang}/"
        for file_rel in tree.regular_files:
            if not file_rel.startswith(prefix):
                continue
            rel = file_rel[len(prefix):]
            file = config.docs_dir / lang / rel
            if file.suffix == ".md":
                try:
                    text = file.read_text(encoding="utf-8")
                except UnicodeDecodeError as error:
                    text = file.read_bytes().decode("utf-8", errors="replace")
                    problem = Problem(f"{config.docs_dir.name}/{lang}/{rel}", 1, "file-encoding",
                                      f"the file is not valid UTF-8 (byte {error.start})",
                                      "save the file as UTF-8 in your editor")
                    pages[(lang, rel)] = parse_page(config.docs_dir, lang, rel, text)
                    pages[(lang, rel)].problems.append(problem)
                    continue
                known = earlier.get((lang, rel))
                if known is not None and known[0] == config.docs_dir and known[1] == text:
                    pages[(lang, rel)] = known[2]
                else:
                    pages[(lang, rel)] = parse_page(config.docs_dir, lang, rel, text)
            else:
                assets.add((lang, rel))
    if parsed is not None:
        parsed.clear()
        # A page that was not valid UTF-8 is read afresh each time (its text here is a repaired copy).
        parsed.update({key: (config.docs_dir, page.text, page) for key, page in pages.items()
                       if all(problem.rule != "file-encoding" for problem in page.problems)})
    return pages, frozenset(assets)


def validate(config: HandbookConfig, parsed: ParsedPages | None = None) -> Report:
    tree = walk_docs(config.docs_dir, config.allowed_code_files)
    pages, assets = read_sources(config, parsed, tree)
    files = links.SiteFiles(pages, assets)
    problems: list[Problem] = list(tree.problems)
    parsed: dict[tuple[str, str], checklists.Checklist] = {}
    for key, page in sorted(pages.items()):
        problems += page.problems
        problems += frontmatter.check_front_matter(page, config)
        problems += content_policy.check_source(page)
        problems += links.check_links(page, files, config)
        problems += links.check_ids(page)
        problems += reviews.check_review(page, config)
        problems += limits.check_limit_tokens(page, config.limits)
        checklist = checklists.parse_checklist(page)
        if checklist is not None:
            parsed[key] = checklist
            problems += checklists.check_metadata(checklist, files, config)
            problems += checklists.check_structure(checklist)
            problems += checklists.check_backlinks(checklist, files, config)
    for (lang, rel), checklist in parsed.items():
        english = parsed.get((config.source_language, rel))
        if lang != config.source_language and english is not None:
            problems += checklists.check_translation_matches(checklist, english)
    problems += links.check_nav(files, config)
    problems += translations.check_translations(pages, config)
    report = Report(config, pages, parsed, sorted(set(problems)), translations.translation_states(pages, config),
                    tree.unpublishable)
    return report


def docs_fingerprint(docs_dir: Path) -> tuple[tuple[str, int, int], ...]:
    """Cheap change detector: the same fingerprint means the same sources, so validation can be reused.

    One stat per file (os.scandir's cached entries): it runs in every language pass of every build."""
    found: list[tuple[str, int, int]] = []
    folders = [str(docs_dir)]
    while folders:
        with os.scandir(folders.pop()) as entries:
            for entry in entries:
                # Never through a link (a loop, or a link to / would never end); links count as entries.
                if entry.is_dir(follow_symlinks=False):
                    folders.append(entry.path)
                else:
                    stat = entry.stat(follow_symlinks=False)
                    found.append((entry.path, stat.st_mtime_ns, stat.st_size))
    return tuple(sorted(found))
