"""The structure of a page's Markdown as Python-Markdown itself parses it: links, images, ids, headings,
list and task items, fences, HTML comments and raw HTML.

The rules used to find these with line-by-line regular expressions, which disagreed with the engine that
renders the page (a fence holding a shorter fence, a link text wrapping onto a second line, indented code,
HTML comments...). Here the page goes through the same Python-Markdown extensions as the site (see
MARKDOWN_EXTENSIONS, kept equal to mkdocs.yml by a test); a last treeprocessor-free walk over the element
tree collects what was rendered, in document order, and finds each thing's source line by searching the
source forward from the previous thing's line. Fences carry exact lines (superfences reports them).
"""

from __future__ import annotations

import html
import re
import xml.etree.ElementTree as etree
from dataclasses import dataclass, field
from html.parser import HTMLParser
from typing import Any, Literal

import markdown
from markdown import util

LinkKind = Literal["markdown", "image", "reference", "html"]

# The site's markdown_extensions (mkdocs.yml). Only what changes structure matters here: code is not
# highlighted (use_pygments off) and headings get no permalink, neither of which changes ids or links.
MARKDOWN_EXTENSIONS = ["admonition", "attr_list", "md_in_html", "tables", "toc", "pymdownx.details",
                       "pymdownx.superfences", "pymdownx.tasklist"]
_PARSE_CONFIGS: dict[str, dict[str, Any]] = {"pymdownx.tasklist": {"custom_checkbox": True},
                                             "pymdownx.highlight": {"use_pygments": False}}
CROSS_LANGUAGE_CLASS = "cross-language"
ITEM_ID = re.compile(r"\s*\{\s*#(?P<id>[^}\s]*)\s*\}\s*$")
_EXPLICIT = "data-hb-explicit"
_REFERENCE = "data-hb-ref"
_UNDEFINED_TAG = "hb-undefined-reference"
_QUOTE = r"^(?:[ \t]*>)*[ \t]*"
_ATX = {level: re.compile(_QUOTE + "#" * level + r"(?:[ \t]|$)") for level in range(1, 7)}
_SETEXT = re.compile(_QUOTE + r"(?:=+|-+)[ \t]*$")
_LIST_ITEM = re.compile(_QUOTE + r"(?:[-*+]|\d+[.)])[ \t]+")
_TASK_ITEM = re.compile(_QUOTE + r"(?:[-*+]|\d+[.)])[ \t]+\[[ xX]\]")
_PLACEHOLDER = re.compile(util.HTML_PLACEHOLDER % r"([0-9]+)")
_ANY_PLACEHOLDER = re.compile(f"{util.STX}[^{util.ETX}]*{util.ETX}")


@dataclass(frozen=True)
class Link:
    url: str
    line: int
    kind: LinkKind
    deliberate_cross_language: bool = False


@dataclass(frozen=True)
class Heading:
    level: int
    text: str
    id: str
    explicit_id: bool
    line: int


@dataclass(frozen=True)
class ElementId:
    id: str
    line: int
    explicit: bool  # written by the author ({#id} or raw HTML), not made by toc from a heading


@dataclass(frozen=True)
class ListItem:
    line: int
    text: str  # the item's own text as a reader sees it, without its {#id} and nested lists
    item_id: str | None  # a trailing {#id}
    box: str | None  # " " unticked, "x" ticked, None for a plain list item
    ordered: bool
    depth: int  # 1 for a top-level list


@dataclass(frozen=True)
class Comment:
    line: int
    text: str


@dataclass
class Structure:
    headings: list[Heading] = field(default_factory=list)
    links: list[Link] = field(default_factory=list)
    ids: list[ElementId] = field(default_factory=list)
    anchors: set[str] = field(default_factory=set)  # ids and raw-HTML names a link may point to
    items: list[ListItem] = field(default_factory=list)
    comments: list[Comment] = field(default_factory=list)
    fences: list[tuple[int, int]] = field(default_factory=list)  # first and last line
    undefined_references: list[tuple[str, int]] = field(default_factory=list)  # (label, line)


class _MarkExplicitIds(markdown.treeprocessors.Treeprocessor):
    """Between attr_list and toc: every id present now was written by the author."""

    def run(self, root: etree.Element) -> None:
        for element in root.iter():
            if "id" in element.attrib:
                element.set(_EXPLICIT, "1")


def _tag_references(md: markdown.Markdown) -> None:
    """Reference links keep their label (to find the line where they are used), and a full or collapsed
    reference (`[text][label]`, `[text][]`) without a definition becomes a marker element instead of the
    literal text Python-Markdown would publish."""
    for name, flag_undefined in (("reference", True), ("image_reference", True), ("short_reference", False),
                                 ("short_image_ref", False)):
        processor = md.inlinePatterns[name]
        original = processor.handleMatch

        def handle(m: re.Match[str], data: str, processor: Any = processor, original: Any = original,
                   flag_undefined: bool = flag_undefined) -> tuple[Any, Any, Any]:
            element, start, end = original(m, data)
            if start is None:
                return element, start, end
            text, index, _ = processor.getText(data, m.end(0))
            label, _, _ = processor.evalId(data, index, text)
            label = re.sub(r"\s+", " ", label or "")
            if element is not None:
                element.set(_REFERENCE, label)
            elif flag_undefined:
                element = etree.Element(_UNDEFINED_TAG)
                element.text = util.AtomicString(data[start:end])
                element.set(_REFERENCE, label)
            return element, start, end

        processor.handleMatch = handle  # type: ignore[method-assign]


class _Parser:
    """One Markdown instance, reset for every page (building one costs more than parsing a page)."""

    def __init__(self) -> None:
        self.md = markdown.Markdown(extensions=[*MARKDOWN_EXTENSIONS, "pymdownx.highlight"],
                                    extension_configs=_PARSE_CONFIGS)
        self.md.treeprocessors.register(_MarkExplicitIds(self.md), "hb-explicit-ids", 6)
        self.md.treeprocessors.deregister("prettify")
        # toc: its ids are what matters here; the table of contents it also builds, serializes and
        # post-processes for every page is never read (a third of toc's time).
        toc = self.md.treeprocessors["toc"]
        toc.build_toc_div = lambda toc_list: etree.Element("div")  # type: ignore[attr-defined]
        _tag_references(self.md)
        self.fences: dict[int, tuple[int, int]] = {}
        fence_processor = self.md.preprocessors["fenced_code_block"]
        store = fence_processor._store  # type: ignore[attr-defined]

        def store_with_lines(source: str, code: str, start: int, end: int) -> None:
            store(source, code, start, end)
            # superfences knows the fence's lines exactly: [start, end) of the preprocessed lines,
            # which are the source's lines (whitespace normalisation keeps the count).
            self.fences[len(self.md.htmlStash.rawHtmlBlocks) - 1] = (start, end)

        fence_processor._store = store_with_lines  # type: ignore[attr-defined]

    def tree(self, text: str) -> etree.Element:
        md = self.md
        md.reset()
        self.fences = {}
        lines = text.split("\n")
        for preprocessor in md.preprocessors:
            lines = preprocessor.run(lines)
        root = md.parser.parseDocument(lines).getroot()
        for treeprocessor in md.treeprocessors:
            new_root = treeprocessor.run(root)
            if new_root is not None:
                root = new_root
        return root


_parser: _Parser | None = None


def _get_parser() -> _Parser:
    global _parser
    if _parser is None:
        _parser = _Parser()
    return _parser


class _RawHtml(HTMLParser):
    """href, src, id and name attributes of a raw HTML block, with their offsets; comments apart."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[str, str, int, int, bool]] = []  # (attr, value, line in block, col, cross)
        self.comments: list[tuple[str, int]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        line, _ = self.getpos()
        classes = dict(attrs).get("class") or ""
        for name, value in attrs:
            if name in ("href", "src", "id", "name") and value is not None:
                self.found.append((name, value, line - 1, 0, CROSS_LANGUAGE_CLASS in classes.split()))

    handle_startendtag = handle_starttag

    def handle_comment(self, data: str) -> None:
        self.comments.append((data, self.getpos()[0] - 1))


def _plain(element: etree.Element, stash: list[Any], skip: tuple[str, ...] = ("ul", "ol")) -> str:
    parts: list[str] = []

    def walk(node: etree.Element) -> None:
        if node.text:
            parts.append(node.text)
        for child in node:
            if child.tag not in skip:
                walk(child)
            if child.tail:
                parts.append(child.tail)

    walk(element)
    text = _PLACEHOLDER.sub(lambda m: _stash_text(stash, int(m.group(1))), "".join(parts))
    return re.sub(r"\s+", " ", _ANY_PLACEHOLDER.sub("", text)).strip()


def _stash_text(stash: list[Any], index: int) -> str:
    raw = stash[index] if index < len(stash) else ""
    if not isinstance(raw, str) or raw.startswith(("<label", "<!--")):
        return ""
    return re.sub(r"<[^>]+>", "", raw)


class _Walk:
    def __init__(self, body: str, first_line: int, stash: list[Any], fences: dict[int, tuple[int, int]],
                 items: bool = True) -> None:
        self.collect_items = items
        self.lines = body.split("\n")
        self.first_line = first_line
        self.stash = stash
        self.fences = fences
        self.cursor = 0  # index into lines: where the previous thing was found
        self.next_block = 0  # a heading or list item starts after the previous one's line
        self.result = Structure()

    # -- finding lines -----------------------------------------------------------------------------
    def line(self, index: int) -> int:
        return self.first_line + min(index, max(len(self.lines) - 1, 0))

    def find(self, needle: str, move: bool = True) -> int:
        """Index of the first line at or after the cursor containing needle (the cursor when none)."""
        for start in (self.cursor, 0):
            for index in range(start, len(self.lines)):
                if needle in self.lines[index]:
                    if move and start == self.cursor:
                        self.cursor = index
                    return index
        return self.cursor

    def find_pattern(self, pattern: re.Pattern[str], stop: int | None = None) -> int | None:
        for index in range(max(self.cursor, self.next_block), len(self.lines) if stop is None else stop):
            if pattern.match(self.lines[index]):
                return index
        return None

    # -- walking ---------------------------------------------------------------------------------
    def text(self, value: str | None) -> None:
        if not value or util.STX not in value:
            return
        for match in _PLACEHOLDER.finditer(value):
            self.stashed(int(match.group(1)))

    def stashed(self, index: int) -> None:
        if index in self.fences:
            start, end = self.fences[index]
            self.result.fences.append((self.line(start), self.line(end - 1)))
            self.cursor = max(self.cursor, end)
            return
        raw = self.stash[index] if index < len(self.stash) else None
        if not isinstance(raw, str) or raw.startswith('<label class="task-list-control">'):
            return
        first = next((line.strip() for line in raw.split("\n") if line.strip()), "")
        start = self.find(first) if first else self.cursor
        parser = _RawHtml()
        parser.feed(raw)
        parser.close()
        for name, value, offset, _, cross in parser.found:
            line = self.line(start + offset)
            if name in ("href", "src"):
                self.result.links.append(Link(value, line, "html", cross))
            else:
                self.result.anchors.add(value)
                if name == "id":
                    self.result.ids.append(ElementId(value, line, True))
        for text, offset in parser.comments:
            self.result.comments.append(Comment(self.line(start + offset), text))
        self.cursor = max(self.cursor, start + raw.rstrip("\n").count("\n"))

    def element(self, node: etree.Element, depth: int, ordered: bool) -> None:
        tag = node.tag
        if not isinstance(tag, str):
            return
        if tag == "pre":
            self.code_block(node)
            self.text(node.tail)
            return
        if tag == "code":  # inline code: nothing inside is structure
            self.text(node.tail)
            return
        if tag == _UNDEFINED_TAG:
            literal = node.text or ""
            index = self.find(literal.split("\n")[0])
            self.result.undefined_references.append((node.get(_REFERENCE, ""), self.line(index)))
            self.text(node.tail)
            return
        line_index: int | None = None
        if len(tag) == 2 and tag[0] == "h" and tag[1] in "123456":
            line_index = self.heading_line(int(tag[1]))
        elif tag == "li" and self.collect_items:
            line_index = self.item_line(node)
        if tag in ("a", "img"):
            self.link(node)
        element_id = node.get("id")
        if element_id is not None and not (tag == "li" and "task-list-item" in (node.get("class") or "")):
            explicit = node.get(_EXPLICIT) is not None
            if line_index is None:
                line_index = self.find(f"#{element_id}", move=False) if explicit else self.cursor
            self.result.ids.append(ElementId(element_id, self.line(line_index), explicit))
            self.result.anchors.add(element_id)
            if line_index is not None and tag[0] == "h" and len(tag) == 2:
                self.result.headings.append(Heading(int(tag[1]), _plain(node, self.stash), element_id, explicit,
                                                    self.line(line_index)))
        if tag == "li" and line_index is not None:
            self.list_item(node, line_index, depth, ordered)
        self.text(node.text)
        for child in node:
            if child.tag in ("ul", "ol"):
                self.element(child, depth + 1, child.tag == "ol")
            else:
                self.element(child, depth, ordered)
        self.text(node.tail)

    def heading_line(self, level: int) -> int:
        atx = self.find_pattern(_ATX[level])
        setext = self.find_pattern(_SETEXT, atx) if level <= 2 else None
        if setext is not None and setext > max(self.cursor, self.next_block) and (atx is None or setext < atx):
            index = setext - 1
        else:
            index = atx if atx is not None else self.cursor
        self.cursor = max(self.cursor, index)
        self.next_block = max(self.next_block, index + 1, setext + 1 if index == (setext or 0) - 1 else 0)
        return index

    def item_line(self, node: etree.Element) -> int:
        task = "task-list-item" in (node.get("class") or "")
        index = self.find_pattern(_TASK_ITEM if task else _LIST_ITEM)
        if index is None:
            index = self.cursor
        self.cursor = max(self.cursor, index)
        self.next_block = max(self.next_block, index + 1)
        return index

    def list_item(self, node: etree.Element, index: int, depth: int, ordered: bool) -> None:
        box: str | None = None
        if "task-list-item" in (node.get("class") or ""):
            label = next((self.stash[int(m.group(1))] for m in _PLACEHOLDER.finditer(
                "".join(node.itertext())) if int(m.group(1)) < len(self.stash)
                and str(self.stash[int(m.group(1))]).startswith("<label")), "")
            box = "x" if " checked" in str(label) else " "
        text = _plain(node, self.stash)
        item_id: str | None = None
        match = ITEM_ID.search(text)
        if match:
            item_id, text = match.group("id"), text[: match.start()].rstrip()
        self.result.items.append(ListItem(self.line(index), text, item_id, box, ordered, depth))

    def link(self, node: etree.Element) -> None:
        attribute = "href" if node.tag == "a" else "src"
        url = node.get(attribute)
        if url is None or "headerlink" in (node.get("class") or ""):
            return
        url = html.unescape(url.replace(util.AMP_SUBSTITUTE, "&"))
        label = node.get(_REFERENCE)
        if label is not None:
            index = self._find_label(label)
            kind: LinkKind = "reference"
        else:
            index = self.find(url) if url else self.cursor
            kind = "image" if node.tag == "img" else "markdown"
        cross = CROSS_LANGUAGE_CLASS in (node.get("class") or "").split()
        self.result.links.append(Link(url, self.line(index), kind, cross))

    def _find_label(self, label: str) -> int:
        """A reference link's problems are reported where its URL is written: the definition's line."""
        pattern = re.compile(r"^[ \t]{0,3}\[\s*" + r"\s+".join(map(re.escape, label.split())) + r"\s*\]:",
                             re.IGNORECASE)
        for index, line in enumerate(self.lines):
            if pattern.match(line):
                return index
        return self.cursor

    def code_block(self, node: etree.Element) -> None:
        code = "".join(node.itertext()).rstrip("\n")
        code_lines = code.split("\n")
        first = next((line.strip() for line in code_lines if line.strip()), "")
        if first:
            start = self.find(first)
            self.cursor = max(self.cursor, start + len(code_lines) - 1)


def parse_structure(body: str, first_line: int = 1, items: bool = True) -> Structure:
    """The structure of a page body whose first line is first_line of its file.

    items: also list the list items (only checklists' rules read them; finding each one's line is a
    good part of the walk on long pages)."""
    parser = _get_parser()
    root = parser.tree(body)
    walk = _Walk(body, first_line, parser.md.htmlStash.rawHtmlBlocks, parser.fences, items)
    for child in root:
        if child.tag in ("ul", "ol"):
            walk.element(child, 1, child.tag == "ol")
        else:
            walk.element(child, 0, False)
    return walk.result
