"""MkDocs adapter: the theme's templates compiled once, not once per language pass of every build.

MkDocs makes a new Jinja environment for every build, and mkdocs-static-i18n builds once per language, so
Material's ~60 templates were compiled four times per `mkdocs build` and again on every save under
`mkdocs serve`: about 2 of a build's 9 CPU seconds. Jinja's bytecode cache keeps the compiled form on disk,
keyed by the template's name and file and checked against a hash of its source and Jinja's version, so an
edited template is compiled again. The pages are the same with and without it (tests/test_template_cache.py).

The cache lives in the user's cache folder (HANDBOOK_TEMPLATE_CACHE names another; `off` turns it off),
never in the project: compiled templates are code that the build runs, and a change sent to the repository
must not be able to bring its own.
"""

from __future__ import annotations

import logging
import os
import stat
from collections.abc import Mapping
from pathlib import Path

from jinja2 import Environment, FileSystemBytecodeCache
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import Files

log = logging.getLogger("mkdocs.hooks.template_cache")
OFF = "off"


def template_cache_dir(environ: Mapping[str, str], home: Path) -> Path | None:
    """Where compiled templates are kept: HANDBOOK_TEMPLATE_CACHE, else the user's cache folder; None when off."""
    chosen = environ.get("HANDBOOK_TEMPLATE_CACHE", "").strip()
    if chosen == OFF:
        return None
    if chosen:
        return Path(chosen)
    cache_home = Path(environ["XDG_CACHE_HOME"]) if environ.get("XDG_CACHE_HOME") else home / ".cache"
    return cache_home / "client-relationship-handbook" / "templates"


def _private_folder(folder: Path) -> bool:
    """Create folder for this user only; False if it exists but another user owns it or others may write to it."""
    folder.mkdir(mode=stat.S_IRWXU, parents=True, exist_ok=True)
    info = folder.stat()
    return stat.S_ISDIR(info.st_mode) and info.st_uid == os.getuid() and not info.st_mode & (stat.S_IWGRP | stat.S_IWOTH)


def on_env(env: Environment, config: MkDocsConfig, files: Files) -> Environment:
    folder = template_cache_dir(os.environ, Path.home())
    if folder is None:
        return env
    try:
        usable = _private_folder(folder)
    except OSError as error:
        log.info(f"template cache: off, {folder} cannot be used ({error})")
        return env
    if not usable:
        log.info(f"template cache: off, {folder} is not a folder of this user's alone")
        return env
    env.bytecode_cache = FileSystemBytecodeCache(str(folder))
    return env
