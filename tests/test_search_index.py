"""Unit tests of what the search indexer adds to pages, and of the `keywords:` front-matter rule."""

from __future__ import annotations

import datetime
import sys
from pathlib import Path

import pytest

from tools import search_index
from tools.handbook import HOOKS, ROOT
from tools.search_index import (
    PageInfo,
    built_path,
    english_only_copy,
    index_chunk_sizes,
    keyword_list,
    nav_sections,
    page_kind,
    site_info,
    with_search_block,
)

sys.path.insert(0, str(HOOKS))

from handbook.config import HandbookConfig
from handbook.frontmatter import check_front_matter
from handbook.source import parse_page

ARTICLE = '<html lang="vi"><body><article class="md-content__inner md-typeset"><h1>Xử lý khiếu nại</h1></article>'


def test_built_paths_follow_directory_urls() -> None:
    assert built_path("index.md") == "index.html"
    assert built_path("checklists/index.md") == "checklists/index.html"
    assert built_path("building/be-yourself.md") == "building/be-yourself/index.html"


def test_keywords_as_a_list_or_one_line() -> None:
    assert keyword_list(["angry customer", " refund "]) == ("angry customer", "refund")
    assert keyword_list("angry customer, refund") == ("angry customer", "refund")
    assert keyword_list(None) == ()


def test_kinds_come_from_front_matter_and_the_nav() -> None:
    nav = ["index.md", {"Building": ["building/a.md"]}, {"Checklists": ["checklists/index.md", "checklists/c.md"]},
           {"Reference": ["templates.md", "glossary.md", "sources.md"]}]
    sections = nav_sections(nav)
    assert sections["building/a.md"] == "Building" and sections["index.md"] == ""
    ref = {"Reference"}
    assert page_kind("building/a.md", {}, "Building", ref) == "chapter"
    assert page_kind("checklists/c.md", {"checklist": {"id": "c"}}, "Checklists", ref) == "checklist"
    assert page_kind("checklists/index.md", {}, "Checklists", ref) == "reference"
    assert page_kind("templates.md", {}, "Reference", ref) == "template"
    assert page_kind("glossary.md", {}, "Reference", ref) == "glossary"
    assert page_kind("sources.md", {}, "Reference", ref) == "reference"
    assert page_kind("index.md", {}, "", ref) == "reference"


def test_the_hidden_block_carries_weighted_keywords_and_meta() -> None:
    info = PageInfo(kind="chapter", section="Phục vụ, trực tiếp", description="Mô tả, ngắn.",
                    keywords=("khách giận dữ", "hoàn tiền"))
    html = with_search_block(ARTICLE, info, "vi")
    block = html[html.index("<div hidden"): html.index("<h1>")]
    assert 'data-pagefind-meta="hb_kind:chapter"' in block
    assert 'data-pagefind-meta="hb_section:Phục vụ trực tiếp"' in block  # commas would split Pagefind's metas
    assert '<p data-pagefind-meta="hb_desc">Mô tả, ngắn.</p>' in block
    assert '<p data-pagefind-weight="5.0">khách giận dữ; hoàn tiền.</p>' in block


def test_real_config_gives_translated_sections_and_english_only_pages() -> None:
    info = site_info(ROOT / "mkdocs.yml")
    page = info.pages["lv/face-to-face/handling-complaints/index.html"]
    assert page.kind == "chapter" and page.section == "Klientu apkalpošana klātienē"
    assert info.pages["ms/checklists/complaint-handling/index.html"].kind == "checklist"
    assert english_only_copy("ms/contributing/index.html", "ms", info)
    assert not english_only_copy("contributing/index.html", "en", info)


def test_keywords_must_be_a_list_of_text() -> None:
    config = HandbookConfig(docs_dir=Path("/docs"), roles={"o": {"en": "Owner"}}, today=datetime.date(2026, 11, 23))
    for value, ok in (("[angry customer, refund]", True), ("angry customer", False), ("[]", False), ("[1, 2]", False)):
        text = f"---\ntitle: T\ndescription: D\nowner: o\nlast_reviewed: 2026-01-01\nkeywords: {value}\n---\n\n# T\n"
        problems = check_front_matter(parse_page(Path("/docs"), "en", "x.md", text), config)
        assert (not problems) == ok, (value, problems)
        if not ok:
            assert problems[0].rule == "front-matter-type" and problems[0].line == 6


def _site_with_many_words(root: Path) -> Path:
    """Twenty English pages of distinct words: enough index for several chunks when chunks are small."""
    (root / "index.html").write_text(ARTICLE.replace('lang="vi"', 'lang="en"'), encoding="utf-8")
    for n in range(20):
        words = " ".join(f"word{n}x{k} shared" for k in range(40))
        page = root / f"p{n}" / "index.html"
        page.parent.mkdir()
        page.write_text(f'<html lang="en"><body><article class="md-content__inner md-typeset"><h1>Page {n}</h1>'
                        f"<p>{words}</p></article></body></html>", encoding="utf-8")
    return root


def test_pagefind_follows_the_index_chunk_size(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # The size is read from an environment variable Pagefind marks unstable: if an upgrade drops it, the
    # chunks stop changing with it and this fails.
    counts = {}
    for size in (20000, 50):
        site = tmp_path / str(size)
        site.mkdir()
        _site_with_many_words(site)
        monkeypatch.setattr(search_index, "INDEX_CHUNK_SIZE", size)
        assert search_index.build(site, None) == 0
        counts[size] = len(index_chunk_sizes(site / "pagefind")["en"])
    assert counts[20000] == 1 and counts[50] > 5, counts
