"""The publishing workflow passes actionlint and zizmor, pins its actions and deploys only after tests."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import yaml

from tools.handbook import ROOT

WORKFLOWS = sorted((ROOT / ".github" / "workflows").glob("*.yml"))
BIN = Path(sys.executable).parent


def test_there_is_a_workflow() -> None:
    assert WORKFLOWS


def test_actionlint_finds_nothing() -> None:
    result = subprocess.run([BIN / "actionlint", *WORKFLOWS], capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout + result.stderr


def test_zizmor_finds_nothing() -> None:
    result = subprocess.run([BIN / "zizmor", "--offline", "--no-progress", *WORKFLOWS],
                            capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout + result.stderr


def test_actions_are_pinned_to_commits_and_deploy_waits_for_tests() -> None:
    for workflow in WORKFLOWS:
        text = workflow.read_text(encoding="utf-8")
        for action in re.findall(r"uses:\s*(\S+)", text):
            assert re.search(r"@[0-9a-f]{40}$", action), f"{workflow.name}: {action} is not pinned to a commit"
        jobs = yaml.safe_load(text)["jobs"]
        deploy = jobs["deploy"]
        assert set(deploy["needs"]) == {"build-and-test", "properdocs"}
        assert "refs/heads/main" in deploy["if"]
        steps = jobs["build-and-test"]["steps"]
        runs = [step.get("run", "") for step in steps]
        assert any("make test" in run for run in runs)
        upload = next(i for i, step in enumerate(steps) if "upload-pages-artifact" in step.get("uses", ""))
        assert all(i < upload for i, run in enumerate(runs) if "make" in run), "upload after every check"
        # No apt-get chromium on Ubuntu runners: the browser is found (or installed by Playwright) by make browser.
        assert not any("apt-get" in run for run in runs)
        assert any("make browser" in run and "playwright install --with-deps chromium" in run for run in runs)


def test_pull_requests_get_a_preview_and_properdocs_runs_the_same_tests() -> None:
    jobs = yaml.safe_load((ROOT / ".github" / "workflows" / "publish.yml").read_text(encoding="utf-8"))["jobs"]
    preview = next(step for step in jobs["build-and-test"]["steps"] if "upload-artifact" in step.get("uses", ""))
    assert preview["if"] == "github.event_name == 'pull_request'" and preview["with"]["path"] == "site"
    properdocs = jobs["properdocs"]
    assert properdocs["env"]["HANDBOOK_BUILDER"] == "properdocs"
    assert any("make test" in step.get("run", "") for step in properdocs["steps"])
