"""Checklist rules (../shared/checklist-design.md): metadata, pause-point sections, short unticked items
with stable ids, and translations that line up item by item with the English checklist."""

from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass, field
from pathlib import PurePosixPath
from typing import Any

from .config import HandbookConfig
from .links import SiteFiles, resolve_relative
from .problems import Problem
from .source import SourcePage, plain_text

KINDS = ("read-do", "do-confirm")
KEBAB = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
ITEM_ID = re.compile(r"\s*\{\s*#(?P<id>[^}\s]*)\s*\}\s*$")
# A task item written inside an HTML comment: not published, so it would make the languages disagree.
COMMENTED_TASK_ITEM = re.compile(r"^\s*(?:[-*+]|\d+[.)])\s+\[[ xX]\]")
WORD = re.compile(r"\w+(?:['\u2019-]\w+)*")
# Word limits per item: English 15; translations up to half as long again. Vietnamese is written in
# syllables separated by spaces, so a word there counts as about two.
MAX_ITEM_WORDS = {"en": 15, "ms": 22, "lv": 22, "vi": 33}
# Reading-aloud pace in counted words per minute (Vietnamese: syllables), for the 90-second limit.
WORDS_PER_MINUTE = {"en": 150, "ms": 140, "lv": 130, "vi": 220}
MAX_SECTION_SECONDS = 90
MIN_ITEMS, MAX_ITEMS = 3, 9
MAX_SECTIONS = 3
# One printed A4 page (tools/checklist_pdf.py; @page margins 12 mm x 14 mm). Calibrated on the 40 real
# checklist pages: the printed height of each (Chromium, print media, up to the print footer) as a share
# of the page, fitted by least squares to sections and item lines (an item wraps every 84 characters):
# share = 0.185 + 0.070 per section + 0.0218 per item line, within 0.036 of every measured page. The
# longest, kickoff-agreement in ms and vi, fills 0.79; 27 one-line items (the fixture) fill 0.99 (model:
# 0.98). The budget keeps most of the fit's error as a margin below a full page; `make pdf` stays the
# final word (it fails on any two-page PDF).
PRINT_BASE, PRINT_PER_SECTION, PRINT_PER_LINE, PRINT_CHARS_PER_LINE = 0.185, 0.070, 0.0218, 84
PRINT_BUDGET = 0.97


@dataclass(frozen=True)
class ChecklistItem:
    id: str | None
    text: str
    line: int
    box: str | None  # " " unticked, "x" ticked, None when the item is not a task-list item
    depth: int  # 1 for a top-level list item
    ordered: bool = False


@dataclass
class ChecklistSection:
    id: str | None
    title: str
    line: int
    items: list[ChecklistItem] = field(default_factory=list)


@dataclass
class Checklist:
    page: SourcePage
    meta: dict[str, Any]
    sections: list[ChecklistSection]
    # Task items the rules cannot place in a section: before the first `##`, or inside an HTML comment.
    stray_items: list[ChecklistItem] = field(default_factory=list)
    commented_items: list[int] = field(default_factory=list)  # lines

    @property
    def id(self) -> str:
        return str(self.meta.get("id", ""))

    def item_ids(self) -> list[str | None]:
        return [item.id for section in self.sections for item in section.items]


def print_share(checklist: Checklist) -> float:
    """About how much of one printed A4 page the checklist fills (see PRINT_BUDGET)."""
    lines = sum(-(-max(len(item.text), 1) // PRINT_CHARS_PER_LINE)
                for section in checklist.sections for item in section.items)
    return PRINT_BASE + PRINT_PER_SECTION * len(checklist.sections) + PRINT_PER_LINE * lines


def words(text: str) -> int:
    return len(WORD.findall(plain_text(text)))


def parse_checklist(page: SourcePage) -> Checklist | None:
    """The checklist a page declares in its front matter, or None for an ordinary page.

    Sections and items are the `##` headings and list items Python-Markdown finds (source.structure), so
    every item the page publishes, ordered, nested or plain, is seen by the rules."""
    if "checklist" not in page.front_matter:
        return None
    meta = page.front_matter.get("checklist")
    sections: list[ChecklistSection] = []
    stray: list[ChecklistItem] = []
    headings = sorted((h for h in page.headings if h.level == 2), key=lambda h: h.line)
    for heading in headings:
        sections.append(ChecklistSection(heading.id if heading.explicit_id else None, heading.text, heading.line))
    for item in page.items:
        entry = ChecklistItem(item.item_id, item.text, item.line, item.box, item.depth, item.ordered)
        owner = next((section for section in reversed(sections) if section.line < item.line), None)
        if owner is not None:
            owner.items.append(entry)
        elif item.box is not None:
            stray.append(entry)
    commented = [comment.line + offset for comment in page.structure.comments
                 for offset, line in enumerate(comment.text.split("\n")) if COMMENTED_TASK_ITEM.match(line)]
    return Checklist(page, meta if isinstance(meta, dict) else {}, sections, stray, commented)


def check_metadata(checklist: Checklist, files: SiteFiles, config: HandbookConfig) -> list[Problem]:
    page, meta = checklist.page, checklist.meta
    problems: list[Problem] = []

    def add(key: str, rule: str, message: str, hint: str) -> None:
        problems.append(Problem(page.path, page.line_of(f"checklist.{key}" if key else "checklist"), rule, message, hint))

    if page.front_matter.get("checklist") is None:
        add("", "checklist-meta", "`checklist:` is empty, so the page would be left out of every checklist rule "
            "and of the print pack", "fill in id, type, when, who, chapters and version under `checklist:`, "
            "or remove the key from an ordinary page")
        return problems
    if not isinstance(page.front_matter.get("checklist"), dict):
        add("", "checklist-meta", "`checklist` must be a mapping of id, type, when, who, chapters, version",
            "see the checklist format on the contributor page")
        return problems
    for key in ("id", "type", "when", "who", "chapters", "version"):
        if key not in meta:
            add("", "checklist-meta", f"checklist metadata has no `{key}`", f"add `  {key}:` under `checklist:`")
    for key in meta:
        if key not in ("id", "type", "when", "who", "chapters", "version"):
            add(key, "checklist-meta", f"unknown checklist key `{key}`",
                "allowed: id, type, when, who, chapters, version")
    stem = PurePosixPath(page.rel).stem
    if "id" in meta and (not isinstance(meta["id"], str) or not KEBAB.match(meta["id"]) or meta["id"] != stem):
        add("id", "checklist-meta", f"checklist id {meta['id']!r} must be kebab-case and equal the file name `{stem}`",
            f"write `id: {stem}` (the id is the same in every language)")
    if "type" in meta and (not isinstance(meta["type"], str) or meta["type"] not in KINDS):
        add("type", "checklist-meta", f"checklist type {meta['type']!r} is neither read-do nor do-confirm",
            "read-do: read each item, then do it; do-confirm: work from memory, then confirm each item")
    if "when" in meta and (not isinstance(meta["when"], str) or not meta["when"].strip()):
        add("when", "checklist-meta", "`when` must say in one sentence at which moment the checklist is used",
            "e.g. when: Within a day after a client call.")
    if "who" in meta and (not isinstance(meta["who"], str) or meta["who"] not in config.roles):
        add("who", "checklist-meta", f"`who` {meta['who']!r} is not a role in roles.yml",
            f"use one of: {', '.join(sorted(config.roles))}")
    version = meta.get("version")
    if "version" in meta and (not isinstance(version, int) or isinstance(version, bool) or version < 1):
        add("version", "checklist-meta", f"`version` must be a whole number from 1, got {version!r}",
            "bump it by one whenever the items change")
    chapters = meta.get("chapters")
    if "chapters" in meta:
        if not isinstance(chapters, list) or not chapters or not all(isinstance(c, str) for c in chapters):
            add("chapters", "checklist-meta", "`chapters` must list at least one chapter this checklist puts into practice",
                "e.g. chapters: [building/communicate-clearly.md]")
        else:
            for chapter in chapters:
                if (page.lang, chapter) not in files.pages:
                    add("chapters", "checklist-chapter", f"chapter `{chapter}` does not exist in docs/{page.lang}/",
                        "paths are relative to the language folder, e.g. building/communicate-clearly.md")
    return problems


def check_structure(checklist: Checklist) -> list[Problem]:
    page = checklist.page
    path, lang = page.path, page.lang
    items = [item for section in checklist.sections for item in section.items]
    problems: list[Problem] = []
    for item in checklist.stray_items:
        problems.append(Problem(path, item.line, "checklist-item-outside-section",
                                "a checklist item before the first `##` pause point belongs to no section",
                                "move it under a `## Pause point {#id}` heading, or make it a sentence"))
    for line in checklist.commented_items:
        problems.append(Problem(path, line, "checklist-item-comment",
                                "a checklist item inside an HTML comment is not published, so the languages "
                                "would disagree about the checklist's items",
                                "delete the commented-out item, or restore it as a real item in every language"))
    if not checklist.sections or not items:
        return [*problems, Problem(path, page.body_line, "checklist-empty", "the checklist has no sections with items",
                                   "add `## Pause point {#id}` sections, each with `- [ ] Item. {#item-id}` lines")]
    share = print_share(checklist)
    if share > PRINT_BUDGET:
        problems.append(Problem(path, checklist.sections[0].line, "checklist-print-length",
                                f"the checklist would fill about {share:.0%} of a printed A4 page; it must print on "
                                f"one page with room to spare (at most {PRINT_BUDGET:.0%})",
                                f"each section costs {PRINT_PER_SECTION:.0%} and each line of an item "
                                f"({PRINT_CHARS_PER_LINE} characters) {PRINT_PER_LINE:.1%}: shorten or drop items, "
                                "or split the checklist"))
    if len(checklist.sections) > MAX_SECTIONS:
        problems.append(Problem(path, checklist.sections[MAX_SECTIONS].line, "checklist-sections",
                                f"{len(checklist.sections)} sections; a checklist has 1 to {MAX_SECTIONS} pause points",
                                "split it into two checklists"))
    seen: dict[str, int] = {}
    limit = MAX_ITEM_WORDS.get(lang, MAX_ITEM_WORDS["en"])
    for section in checklist.sections:
        if section.id is None:
            problems.append(Problem(path, section.line, "checklist-section-id", f"section `{section.title}` has no id",
                                    "end the heading with an ASCII id that is the same in every language: {#before-call}"))
        if not MIN_ITEMS <= len(section.items) <= MAX_ITEMS:
            problems.append(Problem(path, section.line, "checklist-section-size",
                                    f"section `{section.title}` has {len(section.items)} items; "
                                    f"{MIN_ITEMS} to {MAX_ITEMS} are allowed",
                                    "fewer than 3 is a paragraph; more than 9: split the section"))
        spoken = words(section.title)
        for item in section.items:
            spoken += words(item.text)
            if item.box is None or item.depth > 1 or item.ordered:
                shape = ("an ordered list item" if item.ordered else "a nested item" if item.depth > 1
                         else "a plain list item")
                problems.append(Problem(path, item.line, "checklist-item-format",
                                        f"checklist items are top-level task-list items, this is {shape}",
                                        "write `- [ ] Item text. {#item-id}`"))
            elif item.box != " ":
                problems.append(Problem(path, item.line, "checklist-item-ticked", "the item is ticked in the source",
                                        "write `- [ ]`: staff tick items on screen or on paper"))
            if item.id is None or not KEBAB.match(item.id):
                problems.append(Problem(path, item.line, "checklist-item-id",
                                        f"item has no valid id{'' if item.id is None else f' ({item.id!r})'}",
                                        "end the item with a kebab-case id that is the same in every language: {#send-recap}"))
            elif item.id in seen:
                problems.append(Problem(path, item.line, "checklist-item-id-duplicate",
                                        f"item id `{item.id}` is already used on line {seen[item.id]}",
                                        "every item of a checklist needs its own id"))
            else:
                seen[item.id] = item.line
            count = words(item.text)
            if count > limit:
                problems.append(Problem(path, item.line, "checklist-item-length",
                                        f"item has {count} words; the limit in this language is {limit}",
                                        "keep one action per item and cut words that do not change what is done"))
        seconds = spoken * 60 / WORDS_PER_MINUTE.get(lang, WORDS_PER_MINUTE["en"])
        if seconds >= MAX_SECTION_SECONDS:
            problems.append(Problem(path, section.line, "checklist-read-aloud",
                                    f"section `{section.title}` takes about {seconds:.0f} s to read aloud; "
                                    f"the limit is {MAX_SECTION_SECONDS} s",
                                    "shorten items or split the section"))
    return problems


def check_translation_matches(translated: Checklist, english: Checklist) -> list[Problem]:
    """A translated checklist has the English one's id, type, sections and item ids, in order."""
    page = translated.page
    problems: list[Problem] = []
    for key in ("id", "type") if english.meta else ():  # no English metadata: reported on the English page
        if translated.meta.get(key) != english.meta.get(key):
            problems.append(Problem(page.path, page.line_of(f"checklist.{key}"), "checklist-translation",
                                    f"checklist {key} {translated.meta.get(key)!r} differs from English "
                                    f"{english.meta.get(key)!r}", f"use {english.meta.get(key)!r} as in {english.page.path}"))
    ours = [s.id for s in translated.sections]
    theirs = [s.id for s in english.sections]
    if ours != theirs:
        line = translated.sections[0].line if translated.sections else page.body_line
        problems.append(Problem(page.path, line, "checklist-translation",
                                f"section ids {ours} differ from English {theirs}",
                                f"keep the sections and their ids of {english.page.path}"))
        return problems
    for mine, source in zip(translated.sections, english.sections, strict=True):
        mine_ids = [i.id for i in mine.items]
        source_ids = [i.id for i in source.items]
        if mine_ids != source_ids:
            problems.append(Problem(page.path, mine.line, "checklist-translation",
                                    f"section `{mine.id}` has items {mine_ids}, English has {source_ids}",
                                    f"translate every item of {english.page.path} in order, keeping its id"))
    return problems


def check_backlinks(checklist: Checklist, files: SiteFiles, config: HandbookConfig) -> list[Problem]:
    """Every chapter a checklist names links back to that checklist."""
    page = checklist.page
    chapters = checklist.meta.get("chapters")
    if not isinstance(chapters, list):
        return []
    problems: list[Problem] = []
    for chapter in chapters:
        chapter_page = files.pages.get((page.lang, chapter)) if isinstance(chapter, str) else None
        if chapter_page is None:
            continue
        targets = {resolve_relative(chapter_page, link.url.split("#")[0], files, config)
                   for link in chapter_page.links if link.url and "://" not in link.url}
        if (page.lang, page.rel) not in targets:
            problems.append(Problem(chapter_page.path, 1, "checklist-backlink",
                                    f"the checklist {page.path} names this chapter, but the chapter does not link to it",
                                    f"link to it under `Put it into practice`, e.g. "
                                    f"[{page.front_matter.get('title', checklist.id)}]"
                                    f"({_relative(chapter_page.rel, page.rel)})"))
    return problems


def _relative(from_rel: str, to_rel: str) -> str:
    return posixpath.relpath(to_rel, posixpath.dirname(from_rel) or ".")
