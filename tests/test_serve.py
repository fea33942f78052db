"""`mkdocs serve` keeps serving a handbook with errors and shows them on the affected page."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from tests.handbook_fixtures import TODAY, make_site


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_serve_keeps_serving_and_shows_errors(tmp_path: Path) -> None:
    site = make_site(tmp_path, "link-target")
    port = free_port()
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "HANDBOOK_TODAY": TODAY.isoformat()}
    server = subprocess.Popen([str(Path(sys.executable).parent / "mkdocs"), "serve", "--no-livereload",
                               "-a", f"127.0.0.1:{port}"], cwd=site, env=env,
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        page = ""
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and not page:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/handbook/chapters/listen/", timeout=2) as answer:
                    page = answer.read().decode("utf-8")
            except OSError:
                assert server.poll() is None, "mkdocs serve stopped on a handbook with errors"
                time.sleep(0.5)
        assert "Build errors on this page" in page
        assert "docs/en/chapters/listen.md:23: [link-target]" in page
        # The preview has a search index too.
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/handbook/pagefind/pagefind.js", timeout=5) as answer:
            assert answer.status == 200
    finally:
        server.terminate()
        output = server.communicate(timeout=20)[0]
    assert "docs/en/chapters/listen.md:23: [link-target]" in output
