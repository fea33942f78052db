"""Builds the Pagefind search index inside `mkdocs build`, once, after the last language pass.

So every way of building the site (make build, a plain `mkdocs build`, `mkdocs gh-deploy`, a host that runs the
MkDocs command) publishes a search box that works. Under `mkdocs serve`, hooks/handbook_hook.py indexes the
preview in the background instead, so an edit shows before its index is ready.
"""

from __future__ import annotations

import logging
import sys
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import Abort
from mkdocs.plugins import event_priority

log = logging.getLogger("mkdocs.plugins.handbook.search")
_command = {"name": "build"}


def on_startup(command: str, dirty: bool) -> None:
    _command["name"] = command


# mkdocs-static-i18n builds the other languages inside its own on_post_build (priority -100) of the default
# language's pass. Running after it, in that same pass, is running once every language is written.
@event_priority(-200)
def on_post_build(config: MkDocsConfig) -> None:
    i18n = config.plugins.get("i18n")
    if _command["name"] != "build" or (i18n is not None and getattr(i18n, "building", False)):
        return
    project = str(Path(__file__).resolve().parent.parent)  # the handbook's tools/, wherever the config lives
    if project not in sys.path:
        sys.path.append(project)
    from tools import search_index

    if search_index.build(Path(config.site_dir), Path(config.config_file_path)) != 0:
        raise Abort("the search index could not be built (see above); the site would publish a broken search")
