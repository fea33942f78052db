"""The state the MkDocs adapter (hooks/handbook_hook.py) keeps between events, as one typed object.

Here rather than in the adapter: hook files are loaded by path, and a dataclass needs its module
registered (tools/bench.py loads the adapter without registering it).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from . import render
from .built import BuiltPage
from .links import SiteFiles
from .problems import Problem
from .validate import ParsedPages, Report

PackPart = tuple[str, str, list[tuple[str, str]]]  # HTML, page URL, (title, id) of each section


@dataclass
class BuildState:
    """What the hook keeps between MkDocs' events.

    Session fields live as long as the process: one `mkdocs build`, or a whole `mkdocs serve` session.
    Build fields belong to one build (every language pass of it) and are replaced by new_build() at the
    first language pass of the next build or rebuild; the report is replaced only when docs/ changed.
    """

    # -- session --
    command: str = "build"
    nav: Any = None  # the configured nav as first seen; language passes rewrite config.nav
    build_number: int = 0
    fingerprint: tuple[tuple[str, int, int], ...] | None = None  # of docs/ when the report was made
    report: Report | None = None
    parsed: ParsedPages = field(default_factory=dict)  # serve: pages not parsed again while unchanged
    strings: render.Strings = field(default_factory=dict)
    site_files: SiteFiles | None = None
    annotations: logging.Handler | None = None  # under GitHub Actions: MkDocs' own warnings as annotations
    # -- build --
    report_build: int = -1  # the build whose passes may reuse the report without looking at docs/
    reported: bool = False  # the report's problems were logged in this build
    html_blocks: dict[str, render.HtmlBlocks] = field(default_factory=dict)  # per page, markdown -> content
    pack_parts: dict[tuple[str, str], PackPart] = field(default_factory=dict)  # (lang, checklist id)
    root_404: tuple[Path, bytes] | None = None
    site_root: Path | None = None  # the default language's site_dir; i18n moves site_dir per language
    built_pages: dict[str, BuiltPage] = field(default_factory=dict)  # by URL, every language pass
    rendered_errors: dict[str, list[Problem]] = field(default_factory=dict)  # content policy, per page, until on_env
    started: float | None = None  # time.monotonic() at the build's first language pass, for the job summary

    def new_build(self) -> None:
        self.build_number += 1
        self.html_blocks, self.pack_parts, self.built_pages, self.root_404 = {}, {}, {}, None

    @property
    def current(self) -> Report:
        assert self.report is not None, "on_pre_build makes the report before pages are rendered"
        return self.report
