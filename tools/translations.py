"""Translation status per language, and recording the English version a reviewed translation matches."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "hooks"))

import yaml
from handbook.config import HandbookConfig
from handbook.translations import LANGUAGE_NAMES, record_source_hash, translation_states
from handbook.validate import read_sources


def handbook_config(root: Path) -> HandbookConfig:
    """The settings the translation rules need, read from mkdocs.yml without loading MkDocs."""
    text = (root / "mkdocs.yml").read_text(encoding="utf-8")
    config = yaml.load(text, Loader=_Loader)
    extra = (config.get("extra") or {}).get("handbook", {})
    i18n = next(p["i18n"] for p in config.get("plugins", []) if isinstance(p, dict) and "i18n" in p)
    built = [lang for lang in i18n["languages"] if lang.get("build", True)]
    languages = [lang["locale"] for lang in built if lang.get("default")] + [
        lang["locale"] for lang in built if not lang.get("default")]
    return HandbookConfig(docs_dir=root / config.get("docs_dir", "docs"), languages=tuple(languages),
                          english_only=tuple(extra.get("english_only", [])))


class _Loader(yaml.SafeLoader):
    """mkdocs.yml may hold !!python/name or !ENV tags; the rules need none of them."""


_Loader.add_multi_constructor("", lambda loader, suffix, node: None)
_Loader.add_multi_constructor("tag:yaml.org,2002:python/", lambda loader, suffix, node: None)


def report(root: Path) -> int:
    config = handbook_config(root)
    pages, _ = read_sources(config)
    states = translation_states(pages, config)
    stale = 0
    for lang in config.translations:
        mine = [s for s in states if s.lang == lang]
        counts = {status: sum(1 for s in mine if s.status == status)
                  for status in ("current", "outdated", "unrecorded", "missing", "english-only")}
        print(f"{LANGUAGE_NAMES[lang]} ({lang}): " + ", ".join(f"{n} {status}" for status, n in counts.items()))
        for state in mine:
            if state.status in ("outdated", "unrecorded", "missing"):
                stale += 1
                print(f"  {state.status:10} docs/{lang}/{state.rel}")
    return 1 if stale else 0


def record(root: Path, paths: list[Path]) -> int:
    """Set source_hash of each translated page to its English page's current fingerprint."""
    config = handbook_config(root)
    failed = 0
    for path in paths:
        file = path if path.is_absolute() else root / path
        try:
            rel_to_docs = file.resolve().relative_to(config.docs_dir.resolve())
        except ValueError:
            print(f"{path}: not under {config.docs_dir}", file=sys.stderr)
            failed += 1
            continue
        lang, rel = rel_to_docs.parts[0], Path(*rel_to_docs.parts[1:])
        english = config.docs_dir / config.source_language / rel
        if lang == config.source_language or not english.is_file() or not file.is_file():
            print(f"{path}: needs a translated page with an English page at {english}", file=sys.stderr)
            failed += 1
            continue
        file.write_text(record_source_hash(file.read_text(encoding="utf-8"), english.read_text(encoding="utf-8")),
                        encoding="utf-8")
        print(f"recorded {path} as a translation of the current {english.relative_to(root)}")
    return 1 if failed else 0
