"""Read one Markdown source file: front matter with line numbers, and the body's structure (headings,
ids, links, list items, comments) as Python-Markdown parses it (structure.py).

Everything the rules need is extracted here once per file, so each rule is a small pure function over
these records and no rule reads or parses a file again.
"""

from __future__ import annotations

import datetime
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .problems import Problem
from .structure import Comment, ElementId, Heading, Link, LinkKind, ListItem, Structure, parse_structure

__all__ = ["Comment", "ElementId", "Heading", "Link", "LinkKind", "ListItem", "SourcePage", "Structure",
           "parse_page"]

# libyaml's loader when PyYAML has it (the wheels do): front matter is parsed for every page, and the
# pure-Python loader was most of the validation time of a large handbook. Same YAML, same errors.
_YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
INLINE_LINK = re.compile(
    r"(?P<bang>!?)\[(?P<text>(?:[^\[\]]|\[[^\[\]]*\])*)\]\(\s*<?(?P<url>[^\s)<>]*)>?(?:\s+[\"'][^\"']*[\"'])?\s*\)"
    r"(?P<attrs>\{[^{}]*\})?"
)
HTML_TAG = re.compile(r"<[^>]+>")
TOP_KEY = re.compile(r"^([A-Za-z_][\w-]*)\s*:")
NESTED_KEY = re.compile(r"^(\s+)([A-Za-z_][\w-]*)\s*:")


@dataclass
class SourcePage:
    """One Markdown file of one language, parsed once."""

    lang: str
    rel: str  # posix path relative to the language folder, e.g. "building/x.md"
    path: str  # posix path relative to the project root, e.g. "docs/en/building/x.md"
    text: str
    front_matter: dict[str, Any] = field(default_factory=dict)
    key_lines: dict[str, int] = field(default_factory=dict)  # "checklist.id" -> line
    body: str = ""
    body_line: int = 1  # line number of the body's first line in the file
    structure: Structure = field(default_factory=Structure)
    problems: list[Problem] = field(default_factory=list)

    def body_lines(self) -> list[tuple[int, str]]:
        """(file line number, text) for every body line outside fenced code blocks, the fences being
        the ones Python-Markdown found (structure.fences)."""
        inside = {line for first, last in self.structure.fences for line in range(first, last + 1)}
        return [(number, line) for number, line in enumerate(self.body.split("\n"), start=self.body_line)
                if number not in inside]

    @property
    def markdown_first_line(self) -> int:
        """The file line of the first line of the Markdown MkDocs hands to the hooks: the body without its
        leading blank lines (mkdocs.utils.meta.get_data)."""
        return self.body_line + len(self.body) - len(self.body.lstrip("\n"))

    @property
    def headings(self) -> list[Heading]:
        return self.structure.headings

    @property
    def anchors(self) -> set[str]:
        return self.structure.anchors

    @property
    def links(self) -> list[Link]:
        return self.structure.links

    @property
    def items(self) -> list[ListItem]:
        return self.structure.items

    def line_of(self, key: str) -> int:
        """Line of a front-matter key (dotted for nested keys), or of the front matter's start."""
        return self.key_lines.get(key, self.key_lines.get(key.split(".")[0], 1))



def default_slug(text: str) -> str:
    """The id Python-Markdown's toc gives a heading: non-ASCII letters are dropped, hence explicit ids."""
    value = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    value = re.sub(r"[^\w\s-]", "", value).strip().lower()
    return re.sub(r"[-\s]+", "-", value)


def plain_text(markdown_inline: str) -> str:
    """Heading or item text without inline Markdown and HTML, as a reader sees it."""
    text = INLINE_LINK.sub(lambda m: m.group("text"), markdown_inline)
    text = HTML_TAG.sub("", text)
    text = re.sub(r"[*_`~]", "", text)
    return text.strip()


def _key_lines(front_lines: list[str], first_line: int) -> dict[str, int]:
    lines: dict[str, int] = {}
    parent = ""
    for offset, line in enumerate(front_lines):
        top = TOP_KEY.match(line)
        if top:
            parent = top.group(1)
            lines[parent] = first_line + offset
            continue
        nested = NESTED_KEY.match(line)
        if nested and parent and f"{parent}.{nested.group(2)}" not in lines:
            lines[f"{parent}.{nested.group(2)}"] = first_line + offset
    return lines


def split_front_matter(text: str) -> tuple[list[str] | None, int]:
    """The front matter's lines (None when the file has none) and the line where the body starts."""
    lines = text.splitlines()
    if not lines or lines[0].strip() != "---":
        return None, 1
    for index in range(1, len(lines)):
        if lines[index].strip() in ("---", "..."):
            return lines[1:index], index + 2
    return lines[1:], len(lines) + 1


def _parse_front_matter(page: SourcePage) -> None:
    front, body_line = split_front_matter(page.text)
    page.body_line = body_line
    page.body = "\n".join(page.text.splitlines()[body_line - 1 :])
    if front is None:
        return
    page.key_lines = _key_lines(front, 2)
    try:
        data = yaml.load("\n".join(front), Loader=_YAML_LOADER) if front else {}
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line = 2 + mark.line if mark is not None else 1
        reason = getattr(error, "problem", None) or str(error).splitlines()[0]
        page.problems.append(
            Problem(page.path, line, "front-matter-yaml", f"front matter is not valid YAML: {reason}",
                    "check indentation, colons and quotes; values containing ': ' need quotes")
        )
        return
    if data is None:
        data = {}
    if not isinstance(data, dict):
        page.problems.append(
            Problem(page.path, 2, "front-matter-yaml", "front matter must be a mapping of keys to values",
                    "write one `key: value` per line between the two `---` lines")
        )
        return
    page.front_matter = data


def parse_page(docs_dir: Path, lang: str, rel: str, text: str | None = None) -> SourcePage:
    """Parse docs_dir/lang/rel; docs_dir's parent is taken as the project root for reported paths."""
    file = docs_dir / lang / rel
    if text is None:
        text = file.read_text(encoding="utf-8")
    path = f"{docs_dir.name}/{lang}/{rel}"
    page = SourcePage(lang=lang, rel=rel, path=path, text=text)
    _parse_front_matter(page)
    page.structure = parse_structure(page.body, page.body_line, items="checklist" in page.front_matter)
    return page


def is_date(value: object) -> bool:
    return isinstance(value, datetime.date) and not isinstance(value, datetime.datetime)
