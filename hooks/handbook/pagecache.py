"""Remember what each page became in the last build, so a preview rebuild can skip pages an edit left alone.

Plain data, no MkDocs import: the builder's adapter decides what goes into a key (everything a result
depends on) and what a value is. One entry per slot (a page in one language pass), so the cache holds
at most one build's worth of results.
"""

from __future__ import annotations

import hashlib
from typing import Any


def digest(*parts: object) -> str:
    """A key for a result that depends on exactly these parts (compared by their text)."""
    hasher = hashlib.sha256()
    for part in parts:
        hasher.update(repr(part).encode("utf-8", "surrogatepass"))
        hasher.update(b"\0")
    return hasher.hexdigest()


class PageCache:
    def __init__(self) -> None:
        self._entries: dict[object, tuple[str, Any]] = {}
        self.hits = 0
        self.misses = 0

    def get(self, slot: object, key: str) -> Any | None:
        entry = self._entries.get(slot)
        if entry is not None and entry[0] == key:
            self.hits += 1
            return entry[1]
        self.misses += 1
        return None

    def put(self, slot: object, key: str, value: Any) -> None:
        self._entries[slot] = (key, value)

    def take_counts(self) -> tuple[int, int]:
        """Hits and misses since the last call."""
        counts = (self.hits, self.misses)
        self.hits = self.misses = 0
        return counts
