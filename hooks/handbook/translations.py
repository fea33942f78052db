"""Translation rules: every English page exists in every language, and each translation records the
version of the English text it was made from, so a changed English page flags its translations."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from typing import Literal

from .config import HandbookConfig
from .frontmatter import SOURCE_HASH
from .problems import Problem
from .source import SourcePage, split_front_matter

LANGUAGE_NAMES = {"en": "English", "ms": "Malay", "lv": "Latvian", "vi": "Vietnamese"}
Status = Literal["current", "outdated", "missing", "unrecorded", "english-only"]


def source_hash(text: str) -> str:
    """Fingerprint of an English page's body: front matter and whitespace changes do not alter it."""
    _, body_line = split_front_matter(text)
    body = "\n".join(text.splitlines()[body_line - 1 :])
    return hashlib.sha256(" ".join(body.split()).encode("utf-8")).hexdigest()[:12]


@dataclass(frozen=True)
class TranslationState:
    lang: str
    rel: str
    status: Status
    recorded: str | None = None
    current: str | None = None


def translation_states(pages: dict[tuple[str, str], SourcePage], config: HandbookConfig) -> list[TranslationState]:
    """The state of every (translation language, English page) pair."""
    states: list[TranslationState] = []
    english = sorted(rel for lang, rel in pages if lang == config.source_language)
    for rel in english:
        current = source_hash(pages[(config.source_language, rel)].text)
        for lang in config.translations:
            if rel in config.english_only:
                states.append(TranslationState(lang, rel, "english-only"))
                continue
            page = pages.get((lang, rel))
            if page is None:
                states.append(TranslationState(lang, rel, "missing", None, current))
                continue
            recorded = page.front_matter.get("source_hash")
            if not isinstance(recorded, str) or not SOURCE_HASH.match(recorded):
                states.append(TranslationState(lang, rel, "unrecorded", None, current))
            else:
                status: Status = "current" if recorded == current else "outdated"
                states.append(TranslationState(lang, rel, status, recorded, current))
    return states


def check_translations(pages: dict[tuple[str, str], SourcePage], config: HandbookConfig) -> list[Problem]:
    problems: list[Problem] = []
    docs = config.docs_dir.name
    source = config.source_language
    for state in translation_states(pages, config):
        path = f"{docs}/{state.lang}/{state.rel}"
        english = f"{docs}/{source}/{state.rel}"
        name = LANGUAGE_NAMES.get(state.lang, state.lang)
        if state.status == "missing":
            problems.append(Problem(path, 1, "translation-missing",
                                    f"{path} does not exist: {english} has no {name} translation",
                                    f"translate {english} into {path}, or list {state.rel} under "
                                    "extra.handbook.english_only in mkdocs.yml if it is English-only on purpose"))
        elif state.status == "unrecorded":
            page = pages[(state.lang, state.rel)]
            value = page.front_matter.get("source_hash")
            if value is None:
                problems.append(Problem(path, 1, "translation-source-hash",
                                        "the translation does not record which English version it translates",
                                        f"after checking it against {english}, run "
                                        f"`make translations-record PAGE={path}`"))
            else:
                problems.append(Problem(path, page.line_of("source_hash"), "translation-source-hash",
                                        f"malformed source_hash {value!r}: expected 12 lowercase hex digits",
                                        f"do not edit it by hand; run `make translations-record PAGE={path}`"))
        elif state.status == "outdated":
            page = pages[(state.lang, state.rel)]
            problems.append(Problem(path, page.line_of("source_hash"), "translation-outdated",
                                    f"{english} changed after this translation was made",
                                    f"update the translation, then run `make translations-record PAGE={path}`",
                                    "warning"))
    for (lang, rel), page in sorted(pages.items()):
        if lang == source:
            continue
        if (source, rel) not in pages:
            problems.append(Problem(page.path, 1, "translation-no-source",
                                    f"translation of a page that does not exist: {docs}/{source}/{rel}",
                                    "rename the file to match its English page, or delete it"))
        elif rel in config.english_only:
            problems.append(Problem(page.path, 1, "translation-english-only",
                                    f"{rel} is listed as English-only but has a {LANGUAGE_NAMES.get(lang, lang)} copy",
                                    "delete the copy, or remove the page from extra.handbook.english_only"))
    return problems


def record_source_hash(translation_text: str, english_text: str) -> str:
    """The translation's text with source_hash set to the English page's current fingerprint."""
    value = source_hash(english_text)
    if value.isdigit():
        value = f'"{value}"'  # all digits would read back from YAML as a number
    lines = translation_text.splitlines(keepends=True)
    front, body_line = split_front_matter(translation_text)
    if front is None:
        return f"---\nsource_hash: {value}\n---\n" + translation_text
    for index in range(1, body_line - 2):
        if re.match(r"^source_hash\s*:", lines[index]):
            lines[index] = f"source_hash: {value}\n"
            return "".join(lines)
    lines.insert(body_line - 2, f"source_hash: {value}\n")
    return "".join(lines)
