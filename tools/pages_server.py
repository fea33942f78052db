"""Local static servers for the browser tests, `make pdf` and the measurements: `start_server` serves a folder
quietly on a free port; `serve_like_pages` also compresses like GitHub Pages, for measuring what the search
transfers.

GitHub Pages sends text files (HTML, CSS, JavaScript, JSON, SVG) gzip-compressed to a browser that accepts it,
and other files as they are. Pagefind writes its index chunks, fragments, metadata and WebAssembly already
gzipped (.pf_* and .pagefind files, served as they are), but pagefind.js and its worker are plain JavaScript.
Measuring over tests/browser/conftest.py's plain server counts those uncompressed; this one sends what the
host sends, so the encoded body sizes the browser reports are the bytes on the wire.
"""

from __future__ import annotations

import functools
import gzip
import http.server
import os
import threading
from pathlib import Path
from typing import ClassVar

# Types GitHub Pages compresses (its CDN compresses text types; files already compressed are left alone).
COMPRESSED_TYPES = ("text/", "application/javascript", "application/json", "image/svg+xml", "application/xml")
GZIP_LEVEL = 6  # gzip's default, as most CDNs use


# GitHub Pages lets browsers keep every file for 10 minutes before asking again. Without it, a browser asks
# again for every stylesheet and script of every page a few seconds after the build (its heuristic freshness
# is a tenth of the file's age).
PAGES_CACHE_CONTROL = "max-age=600"


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    """http.server's file handler without a log line per request, with GitHub Pages' Cache-Control."""

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - stdlib signature
        pass

    def end_headers(self) -> None:
        self.send_header("Cache-Control", PAGES_CACHE_CONTROL)
        super().end_headers()


class PagesLikeHandler(QuietHandler):
    """Serves files like http.server, gzip-compressing text types when the request accepts gzip."""

    _cache: ClassVar[dict[tuple[str, float], bytes]] = {}  # compressed bodies by file and mtime
    _lock = threading.Lock()

    def _compressed(self, path: str) -> bytes:
        key = (path, os.stat(path).st_mtime)
        with self._lock:
            body = self._cache.get(key)
        if body is None:
            body = gzip.compress(Path(path).read_bytes(), GZIP_LEVEL, mtime=0)
            with self._lock:
                self._cache[key] = body
        return body

    def _file_to_compress(self) -> str | None:
        if "gzip" not in self.headers.get("Accept-Encoding", ""):
            return None
        path = self.translate_path(self.path)
        if os.path.isdir(path):
            if not self.path.split("?", 1)[0].endswith("/"):
                return None  # http.server's redirect to the slash form
            path = os.path.join(path, "index.html")
        if not os.path.isfile(path) or not self.guess_type(path).startswith(COMPRESSED_TYPES):
            return None
        return path

    def do_GET(self) -> None:
        path = self._file_to_compress()
        if path is None:
            super().do_GET()
            return
        body = self._compressed(path)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(path))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Vary", "Accept-Encoding")
        self.end_headers()
        self.wfile.write(body)


def start_server(directory: Path, handler: type[http.server.SimpleHTTPRequestHandler] = QuietHandler,
                 ) -> tuple[http.server.ThreadingHTTPServer, str]:
    """Serve directory on a free local port in a background thread; the server and its base URL (no slash)."""
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(handler, directory=str(directory)))
    # shutdown() waits for the serving loop to look again: every 50 ms instead of http.server's 500.
    threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}"


def serve_like_pages(directory: Path) -> tuple[http.server.ThreadingHTTPServer, str]:
    """Serve directory compressed like GitHub Pages, on a free local port; the server and its base URL."""
    return start_server(directory, PagesLikeHandler)
