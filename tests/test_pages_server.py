"""The local servers answer like GitHub Pages: text types gzipped when asked (the measuring server), Pagefind's
files as they are, and every file cacheable for ten minutes."""

from __future__ import annotations

import gzip
import urllib.request
from pathlib import Path

from tools.pages_server import serve_like_pages, start_server


def _get(url: str, gzip_ok: bool) -> tuple[dict[str, str], bytes]:
    request = urllib.request.Request(url, headers={"Accept-Encoding": "gzip"} if gzip_ok else {})
    with urllib.request.urlopen(request, timeout=10) as response:
        return dict(response.headers), response.read()


def test_text_is_gzipped_when_accepted_and_pagefind_files_are_sent_as_they_are(tmp_path: Path) -> None:
    script = b"const answer = 42;\n" * 200
    (tmp_path / "pagefind").mkdir()
    (tmp_path / "pagefind" / "pagefind.js").write_bytes(script)
    (tmp_path / "pagefind" / "en_1.pf_fragment").write_bytes(gzip.compress(b"{}"))
    (tmp_path / "index.html").write_text("<p>home</p>", encoding="utf-8")
    server, url = serve_like_pages(tmp_path)
    try:
        headers, body = _get(f"{url}/pagefind/pagefind.js", gzip_ok=True)
        assert headers.get("Content-Encoding") == "gzip"
        assert int(headers["Content-Length"]) == len(body) < len(script)
        assert gzip.decompress(body) == script
        headers, body = _get(f"{url}/pagefind/pagefind.js", gzip_ok=False)
        assert "Content-Encoding" not in headers and body == script
        headers, body = _get(f"{url}/pagefind/en_1.pf_fragment", gzip_ok=True)
        assert "Content-Encoding" not in headers and gzip.decompress(body) == b"{}"
        headers, body = _get(f"{url}/", gzip_ok=True)
        assert headers.get("Content-Encoding") == "gzip" and gzip.decompress(body) == b"<p>home</p>"
    finally:
        server.shutdown()


def test_every_answer_may_be_kept_for_ten_minutes_as_github_pages_allows(tmp_path: Path) -> None:
    (tmp_path / "index.html").write_text("<p>home</p>", encoding="utf-8")
    for start in (start_server, serve_like_pages):
        server, url = start(tmp_path)
        try:
            for gzip_ok in (True, False):
                headers, _ = _get(f"{url}/", gzip_ok)
                assert headers.get("Cache-Control") == "max-age=600", (start.__name__, headers)
        finally:
            server.shutdown()
