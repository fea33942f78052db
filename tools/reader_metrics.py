"""Reader-side measurements of the built site (`make reader-metrics`, after `make build`): what a
chapter page costs on a cold load, and how soon a phone can tick a checklist's first box.

- Bytes transferred: every response of a cold load (empty cache) of a chapter page, as Chromium counts
  them on the wire (Network.loadingFinished encodedDataLength), per language.
- Time to the first tickable box: a checklist page on a throttled phone profile (390x844, CPU 4x slower,
  1.6 Mbps down / 750 kbps up, 150 ms round trip), from navigation start until the first box is enabled
  by checklists.js; the median of a few cold loads.
Printed, never asserted: figures depend on the machine.
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

from tools.browser import CHROMIUM_FLAGS, chromium_path
from tools.checklist_pdf import serve

CHAPTER = "building/regular-check-ins/"
CHECKLIST = "checklists/complaint-handling/"
PHONE = {"width": 390, "height": 844}
SLOW_NETWORK = {"offline": False, "latency": 150, "downloadThroughput": 1_600_000 / 8,
                "uploadThroughput": 750_000 / 8}
RUNS = 3


def cold_bytes(browser: object, url: str) -> tuple[int, int]:
    """(bytes on the wire, number of requests) of one cold load of url."""
    context = browser.new_context()  # type: ignore[attr-defined]
    page = context.new_page()
    session = context.new_cdp_session(page)
    session.send("Network.enable")
    session.send("Network.setCacheDisabled", {"cacheDisabled": True})
    sizes: dict[str, int] = {}
    session.on("Network.loadingFinished", lambda e: sizes.__setitem__(e["requestId"], int(e["encodedDataLength"])))
    page.goto(url, wait_until="networkidle")
    context.close()
    return sum(sizes.values()), len(sizes)


def first_tick_ms(browser: object, url: str) -> float:
    """Milliseconds from navigation start until the first checklist box is enabled, throttled."""
    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)  # type: ignore[attr-defined]
    page = context.new_page()
    session = context.new_cdp_session(page)
    session.send("Network.enable")
    session.send("Network.setCacheDisabled", {"cacheDisabled": True})
    session.send("Network.emulateNetworkConditions", SLOW_NETWORK)
    session.send("Emulation.setCPUThrottlingRate", {"rate": 4})
    start = time.perf_counter()
    page.goto(url, wait_until="commit")
    page.wait_for_selector("article li.task-list-item input[type=checkbox]:not([disabled])", timeout=60_000)
    elapsed = (time.perf_counter() - start) * 1000
    context.close()
    return elapsed


def main(site_dir: Path) -> int:
    path = chromium_path()
    if path is None or not (site_dir / "index.html").is_file():
        print("needs Chromium and a built site (make build)", file=sys.stderr)
        return 1
    from playwright.sync_api import sync_playwright

    with serve(site_dir) as base, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=path, headless=True, args=CHROMIUM_FLAGS)
        try:
            for lang in ("en", "ms", "lv", "vi"):
                prefix = "" if lang == "en" else f"{lang}/"
                size, requests = cold_bytes(browser, base + prefix + CHAPTER)
                ticks = sorted(first_tick_ms(browser, base + prefix + CHECKLIST) for _ in range(RUNS))
                print(f"{lang}: chapter page cold {size / 1024:.0f} KiB in {requests} requests; "
                      f"first box tickable on a throttled phone after {statistics.median(ticks):.0f} ms "
                      f"(median of {RUNS}: {', '.join(f'{t:.0f}' for t in ticks)})", flush=True)
        finally:
            browser.close()
    return 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).resolve().parent.parent / "site"))
