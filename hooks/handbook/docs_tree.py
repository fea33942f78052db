"""Which files under docs/ may be published (plain module, no MkDocs import).

Only regular files inside the docs tree are: a symlink could publish anything it points to (a file outside
the repository, .git/config, /proc/self/environ with CI's secrets), a device or FIFO can hang the build,
and hidden files are drafts, editor leftovers or secrets. Files a browser would run as code are errors
unless the configuration lists them (extra.handbook.allowed_code_files). The tree is walked with lstat
and never through a link, so loops and dangling links are reported, not followed.
"""

from __future__ import annotations

import os
import re
import stat
from dataclasses import dataclass
from pathlib import Path

from .problems import Problem

CODE_SUFFIXES = (".js", ".mjs", ".cjs", ".html", ".htm", ".xhtml", ".shtml", ".xht", ".wasm")
# An SVG runs its scripts when opened on its own (not through <img>): one that carries any is code.
_ACTIVE_SVG = re.compile(rb"(?i)<script|<foreignobject|\son[a-z]+\s*=|javascript:")
MAX_FILE_BYTES = 1024 * 1024
MAX_SVG_BYTES = 1024 * 1024


@dataclass(frozen=True)
class DocsTree:
    """The outcome of one walk: problems, and the paths (relative to docs/, posix) never to publish."""

    problems: tuple[Problem, ...]
    unpublishable: frozenset[str]
    regular_files: tuple[str, ...]  # publishable regular files, sorted


def _problem(docs_name: str, rel: str, rule: str, message: str, hint: str) -> Problem:
    return Problem(f"{docs_name}/{rel}", 1, rule, message, hint)


def _link_message(path: str) -> str:
    try:
        target = os.readlink(path)
    except OSError:
        target = "?"
    try:
        resolved = os.path.realpath(path, strict=True)
    except (OSError, RuntimeError):
        return f"is a symbolic link to `{target}`, which is dangling or loops"
    return f"is a symbolic link to `{target}` (resolves to {resolved})"


def walk_docs(docs_dir: Path, allowed_code_files: tuple[str, ...] = ()) -> DocsTree:
    problems: list[Problem] = []
    unpublishable: set[str] = set()
    regular: list[str] = []
    name = docs_dir.name
    root = os.path.realpath(docs_dir)
    allowed = {entry.strip("/") for entry in allowed_code_files}
    folders = [""]
    while folders:
        folder = folders.pop()
        try:
            with os.scandir(os.path.join(docs_dir, folder)) as entries:
                listing = sorted(entries, key=lambda e: e.name)
        except OSError as error:
            problems.append(_problem(name, folder or ".", "file-unreadable", f"cannot be read ({error.strerror})",
                                     "check the folder's permissions"))
            continue
        for entry in listing:
            rel = f"{folder}/{entry.name}" if folder else entry.name
            try:
                info = entry.stat(follow_symlinks=False)
            except OSError as error:
                problems.append(_problem(name, rel, "file-unreadable", f"cannot be read ({error.strerror})",
                                         "check the file's permissions"))
                unpublishable.add(rel)
                continue
            if entry.name.startswith("."):
                problems.append(_problem(name, rel, "file-hidden", "is a hidden file or folder and is never published",
                                         "remove it from docs/, or rename it without the leading dot"))
                unpublishable.add(rel)
            elif stat.S_ISLNK(info.st_mode):
                problems.append(_problem(name, rel, "file-symlink", _link_message(entry.path) + "; links are never published",
                                         "replace the link with the file itself (a copy inside docs/)"))
                unpublishable.add(rel)
            elif stat.S_ISDIR(info.st_mode):
                if os.path.realpath(entry.path) != os.path.join(root, rel):
                    problems.append(_problem(name, rel, "file-outside-docs", "resolves outside the docs folder",
                                             "move the content into docs/"))
                    unpublishable.add(rel)
                else:
                    folders.append(rel)
            elif not stat.S_ISREG(info.st_mode):
                problems.append(_problem(name, rel, "file-special", "is not a regular file (a device, FIFO or socket)",
                                         "remove it from docs/"))
                unpublishable.add(rel)
            else:
                problem = _regular_file_problem(name, entry.path, rel, info.st_size, allowed)
                if problem is not None:
                    problems.append(problem)
                    unpublishable.add(rel)
                else:
                    regular.append(rel)
    return DocsTree(tuple(sorted(problems)), frozenset(unpublishable), tuple(sorted(regular)))


def _regular_file_problem(name: str, path: str, rel: str, size: int, allowed: set[str]) -> Problem | None:
    if rel in allowed:
        return None
    lowered = rel.lower()
    if lowered.endswith(CODE_SUFFIXES):
        return _problem(name, rel, "file-code", "would run as code in readers' browsers",
                        "pages cannot carry code; if the site really needs the file, list it under "
                        "extra.handbook.allowed_code_files in mkdocs.yml")
    if lowered.endswith(".svg"):
        try:
            with open(path, "rb") as file:
                content = file.read(MAX_SVG_BYTES)
        except OSError:
            content = b""
        if _ACTIVE_SVG.search(content):
            return _problem(name, rel, "file-code", "is an SVG image with script or event handlers",
                            "export the image again without scripts (or as PNG)")
    if lowered.endswith(".md") and size > MAX_FILE_BYTES:
        return _problem(name, rel, "file-size", f"is {size // 1024} KiB; a page may be at most {MAX_FILE_BYTES // 1024} KiB",
                        "split the page into several pages")
    return None
