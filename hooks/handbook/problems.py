"""A problem found in the handbook's sources, reported as `path:line: [rule-id] message` plus a hint."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Severity = Literal["error", "warning"]


@dataclass(frozen=True, order=True)
class Problem:
    path: str  # relative to the project root, e.g. docs/lv/building/x.md
    line: int
    rule: str
    message: str
    hint: str = ""
    severity: Severity = "error"

    def format(self) -> str:
        text = f"{self.path}:{self.line}: [{self.rule}] {self.message}"
        if self.hint:
            text += f"\n    hint: {self.hint}"
        return text


def errors(problems: list[Problem]) -> list[Problem]:
    return [p for p in problems if p.severity == "error"]


def warnings(problems: list[Problem]) -> list[Problem]:
    return [p for p in problems if p.severity == "warning"]
