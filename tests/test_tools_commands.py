"""The measuring commands (`make bench`'s search figures, `make reader-metrics`, `python -m
tools.search_quality`) start and say what they need, rather than failing on an import: they run rarely, so
a moved function broke all three once without any other test noticing."""

from __future__ import annotations

from pathlib import Path

import pytest

from tools import bench, browser, reader_metrics, search_quality


def test_search_quality_asks_for_a_built_site(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert search_quality.main([str(tmp_path)]) == 1
    assert "has no search index: run `make build` first" in capsys.readouterr().err


def test_reader_metrics_asks_for_a_built_site(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert reader_metrics.main(tmp_path) == 1
    assert "a built site (make build)" in capsys.readouterr().err


def test_bench_search_figures_say_when_there_is_no_browser(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(browser, "chromium_path", lambda: None)
    assert bench.search_query_costs(tmp_path) == "not measured: Chromium is not installed"
