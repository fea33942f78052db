"""`mkdocs build` alone, as `mkdocs gh-deploy` or any host that runs the MkDocs command does, publishes a
complete site whose search works in every language: the Pagefind index is built inside the build."""

from __future__ import annotations

import os
import subprocess

from tests.browser.conftest import _serve
from tests.browser.test_search import home, search
from tools.handbook import ROOT, builder

# (language, query, page expected among the results)
QUERIES = [
    ("en", "complaint", "/face-to-face/handling-complaints/"),
    ("ms", "aduan", "/ms/face-to-face/handling-complaints/"),
    ("lv", "sūdzība", "/lv/face-to-face/handling-complaints/"),
    ("vi", "khiếu nại", "/vi/face-to-face/handling-complaints/"),
]


def test_plain_mkdocs_build_gives_a_searchable_site(page, tmp_path):
    site = tmp_path / "site"
    result = subprocess.run([str(builder()), "build", "-d", str(site)], cwd=ROOT, capture_output=True, text=True,
                            env={**os.environ, "NO_MKDOCS_2_WARNING": "1"}, check=False)
    assert result.returncode == 0, result.stderr
    assert (site / "pagefind" / "pagefind.js").is_file(), "the build wrote no search index"
    server, url = _serve(site)
    try:
        failed: list[str] = []
        page.on("response", lambda response: failed.append(response.url) if response.status >= 400 else None)
        for lang, query, expected in QUERIES:
            page.goto(home(url + "/", lang))
            assert expected in search(page, query), f"{lang}: {query!r} did not find {expected}"
        assert failed == []
    finally:
        server.shutdown()
