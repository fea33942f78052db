"""What the build adds to a page's Markdown, in the page's language: the checklist's metadata box,
item-id markers, the date and initials line, the print footer, and translation and review notices.

Pure string functions, so another builder can call them the same way.
"""

from __future__ import annotations

import html
import posixpath
import re
from collections.abc import Callable, Collection
from pathlib import Path

import yaml

from .checklists import ITEM_ID, Checklist
from .dates import reader_date
from .reviews import ReviewState

Strings = dict[str, dict[str, str]]
H1 = re.compile(r"^#\s+.*$", re.MULTILINE)
TASK_ITEM = re.compile(r"^\s*[-*+]\s+\[[ xX]\]\s+")


def load_strings(path: Path) -> Strings:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def text(strings: Strings, key: str, lang: str, **values: str) -> str:
    entry = strings[key]
    return entry.get(lang, entry["en"]).format(**values)


def after_title(markdown: str, block: str) -> str:
    """Insert a block right after the page's H1 (or at the top when there is none)."""
    match = H1.search(markdown)
    if match is None:
        return block + "\n\n" + markdown
    return markdown[: match.end()] + "\n\n" + block + "\n" + markdown[match.end() :]


# One placeholder scheme for everything the build carries through a page's Markdown and fills in once the
# page is HTML: U+E000, a letter saying what it stands for, its payload, U+E001 (private-use characters
# no page contains). Raw HTML in the Markdown would cost far more: every span and block goes through
# Python-Markdown's and MkDocs' HTML parsers, which made checklists and the health page slow to render.
#   i  a checklist item's id, at the end of its task item ("checklist/item"): mark_items
#   b  a block of HTML the build adds, alone in its paragraph (index into HtmlBlocks): HtmlBlocks.insert
#   p  a checklist's part of the print pack, alone in its paragraph (checklist id): fill_print_pack
# They are filled at different moments (a page's HTML; the pack once every checklist page is HTML).
_OPEN, _CLOSE = "\ue000", "\ue001"
ITEM, BLOCK, PACK = "i", "b", "p"


def placeholder(kind: str, payload: str) -> str:
    return f"{_OPEN}{kind}{payload}{_CLOSE}"


def _paragraph_placeholder(kind: str) -> re.Pattern[str]:
    return re.compile(f"<p>{_OPEN}{kind}([^{_CLOSE}<]*){_CLOSE}</p>")


_ITEM_MARK = re.compile(f"[ ]?{_OPEN}{ITEM}([^{_CLOSE}/]*)/([^{_CLOSE}]*){_CLOSE}")
_TASK_CHECKBOX = '<input type="checkbox" disabled'
_TASK_LABEL_END = '<span class="task-list-indicator"></span></label>'


def mark_item_ids(markdown: str, checklist_id: str, item_lines: Collection[int] | None = None) -> str:
    """Replace the `{#item-id}` at the end of each `- [ ] Item.` line with a text marker that mark_items
    turns into markup once the page is HTML.

    item_lines: the 0-based lines of the Markdown that hold the checklist's items as the page's parse
    found them (a task-item-like line in a fence or comment is not an item); None: every such line."""
    lines = []
    for number, line in enumerate(markdown.splitlines()):
        task = TASK_ITEM.match(line) if item_lines is None or number in item_lines else None
        match = ITEM_ID.search(line) if task else None
        if task and match:
            marker = placeholder(ITEM, checklist_id + "/" + match.group("id"))
            line = f"{line[: match.start()].rstrip()} {marker}"
        lines.append(line)
    return "\n".join(lines)


def mark_items(page_html: str) -> str:
    """Turn each item marker into an id on the item's text, which names its checkbox (axe rule `label`,
    even without JavaScript), and an element carrying the item id for the browser script and the print."""
    pieces: list[str] = []
    last = 0
    for match in _ITEM_MARK.finditer(page_html):
        checklist_id, item_id = html.escape(match.group(1)), html.escape(match.group(2))
        text_id = f"hb-item-{checklist_id}-{item_id}"
        checkbox = page_html.rfind(_TASK_CHECKBOX, last, match.start())
        text_start = page_html.find(_TASK_LABEL_END, checkbox, match.start()) if checkbox >= 0 else -1
        if text_start < 0:  # not in a task-list item (Markdown changed its shape): drop the marker only
            pieces.append(page_html[last : match.start()])
            last = match.end()
            continue
        text_start += len(_TASK_LABEL_END)
        close = page_html.index(">", checkbox)
        item_text = page_html[text_start : match.start()].strip()
        pieces += [
            page_html[last:checkbox],
            f'{_TASK_CHECKBOX} aria-labelledby="{text_id}"/>',
            page_html[close + 1 : text_start],
            f' <span class="hb-item-text" id="{text_id}">{item_text}</span>'
            f' <span class="hb-item" data-item-id="{item_id}"></span>',
        ]
        last = match.end()
    return "".join(pieces) + page_html[last:] if pieces else page_html


def checklist_box(checklist: Checklist, lang: str, strings: Strings, role_name: str,
                  chapter_links: list[tuple[str, str]]) -> str:
    """The 'when / who / type' box at the top of a checklist (raw HTML, shown on screen and on paper)."""
    meta = checklist.meta
    kind = str(meta.get("type", ""))
    chapters = ", ".join(f'<a href="{html.escape(url)}">{html.escape(title)}</a>' for url, title in chapter_links)
    rows = [
        (text(strings, "when", lang), html.escape(str(meta.get("when", "")))),
        (text(strings, "who", lang), html.escape(role_name)),
        (text(strings, "type", lang), html.escape(text(strings, kind, lang) if kind in strings else kind)),
    ]
    if chapters:
        rows.append((text(strings, "chapters", lang), chapters))
    body = "".join(f"<dt>{label}</dt><dd>{value}</dd>" for label, value in rows)
    progress = html.escape(text(strings, "progress", lang, done="{done}", total="{total}"))
    return (
        f'<div class="hb-checklist" data-checklist-id="{html.escape(checklist.id)}" data-lang="{lang}" '
        f'data-version="{html.escape(str(meta.get("version", "")))}" data-progress-template="{progress}" '
        f'data-clear-label="{html.escape(text(strings, "clear", lang))}">'
        f'<dl class="hb-checklist-meta">{body}</dl></div>'
    )


def checklist_footer(checklist: Checklist, lang: str, strings: Strings, page_url: str, pdf_name: str) -> str:
    """Date-and-initials line, the PDF link (screen only) and the print footer (paper only)."""
    meta = checklist.meta
    footer = (f"{text(strings, 'checklist', lang)} {html.escape(checklist.id)} · {lang} · "
              f"{text(strings, 'version', lang)} {html.escape(str(meta.get('version', '')))} · "
              f'<span class="hb-page-url">{html.escape(page_url)}</span>')
    return (
        f'<div class="hb-signoff"><span>{text(strings, "date", lang)}: </span>'
        f'<span class="hb-signoff-line"></span><span>{text(strings, "initials", lang)}: </span>'
        f'<span class="hb-signoff-line"></span></div>\n'
        f'<p class="hb-pdf-link"><a href="{html.escape(pdf_name)}" download>'
        f'{text(strings, "download_pdf", lang)}</a></p>\n'
        f'<div class="hb-print-footer">{footer}</div>'
    )


PACK_PART_START, PACK_PART_END = "<!-- hb-pack-part -->", "<!-- /hb-pack-part -->"


def render_checklist(markdown: str, checklist: Checklist, lang: str, strings: Strings, role_name: str,
                     chapter_links: list[tuple[str, str]], page_url: str, pdf_name: str,
                     html_block: Callable[[str], str] = str) -> str:
    """The checklist page: its box, its items marked, its footer. The part the print pack reuses (box to
    footer) sits between two comments, so the pack takes it from this page's HTML (pack_part).

    html_block: what to put in the Markdown for a block of HTML (see HtmlBlocks); by default the HTML.
    """
    first = checklist.page.markdown_first_line
    body = mark_item_ids(markdown, checklist.id,
                         {item.line - first for section in checklist.sections for item in section.items})
    box = html_block(checklist_box(checklist, lang, strings, role_name, chapter_links))
    body = after_title(body, PACK_PART_START + "\n\n" + box)
    footer = html_block(checklist_footer(checklist, lang, strings, page_url, pdf_name))
    return body.rstrip() + "\n\n" + footer + "\n\n" + PACK_PART_END + "\n"


class HtmlBlocks:
    """Blocks of HTML the build adds to a page, kept out of its Markdown: each stands in the Markdown as a
    placeholder paragraph and goes back in once the page is HTML (insert). Python-Markdown and MkDocs
    each run an HTML parser over every raw HTML block, which made these small blocks a large share of a
    checklist's rendering time."""

    _PLACEHOLDER = _paragraph_placeholder(BLOCK)

    def __init__(self) -> None:
        self.blocks: list[str] = []

    def __call__(self, block: str) -> str:
        if not block:
            return block
        self.blocks.append(block)
        return placeholder(BLOCK, str(len(self.blocks) - 1))

    def insert(self, page_html: str) -> str:
        if not self.blocks:
            return page_html
        return self._PLACEHOLDER.sub(lambda m: self.blocks[int(m.group(1))], page_html)


def split_pack_part(page_html: str) -> tuple[str, str | None]:
    """A checklist page's HTML without the pack-part comments, and the part between them (None if absent)."""
    start = page_html.find(PACK_PART_START)
    end = page_html.find(PACK_PART_END, start)
    if start < 0 or end < 0:
        return page_html, None
    part = page_html[start + len(PACK_PART_START) : end]
    return page_html[:start] + part + page_html[end + len(PACK_PART_END) :], part


_URL_ATTR = re.compile(r'\b(href|src)="([^"]*)"')
_HEADING_TAG = re.compile(r"<(/?)h([1-5])\b")


def pack_part(part_html: str, checklist_id: str, section_ids: set[str], from_url: str, to_url: str) -> str:
    """A checklist page's printable part as a section of the print pack at to_url: headings one level
    down, the sections' ids (and links to them) prefixed with the checklist id so that every checklist
    keeps its own, and relative links re-based from the checklist page's URL to the pack's."""

    def url(match: re.Match[str]) -> str:
        value = match.group(2)
        if value.startswith("#"):
            anchor = value[1:]
            return f'{match.group(1)}="#{checklist_id}--{anchor}"' if anchor in section_ids else match.group(0)
        if not value or "://" in value or value.startswith(("/", "mailto:", "tel:", "data:")):
            return match.group(0)
        path, hash_mark, anchor = value.partition("#")
        target = posixpath.normpath(posixpath.join(posixpath.dirname(from_url.rstrip("/") + "/x"), path))
        rebased = posixpath.relpath(target, posixpath.dirname(to_url.rstrip("/") + "/x") or ".")
        if path.endswith("/") and not rebased.endswith("/"):
            rebased += "/"
        return f'{match.group(1)}="{html.escape(rebased, quote=True)}{hash_mark}{anchor}"'

    part = _URL_ATTR.sub(url, part_html)
    part = _HEADING_TAG.sub(lambda m: f"<{m.group(1)}h{int(m.group(2)) + 1}", part)
    for section_id in section_ids:
        part = part.replace(f' id="{section_id}"', f' id="{checklist_id}--{section_id}"')
    return part


def outdated_notice(lang: str, strings: Strings, english_url: str) -> str:
    return (
        f'!!! warning "{text(strings, "outdated_title", lang)}"\n\n'
        f'    {text(strings, "outdated", lang)} '
        f'<a class="hb-outdated-link" href="{html.escape(english_url)}" hreflang="en">'
        f'{text(strings, "outdated_link", lang)}</a>\n'
    )


def review_line(state: ReviewState, lang: str, strings: Strings, role_name: str) -> str:
    if state.last_reviewed is None:
        return ""
    return (f'<p class="hb-reviewed">'
            f'{html.escape(text(strings, "reviewed", lang, date=reader_date(state.last_reviewed, lang), role=role_name))}'
            f"</p>")


def overdue_notice(state: ReviewState, lang: str, strings: Strings, role_name: str) -> str:
    if not state.overdue or state.next_due is None:
        return ""
    return (f'!!! danger "{text(strings, "overdue_title", lang)}"\n\n'
            f'    {text(strings, "overdue", lang, date=reader_date(state.next_due, lang), role=role_name)}\n')


PACK_PLACEHOLDER = _paragraph_placeholder(PACK)


def print_pack(cover_markdown: str, lang: str, strings: Strings, entries: list[tuple[Checklist, str]]) -> str:
    """One page holding every checklist of a language, each on its own printed page, after a cover.

    entries: (checklist, title), in the order they are printed. Each checklist's body is a placeholder
    that fill_print_pack replaces with the checklist page's own HTML: converting every checklist's
    Markdown a second time made the pack the most expensive page of a large handbook.
    """
    contents = "\n".join(f"1. [{title}](#pack-{checklist.id})" for checklist, title in entries)
    parts = [cover_markdown.rstrip(), f"## {text(strings, 'print_pack_contents', lang)} {{#pack-contents}}",
             contents]
    for checklist, title in entries:
        parts.append(
            f'<div class="hb-pack-page" markdown="1">\n\n## {title} {{#pack-{checklist.id}}}\n\n'
            f"{placeholder(PACK, checklist.id)}\n\n</div>"
        )
    return "\n\n".join(parts) + "\n"


def fill_print_pack(pack_html: str, parts: dict[str, str]) -> tuple[str, list[str]]:
    """The print pack with each placeholder replaced by its checklist's part (pack_part), and the ids of
    checklists whose part was missing."""
    missing: list[str] = []

    def fill(match: re.Match[str]) -> str:
        part = parts.get(match.group(1))
        if part is None:
            missing.append(match.group(1))
            return ""
        return part

    return PACK_PLACEHOLDER.sub(fill, pack_html), missing


HEAD_ALTERNATE = re.compile(r'\s*<link rel="alternate" href="[^"]*" hreflang="[^"]*">')


def without_head_alternates(page_html: str) -> str:
    """Drop the per-page `<link rel=alternate hreflang>` tags from the head.

    Material's script treats each as a language root and fetches `<href>/sitemap.xml`, which with
    per-page alternates is four failed requests on every page; the language switcher in the header
    already links each page to its translations.
    """
    end = page_html.find("</head>")
    if end < 0:
        return page_html
    # Only the head is searched: a regex over the whole page cost milliseconds per page.
    return HEAD_ALTERNATE.sub("", page_html[:end]) + page_html[end:]
