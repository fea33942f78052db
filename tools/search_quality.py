"""Search quality: run the everyday intents of tests/search_intents.yml through the real search box.

    python -m tools.search_quality [SITE_DIR]      (default: site/, built by `make build`)

Each intent is a query staff would type and the pages that answer it. The query is typed into the
header search box of the language's home page in Chromium; the result links are read off the page.
Per language: success@3 (share of intents with an acceptable page in the first three results), mean
reciprocal rank (1/rank of the first acceptable page, 0 when none is listed), and any result that is
not a page of that language. Used by tests/browser/test_search_intents.py and to report before/after
figures for the search work.
"""

from __future__ import annotations

import statistics
import sys
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import yaml

from tools.in_page import replace_text, wait_until

ROOT = Path(__file__).resolve().parent.parent
INTENTS = ROOT / "tests" / "search_intents.yml"
LANGUAGES = ("en", "ms", "lv", "vi")
TOP = 3


@dataclass(frozen=True)
class Intent:
    lang: str
    query: str
    pages: tuple[str, ...]


@dataclass
class Outcome:
    intent: Intent
    results: list[str]  # result page paths relative to the language home, best first
    foreign: list[str]  # results outside the language

    @property
    def rank(self) -> int | None:
        for i, path in enumerate(self.results, 1):
            if path in self.intent.pages:
                return i
        return None


@dataclass
class LanguageScore:
    lang: str
    outcomes: list[Outcome] = field(default_factory=list)

    @property
    def success_at_3(self) -> float:
        hits = [o for o in self.outcomes if o.rank is not None and o.rank <= TOP]
        return len(hits) / len(self.outcomes) if self.outcomes else 0.0

    @property
    def mrr(self) -> float:
        return statistics.fmean(1 / o.rank if o.rank else 0.0 for o in self.outcomes) if self.outcomes else 0.0

    @property
    def misses(self) -> list[Outcome]:
        return [o for o in self.outcomes if o.rank is None or o.rank > TOP]


def load_intents(path: Path = INTENTS) -> list[Intent]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    intents: list[Intent] = []
    for lang, items in data.items():
        for item in items:
            intents.append(Intent(lang, str(item["query"]), tuple(item["pages"])))
    return intents


def home(base: str, lang: str) -> str:
    return base if lang == "en" else f"{base}{lang}/"


# search.js marks the results of a query as shown by setting data-hb-search-done to it.
SEARCH_DONE_JS = "document.querySelector('[data-hb-search]')?.getAttribute('data-hb-search-done') === arg"
RESULT_PATHS_JS = """() => Array.from(document.querySelectorAll(".md-search-result__item > a:first-child"),
                                     a => new URL(a.href).pathname)"""


def wait_for_search(page: object, query: str, timeout_ms: float = 15_000) -> None:
    """Until the results of query are shown (tools/in_page.py: no selector engine to install in the page)."""
    wait_until(page, SEARCH_DONE_JS, query, timeout_ms)


def typed_results(page: object, query: str) -> list[str]:
    """Enter a query into the open header box in place of the one before, as someone trying another wording
    does; the result page paths, best first."""
    replace_text(page, query)
    wait_for_search(page, query)
    return list(page.evaluate(RESULT_PATHS_JS))  # type: ignore[attr-defined]


def relative(path: str, base_path: str, lang: str) -> tuple[str, bool]:
    """A result path relative to the language home, and whether it is in that language."""
    rest = path[len(base_path):] if path.startswith(base_path) else path
    first = rest.split("/", 1)[0]
    if lang == "en":
        return rest, first not in LANGUAGES[1:]
    if first != lang:
        return rest, False
    return rest[len(lang) + 1:], True


def evaluate(page: object, base_url: str, intents: list[Intent]) -> dict[str, LanguageScore]:
    scores: dict[str, LanguageScore] = {}
    base_path = urlsplit(base_url).path
    for lang in LANGUAGES:
        todo = [i for i in intents if i.lang == lang]
        if not todo:
            continue
        page.goto(home(base_url, lang))  # type: ignore[attr-defined]
        # Open the box once with "/": closing and opening it again for every query cost a third of the CPU.
        page.keyboard.press("/")  # type: ignore[attr-defined]
        score = scores.setdefault(lang, LanguageScore(lang))
        for intent in todo:
            paths = typed_results(page, intent.query)
            results, foreign = [], []
            for path in paths:
                rel, own = relative(path, base_path, lang)
                (results if own else foreign).append(rel if own else path)
            score.outcomes.append(Outcome(intent, results, foreign))
    return scores


def report(scores: dict[str, LanguageScore]) -> str:
    lines = ["lang  intents  success@3  MRR    foreign results"]
    for lang, score in scores.items():
        foreign = sum(len(o.foreign) for o in score.outcomes)
        lines.append(f"{lang:<5} {len(score.outcomes):>7}  {score.success_at_3:>8.0%}  {score.mrr:.3f}  {foreign}")
    for score in scores.values():
        for o in score.misses:
            where = f"rank {o.rank}" if o.rank else "not listed"
            lines.append(f"  miss {score.lang}: {o.intent.query!r} ({where}; top: {', '.join(o.results[:3]) or '-'})")
    return "\n".join(lines)


def main(argv: list[str]) -> int:
    from tests.browser.conftest import _serve
    from tools.browser import CHROMIUM_FLAGS, chromium_path

    site = Path(argv[0]) if argv else ROOT / "site"
    if not (site / "pagefind" / "pagefind-entry.json").is_file():
        print(f"{site} has no search index: run `make build` first (or give a built site's folder)", file=sys.stderr)
        return 1
    path = chromium_path()
    if path is None:
        print("Chromium is not installed: apt-get install -y chromium", file=sys.stderr)
        return 1
    from playwright.sync_api import sync_playwright

    server, url = _serve(site)
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=path, headless=True, args=CHROMIUM_FLAGS)
            page = browser.new_page()
            scores = evaluate(page, url + "/", load_intents())
            browser.close()
    finally:
        server.shutdown()
    print(report(scores))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))


# A quick typist (about 100 words a minute): each key lands after the search's debounce, so every keystroke
# starts a search, as it does for most staff.
TYPING_DELAY_MS = 100

# Records, in the page, when the last key's input event fired and when the search box first listed a result
# for the whole query (search.js sets data-hb-search-shown to the query it first shows results for).
_PROBE = """query => {
  const root = document.querySelector("[data-hb-search]");
  const box = root.querySelector("[data-hb-search-query]");
  if (!window.__hbProbe) {
    window.__hbProbe = { input: 0, shown: null, query: null };
    box.addEventListener("input", () => { window.__hbProbe.input = performance.now(); });
    new MutationObserver(() => {
      const probe = window.__hbProbe;
      if (probe.shown === null && root.getAttribute("data-hb-search-shown") === probe.query) probe.shown = performance.now();
    }).observe(root, { attributes: true, attributeFilter: ["data-hb-search-shown"] });
  }
  Object.assign(window.__hbProbe, { input: 0, shown: null, query });
}"""


@dataclass
class QueryCost:
    query: str
    wire: int  # encoded response bodies of search files (under /pagefind/) fetched for this query: bytes on the wire
    decoded: int  # the same responses after HTTP decoding (Pagefind's own .pf_* and WASM files stay gzipped)
    ms: float  # from the input event of the query's last keystroke to its first result in the list
    files: dict[str, tuple[int, int, int]] = field(default_factory=dict)  # kind of file -> (count, wire, decoded)


def _file_kind(url: str) -> str:
    name = url.split("/pagefind/", 1)[1].split("?", 1)[0]
    if "/" in name:
        return name.split("/", 1)[0]  # index, fragment
    if name.startswith("wasm."):
        return "wasm"
    return "meta" if name.endswith(".pf_meta") else name


def typed_query(page: object, query: str, delay_ms: float | None = TYPING_DELAY_MS) -> float:
    """Type a query key by key into an emptied header box (delay_ms None: enter it at once, as when pasted);
    ms from the input event of the last key to the first result."""
    page.keyboard.press("Escape")  # type: ignore[attr-defined]
    page.keyboard.press("/")  # type: ignore[attr-defined]
    box = page.locator("[data-hb-search-query]")  # type: ignore[attr-defined]
    if box.input_value():
        box.fill("")  # an input event only when there was something to clear
        wait_for_search(page, "")
    page.evaluate(_PROBE, query)  # type: ignore[attr-defined]
    if delay_ms is None:
        box.fill(query)
    else:
        page.keyboard.type(query, delay=delay_ms)  # type: ignore[attr-defined]
    # A generous wait: this measures the time, a loaded machine must not turn it into a failure.
    wait_for_search(page, query, timeout_ms=60_000)
    probe = page.evaluate("() => window.__hbProbe")  # type: ignore[attr-defined]
    return float(probe["shown"] - probe["input"]) if probe["shown"] is not None else float("nan")


def query_costs(page: object, base_url: str, lang: str, queries: list[str],
                delay_ms: float | None = TYPING_DELAY_MS) -> list[QueryCost]:
    """Type each query in turn on a fresh page of the language; what each one fetched and how long it took.

    Bytes are response bodies under /pagefind/ (Pagefind's bundle and the synonym table), from the moment the
    box is opened until the network is idle after the results: the first query also pays for pagefind.js, its
    worker, the WASM and the language's metadata, loaded when the box gets focus. `wire` is what the browser
    received (encoded); over a server that compresses like GitHub Pages (tools/pages_server.py) that is what
    readers download. Every keystroke may start a search of the partial query; its fetches count too
    (delay_ms None enters each query at once: what the query itself costs).
    """
    import contextlib
    import math

    fetched: list[tuple[str, int, int]] = []
    in_flight: set[object] = set()

    def on_request(request: object) -> None:
        in_flight.add(request)

    def on_failed(request: object) -> None:
        in_flight.discard(request)

    def on_finished(request: object) -> None:
        in_flight.discard(request)
        url = request.url  # type: ignore[attr-defined]
        if "/pagefind/" not in url:
            return
        # A cancelled request has no body: it transferred nothing worth counting.
        with contextlib.suppress(Exception):
            response = request.response()  # type: ignore[attr-defined]
            decoded = len(response.body())
            wire = int(request.sizes()["responseBodySize"])  # type: ignore[attr-defined]
            if not wire and decoded:
                # Chromium reports no body size for a worker's own script: take the length the server sent.
                wire = int(response.headers.get("content-length", decoded))
            fetched.append((_file_kind(url), wire, decoded))

    def settle() -> None:
        # Playwright's "networkidle" is a load state, reached once per navigation: wait for quiet by hand.
        quiet = 0
        for _ in range(100):
            page.wait_for_timeout(50)  # type: ignore[attr-defined]
            quiet = quiet + 1 if not in_flight else 0
            if quiet >= 6:
                return

    handlers = {"request": on_request, "requestfailed": on_failed, "requestfinished": on_finished}
    for event, handler in handlers.items():
        page.on(event, handler)  # type: ignore[attr-defined]
    page.goto(home(base_url, lang))  # type: ignore[attr-defined]
    settle()
    costs: list[QueryCost] = []
    for query in queries:
        before = len(fetched)
        ms = typed_query(page, query, delay_ms)
        settle()
        files: dict[str, tuple[int, int, int]] = {}
        for kind, wire, decoded in fetched[before:]:
            n, w, d = files.get(kind, (0, 0, 0))
            files[kind] = (n + 1, w + wire, d + decoded)
        costs.append(QueryCost(query, sum(f[1] for f in files.values()), sum(f[2] for f in files.values()),
                               ms if not math.isnan(ms) else float("inf"), files))
    for event, handler in handlers.items():
        page.remove_listener(event, handler)  # type: ignore[attr-defined]
    return costs
