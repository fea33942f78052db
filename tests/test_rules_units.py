"""Unit tests of the plain-Python rules, without MkDocs."""

from __future__ import annotations

import sys
from pathlib import Path

from tools.handbook import HOOKS

sys.path.insert(0, str(HOOKS))

from handbook.checklists import parse_checklist, words
from handbook.render import (
    PACK_PART_END,
    PACK_PART_START,
    fill_print_pack,
    mark_item_ids,
    mark_items,
    pack_part,
    split_pack_part,
)
from handbook.source import default_slug, parse_page
from handbook.translations import record_source_hash, source_hash

PAGE = """---
title: T
description: D
owner: o
last_reviewed: 2026-01-01
---

# Title

## Kāpēc tas ir svarīgi

## Same
## Same

```text
[not a link](nowhere.md)
## Not a heading
```

Inline `[code](nowhere.md)` is not a link; [this](real.md#x) is.

<a href="raw.md" id="raw-id">raw</a>

[ref]: ref.md "Title"
"""


def parsed() -> object:
    return parse_page(Path("/docs"), "lv", "x.md", PAGE)


def test_headings_ids_like_python_markdown() -> None:
    page = parsed()
    assert [h.id for h in page.headings] == ["title", "kapec-tas-ir-svarigi", "same", "same_1"]
    assert default_slug("Khách hàng khó tính") == "khach-hang-kho-tinh"


def test_links_skip_code_and_keep_lines() -> None:
    page = parsed()
    # The reference definition is used by no link, so nothing of it is published or checked.
    assert [(link.url, link.line, link.kind) for link in page.links] == [
        ("real.md#x", 20, "markdown"), ("raw.md", 22, "html")]
    assert "raw-id" in page.anchors


def test_source_hash_ignores_front_matter_and_whitespace() -> None:
    base = "---\ntitle: A\n---\n\n# A\n\nSome text.\n"
    assert source_hash(base) == source_hash(base.replace("title: A", "title: B").replace("Some text.", "Some   text.\n\n"))
    assert source_hash(base) != source_hash(base.replace("Some text.", "Other text."))


def test_record_source_hash_adds_or_replaces_the_key() -> None:
    english = "---\ntitle: A\n---\n\n# A\n"
    added = record_source_hash("---\ntitle: Ā\n---\n\n# Ā\n", english)
    assert added.splitlines()[2] == f"source_hash: {source_hash(english)}"
    replaced = record_source_hash(added.replace(source_hash(english), "0" * 12), english)
    assert replaced == added


def test_checklist_items_and_word_counts() -> None:
    text = PAGE.replace("owner: o", "owner: o\nchecklist: {id: x}") + "\n## Do {#do}\n\n- [ ] Send the recap e-mail. {#send}\n"
    checklist = parse_checklist(parse_page(Path("/docs"), "en", "x.md", text))
    assert checklist is not None
    last = checklist.sections[-1]
    assert (last.id, [(i.id, i.text, i.box) for i in last.items]) == ("do", [("send", "Send the recap e-mail.", " ")])
    assert words("Don't skip the client's e-mail.") == 5


def test_item_ids_become_item_markup_with_a_named_checkbox() -> None:
    marked = mark_item_ids("- [ ] Ask *now*. {#ask}\n- plain {#x}", "call")
    assert marked.endswith("\n- plain {#x}") and "{#ask}" not in marked
    # What pymdownx.tasklist makes of the marked line, tight and loose lists:
    checkbox = ('<label class="task-list-control"><input type="checkbox" disabled/>'
                '<span class="task-list-indicator"></span></label>')
    text = marked.splitlines()[0].removeprefix("- [ ] ").replace("*now*", "<em>now</em>")
    for before, after in ((f'<li class="task-list-item">{checkbox} ', "</li>"),
                          (f'<li class="task-list-item"><p>{checkbox} ', "</p></li>")):
        built = mark_items(f"<ul>{before}{text}{after}</ul>")
        assert built == (
            f'<ul>{before.split("<input")[0]}<input type="checkbox" disabled aria-labelledby="hb-item-call-ask"/>'
            '<span class="task-list-indicator"></span></label> <span class="hb-item-text" id="hb-item-call-ask">'
            f'Ask <em>now</em>.</span> <span class="hb-item" data-item-id="ask"></span>{after}</ul>'
        )
    # A marker outside a task-list item is dropped, never shown.
    assert mark_items(f"<p>{text}</p>") == "<p>Ask <em>now</em>.</p>"


def test_pack_part_moves_a_checklist_into_the_print_pack() -> None:
    page_html = ("<h1>T</h1>" + PACK_PART_START + '<div class="hb-checklist"><a href="../../building/x/#why">x</a></div>'
                 '<h2 id="before">Before<a class="headerlink" href="#before">¶</a></h2>'
                 '<p><a href="#before">up</a> <a href="#other">other</a> <a href="https://e.example/">e</a></p>'
                 '<p class="hb-pdf-link"><a href="call-en.pdf" download>PDF</a></p>' + PACK_PART_END + "<p>after</p>")
    without, part = split_pack_part(page_html)
    assert without == page_html.replace(PACK_PART_START, "").replace(PACK_PART_END, "")
    assert part is not None
    moved = pack_part(part, "call", {"before"}, "lv/checklists/call/", "lv/checklists/print-pack/")
    assert '<a href="../../building/x/#why">' in moved  # same depth: unchanged
    assert '<h3 id="call--before">Before<a class="headerlink" href="#call--before">¶</a></h3>' in moved
    assert '<a href="#call--before">up</a> <a href="#other">other</a> <a href="https://e.example/">' in moved
    assert '<a href="../call/call-en.pdf" download>' in moved
    deeper = pack_part(part, "call", {"before"}, "checklists/group/call/", "checklists/print-pack/")
    # checklists/group/call/ + ../../building/x/ = checklists/building/x/, seen from the pack:
    assert '<a href="../building/x/#why">' in deeper and '<a href="../group/call/call-en.pdf"' in deeper
    filled, missing = fill_print_pack("<p>\ue000pcall\ue001</p><p>\ue000pgone\ue001</p>", {"call": moved})
    assert filled == moved and missing == ["gone"]


def test_recorded_hash_of_digits_reads_back_as_text(monkeypatch) -> None:
    import handbook.translations as translations

    monkeypatch.setattr(translations, "source_hash", lambda text: "012345678901")
    text = translations.record_source_hash("---\ntitle: A\n---\n", "---\ntitle: A\n---\n")
    page = parse_page(Path("/docs"), "lv", "x.md", text)
    assert page.front_matter["source_hash"] == "012345678901"


def test_source_parse_uses_the_sites_markdown_extensions() -> None:
    import yaml
    from handbook.structure import MARKDOWN_EXTENSIONS

    from tools.handbook import ROOT

    class Loader(yaml.SafeLoader):
        pass

    Loader.add_multi_constructor("!", lambda loader, suffix, node: None)
    config = yaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=Loader)
    names = [next(iter(entry)) if isinstance(entry, dict) else entry for entry in config["markdown_extensions"]]
    assert names == MARKDOWN_EXTENSIONS


def test_structure_follows_the_engine_not_the_lines() -> None:
    from handbook.structure import parse_structure

    body = "\n".join([
        "````md",           # 1: a 4-backtick fence holding a lone ``` line
        "```",
        "[no](a.md)",
        "````",
        "",
        "A [wrapped",       # 6
        "link](b.md) and [ref][r].",
        "",
        "    [indented](c.md)",
        "",
        "<!-- [comment](d.md) -->",
        "",
        "1. [ ] ordered {#o}",  # 13
        "    - [x] nested",
        "",
        "Para {: #p }",
        "",
        "[r]: e.md",         # 18
    ])
    found = parse_structure(body, 1)
    assert [(link.url, link.line, link.kind) for link in found.links] == [("b.md", 7, "markdown"),
                                                                         ("e.md", 18, "reference")]
    assert found.fences == [(1, 4)]
    assert [(item.line, item.box, item.ordered, item.depth, item.item_id) for item in found.items] == [
        (13, " ", True, 1, "o"), (14, "x", False, 2, None)]
    assert [comment.line for comment in found.comments] == [11]
