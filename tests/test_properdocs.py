"""A tested exit from frozen MkDocs: ProperDocs 1.6.7, its maintained drop-in continuation, builds the same site.

The session's site is built by the configured builder (HANDBOOK_BUILDER, MkDocs by default); this test builds
the handbook once more with the other one and compares every file.
"""

from __future__ import annotations

import gzip
import json
import os
import re
from pathlib import Path

from tools.handbook import BIN, ROOT, build_site

GENERATOR = re.compile(rb'<meta name="generator" content="[^"]*">')


def _comparable(path: Path) -> object:
    data = path.read_bytes()
    if path.suffix == ".html":
        return GENERATOR.sub(b"", data)
    if path.suffix == ".gz":
        return gzip.decompress(data)  # the gzip header carries a time stamp
    if path.suffix == ".json":
        return json.loads(data)  # Pagefind writes its language table in no fixed order
    return data


def test_properdocs_and_mkdocs_build_the_same_site_but_for_the_generator_tag(built_site, tmp_path, monkeypatch):
    current = os.environ.get("HANDBOOK_BUILDER", "mkdocs") or "mkdocs"
    other = "mkdocs" if current == "properdocs" else "properdocs"
    monkeypatch.setenv("HANDBOOK_BUILDER", other)
    site = tmp_path / other
    assert build_site(site, ROOT / "mkdocs.yml") == 0, f"{other} could not build the handbook"
    ours = sorted(p.relative_to(built_site).as_posix() for p in built_site.rglob("*") if p.is_file())
    theirs = sorted(p.relative_to(site).as_posix() for p in site.rglob("*") if p.is_file())
    assert ours == theirs
    different = [rel for rel in ours if _comparable(built_site / rel) != _comparable(site / rel)]
    assert different == []
    tags = {GENERATOR.search((root / "index.html").read_bytes()).group(0) for root in (built_site, site)}  # type: ignore[union-attr]
    assert any(b"ProperDocs 1.6.7" in tag for tag in tags) and any(b"mkdocs-1.6.1" in tag for tag in tags)
    assert (BIN / "properdocs").exists()
