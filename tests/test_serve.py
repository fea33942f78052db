"""`mkdocs serve` keeps serving a handbook with errors and shows them on the affected page."""

from __future__ import annotations

import os
import re
import socket
import subprocess
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from tests.handbook_fixtures import TODAY, make_site
from tools.handbook import builder


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_serve(site: Path, livereload: bool = False, **extra_env: str) -> tuple[subprocess.Popen[str], int]:
    port = free_port()
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "HANDBOOK_TODAY": TODAY.isoformat(), **extra_env}
    server = subprocess.Popen([str(builder()), "serve",
                               "--livereload" if livereload else "--no-livereload",
                               "-a", f"127.0.0.1:{port}"], cwd=site, env=env,
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    return server, port


def fetch(server: subprocess.Popen[str], url: str, seconds: float = 60) -> str:
    """The page at url once the server answers it (waiting for the first build), or "" on a 404."""
    deadline = time.monotonic() + seconds
    while True:
        try:
            with urllib.request.urlopen(url, timeout=2) as answer:
                return answer.read().decode("utf-8")
        except urllib.error.HTTPError as error:
            if error.code == 404:
                return ""
            raise
        except OSError:
            assert server.poll() is None, "mkdocs serve stopped"
            assert time.monotonic() < deadline, f"no answer from {url} within {seconds} s"
            time.sleep(0.3)


def test_serve_keeps_serving_and_shows_errors(tmp_path: Path) -> None:
    site = make_site(tmp_path, "link-target")
    server, port = start_serve(site)
    try:
        page = fetch(server, f"http://127.0.0.1:{port}/handbook/chapters/listen/")
        assert "Build errors on this page" in page
        assert "docs/en/chapters/listen.md:23: [link-target]" in page
        # The preview gets a search index too (in the background, after the pages are served).
        deadline = time.monotonic() + 30
        while not fetch(server, f"http://127.0.0.1:{port}/handbook/pagefind/pagefind.js"):
            assert time.monotonic() < deadline, "the preview has no search index 30 s after its pages"
            time.sleep(0.3)
    finally:
        server.terminate()
        output = server.communicate(timeout=20)[0]
    assert "docs/en/chapters/listen.md:23: [link-target]" in output


def test_serve_can_preview_some_languages_only(tmp_path: Path) -> None:
    site = make_site(tmp_path)
    server, port = start_serve(site, HANDBOOK_SERVE_LANGUAGES="en")
    try:
        assert "Listen" in fetch(server, f"http://127.0.0.1:{port}/handbook/chapters/listen/")
        assert fetch(server, f"http://127.0.0.1:{port}/handbook/lv/chapters/listen/") == ""
    finally:
        server.terminate()
        server.communicate(timeout=20)


def test_serve_refuses_an_unknown_preview_language(tmp_path: Path) -> None:
    site = make_site(tmp_path)
    server, _ = start_serve(site, HANDBOOK_SERVE_LANGUAGES="en,xx")
    output = server.communicate(timeout=60)[0]
    assert server.returncode != 0
    assert "HANDBOOK_SERVE_LANGUAGES: unknown language(s) xx; the handbook has en, lv" in output
    assert "Traceback" not in output


def test_builds_ignore_the_preview_languages(tmp_path: Path) -> None:
    site = make_site(tmp_path)
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "HANDBOOK_TODAY": TODAY.isoformat(),
           "HANDBOOK_SERVE_LANGUAGES": "en"}
    result = subprocess.run([str(builder()), "build", "--strict", "-d",
                             str(tmp_path / "out")], cwd=site, env=env, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "out" / "lv" / "chapters" / "listen" / "index.html").is_file()


def wait_for(server: subprocess.Popen[str], url: str, text: str, seconds: float = 60) -> str:
    deadline = time.monotonic() + seconds
    while text not in (page := fetch(server, url)):
        assert time.monotonic() < deadline, f"{url} did not show {text!r} within {seconds} s"
        time.sleep(0.2)
    return page


def test_serve_rebuilds_what_an_edit_changed_and_everything_it_affects(tmp_path: Path) -> None:
    """The serve cache reuses unchanged pages, yet a page whose navigation, notices or content changed
    because of an edit elsewhere is rebuilt."""
    site = make_site(tmp_path)
    chapter = site / "docs" / "en" / "chapters" / "listen.md"
    server, port = start_serve(site, livereload=True)
    base = f"http://127.0.0.1:{port}/handbook/"
    try:
        assert "hb-outdated-link" not in fetch(server, base + "lv/chapters/listen/")
        assert "Listen and remember" in fetch(server, base)
        # A new sentence in the English chapter.
        chapter.write_text(chapter.read_text(encoding="utf-8") + "\nA sentence added while serving.\n",
                           encoding="utf-8")
        wait_for(server, base + "chapters/listen/", "A sentence added while serving.")
        # Its Latvian translation is now outdated, which its page must say, though its file is unchanged.
        wait_for(server, base + "lv/chapters/listen/", "hb-outdated-link", seconds=10)
        # A new title: every page's navigation changes, the home page's included.
        chapter.write_text(chapter.read_text(encoding="utf-8").replace("title: Listen and remember",
                                                                       "title: Listen closely"), encoding="utf-8")
        wait_for(server, base, "Listen closely")
        assert "Listen closely" in fetch(server, base + "checklists/greeting/")
    finally:
        server.terminate()
        output = server.communicate(timeout=20)[0]
    # The first build converted everything; the rebuild after the first edit reused most pages.
    rebuilds = re.findall(r"serve cache \(en\): Markdown converted for (\d+) page\(s\), reused for (\d+); "
                          r"pages rendered (\d+), reused (\d+)", output)
    assert len(rebuilds) >= 3, output
    assert rebuilds[0][1] == "0"  # the first build had nothing to reuse
    converted, reused, _, _ = (int(n) for n in rebuilds[1])
    assert converted == 1 and reused >= 3, rebuilds


ALIAS_BOMB = "review_interval_days:\n  a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n" + "".join(
    f"  {name}: &{name} [{', '.join([f'*{previous}'] * 9)}]\n" for previous, name in zip("abcdefgh", "bcdefghi", strict=True))
BROKEN_EDITS = {
    # name: (edit of the English chapter, text its page must then show)
    "broken link": (lambda text: text + "\n[Gone](gone.md)\n",
                    ["docs/en/chapters/listen.md:23: [link-target]", "Build warnings on this page",
                     "contains a link &#x27;gone.md&#x27;, but the target &#x27;en/chapters/gone.md&#x27; is not found"]),
    "impossible date": (lambda text: text.replace("last_reviewed: 2026-10-01", "last_reviewed: 2026-02-30"),
                        ["docs/en/chapters/listen.md:5: [front-matter-type] `last_reviewed`: `2026-02-30` is not a "
                         "real date"]),
    "alias bomb": (lambda text: text.replace("owner: front-desk-lead\n", "owner: front-desk-lead\n" + ALIAS_BOMB),
                   ["docs/en/chapters/listen.md:6: [front-matter-alias] front matter uses an anchor"]),
    "YAML error": (lambda text: text.replace("owner: front-desk-lead", "owner: [front-desk-lead"),
                   ["docs/en/chapters/listen.md:5: [front-matter-yaml] front matter is not valid YAML under `last_reviewed`"]),
}


@pytest.mark.parametrize("case", sorted(BROKEN_EDITS))
def test_serve_shows_an_error_at_once_and_recovers_when_it_is_fixed(tmp_path: Path, case: str) -> None:
    """strict: true, as in the handbook: neither MkDocs' own warnings nor the handbook's errors may stall a
    request; the page says what is wrong, and the next save that fixes it serves the fixed page."""
    site = make_site(tmp_path)
    config = site / "mkdocs.yml"
    config.write_text("strict: true\n" + config.read_text(encoding="utf-8"), encoding="utf-8")
    chapter = site / "docs" / "en" / "chapters" / "listen.md"
    original = chapter.read_text(encoding="utf-8")
    edit, shown = BROKEN_EDITS[case]
    server, port = start_serve(site, livereload=True)
    url = f"http://127.0.0.1:{port}/handbook/chapters/listen/"
    try:
        assert "Build errors on this page" not in fetch(server, url)
        chapter.write_text(edit(original), encoding="utf-8")
        page = wait_for(server, url, shown[0], seconds=20)
        for text in shown:
            assert text in page
        # Every request is answered within seconds, never held.
        start = time.monotonic()
        fetch(server, f"http://127.0.0.1:{port}/handbook/", seconds=5)
        assert time.monotonic() - start < 5
        chapter.write_text(original + "\nFixed while serving.\n", encoding="utf-8")
        page = wait_for(server, url, "Fixed while serving.", seconds=20)
        assert "Build errors on this page" not in page and "Build warnings on this page" not in page
    finally:
        server.terminate()
        output = server.communicate(timeout=20)[0]
    assert shown[0].split(" `")[0] in output
    assert "Traceback" not in output
    assert "The server will appear stuck" not in output


def test_serve_never_publishes_links_hidden_or_code_files(tmp_path: Path) -> None:
    """Under serve the errors do not stop the preview, so what must not be published is taken out of
    MkDocs' files: a link to a file outside the repository, a hidden file, a script."""
    site = make_site(tmp_path, "file-symlink")
    (site / "docs" / "en" / ".env").write_text("SECRET=1\n", encoding="utf-8")
    (site / "docs" / "en" / "evil.js").write_text("alert(1);\n", encoding="utf-8")
    server, port = start_serve(site)
    base = f"http://127.0.0.1:{port}/handbook/"
    try:
        assert "Listen and remember" in fetch(server, base + "chapters/listen/")
        for path in ("leak/", "inside/", "evil.js", ".env", "lv/outside/hostname"):
            assert fetch(server, base + path, seconds=5) == "", path
    finally:
        server.terminate()
        output = server.communicate(timeout=20)[0]
    assert "docs/en/leak.md:1: [file-symlink]" in output and "docs/en/evil.js:1: [file-code]" in output
    assert "Traceback" not in output
