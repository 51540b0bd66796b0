"""The TUI's shared whole-book reads: computed once per change of the book, never stale after one."""

from __future__ import annotations

import threading
import time

from amtui.tui.readcache import ReadCache


def test_a_value_is_computed_once_until_the_book_changes() -> None:
    cache = ReadCache()
    calls: list[int] = []

    def compute() -> int:
        calls.append(1)
        return len(calls)

    assert cache.get("k", compute) == 1
    assert cache.get("k", compute) == 1
    assert cache.get("other", compute) == 2
    cache.invalidate()
    assert cache.get("k", compute) == 3
    assert len(calls) == 3


def test_threads_asking_at_once_share_one_computation() -> None:
    cache = ReadCache()
    calls: list[int] = []

    def slow() -> str:
        calls.append(1)
        time.sleep(0.05)
        return "value"

    got: list[str] = []
    threads = [threading.Thread(target=lambda: got.append(cache.get("k", slow))) for _ in range(5)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert got == ["value"] * 5 and len(calls) == 1


def test_a_value_computed_across_a_change_is_not_served_afterwards() -> None:
    cache = ReadCache()

    def racing() -> str:
        cache.invalidate()  # a write lands while the read runs
        return "old"

    assert cache.get("k", racing) == "old"
    assert cache.get("k", lambda: "new") == "new"
