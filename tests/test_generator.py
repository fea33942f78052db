"""tools/generate_handbook.py: a generated handbook builds --strict clean and breaks none of the rules;
nonsense sizes are refused with a clear message."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

from tests.handbook_fixtures import BuildServer
from tools import generate_handbook
from tools.generate_handbook import SizeError, generate
from tools.handbook import HOOKS, ROOT, builder

sys.path.insert(0, str(HOOKS))

from handbook.config import HandbookConfig, load_roles
from handbook.validate import validate

PAGES = 16


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return generate(tmp_path_factory.mktemp("generated") / "handbook", PAGES)


def rules_config(project: Path) -> HandbookConfig:
    config = generate_handbook.load_config(project / "mkdocs.yml")

    def pages(nav: object) -> list[str]:
        if isinstance(nav, str):
            return [nav]
        if isinstance(nav, list):
            return [page for item in nav for page in pages(item)]
        if isinstance(nav, dict):
            return [page for value in nav.values() for page in pages(value)]
        return []

    return HandbookConfig(
        docs_dir=project / "docs",
        languages=("en", "ms", "lv", "vi"),
        nav_pages=tuple(pages(config["nav"])),
        english_only=tuple(config["extra"]["handbook"]["english_only"]),
        site_url=config["site_url"],
        roles=load_roles(project / "data" / "roles.yml"),
        config_text=(project / "mkdocs.yml").read_text(encoding="utf-8"),
    )


def test_generated_handbook_breaks_no_rule(project: Path) -> None:
    report = validate(rules_config(project))
    assert [p.format() for p in report.problems] == []
    assert all(state.status in ("current", "english-only") for state in report.translation_states)


def test_generated_handbook_has_the_real_mix(project: Path) -> None:
    for lang in ("en", "ms", "lv", "vi"):
        pages = sorted(p.relative_to(project / "docs" / lang).as_posix() for p in (project / "docs" / lang).rglob("*.md"))
        assert len(pages) == (PAGES if lang == "en" else PAGES - 2), lang  # contributing and health: English only
    english = project / "docs" / "en"
    chapters = [p for part in ("building", "face-to-face", "difficult-clients") for p in (english / part).glob("*.md")]
    checklists = [p for p in (english / "checklists").glob("*.md") if p.stem not in ("index", "print-pack")]
    plan = generate_handbook.Plan(PAGES)
    assert (len(chapters), len(checklists)) == (len(plan.chapters), len(plan.checklists))
    large = generate_handbook.Plan(1000)  # the real handbook's proportions once there is room for them
    assert (len(large.chapters), len(large.checklists), len(large.all_pages())) == (550, 250, 1000)
    assert all((project / "docs" / lang / "images" / "flow.svg").is_file() for lang in ("en", "ms", "lv", "vi"))
    config = (project / "mkdocs.yml").read_text(encoding="utf-8")
    assert str(HOOKS / "handbook_hook.py") in config and str(ROOT / "overrides") in config


def test_generated_handbook_builds_strict_clean(project: Path, tmp_path: Path) -> None:
    site = tmp_path / "site"
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    result = BuildServer.build(builder().name, ["build", "--strict", "-d", str(site)], project, env)
    assert result.returncode == 0, result.stderr[-3000:]
    assert "WARNING" not in result.stderr and "ERROR" not in result.stderr, result.stderr[-3000:]
    for lang, prefix in (("en", site), ("lv", site / "lv")):
        html = (prefix / "checklists" / "checklist-00001" / "index.html").read_text(encoding="utf-8")
        assert 'data-item-id="s1-item-1"' in html and f'data-lang="{lang}"' in html


@pytest.mark.parametrize("size", [0, -5, 12, 20001, 1.5, "100", True, None])
def test_nonsense_sizes_are_refused(tmp_path: Path, size: object) -> None:
    with pytest.raises(SizeError, match="pages per language"):
        generate(tmp_path / "out", size)  # type: ignore[arg-type]
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize("argument", ["0", "-1", "abc", "2.5", "20001"])
def test_cli_refuses_nonsense_sizes(tmp_path: Path, argument: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert generate_handbook.main([argument, str(tmp_path / "out")]) == 2
    assert "pages per language must" in capsys.readouterr().err


def test_never_writes_into_the_real_docs(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="outside the real handbook"):
        generate(ROOT / "docs" / "generated", 20)
    assert not (ROOT / "docs" / "generated").exists()
    (tmp_path / "mine.txt").write_text("not generated", encoding="utf-8")
    with pytest.raises(ValueError, match="not empty"):
        generate(tmp_path, 20)
