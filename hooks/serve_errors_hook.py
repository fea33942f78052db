"""MkDocs adapter: under `mkdocs serve`, a build problem never leaves the preview stuck.

With `strict: true`, MkDocs counts its own warnings (a broken link, a missing anchor) during every build
and raises at the end; under serve the live-reload server then holds every request until a build
succeeds, so the browser hangs. Here, under serve only, the count is switched off; each warning MkDocs
logs while converting a page is shown in a banner at the top of that page (and stays in the log), and
any other failure of a rebuild is logged with its message while the last pages written go on being
served. Saving the fixed file rebuilds as usual. `mkdocs build` is untouched: strict still fails it.
"""

from __future__ import annotations

import html
import logging
import re
from pathlib import Path
from typing import Any

from mkdocs import utils
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.pages import Page

log = logging.getLogger("handbook.serve")
BANNER_TITLE = "Build warnings on this page"
_state: dict[str, Any] = {"serving": False, "config": None, "warnings": {}, "remembered": {}, "late": [],
                          "written": {}}
_DOC_FILE = re.compile(r"Doc file '([^']+)'")
_ARTICLE = '<article class="md-content__inner md-typeset">'



class _PageWarnings(logging.Handler):
    """MkDocs' warnings, by the page being converted when each was logged (or none: after the pages)."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)

    def emit(self, record: logging.LogRecord) -> None:
        config = _state["config"]
        page = getattr(config, "_current_page", None) if config is not None else None
        message = record.getMessage()
        if page is None:
            _state["late"].append(message)
        else:
            _state["warnings"].setdefault(page.file.src_uri, []).append(message)


_handler = _PageWarnings()


def on_startup(command: str, dirty: bool) -> None:
    _state["serving"] = command == "serve"
    if _state["serving"]:
        logging.getLogger("mkdocs").addHandler(_handler)


def on_shutdown() -> None:
    logging.getLogger("mkdocs").removeHandler(_handler)


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    if not _state["serving"]:
        return config
    _state.update(config=config, late=[])
    # build() attached its strict-mode counter before any plugin saw the config: take it off again.
    mkdocs_logger = logging.getLogger("mkdocs")
    for handler in list(mkdocs_logger.handlers):
        if isinstance(handler, utils.CountHandler):
            mkdocs_logger.removeHandler(handler)
    config.strict = False
    return config


def on_serve(server: Any, config: MkDocsConfig, builder: Any) -> Any:
    """A rebuild that fails for any reason is reported and the server goes on serving the last pages;
    MkDocs would otherwise hold every request until a later build succeeds."""
    build = server.builder

    def rebuild_or_report() -> None:
        try:
            build()
        except Exception as error:  # reported; the preview must keep answering
            log.error(f"the rebuild failed: {error or type(error).__name__}; still serving the last pages built. "
                      "Fix the file and save it again.")

    server.builder = rebuild_or_report
    return server


def banner(messages: list[str]) -> str:
    items = "".join(f"<li><code>{html.escape(message)}</code></li>" for message in messages)
    return (f'<div class="admonition failure hb-build-warnings"><p class="admonition-title">{BANNER_TITLE}</p>'
            f"<ul>{items}</ul></div>\n")


def on_page_content(content: str, page: Page, config: MkDocsConfig, files: Any) -> str:
    if not _state["serving"]:
        return content
    _state["written"][page.file.src_uri] = page.file.abs_dest_path
    fresh = _state["warnings"].pop(page.file.src_uri, None)
    key = (config.theme.get("language"), page.file.src_uri)
    if fresh is not None:
        _state["remembered"][key] = (page.markdown, fresh)
    else:
        # The serve cache reuses an unchanged page's conversion without MkDocs' warnings: keep showing them.
        markdown, fresh = _state["remembered"].get(key, (None, []))
        if markdown != page.markdown:
            _state["remembered"].pop(key, None)
            fresh = []
    return banner(fresh) + content if fresh else content


def on_post_build(config: MkDocsConfig) -> None:
    """Warnings MkDocs logs after writing the pages (anchors are checked last) go into the written pages."""
    if not _state["serving"] or not _state["late"]:
        return
    by_page: dict[str, list[str]] = {}
    for message in _state["late"]:
        match = _DOC_FILE.search(message)
        if match and match.group(1) in _state["written"]:
            by_page.setdefault(match.group(1), []).append(message)
    for src_uri, messages in by_page.items():
        path = Path(_state["written"][src_uri])
        try:
            page = path.read_text(encoding="utf-8")
        except OSError:
            continue
        if _ARTICLE in page:
            path.write_text(page.replace(_ARTICLE, _ARTICLE + banner(messages), 1), encoding="utf-8")
    _state["late"] = []
