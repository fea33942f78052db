"""Dependencies are locked: every Python package pinned exactly with hashes (installed with --require-hashes),
MkDocs kept below 2, and every npm package with its integrity hash."""

from __future__ import annotations

import json
import re

from tools.handbook import ROOT

REQUIREMENT = re.compile(r"^(?P<name>[A-Za-z0-9_.-]+)==(?P<version>\S+) \\$")


def _normalise(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


LOCKS = ("requirements.txt", "requirements-uv.txt")  # the packages, and uv, which installs them


def _locked(lock: str = "requirements.txt") -> dict[str, list[str]]:
    """Package -> its hashes, from a lock file (pip-compile --generate-hashes format)."""
    locked: dict[str, list[str]] = {}
    current = None
    for line in (ROOT / lock).read_text(encoding="utf-8").splitlines():
        pin = REQUIREMENT.match(line)
        if pin:
            current = _normalise(pin.group("name"))
            locked[current] = []
        elif line.strip().startswith("--hash=sha256:") and current is not None:
            locked[current].append(line.strip())
        elif line.strip() and not line.startswith("#") and not line.startswith(" "):
            raise AssertionError(f"{lock}: not an exact, hashed pin: {line}")
    return locked


def test_every_python_dependency_is_pinned_with_hashes():
    for lock in LOCKS:
        locked = _locked(lock)
        assert locked, f"{lock} locks nothing"
        assert all(re.fullmatch(r"--hash=sha256:[0-9a-f]{64}( \\)?", h) for hashes in locked.values() for h in hashes)
        assert [name for name, hashes in locked.items() if not hashes] == []
    assert list(_locked("requirements-uv.txt")) == ["uv"], "the installer's lock holds uv alone"


def test_every_direct_dependency_is_in_the_lock_and_mkdocs_stays_below_2():
    direct = [line.split("#")[0].strip() for line in (ROOT / "requirements.in").read_text(encoding="utf-8").splitlines()]
    direct = [line for line in direct if line]
    assert "mkdocs<2" in direct
    locked = _locked()
    for line in direct:
        name = _normalise(re.split(r"[<>=!\[ ]", line)[0])
        assert name in locked, f"{line} is in requirements.in but not in requirements.txt: run make lock"
    assert int(_pinned_version("mkdocs").split(".")[0]) < 2


def _pinned_version(name: str) -> str:
    for line in (ROOT / "requirements.txt").read_text(encoding="utf-8").splitlines():
        pin = REQUIREMENT.match(line)
        if pin and _normalise(pin.group("name")) == name:
            return pin.group("version")
    raise AssertionError(f"{name} is not pinned")


def test_the_makefile_installs_with_require_hashes():
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    installs = [line.strip() for line in makefile.splitlines() if " install " in line and "npm" not in line]
    assert installs, "the Makefile installs nothing"
    for line in installs:  # every install, fallbacks included
        assert "--require-hashes -r requirements" in line, line
    # uv first, from its own lock; then every other package, by uv.
    locks = [lock for line in installs for lock in LOCKS if f"-r {lock}" in line]
    assert locks[-1] == "requirements.txt" and set(locks[:-1]) == {"requirements-uv.txt"}, locks
    assert installs[-1].startswith("$(BIN)/uv pip install"), installs[-1]


def test_every_npm_package_keeps_its_integrity_hash():
    lock = json.loads((ROOT / "package-lock.json").read_text(encoding="utf-8"))
    packages = {path: entry for path, entry in lock["packages"].items() if path}
    assert packages
    assert all(entry.get("integrity", "").startswith("sha512-") for entry in packages.values())
