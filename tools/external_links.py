"""Opt-in check that external links answer. Never part of the build: CI and company networks have no internet.

A timeout per request, a limit on concurrent requests, and an on-disk cache so repeated runs stay cheap.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "hooks"))

from handbook.problems import Problem
from handbook.validate import read_sources

from tools.translations import handbook_config

CACHE_FILE = Path(".cache") / "external-links.json"


def external_links(root: Path) -> dict[str, list[tuple[str, int]]]:
    """Every http(s) URL in the sources, with the places it appears."""
    pages, _ = read_sources(handbook_config(root))
    found: dict[str, list[tuple[str, int]]] = {}
    for page in pages.values():
        for link in page.links:
            if link.url.startswith(("http://", "https://")):
                found.setdefault(link.url.split("#")[0], []).append((page.path, link.line))
    return found


def check_url(url: str, timeout: float) -> tuple[bool, str]:
    """(answers, reason). HEAD first; some servers refuse HEAD, so fall back to GET."""
    for method in ("HEAD", "GET"):
        request = urllib.request.Request(url, method=method, headers={"User-Agent": "handbook-link-check"})
        try:
            with urllib.request.urlopen(request, timeout=timeout) as answer:
                return True, f"HTTP {answer.status}"
        except urllib.error.HTTPError as error:
            if method == "HEAD" and error.code in (403, 405, 501):
                continue
            return False, f"HTTP {error.code}"
        except (urllib.error.URLError, TimeoutError, OSError) as error:
            return False, str(getattr(error, "reason", error))
    return False, "no answer"


def main(root: Path, argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="make external-links")
    parser.add_argument("--timeout", type=float, default=10.0, help="seconds per request")
    parser.add_argument("--concurrency", type=int, default=4, help="requests at once")
    parser.add_argument("--max-age-days", type=float, default=7.0, help="reuse cached answers younger than this")
    args = parser.parse_args(argv)
    if args.timeout <= 0 or args.concurrency < 1 or args.max_age_days < 0:
        print("timeout must be > 0, concurrency >= 1, max-age-days >= 0", file=sys.stderr)
        return 2
    cache_path = root / CACHE_FILE
    cache: dict[str, dict[str, object]] = json.loads(cache_path.read_text()) if cache_path.exists() else {}
    links = external_links(root)
    now = time.time()
    fresh = {url for url, entry in cache.items() if now - float(entry["checked"]) < args.max_age_days * 86400}
    to_check = sorted(set(links) - fresh)
    with ThreadPoolExecutor(max_workers=args.concurrency) as pool:
        for url, (ok, reason) in zip(to_check, pool.map(lambda u: check_url(u, args.timeout), to_check), strict=True):
            cache[url] = {"ok": ok, "reason": reason, "checked": now}
    cache_path.parent.mkdir(parents=True, exist_ok=True)
    cache_path.write_text(json.dumps(cache, indent=2, sort_keys=True), encoding="utf-8")
    problems = [
        Problem(path, line, "link-external-dead", f"{url} does not answer ({cache[url]['reason']})",
                "fix or remove the link; if the site is down for a while, re-run later")
        for url, places in sorted(links.items()) if not cache[url]["ok"] for path, line in places
    ]
    for problem in problems:
        print(problem.format())
    print(f"{len(links)} external links: {len(to_check)} checked now, {len(links) - len(to_check)} from the cache, "
          f"{len(problems)} problems")
    return 1 if problems else 0
