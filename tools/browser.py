"""Find the Chromium that the browser tests, `make pdf` and `.ci/run` drive, the same way everywhere.

Browsers cannot be downloaded on the handbook's own machines, so Playwright drives a Chromium that is already
installed, through executable_path. In order:

1. HANDBOOK_CHROMIUM, when set, names it explicitly (and must exist: a wrong value is an error, not a fallback);
2. a Chromium or Chrome on PATH: Debian's `chromium`, or the `chromium` / `google-chrome` that GitHub's Ubuntu
   runner images ship (their install script links /usr/local/share/chromium/chrome-linux/chrome as
   /usr/bin/chromium and sets CHROME_BIN=/usr/bin/google-chrome);
3. CHROME_BIN, as those runner images set it;
4. a Chromium that `python -m playwright install chromium` put in Playwright's cache (the workflow's fallback
   on a runner without one).

Ubuntu's `chromium-browser` deb is a stub that points to the snap: such wrapper scripts are skipped.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
ENVIRONMENT_VARIABLE = "HANDBOOK_CHROMIUM"
NAMES_ON_PATH = ("chromium", "chromium-browser", "google-chrome-stable", "google-chrome")
HOW_TO_INSTALL = (
    "no Chromium found: on Debian `apt-get install -y chromium`; on Ubuntu or GitHub's runners "
    "`.venv/bin/python -m playwright install --with-deps chromium`; or set HANDBOOK_CHROMIUM to a Chromium binary"
)


class BrowserNotFound(Exception):
    """HANDBOOK_CHROMIUM names a file that is not an executable browser."""


def _is_snap_stub(path: Path) -> bool:
    try:
        with path.open("rb") as file:
            head = file.read(4096)
    except OSError:
        return True
    return head.startswith(b"#!") and b"snap" in head


def _usable(candidate: str | None) -> str | None:
    if not candidate:
        return None
    path = Path(candidate)
    if not (path.is_file() and os.access(path, os.X_OK)) or _is_snap_stub(path):
        return None
    return str(path)


def _playwright_cache() -> list[Path]:
    root = Path(os.environ.get("PLAYWRIGHT_BROWSERS_PATH") or Path.home() / ".cache" / "ms-playwright")
    patterns = ("chromium-*/chrome-linux*/chrome", "chromium_headless_shell-*/chrome-linux*/headless_shell")
    return sorted((p for pattern in patterns for p in root.glob(pattern)), reverse=True)


def chromium_path(environ: dict[str, str] | None = None) -> str | None:
    """The Chromium to drive, or None when there is none. Raises BrowserNotFound for a wrong HANDBOOK_CHROMIUM."""
    env = os.environ if environ is None else environ
    explicit = env.get(ENVIRONMENT_VARIABLE, "").strip()
    if explicit:
        found = _usable(shutil.which(explicit) or explicit)
        if found is None:
            raise BrowserNotFound(f"{ENVIRONMENT_VARIABLE}={explicit} is not an executable Chromium")
        return found
    path_variable = env.get("PATH", os.defpath)
    for name in NAMES_ON_PATH:
        found = _usable(shutil.which(name, path=path_variable))
        if found:
            return found
    for candidate in (env.get("CHROME_BIN"), *map(str, _playwright_cache())):
        found = _usable(candidate)
        if found:
            return found
    return None


def chromium_or_reason() -> str | None:
    """The Chromium to drive, or None after printing why there is none (a wrong HANDBOOK_CHROMIUM, or no browser)."""
    import sys

    try:
        path = chromium_path()
    except BrowserNotFound as error:
        print(error, file=sys.stderr)
        return None
    if path is None:
        print(HOW_TO_INSTALL, file=sys.stderr)
    return path


def main() -> int:
    """`make browser`: print the Chromium that tests and `make pdf` will use; exit 1 when there is none."""
    path = chromium_or_reason()
    if path is None:
        return 1
    print(path)
    return 0
