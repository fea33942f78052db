"""Message templates as letters: the plain-text blocks of a templates page become text in the body font
that wraps on a phone, with a button that copies the letter as exact plain text.

The Markdown stays as it is (fenced ```text blocks, hard-wrapped for editors); the build reflows each
paragraph the way an e-mail client needs it: hard-wrapped lines joined, short lines (greeting,
signature, an outline's fields) and indented lines kept. What is shown is what is copied.
"""

from __future__ import annotations

import html
import re

# Python-Markdown + Pygments' rendering of a fenced plain-text block.
_TEXT_BLOCK = re.compile(r'<div class="(?:language-text )?highlight"><pre><span></span><code>(.*?)</code></pre></div>',
                         re.DOTALL)
_TAG = re.compile(r"<[^>]+>")
# Shorter lines end where the writer ended them (a greeting, a signature line, an outline's field).
WRAPPED_LINE_MIN = 50
_STARTS_ITEM = re.compile(r"^(\s|[-•*]\s|\d+[.)]\s)")


def reflow(text: str) -> str:
    """The letter as one line per paragraph, for pasting into an e-mail: a line at least
    WRAPPED_LINE_MIN long joins the next unless either is indented or the next starts a list item."""
    paragraphs = []
    for block in re.split(r"\n\s*\n", text.strip("\n")):
        lines = block.rstrip().split("\n")
        out = [lines[0].rstrip()]
        for line in lines[1:]:
            previous = out[-1].split("\n")[-1]
            joins = (len(previous) >= WRAPPED_LINE_MIN and not _STARTS_ITEM.match(previous)
                     and not _STARTS_ITEM.match(line))
            if joins:
                out[-1] = f"{out[-1]} {line.strip()}"
            else:
                out.append(line.rstrip())
        paragraphs.append("\n".join(out))
    return "\n\n".join(paragraphs)


def letters(page_html: str, copy_label: str, page_key: str) -> str:
    """Each plain-text block of the page as a letter with a copy button (Material's clipboard script
    copies the target's data-copy attribute, so the copy is the exact text, whatever the styling)."""
    count = 0

    def letter(match: re.Match[str]) -> str:
        nonlocal count
        count += 1
        text = reflow(html.unescape(_TAG.sub("", match.group(1))))
        target = f"hb-letter-{page_key}-{count}"
        return (
            f'<div class="hb-letter">'
            f'<div class="hb-letter__text" id="{target}" data-copy="{html.escape(text, quote=True)}">'
            f"{html.escape(text, quote=False)}</div>"
            f'<button type="button" class="md-button hb-letter__copy" data-clipboard-target="#{target}">'
            f"{html.escape(copy_label)}</button></div>"
        )

    return _TEXT_BLOCK.sub(letter, page_html)
