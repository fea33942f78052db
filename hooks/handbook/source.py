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
_BASE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
MAX_FRONT_MATTER_BYTES = 16 * 1024
BOM = "\ufeff"


class _ImpossibleDate(yaml.constructor.ConstructorError):
    pass


class _FrontMatterLoader(_BASE_LOADER):  # type: ignore[misc, valid-type]
    """The safe loader, with an impossible date (2026-02-30) a YAML error at its line, not a ValueError."""


def _timestamp(loader: yaml.constructor.SafeConstructor, node: yaml.Node) -> object:
    try:
        return yaml.constructor.SafeConstructor.construct_yaml_timestamp(loader, node)
    except ValueError as error:
        raise _ImpossibleDate(None, None, f"`{node.value}` is not a real date ({error})",
                                                node.start_mark) from None


_FrontMatterLoader.add_constructor("tag:yaml.org,2002:timestamp", _timestamp)
_YAML_LOADER = _FrontMatterLoader


def _first_alias_or_anchor(text: str) -> yaml.Token | None:
    """YAML anchors and aliases are refused before anything is built: nine lines of nested aliases expand to
    a billion values (an "alias bomb"), and front matter never needs them. Scanning tokens is linear."""
    for token in yaml.scan(text, Loader=_BASE_LOADER):
        if isinstance(token, (yaml.AliasToken, yaml.AnchorToken)):
            return token
    return None


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


def _key_at(page: SourcePage, line: int) -> str | None:
    """The front-matter key (dotted when nested) at or above line."""
    above = [(key_line, key) for key, key_line in page.key_lines.items() if key_line <= line]
    return max(above)[1] if above else None


def _under_key(page: SourcePage, line: int) -> str:
    key = _key_at(page, line)
    return f" under `{key}`" if key else ""


def _parse_front_matter(page: SourcePage) -> None:
    front, body_line = split_front_matter(page.text)
    page.body_line = body_line
    page.body = "\n".join(page.text.splitlines()[body_line - 1 :])
    if front is None:
        return
    page.key_lines = _key_lines(front, 2)
    front_text = "\n".join(front)
    size = len(front_text.encode("utf-8"))
    if size > MAX_FRONT_MATTER_BYTES:
        page.problems.append(
            Problem(page.path, 1, "front-matter-size",
                    f"front matter is {size // 1024} KiB; at most {MAX_FRONT_MATTER_BYTES // 1024} KiB is read",
                    "front matter holds a few short keys; move long text into the page body")
        )
        return
    try:
        token = _first_alias_or_anchor(front_text) if ("&" in front_text or "*" in front_text) else None
        if token is not None:
            kind = "an alias" if isinstance(token, yaml.AliasToken) else "an anchor"
            line = 2 + token.start_mark.line
            page.problems.append(
                Problem(page.path, line, "front-matter-alias",
                        f"front matter uses {kind} (`{'*' if kind == 'an alias' else '&'}{token.value}`)"
                        f"{_under_key(page, line)}; YAML anchors and aliases are not allowed",
                        "write each value out in full")
            )
            return
        data = yaml.load(front_text, Loader=_YAML_LOADER) if front else {}
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line = 2 + mark.line if mark is not None else 1
        reason = getattr(error, "problem", None) or str(error).splitlines()[0]
        if isinstance(error, _ImpossibleDate):
            page.problems.append(Problem(page.path, line, "front-matter-type", f"`{_key_at(page, line)}`: {reason}",
                                         "write a date that exists, as YYYY-MM-DD"))
            return
        page.problems.append(
            Problem(page.path, line, "front-matter-yaml", f"front matter is not valid YAML{_under_key(page, line)}: {reason}",
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


def front_matter_of(text: str) -> dict[str, Any]:
    """A Markdown text's front matter read as the rules read it (size cap, no anchors or aliases, real dates),
    or {} when it has a problem the rules report: for tools that only need its values, such as the search
    indexer, so no input can hang or crash them either."""
    page = SourcePage(lang="", rel="", path="", text=text.removeprefix(BOM))
    _parse_front_matter(page)
    return {} if page.problems else page.front_matter


def parse_page(docs_dir: Path, lang: str, rel: str, text: str | None = None) -> SourcePage:
    """Parse docs_dir/lang/rel; docs_dir's parent is taken as the project root for reported paths."""
    file = docs_dir / lang / rel
    if text is None:
        text = file.read_text(encoding="utf-8")
    path = f"{docs_dir.name}/{lang}/{rel}"
    # A UTF-8 byte-order mark (some Windows editors add one) is not part of the text; MkDocs drops it too.
    text = text.removeprefix(BOM)
    page = SourcePage(lang=lang, rel=rel, path=path, text=text)
    _parse_front_matter(page)
    page.structure = parse_structure(page.body, page.body_line, items="checklist" in page.front_matter)
    return page


def is_date(value: object) -> bool:
    return isinstance(value, datetime.date) and not isinstance(value, datetime.datetime)
