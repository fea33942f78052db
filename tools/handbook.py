"""One command for every handbook task: serve, build, test, lint, pdf, bench, translations, browser, lock.

The Makefile calls this module after making sure .venv matches requirements.txt.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
HOOKS = ROOT / "hooks"
# The builder: MkDocs 1.6.1, or ProperDocs (its maintained drop-in continuation), which CI also builds and tests
# the handbook on (HANDBOOK_BUILDER=properdocs).
BUILDERS = ("mkdocs", "properdocs")


def builder() -> Path:
    """The builder's command in .venv, chosen by HANDBOOK_BUILDER (default mkdocs)."""
    name = os.environ.get("HANDBOOK_BUILDER", "mkdocs") or "mkdocs"
    if name not in BUILDERS:
        raise SystemExit(f"HANDBOOK_BUILDER={name}: the handbook builds with one of {', '.join(BUILDERS)}")
    return BIN / name


def run(cmd: list[str | Path], **kwargs: object) -> int:
    """Run a command from the project root and return its exit code."""
    print("+", " ".join(str(c) for c in cmd), flush=True)
    return subprocess.run([str(c) for c in cmd], cwd=ROOT, check=False, **kwargs).returncode  # type: ignore[call-overload]


def build_site(site_dir: Path, config_file: Path = ROOT / "mkdocs.yml", strict: bool = True) -> int:
    """Build the four-language site into site_dir; the build indexes it for search itself
    (hooks/search_index_hook.py), so a plain `mkdocs build` gives the same site."""
    cmd: list[str | Path] = [builder(), "build", "--clean", "-f", config_file, "-d", site_dir]
    if strict:
        cmd.append("--strict")
    return run(cmd, env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})


def cmd_build(_: argparse.Namespace) -> int:
    return build_site(ROOT / "site")


def cmd_serve(args: argparse.Namespace) -> int:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    if args.languages:
        # Read by hooks/handbook_hook.py; English, the site's root, is always included.
        env["HANDBOOK_SERVE_LANGUAGES"] = args.languages
    return run([builder(), "serve", "--livereload", "-a", args.address], env=env)


def cmd_lint(_: argparse.Namespace) -> int:
    return run([BIN / "ruff", "check", "hooks", "tools", "tests"])


def cmd_test(args: argparse.Namespace) -> int:
    code = cmd_lint(args)
    if code != 0:
        return code
    # Every core: the suite shares one built site between pytest-xdist's workers (tests/conftest.py).
    parallel = [] if any(a == "-n" or a.startswith(("-n", "--numprocesses")) for a in args.pytest_args) else ["-n", "auto"]
    return run([BIN / "python", "-m", "pytest", *parallel, *args.pytest_args])


def cmd_pdf(args: argparse.Namespace) -> int:
    from tools import checklist_pdf

    return checklist_pdf.main(ROOT / "site")


def cmd_browser(_: argparse.Namespace) -> int:
    from tools import browser

    return browser.main()


def cmd_lock(_: argparse.Namespace) -> int:
    """Regenerate requirements.txt from requirements.in, and requirements-uv.txt (the installer) from
    requirements-uv.in, with every file's hash, from PyPI alone (a machine's local wheel folders or mirrors
    must not end up in the lock)."""
    env = {**os.environ, "PIP_CONFIG_FILE": os.devnull}
    for source, lock in (("requirements.in", "requirements.txt"), ("requirements-uv.in", "requirements-uv.txt")):
        code = run([BIN / "pip-compile", "--quiet", "--generate-hashes", "--allow-unsafe", "--strip-extras",
                    "--no-emit-index-url", "--no-emit-find-links", f"--output-file={lock}", source], env=env)
        if code != 0:
            return code
    return 0


def cmd_reader_metrics(_: argparse.Namespace) -> int:
    from tools import reader_metrics

    return reader_metrics.main(ROOT / "site")


def cmd_bench(args: argparse.Namespace) -> int:
    from tools import bench

    return bench.main(args.rest)


def cmd_translations(_: argparse.Namespace) -> int:
    from tools import translations

    return translations.report(ROOT)


def cmd_translations_record(args: argparse.Namespace) -> int:
    from tools import translations

    return translations.record(ROOT, [Path(p) for p in args.pages])


def cmd_external_links(args: argparse.Namespace) -> int:
    from tools import external_links

    return external_links.main(ROOT, args.rest)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tools.handbook", description=__doc__)
    sub = parser.add_subparsers(dest="task", required=True)
    sub.add_parser("build", help="build the publishable site into site/").set_defaults(func=cmd_build)
    serve = sub.add_parser("serve", help="serve with live reload")
    serve.add_argument("-a", "--address", default="127.0.0.1:8000")
    serve.add_argument("--languages", default="", help="comma-separated languages to preview, e.g. lv "
                       "(English is always built); faster rebuilds while editing one language")
    serve.set_defaults(func=cmd_serve)
    sub.add_parser("lint", help="ruff").set_defaults(func=cmd_lint)
    test = sub.add_parser("test", help="lint, then every test")
    test.add_argument("pytest_args", nargs=argparse.REMAINDER)
    test.set_defaults(func=cmd_test)
    sub.add_parser("pdf", help="print every checklist to PDF").set_defaults(func=cmd_pdf)
    sub.add_parser("browser", help="print the Chromium the tests and pdf use").set_defaults(func=cmd_browser)
    sub.add_parser("lock", help="regenerate the hash-locked requirements.txt").set_defaults(func=cmd_lock)
    sub.add_parser("reader-metrics", help="bytes of a cold chapter page, time to the first tickable box on a "
                   "throttled phone").set_defaults(func=cmd_reader_metrics)
    bench = sub.add_parser("bench", help="benchmark builds")
    bench.add_argument("rest", nargs=argparse.REMAINDER)
    bench.set_defaults(func=cmd_bench)
    sub.add_parser("translations", help="list outdated and missing translations").set_defaults(
        func=cmd_translations
    )
    record = sub.add_parser("translations-record", help="record the reviewed English version")
    record.add_argument("pages", nargs="+")
    record.set_defaults(func=cmd_translations_record)
    ext = sub.add_parser("external-links", help="opt-in check that external links answer")
    ext.add_argument("rest", nargs=argparse.REMAINDER)
    ext.set_defaults(func=cmd_external_links)
    # Options after a task that takes the rest of the line (bench --quick) are that task's own.
    args, unknown = parser.parse_known_args(argv)
    if unknown:
        if not hasattr(args, "rest"):
            parser.error(f"unrecognized arguments: {' '.join(unknown)}")
        args.rest = [*unknown, *args.rest]
    if shutil.which(builder().name, path=str(BIN)) is None:
        print(f"{builder().name} is not installed in {BIN}: run the task through make", file=sys.stderr)
        return 2
    return int(args.func(args))


if __name__ == "__main__":
    sys.exit(main())
