"""Whole-book reads shared by the TUI's screens until the book changes.

Today, Accounts and Budget all start from the same figures (every project's health, the reconciliation):
computed once per change of the book instead of once per screen, and computed ahead, in the background,
while the AM reads Today, so the first visit to Accounts or Budget only lays out what is already there.
The app bumps :attr:`ReadCache.generation` on every write it sees (its own or another process's); a value
computed under an older generation is never returned. Values are shared, so they must be immutable (the
services return frozen dataclasses; callers build new lists rather than sorting these in place).
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Hashable
from typing import Any, TypeVar

T = TypeVar("T")


class ReadCache:
    def __init__(self) -> None:
        self.generation = 0
        self._lock = threading.Lock()
        self._keys: dict[Hashable, threading.Lock] = {}
        self._values: dict[Hashable, tuple[int, Any]] = {}

    def get(self, key: Hashable, compute: Callable[[], T]) -> T:
        """The value for ``key`` at the current generation, computing it (once, across threads) if needed."""
        with self._lock:
            lock = self._keys.setdefault(key, threading.Lock())
        with lock:
            generation = self.generation
            hit = self._values.get(key)
            if hit is not None and hit[0] == generation:
                return hit[1]
            value = compute()
            self._values[key] = (generation, value)
            return value

    def peek(self, key: Hashable) -> Any | None:
        """The value for ``key`` if one was computed at the current generation, else None (never computes:
        for the UI thread, which must not wait on a read)."""
        hit = self._values.get(key)
        return hit[1] if hit is not None and hit[0] == self.generation else None

    def invalidate(self) -> None:
        """The book changed: nothing cached so far is returned again."""
        with self._lock:
            self.generation += 1
            self._values.clear()
