"""`mkdocs build` alone, as `mkdocs gh-deploy` or any host that runs the MkDocs command does, publishes a
complete site whose search works in every language: the Pagefind index is built inside the build."""

from __future__ import annotations

from tests.browser.test_search import home, search
from tools import handbook
from tools.handbook import builder

# (language, query, page expected among the results)
QUERIES = [
    ("en", "complaint", "/face-to-face/handling-complaints/"),
    ("ms", "aduan", "/ms/face-to-face/handling-complaints/"),
    ("lv", "sūdzība", "/lv/face-to-face/handling-complaints/"),
    ("vi", "khiếu nại", "/vi/face-to-face/handling-complaints/"),
]


def test_the_build_is_one_plain_mkdocs_command(monkeypatch, tmp_path):
    """`make build` and the tests' shared site run the builder's own `build` and nothing after it, so the
    site searched below is what `mkdocs build` alone publishes."""
    commands: list[list[str]] = []
    monkeypatch.setattr(handbook, "run", lambda cmd, **_: commands.append([str(c) for c in cmd]) or 0)
    assert handbook.build_site(tmp_path / "site") == 0
    assert len(commands) == 1, commands
    assert commands[0][:2] == [str(builder()), "build"]


def test_plain_mkdocs_build_gives_a_searchable_site(page, built_site, site_url):
    assert (built_site / "pagefind" / "pagefind.js").is_file(), "the build wrote no search index"
    failed: list[str] = []
    page.on("response", lambda response: failed.append(response.url) if response.status >= 400 else None)
    for lang, query, expected in QUERIES:
        page.goto(home(site_url, lang))
        assert expected in search(page, query), f"{lang}: {query!r} did not find {expected}"
    assert failed == []
