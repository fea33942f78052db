"""One command for every handbook task: serve, build, test, lint, pdf, bench, translations.

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


def run(cmd: list[str | Path], **kwargs: object) -> int:
    """Run a command from the project root and return its exit code."""
    print("+", " ".join(str(c) for c in cmd), flush=True)
    return subprocess.run([str(c) for c in cmd], cwd=ROOT, check=False, **kwargs).returncode  # type: ignore[call-overload]


def build_site(site_dir: Path, config_file: Path = ROOT / "mkdocs.yml", strict: bool = True) -> int:
    """Build the four-language site into site_dir, then its search index."""
    cmd: list[str | Path] = [BIN / "mkdocs", "build", "--clean", "-f", config_file, "-d", site_dir]
    if strict:
        cmd.append("--strict")
    code = run(cmd, env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})
    if code != 0:
        return code
    from tools import search_index

    return search_index.build(site_dir)


def cmd_build(_: argparse.Namespace) -> int:
    return build_site(ROOT / "site")


def cmd_serve(args: argparse.Namespace) -> int:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    if args.languages:
        # Read by hooks/handbook_hook.py; English, the site's root, is always included.
        env["HANDBOOK_SERVE_LANGUAGES"] = args.languages
    return run([BIN / "mkdocs", "serve", "--livereload", "-a", args.address], env=env)


def cmd_lint(_: argparse.Namespace) -> int:
    return run([BIN / "ruff", "check", "hooks", "tools", "tests"])


def cmd_test(args: argparse.Namespace) -> int:
    code = cmd_lint(args)
    if code != 0:
        return code
    return run([BIN / "python", "-m", "pytest", *args.pytest_args])


def cmd_pdf(args: argparse.Namespace) -> int:
    from tools import checklist_pdf

    return checklist_pdf.main(ROOT / "site")


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
    if shutil.which("mkdocs", path=str(BIN)) is None:
        print(f"mkdocs is not installed in {BIN}: run the task through make", file=sys.stderr)
        return 2
    return int(args.func(args))


if __name__ == "__main__":
    sys.exit(main())
