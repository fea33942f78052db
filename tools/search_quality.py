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


def typed_results(page: object, query: str) -> list[str]:
    """Type a query into the header box (opened with "/"); the result page paths, best first."""
    from playwright.sync_api import expect

    page.keyboard.press("Escape")  # type: ignore[attr-defined]
    page.keyboard.press("/")  # type: ignore[attr-defined]
    box = page.locator("[data-hb-search-query]")  # type: ignore[attr-defined]
    box.fill(query)
    expect(page.locator("[data-hb-search]")).to_have_attribute(  # type: ignore[attr-defined]
        "data-hb-search-done", query, timeout=15_000)
    return page.eval_on_selector_all(  # type: ignore[attr-defined]
        ".md-search-result__item > a:first-child", "links => links.map(a => new URL(a.href).pathname)")


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


@dataclass
class QueryCost:
    query: str
    bytes: int  # bytes of search files fetched (Pagefind bundle and synonyms) for this query
    ms: float  # from the query being typed to its first result on screen


def query_costs(page: object, base_url: str, lang: str, queries: list[str]) -> list[QueryCost]:
    """Type each query in turn on a fresh page of the language; what each one fetched and how long it took.

    Bytes are response bodies under /pagefind/ (Pagefind writes its index, fragments and WASM already
    gzipped, so these are the bytes on the wire; pagefind.js is counted uncompressed); the first query
    also pays for pagefind.js, its WASM and the language's metadata.
    """
    import contextlib
    import time

    fetched: list[int] = []

    def on_response(response: object) -> None:
        if "/pagefind/" in response.url:  # type: ignore[attr-defined]
            # A cancelled request has no body: it transferred nothing worth counting.
            with contextlib.suppress(Exception):
                fetched.append(len(response.body()))  # type: ignore[attr-defined]

    page.on("response", on_response)  # type: ignore[attr-defined]
    page.goto(home(base_url, lang))  # type: ignore[attr-defined]
    costs: list[QueryCost] = []
    for query in queries:
        before = sum(fetched)
        started = time.perf_counter()
        typed_results(page, query)
        elapsed = (time.perf_counter() - started) * 1000
        page.wait_for_load_state("networkidle")  # type: ignore[attr-defined]
        costs.append(QueryCost(query, sum(fetched) - before, elapsed))
    page.remove_listener("response", on_response)  # type: ignore[attr-defined]
    return costs
