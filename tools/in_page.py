"""Waiting for a page and reading it in its own JavaScript world, with one plain `page.evaluate` each.

Playwright's locators, `wait_for_selector` and `wait_for_function` first install Playwright's selector engine
(a large injected script) into every new document, once for each JavaScript world they use. That costs about
0.04 CPU s a document (measured: 0.13 s for a page load alone, 0.17 with one locator call, 0.19-0.23 with a
locator and a wait), so the browser tests, which load a few hundred pages, read and wait through these helpers
instead. Clicking, tapping and typing still go through Playwright's input, as a reader's would.
"""

from __future__ import annotations

import json

POLL_MS = 16  # about a frame

_WAIT_JS = """([arg, timeoutMs, what]) => new Promise((resolve, reject) => {
  const deadline = performance.now() + timeoutMs;
  const check = () => {
    let met;
    try { met = Boolean(CONDITION); } catch (error) { reject(error); return; }
    if (met) resolve(true);
    else if (performance.now() > deadline) reject(new Error(`waited ${timeoutMs} ms for ${what}`));
    else setTimeout(check, POLL_MS);
  };
  check();
})"""


def wait_until(page: object, condition: str, arg: object = None, timeout_ms: float = 15_000) -> None:
    """Until the JavaScript expression `condition` (which may use `arg`) is true in the page, checked about
    once a frame; a timeout fails with the condition in its message."""
    script = _WAIT_JS.replace("CONDITION", condition).replace("POLL_MS", str(POLL_MS))
    page.evaluate(script, [arg, timeout_ms, json.dumps(condition)])  # type: ignore[attr-defined]


def count(page: object, selector: str) -> int:
    """How many elements of the page match a CSS selector."""
    return int(page.evaluate("selector => document.querySelectorAll(selector).length", selector))  # type: ignore[attr-defined]


def inner_texts(page: object, selector: str) -> list[str]:
    """The rendered text of each element that matches a CSS selector, in document order."""
    return list(page.evaluate(  # type: ignore[attr-defined]
        "selector => Array.from(document.querySelectorAll(selector), element => element.innerText)", selector))


def replace_text(page: object, text: str) -> None:
    """Replace the text of the focused input with text (not empty), as a reader who selects it all and pastes
    does: one input event, as Playwright's fill sends."""
    page.keyboard.press("ControlOrMeta+A")  # type: ignore[attr-defined]
    page.keyboard.insert_text(text)  # type: ignore[attr-defined]
