"""The opt-in external link check: reports dead links with file and line, and caches answers on disk."""

from __future__ import annotations

import http.server
import threading
from pathlib import Path

from tests.handbook_fixtures import make_site
from tools import external_links


class _Handler(http.server.BaseHTTPRequestHandler):
    def do_HEAD(self) -> None:
        self.send_response(200 if self.path == "/alive" else 404)
        self.end_headers()

    do_GET = do_HEAD

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        pass


def test_dead_links_reported_and_answers_cached(tmp_path: Path, capsys) -> None:
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()
    base = f"http://localhost:{server.server_address[1]}"
    site = make_site(tmp_path)
    page = site / "docs" / "en" / "chapters" / "listen.md"
    page.write_text(page.read_text(encoding="utf-8") + f"\n[Alive]({base}/alive) and [dead]({base}/dead).\n",
                    encoding="utf-8")
    other = site / "docs" / "en" / "index.md"
    other.write_text(other.read_text(encoding="utf-8").replace("https://example.test/style/", f"{base}/alive"),
                     encoding="utf-8")
    lv = site / "docs" / "lv" / "index.md"
    lv.write_text(lv.read_text(encoding="utf-8").replace("https://example.test/style/", f"{base}/alive"), encoding="utf-8")
    assert external_links.main(site, ["--timeout", "5", "--concurrency", "2"]) == 1
    out = capsys.readouterr().out
    assert f"docs/en/chapters/listen.md:23: [link-external-dead] {base}/dead does not answer (HTTP 404)" in out
    assert "2 external links: 2 checked now, 0 from the cache, 1 problems" in out
    server.shutdown()
    assert external_links.main(site, []) == 1  # the server is gone: answers come from the cache
    assert "0 checked now, 2 from the cache" in capsys.readouterr().out
    assert external_links.main(site, ["--timeout", "0"]) == 2
