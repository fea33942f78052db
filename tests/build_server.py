"""Fixture builds without a Python start-up each: a server process imports the builder and its plugins once,
then forks a child per build that runs the builder's own command-line entry point.

Each of a test run's ~80 fixture builds spent about a third of its CPU time importing MkDocs, Material,
mkdocs-static-i18n, PyMdown and Babel (`python -X importtime`). A child starts from the server's state,
which has never built anything, in the build's folder with the build's environment, its output going to
files: what a `mkdocs build` process would do, traceback on an uncaught exception included. The handbook's
own modules are not preloaded, so they read the build's environment when its hooks import them.

The server is single-threaded, so forking it is safe. It runs one builder, named as its argument.
Protocol: one JSON request per line on stdin
({"builder", "args", "cwd", "env", "stdout", "stderr"}), one JSON answer per line ({"returncode"}).
"""

from __future__ import annotations

import importlib
import json
import os
import sys
import traceback
from importlib.metadata import entry_points

# Imported once by the server: the builder's dependencies that every build loads.
PRELOAD = ("jinja2", "markdown", "yaml", "babel", "click", "pymdownx.util", "mkdocs_static_i18n", "material")


def _command(builder: str) -> object:
    """The click command behind the builder's console script (mkdocs, properdocs)."""
    (entry,) = entry_points(group="console_scripts", name=builder)
    return entry.load()


def _child(request: dict) -> int:
    os.chdir(request["cwd"])
    os.environ.clear()
    os.environ.update(request["env"])
    with open(os.devnull, "rb") as nothing, open(request["stdout"], "wb") as out, open(request["stderr"], "wb") as err:
        os.dup2(nothing.fileno(), 0)  # the server's requests are not the build's input
        os.dup2(out.fileno(), 1)
        os.dup2(err.fileno(), 2)
    sys.argv = [request["builder"], *request["args"]]
    sys.path[0] = os.path.dirname(sys.executable)  # as for the console script, not the server's project root
    try:
        _command(request["builder"]).main(args=request["args"], prog_name=request["builder"])  # type: ignore[attr-defined]
    except SystemExit as done:
        return done.code if isinstance(done.code, int) else (0 if done.code is None else 1)
    except BaseException:
        traceback.print_exc()  # as Python prints an uncaught exception
        return 1
    return 0


def serve(builder: str) -> None:
    """Serve builds with one builder: ProperDocs and MkDocs cannot share a process (ProperDocs answers for
    MkDocs' modules)."""
    for name in PRELOAD:
        importlib.import_module(name)
    _command(builder)
    for line in sys.stdin:
        request = json.loads(line)
        if request["builder"] != builder:
            raise SystemExit(f"this build server runs {builder}, not {request['builder']}")
        pid = os.fork()
        if pid == 0:
            code = 1
            try:
                code = _child(request)
            finally:
                sys.stdout.flush()
                sys.stderr.flush()
                os._exit(code)
        _, status = os.waitpid(pid, 0)
        sys.stdout.write(json.dumps({"returncode": os.waitstatus_to_exitcode(status)}) + "\n")
        sys.stdout.flush()


if __name__ == "__main__":
    serve(sys.argv[1])
