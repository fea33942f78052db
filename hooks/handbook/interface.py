"""The theme's interface text in the page's language: strings from data/interface.yml, the heading
permalinks' title, and the per-language strings the root 404 page embeds.

Pure functions; hooks/interface_hook.py is the MkDocs adapter.
"""

from __future__ import annotations

import re
from pathlib import Path

import yaml

InterfaceStrings = dict[str, dict[str, str]]

# What Python-Markdown's toc extension writes on every heading's permalink (its default permalink_title).
_PERMALINK_TITLE = re.compile(r'(<a class="headerlink" href="#[^"]*" )title="Permanent link"')


def load_interface_strings(path: Path) -> InterfaceStrings:
    strings: InterfaceStrings = yaml.safe_load(path.read_text(encoding="utf-8"))
    missing = [f"{key}.{lang}" for key, entry in strings.items() for lang in ("en", "ms", "lv", "vi")
               if lang not in entry]
    if missing:
        raise ValueError(f"{path.name}: no text for {', '.join(missing)}")
    return strings


def ui_text(strings: InterfaceStrings, key: str, lang: str) -> str:
    entry = strings[key]
    return entry.get(lang, entry["en"])


def localize_permalinks(page_html: str, title: str) -> str:
    """Give each heading's permalink its title in the page's language."""
    if "Permanent link" not in page_html:
        return page_html
    escaped = title.replace("&", "&amp;").replace('"', "&quot;")
    return _PERMALINK_TITLE.sub(lambda m: f'{m.group(1)}title="{escaped}"', page_html)


def chrome_translations(strings: InterfaceStrings, lang: str, english_names: dict[str, str],
                        native_names: dict[str, str]) -> dict[str, str]:
    """English interface text -> the language's, for the root 404 page, which shows in whatever language
    the missing URL was in. english_names/native_names: the site name and palette toggle names by role."""
    pairs = {ui_text(strings, key, "en"): ui_text(strings, key, lang) for key in strings}
    pairs |= {english_names[role]: native_names.get(role, english_names[role]) for role in english_names}
    return {english: native for english, native in pairs.items() if english and native}


def print_button(page_html: str, label: str) -> str:
    """A Print button right after the page's title (assets/javascripts/interface.js prints)."""
    end = page_html.find("</h1>")
    if end < 0:
        return page_html
    end += len("</h1>")
    escaped = label.replace("&", "&amp;").replace("<", "&lt;")
    button = (f'\n<p class="hb-print-button"><button type="button" class="md-button md-button--primary" '
              f'data-hb-print>{escaped}</button></p>')
    return page_html[:end] + button + page_html[end:]


def download_links(page_html: str, lang: str, links: list[tuple[str, str]], lead: str) -> str:
    """The home page's links to the PDFs `make pdf` writes (all checklists, the whole handbook), before
    its second section (after the task cards), or at the end."""
    items = " · ".join(f'<a href="{url}" download hreflang="{lang}">{_escape(label)}</a>' for label, url in links)
    block = f'<p class="hb-downloads"><strong>{_escape(lead)}</strong> {items}</p>\n'
    sections = [m.start() for m in re.finditer(r"<h2\b", page_html)]
    at = sections[1] if len(sections) > 1 else len(page_html)
    return page_html[:at] + block + page_html[at:]


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;")
