"""Benchmark the build: the real handbook and generated handbooks of growing size, in one table.

    python -m tools.handbook bench [--sizes 100,1000,5000] [--runs N] [--quick] [--write] [--no-serve] [--keep]

Per row: full `mkdocs build --strict` wall time (median of several runs; CPU time and peak memory of the
build process alongside), the time the handbook's hooks add (the same build from a config without the
`hooks:` entries, runs interleaved with the real ones), Pagefind indexing (tools.search_index.build), the
size of the built site, search queries typed in Chromium on the 1000-page site (bytes fetched by the
first and later queries, median time from typing to results), and for the 1000-page site
mkdocs-htmlproofer-plugin's build time (internal links and anchors only) next to the handbook's own
validation time. `mkdocs serve` rebuild time after editing
one page is measured on the real handbook and the 1000-page site.

Everything is built from copies in a temporary folder (the real docs/ is copied first, so translators'
edits during a run change nothing). The nav cache hook stays in the "without hooks" config: it is a
rendering optimisation of the theme, not one of the handbook's rules, and without it the build is
quadratic again. --write adds the dated table, with the machine it ran on, to BENCHMARKS.md.
"""

from __future__ import annotations

import argparse
import copy
import datetime
import importlib.util
import io
import os
import platform
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from contextlib import redirect_stdout
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from tools.generate_handbook import MAX_PAGES, MIN_PAGES, SizeError, check_size, dump_config, generate, load_config

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
HOOKS = ROOT / "hooks"
BENCHMARKS = ROOT / "BENCHMARKS.md"
SEARCH_INDEX_HOOK = "search_index_hook.py"
KEEP_HOOKS = ("nav_cache_hook.py",)  # kept in the "without hooks" config (see the module docstring)
DEFAULT_SIZES = (100, 1000, 5000)
DEFAULT_RUNS = {"real": 5, 100: 5, 1000: 3}  # larger sizes: 1 run
PROOFER_SIZE = 1000
SERVE_SIZES = ("real", 1000)
SERVE_EDITS = 3
MAX_RUNS = 50
ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}


class BenchError(ValueError):
    """Arguments the benchmark refuses, with the reason."""


@dataclass
class Run:
    ok: bool
    wall: float
    cpu: float
    rss_kb: int
    log: Path


@dataclass
class Row:
    name: str
    pages_per_language: int
    html_pages: int = 0
    runs: list[Run] = field(default_factory=list)
    bare: list[Run] = field(default_factory=list)
    search_seconds: float | None = None
    search_ok: bool = True
    site_bytes: int = 0
    proofer: list[Run] = field(default_factory=list)
    proofer_warnings: int = 0
    validation_seconds: float | None = None
    validation_problems: int = 0
    serve: list[float] = field(default_factory=list)
    serve_note: str = ""
    serve_english: list[float] = field(default_factory=list)  # `make serve LANGUAGES=en`
    serve_english_note: str = ""
    search_queries: str = ""  # bytes and keystroke-to-result times of queries in Chromium
    note: str = ""


def parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m tools.handbook bench", description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", help="comma-separated pages per language (default 100,1000,5000; --quick: 100)")
    parser.add_argument("--runs", help="builds per row and config (default: 5 real/100, 3 for 1000, 1 above)")
    parser.add_argument("--quick", action="store_true", help="one run per row, no serve timing, 100 pages by default")
    parser.add_argument("--write", action="store_true", help=f"also add the dated table to {BENCHMARKS.name}")
    parser.add_argument("--no-serve", action="store_true", help="skip the mkdocs serve rebuild timing")
    parser.add_argument("--keep", action="store_true", help="keep the generated projects and sites (path printed)")
    parser.add_argument("--compare-nav", action="store_true",
                        help="instead: build each size with Material's stock navigation, the nav cache, "
                             "navigation.prune, and both (one table)")
    parser.add_argument("--hooks-off", action="store_true",
                        help="with --compare-nav: use the config without the handbook's hooks")
    args = parser.parse_args(argv)
    try:
        args.sizes = parse_sizes(args.sizes, args.quick)
        args.runs = parse_runs(args.runs)
    except BenchError as error:
        parser.error(str(error))
    return args


def parse_sizes(text: str | None, quick: bool) -> list[int]:
    if text is None:
        return [100] if quick else list(DEFAULT_SIZES)
    sizes: list[int] = []
    for part in text.split(","):
        try:
            size = check_size(part)
        except SizeError as error:
            raise BenchError(f"--sizes: {error} (each size {MIN_PAGES} to {MAX_PAGES})") from None
        if size not in sizes:
            sizes.append(size)
    if not sizes:
        raise BenchError("--sizes: give at least one size")
    return sorted(sizes)


def parse_runs(text: str | None) -> int | None:
    if text is None:
        return None
    if not text.strip().isdigit() or not 1 <= int(text) <= MAX_RUNS:
        raise BenchError(f"--runs must be a whole number from 1 to {MAX_RUNS}, got {text!r}")
    return int(text)


def runs_for(key: str | int, args: argparse.Namespace) -> int:
    if args.runs is not None:
        return int(args.runs)
    if args.quick:
        return 1
    return DEFAULT_RUNS.get(key, 1)


# --- machine -----------------------------------------------------------------------------------------


def machine() -> dict[str, str]:
    cpu = "unknown"
    memory = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text(encoding="utf-8").splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
        for line in Path("/proc/meminfo").read_text(encoding="utf-8").splitlines():
            if line.startswith("MemTotal"):
                memory = f"{int(line.split()[1]) / 1024 / 1024:.1f} GiB"
                break
    except OSError:
        pass
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 0
    return {"nproc": str(cores), "cpu": cpu or platform.processor(), "ram": memory,
            "python": platform.python_version(), "os": platform.platform(terse=True)}


def load_average() -> str:
    try:
        return " ".join(f"{value:.1f}" for value in os.getloadavg())
    except OSError:
        return "n/a"


# --- projects and configs ----------------------------------------------------------------------------


def real_project(target: Path) -> Path:
    """A copy of the real handbook (docs/, data/, mkdocs.yml with absolute theme and hook paths)."""
    target.mkdir(parents=True)
    shutil.copytree(ROOT / "docs", target / "docs")
    shutil.copytree(ROOT / "data", target / "data")
    config = load_config(ROOT / "mkdocs.yml")
    config["docs_dir"] = "docs"
    theme = config.get("theme")
    if isinstance(theme, dict) and theme.get("custom_dir"):
        theme["custom_dir"] = str((ROOT / theme["custom_dir"]).resolve())
    config["hooks"] = [str((ROOT / hook).resolve()) for hook in config.get("hooks") or []]
    (target / "mkdocs.yml").write_text(dump_config(config), encoding="utf-8")
    return target


def without_search_index_hook(config: dict[str, object]) -> dict[str, object]:
    """The build indexes the site itself (hooks/search_index_hook.py); the benchmark times indexing on its own
    (index_search), so its builds leave that hook out and the build and index columns stay comparable."""
    hooks = config.get("hooks") or []
    assert isinstance(hooks, list)
    return {**config, "hooks": [hook for hook in hooks if Path(str(hook)).name != SEARCH_INDEX_HOOK]}


def variants(project: Path) -> dict[str, Path]:
    """mkdocs.yml plus the config without the handbook's hooks and the one with htmlproofer."""
    config = without_search_index_hook(load_config(project / "mkdocs.yml"))
    (project / "mkdocs.yml").write_text(dump_config(config), encoding="utf-8")
    bare = copy.deepcopy(config)
    bare["hooks"] = [hook for hook in config.get("hooks") or [] if Path(str(hook)).name in KEEP_HOOKS]
    proofer = copy.deepcopy(config)
    proofer["strict"] = False  # its warnings must not abort the timed build
    proofer.setdefault("plugins", []).append({"htmlproofer": {
        "enabled": True,
        "validate_external_urls": False,  # internal links and anchors only: no requests leave the machine
        "skip_downloads": True,
        "raise_error": False,
        "raise_error_after_finish": False,
    }})
    paths = {"main": project / "mkdocs.yml", "bare": project / "mkdocs-without-hooks.yml",
             "proofer": project / "mkdocs-htmlproofer.yml"}
    paths["bare"].write_text(dump_config(bare), encoding="utf-8")
    paths["proofer"].write_text(dump_config(proofer), encoding="utf-8")
    return paths


# --- measuring ---------------------------------------------------------------------------------------


def timed_build(config: Path, site: Path, log: Path, strict: bool = True, env: dict[str, str] | None = None) -> Run:
    """One `mkdocs build` in a child process: wall time, its CPU time and peak memory (ru_maxrss)."""
    command = [str(BIN / "mkdocs"), "build", "--clean", "-f", str(config), "-d", str(site)]
    if strict:
        command.append("--strict")
    with log.open("w", encoding="utf-8") as out:
        started = time.perf_counter()
        process = subprocess.Popen(command, cwd=config.parent, stdout=out, stderr=subprocess.STDOUT,
                                   env={**ENV, **(env or {})})
        _, status, usage = os.wait4(process.pid, 0)
        wall = time.perf_counter() - started
    process.returncode = os.waitstatus_to_exitcode(status)
    return Run(process.returncode == 0, wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss, log)


def tail(log: Path, lines: int = 15) -> str:
    text = log.read_text(encoding="utf-8", errors="replace").splitlines()
    return "\n".join("     | " + line for line in text[-lines:])


def median(values: list[float]) -> float:
    return statistics.median(values) if values else float("nan")


def ok_runs(runs: list[Run]) -> list[Run]:
    return [run for run in runs if run.ok]


def site_bytes(site: Path) -> int:
    return sum(p.stat().st_size for p in site.rglob("*") if p.is_file())


def html_pages(site: Path) -> int:
    return sum(1 for p in site.rglob("*.html") if "pagefind" not in p.parts and p.name != "404.html")


def validation_time(config_file: Path, repeats: int = 3) -> tuple[float, int]:
    """The handbook's rules alone (hooks/handbook validate()), as the hook runs them, median of repeats."""
    from mkdocs.config import load_config as load_mkdocs_config

    sys.path.insert(0, str(HOOKS))
    try:
        from handbook.validate import validate

        config = load_mkdocs_config(str(config_file))
        spec = importlib.util.spec_from_file_location(f"bench_handbook_hook_{time.monotonic_ns()}",
                                                      HOOKS / "handbook_hook.py")
        assert spec is not None and spec.loader is not None
        hook = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(hook)
        settings = hook.handbook_config(config)
        times = []
        problems = 0
        for _ in range(repeats):
            started = time.perf_counter()
            problems = len(validate(settings).problems)
            times.append(time.perf_counter() - started)
        return median(times), problems
    finally:
        sys.path.remove(str(HOOKS))


def index_search(site: Path, config: Path) -> tuple[float, bool]:
    from tools import search_index

    output = io.StringIO()
    started = time.perf_counter()
    try:
        with redirect_stdout(output):
            code = search_index.build(site, config)
    except Exception as error:  # another helper's step; a failure here must not lose the build timings
        print(f"  search index failed: {type(error).__name__}: {error}", flush=True)
        return time.perf_counter() - started, False
    return time.perf_counter() - started, code == 0


# Everyday queries typed into the search box of the generated site (its text is the real handbook's mix).
SEARCH_QUERIES = {"en": ["client complaint", "regular check-in", "mistake apology", "feedback request", "ending"],
                  "ms": ["aduan pelanggan", "semakan berkala", "kesilapan maaf", "minta maklum balas", "tamat"],
                  "lv": ["klienta sūdzība", "kļūda", "atsauksmes", "regulāra saruna", "attiecību izbeigšana"],
                  "vi": ["khiếu nại khách hàng", "định kỳ", "xin lỗi sai sót", "xin phản hồi", "kết thúc"]}


def search_query_costs(site: Path) -> str:
    """Per language: bytes on the wire of the first and of each later query, and the median time from the last
    keystroke to the first result, over a local server that compresses like GitHub Pages."""
    from tools import search_index
    from tools.browser import CHROMIUM_FLAGS, chromium_path
    from tools.pages_server import serve_like_pages
    from tools.search_quality import TYPING_DELAY_MS, query_costs

    path = chromium_path()
    if path is None:
        return "not measured: Chromium is not installed"
    from playwright.sync_api import sync_playwright

    kib = 1024
    server, url = serve_like_pages(site)
    parts = []
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=path, headless=True, args=CHROMIUM_FLAGS)
            for lang, queries in SEARCH_QUERIES.items():
                context = browser.new_context()
                typed = query_costs(context.new_page(), url + "/", lang, queries)
                context.close()
                context = browser.new_context()
                whole = query_costs(context.new_page(), url + "/", lang, queries, delay_ms=None)
                context.close()
                later = [float(c.wire) for c in typed[1:]]
                later_whole = [float(c.wire) for c in whole[1:]]
                parts.append(
                    f"{lang}: first query {typed[0].wire / kib:.0f} KiB on the wire ({typed[0].decoded / kib:.0f} KiB "
                    f"decoded), later queries max {max(later) / kib:.1f} KiB, median {median(later) / kib:.1f} KiB; "
                    f"each query entered at once: first {whole[0].wire / kib:.0f} KiB, later max "
                    f"{max(later_whole) / kib:.1f} KiB, median {median(later_whole) / kib:.1f} KiB; last keystroke to "
                    f"first result median {median([c.ms for c in typed]):.0f} ms (first query {typed[0].ms:.0f} ms)")
            browser.close()
    finally:
        server.shutdown()
    chunks = search_index.index_chunk_sizes(site / search_index.BUNDLE_DIR)
    floor = ", ".join(f"{lang} {len(s)} chunks {s[0] / kib:.1f}/{median([float(b) for b in s]) / kib:.1f}/"
                      f"{s[-1] / kib:.1f}" for lang, s in sorted(chunks.items()) if s)
    return (f"typed key by key every {TYPING_DELAY_MS} ms, gzip as on GitHub Pages, {len(SEARCH_QUERIES['en'])} "
            "queries per language; " + "; ".join(parts) +
            f"; Pagefind's word-index chunks (gzipped KiB, min/median/max): {floor}")


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _get(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.read().decode("utf-8", errors="replace")
    except (urllib.error.URLError, OSError, TimeoutError):
        return None


def _wait_for(check: Callable[[], bool], timeout: float, interval: float, process: subprocess.Popen[bytes]) -> bool:
    deadline = time.perf_counter() + timeout
    while time.perf_counter() < deadline:
        if check():
            return True
        if process.poll() is not None:
            return False
        time.sleep(interval)
    return False


def serve_rebuilds(project: Path, page: str, url_path: str, log: Path, edits: int = SERVE_EDITS,
                   timeout: float = 1800, extra: tuple[str, ...] = (),
                   languages: str = "") -> tuple[list[float], str]:
    """Seconds from writing a change to docs/<page> until `mkdocs serve` serves the page with it
    (languages: a preview of those languages only, as `make serve LANGUAGES=…`)."""
    config = load_config(project / "mkdocs.yml")
    base = urlsplit(str(config.get("site_url") or "")).path or "/"
    port = _free_port()
    url = f"http://127.0.0.1:{port}{base.rstrip('/')}/{url_path}"
    command = [str(BIN / "mkdocs"), "serve", "--livereload", "-f", str(project / "mkdocs.yml"), "-a", f"127.0.0.1:{port}", *extra]
    source = project / "docs" / page
    original = source.read_text(encoding="utf-8")
    times: list[float] = []
    with log.open("w", encoding="utf-8") as out:
        env = {**ENV, "HANDBOOK_SERVE_LANGUAGES": languages} if languages else ENV
        process = subprocess.Popen(command, cwd=project, stdout=out, stderr=subprocess.STDOUT, env=env)
        try:
            if not _wait_for(lambda: _get(url) is not None, timeout, 0.5, process):
                return times, f"serve did not come up (see {log})"
            time.sleep(2)  # let the watcher settle after the first build
            for edit in range(edits):
                token = f"benchedit{edit}x{time.monotonic_ns()}"
                started = time.perf_counter()
                source.write_text(original.rstrip() + f"\n\nBenchmark edit {token}.\n", encoding="utf-8")
                if not _wait_for(lambda token=token: token in (_get(url) or ""), timeout, 0.05, process):
                    return times, f"the edit was not served within {timeout:.0f} s (see {log})"
                times.append(time.perf_counter() - started)
                time.sleep(2)
        finally:
            source.write_text(original, encoding="utf-8")
            process.send_signal(signal.SIGINT)
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
    return times, ""


# --- one row -----------------------------------------------------------------------------------------


def measure(row: Row, project: Path, runs: int, work: Path, proofer: bool, serve: tuple[str, str] | None) -> None:
    configs = variants(project)
    slug = row.name.replace(" ", "-")
    sites = {kind: work / f"site-{slug}-{kind}" for kind in ("main", "bare", "proofer")}
    logs = work / "logs"
    logs.mkdir(exist_ok=True)
    print(f"== {row.name}: {runs} run(s) with and without hooks", flush=True)
    for number in range(runs):
        # Interleaved, so a change of load on the machine hits both configs alike.
        for kind, target in (("main", row.runs), ("bare", row.bare)):
            run = timed_build(configs[kind], sites[kind], logs / f"{slug}-{kind}-{number}.log", strict=kind == "main")
            target.append(run)
            print(f"   {kind:5} run {number + 1}: {run.wall:7.1f} s wall, {run.cpu:7.1f} s CPU, "
                  f"{run.rss_kb / 1024:6.0f} MiB  {'ok' if run.ok else 'FAILED'}", flush=True)
            if not run.ok:
                print(tail(run.log), flush=True)
    shutil.rmtree(sites["bare"], ignore_errors=True)
    if row.runs and row.runs[-1].ok:  # the last build with hooks is the site that gets indexed
        site = sites["main"]
        row.html_pages = html_pages(site)
        row.search_seconds, row.search_ok = index_search(site, configs["main"])
        row.site_bytes = site_bytes(site)
        print(f"   search index {row.search_seconds:.1f} s, site {row.site_bytes / 2**20:.0f} MiB", flush=True)
        if row.search_ok and row.pages_per_language == PROOFER_SIZE:
            row.search_queries = search_query_costs(site)
            print(f"   search queries: {row.search_queries}", flush=True)
    else:
        row.note = "build failed"
    shutil.rmtree(sites["main"], ignore_errors=True)
    if proofer:
        row.validation_seconds, row.validation_problems = validation_time(configs["main"])
        print(f"   handbook validation {row.validation_seconds:.2f} s", flush=True)
        for number in range(min(runs, 3)):
            run = timed_build(configs["proofer"], sites["proofer"], logs / f"{slug}-htmlproofer-{number}.log",
                              strict=False)
            row.proofer.append(run)
            print(f"   htmlproofer run {number + 1}: {run.wall:7.1f} s wall, {run.cpu:7.1f} s CPU", flush=True)
        shutil.rmtree(sites["proofer"], ignore_errors=True)
        row.proofer_warnings = sum(run.log.read_text(encoding="utf-8").count("htmlproofer: invalid url")
                                   for run in row.proofer[:1])
    if serve is not None:
        page, url_path = serve
        row.serve, row.serve_note = serve_rebuilds(project, page, url_path, logs / f"{slug}-serve.log")
        print(f"   serve rebuilds: {', '.join(f'{t:.1f} s' for t in row.serve)} {row.serve_note}", flush=True)
        row.serve_english, row.serve_english_note = serve_rebuilds(
            project, page, url_path, logs / f"{slug}-serve-en.log", languages="en")
        print(f"   serve rebuilds, English only: {', '.join(f'{t:.1f} s' for t in row.serve_english)} "
              f"{row.serve_english_note}", flush=True)


# --- the table ---------------------------------------------------------------------------------------


def _seconds(value: float | None) -> str:
    if value is None or value != value:
        return "—"
    return f"{value:.1f} s" if value >= 1 else f"{value:.2f} s"


def _size(value: int) -> str:
    return f"{value / 2**20:.0f} MiB" if value >= 2**20 else f"{value / 1024:.0f} KiB"


def row_cells(row: Row) -> list[str]:
    main, bare = ok_runs(row.runs), ok_runs(row.bare)
    wall = median([r.wall for r in main])
    cells = [row.name, str(row.pages_per_language), str(row.html_pages or "—")]
    if not main:
        return [*cells, f"failed ({row.note or 'see the output above'})", *["—"] * 9]
    added = wall - median([r.wall for r in bare]) if bare else float("nan")
    share = f"{_seconds(added)} ({added / wall:.0%})" if added == added else "—"
    proofer = "—"
    if row.proofer and ok_runs(row.proofer):
        proofer_wall = median([r.wall for r in ok_runs(row.proofer)])
        proofer = f"{_seconds(proofer_wall)} (+{_seconds(proofer_wall - wall)})"
    serve = _serve_cell(row.serve, row.serve_note)
    serve_english = _serve_cell(row.serve_english, row.serve_english_note)
    search = _seconds(row.search_seconds) if row.search_ok else f"failed ({_seconds(row.search_seconds)})"
    return [*cells, _seconds(wall), str(len(main)), _seconds(median([r.cpu for r in main])),
            f"{max(r.rss_kb for r in main) / 1024:.0f} MiB", share, search, _size(row.site_bytes) if row.site_bytes else "—",
            proofer, serve, serve_english]


def _serve_cell(times: list[float], note: str) -> str:
    if times:
        return " / ".join(_seconds(t) for t in times)
    return "failed" if note else "—"


HEADER = ["site", "pages/lang", "HTML pages", "build (median)", "runs", "build CPU", "peak RSS", "hooks add",
          "search index", "site/ size", "htmlproofer build", "serve rebuild", "serve rebuild, English only"]


def table(rows: list[Row]) -> str:
    lines = ["| " + " | ".join(HEADER) + " |", "|" + "|".join(" --- " for _ in HEADER) + "|"]
    lines += ["| " + " | ".join(row_cells(row)) + " |" for row in rows]
    return "\n".join(lines)


def summary(rows: list[Row]) -> list[str]:
    notes: list[str] = []
    by_size = {row.pages_per_language: row for row in rows if row.name != "real handbook"}
    real = next((row for row in rows if row.name == "real handbook"), None)
    if real and ok_runs(real.runs) and ok_runs(real.bare):
        wall = median([r.wall for r in ok_runs(real.runs)])
        added = wall - median([r.wall for r in ok_runs(real.bare)])
        notes.append(f"Hooks' share of the real handbook's build: {added:.2f} s of {wall:.2f} s ({added / wall:.0%}).")
    proofed = [row for row in rows if row.proofer and ok_runs(row.proofer) and ok_runs(row.runs)]
    for row in proofed:
        wall = median([r.wall for r in ok_runs(row.runs)])
        proofer_added = median([r.wall for r in ok_runs(row.proofer)]) - wall
        if row.validation_seconds is not None and proofer_added > 0:
            notes.append(f"{row.name}: the handbook's validation (all rules, all languages, run once) takes "
                         f"{row.validation_seconds:.2f} s; htmlproofer adds {proofer_added:.1f} s to the build "
                         f"(ratio {row.validation_seconds / proofer_added:.3f}). htmlproofer reported "
                         f"{row.proofer_warnings} invalid URL(s); the handbook's rules found "
                         f"{row.validation_problems} problem(s).")
    for row in rows:
        if row.search_queries:
            notes.append(f"{row.name}: search in Chromium (goal: first query <= 250 KiB, later <= 10 KiB, "
                         f"keystroke to results <= 300 ms): {row.search_queries}.")
    small, large = by_size.get(1000), by_size.get(5000)
    if small and large and ok_runs(small.runs) and ok_runs(large.runs):
        ratio = median([r.wall for r in ok_runs(large.runs)]) / median([r.wall for r in ok_runs(small.runs)])
        cpu = median([r.cpu for r in ok_runs(large.runs)]) / median([r.cpu for r in ok_runs(small.runs)])
        notes.append(f"Growth 1000 -> 5000 pages per language: x{ratio:.2f} wall, x{cpu:.2f} CPU (linear: x5).")
    return notes


LEGEND = """\
Columns: build = `mkdocs build --strict` of all four languages, wall time, median of `runs` builds; build
CPU = user+sys time of the build process (less sensitive than wall time to other load on the machine);
peak RSS = the build process's ru_maxrss; hooks add = median build time minus the median build time of the
same site from a config without the handbook's hooks (handbook_hook.py, security_hook.py; the nav cache
hook is kept in both), runs interleaved; search index = tools.search_index.build (Pagefind) on the built
site; site/ size = the built site with its search index; htmlproofer build = the build with
mkdocs-htmlproofer-plugin 1.6.0 added (validate_external_urls: false, so internal links and anchors only;
not strict), and what it adds; serve rebuild = seconds from writing a change to one English page to
`mkdocs serve` serving the changed page, per edit (the search index follows in the background); English
only = the same with `make serve LANGUAGES=en`. Generated sites: tools/generate_handbook.py."""


def write_benchmarks(text: str) -> None:
    intro = ("# Build benchmarks\n\nWritten by `make bench` (`python -m tools.handbook bench --write`); newest "
             "first.\n\n<!-- runs -->\n")
    previous = ""
    if BENCHMARKS.exists():
        old = BENCHMARKS.read_text(encoding="utf-8")
        previous = old.split("<!-- runs -->\n", 1)[1] if "<!-- runs -->\n" in old else ""
    BENCHMARKS.write_text(intro + "\n" + text.rstrip() + "\n\n" + previous.lstrip(), encoding="utf-8")


def report(rows: list[Row], info: dict[str, str], started: datetime.datetime, loads: tuple[str, str],
           runs_note: str) -> str:
    lines = [f"## {started:%Y-%m-%d %H:%M} UTC", "",
             f"Machine: nproc {info['nproc']}, {info['cpu']}, {info['ram']} RAM, Python {info['python']}, "
             f"{info['os']}. Load average at start {loads[0]}, at end {loads[1]} (a build keeps one core busy, "
             f"so about 1 is this benchmark itself; more means other work). {runs_note}", "",
             table(rows), ""]
    lines += [f"- {note}" for note in summary(rows)]
    lines += ["", LEGEND, ""]
    return "\n".join(lines)


NAV_VARIANTS = (  # name, navigation.prune on, HANDBOOK_NAV_CACHE
    ("stock navigation (Material renders the whole nav per page)", False, "off"),
    ("nav cache only", False, "on"),
    ("navigation.prune only", True, "off"),
    ("nav cache + navigation.prune (as shipped)", True, "on"),
)


def compare_nav(args: argparse.Namespace, work: Path) -> str:
    """One table: each size built with each way of rendering the navigation."""
    lines = ["| pages/lang | navigation | build | build CPU | peak RSS | site/ size |", "|" + " --- |" * 6]
    for size in args.sizes:
        project = generate(work / f"generated-{size}", size)
        configs = variants(project)
        base = load_config(configs["bare" if args.hooks_off else "main"])
        for name, prune, cache in NAV_VARIANTS:
            config = copy.deepcopy(base)
            features = [f for f in config["theme"].get("features", []) if f != "navigation.prune"]
            if prune:
                features.insert(features.index("navigation.sections") + 1 if "navigation.sections" in features else 0,
                                "navigation.prune")
            config["theme"]["features"] = features
            path = project / f"mkdocs-{cache}-{'prune' if prune else 'full'}.yml"
            path.write_text(dump_config(config), encoding="utf-8")
            runs = [timed_build(path, work / "site-compare", work / f"compare-{size}-{number}.log",
                                env={"HANDBOOK_NAV_CACHE": cache}) for number in range(runs_for(size, args))]
            good = ok_runs(runs)
            size_text = _size(site_bytes(work / "site-compare")) if good else "—"
            shutil.rmtree(work / "site-compare", ignore_errors=True)
            if not good:
                print(tail(runs[-1].log), flush=True)
                lines.append(f"| {size} | {name} | failed | — | — | — |")
                continue
            cells = [_seconds(median([r.wall for r in good])), _seconds(median([r.cpu for r in good])),
                     f"{max(r.rss_kb for r in good) / 1024:.0f} MiB", size_text]
            lines.append(f"| {size} | {name} | " + " | ".join(cells) + " |")
            print(lines[-1], flush=True)
        if not args.keep:
            shutil.rmtree(project, ignore_errors=True)
    hooks = "without the handbook's hooks (nav cache hook kept)" if args.hooks_off else "with all hooks"
    return "\n".join([f"Navigation rendering compared, {hooks}, {args.runs or 'default'} run(s) per cell:", "",
                      *lines])


def main(args_list: list[str]) -> int:
    try:
        args = parse_args(list(args_list))
    except SystemExit as exit_:  # argparse has printed the reason (or the help)
        return int(exit_.code or 0)
    started = datetime.datetime.now(datetime.UTC)
    load_start = load_average()
    info = machine()
    work = Path(tempfile.mkdtemp(prefix="handbook-bench-"))
    print(f"bench: working in {work}", flush=True)
    rows: list[Row] = []
    if args.compare_nav:
        try:
            text = compare_nav(args, work)
        finally:
            if not args.keep:
                shutil.rmtree(work, ignore_errors=True)
        text = (f"## {started:%Y-%m-%d %H:%M} UTC (navigation)\n\nMachine: nproc {info['nproc']}, {info['cpu']}, "
                f"{info['ram']} RAM, Python {info['python']}. Load average at start {load_start}, at end "
                f"{load_average()}.\n\n{text}\n")
        print()
        print(text)
        if args.write:
            write_benchmarks(text)
        return 0
    try:
        real = real_project(work / "real")
        english = sum(1 for _ in (real / "docs" / "en").rglob("*.md"))
        row = Row("real handbook", english)
        serve = not args.no_serve and not args.quick
        measure(row, real, runs_for("real", args), work, proofer=False,
                serve=("en/building/communicate-clearly.md", "building/communicate-clearly/") if serve else None)
        rows.append(row)
        for size in args.sizes:
            project = generate(work / f"generated-{size}", size)
            row = Row(f"generated {size}", size)
            measure(row, project, runs_for(size, args), work, proofer=size == PROOFER_SIZE,
                    serve=("en/building/practice-00001.md", "building/practice-00001/")
                    if serve and size in SERVE_SIZES else None)
            rows.append(row)
            if not args.keep:
                shutil.rmtree(project, ignore_errors=True)
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
        else:
            print(f"bench: kept {work}", flush=True)
    runs_note = ("Runs per row: " + ", ".join(f"{row.name} {len(row.runs)}" for row in rows) + ".")
    text = report(rows, info, started, (load_start, load_average()), runs_note)
    print()
    print(text)
    if args.write:
        write_benchmarks(text)
        print(f"bench: written to {BENCHMARKS}")
    failed = [row.name for row in rows if not ok_runs(row.runs)]
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
