"""Helpers for driving the real app with Pilot."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

import pytest
from textual.pilot import Pilot
from textual.widgets import DataTable

from amtui.store import Store
from amtui.tui.app import AmApp
from tests.conftest import TODAY


def make_app(store: Store, *, poll: bool = False) -> AmApp:
    """The app on ``store`` with the demo's date; the watcher off unless a test is about it."""
    return AmApp(store, today=TODAY, poll=poll)


async def until(pilot: Pilot[Any], cond: Callable[[], Any], timeout: float = 5.0, what: str = "") -> None:
    """Wait until ``cond()`` is true (workers run in threads: results arrive a little later)."""
    steps = int(timeout / 0.05)
    for _ in range(steps):
        try:
            if cond():
                return
        except Exception:  # noqa: BLE001 - the widget may not exist yet
            pass
        await pilot.pause(0.05)
    raise AssertionError(f"timed out waiting for {what or cond}")


def table(app: AmApp, selector: str) -> DataTable[Any]:
    return app.screen.query_one(selector, DataTable)


def cells(t: DataTable[Any]) -> list[list[str]]:
    """Every row as plain text, for assertions."""
    return [[str(c) for c in t.get_row_at(i)] for i in range(t.row_count)]


def hold_open_store(monkeypatch: pytest.MonkeyPatch) -> tuple[threading.Event, list[Any], Any]:
    """Hold every ``open_store`` shut until the returned event is set: (the gate, the paths opened since,
    the real ``open_store``). What an app reads before its engine opens is read with none."""
    import amtui.store
    from amtui.store import engine

    gate, opened = threading.Event(), []
    real = engine.open_store

    def held(path: Any, **kw: Any) -> Any:
        gate.wait(10)
        opened.append(path)
        return real(path, **kw)

    monkeypatch.setattr(engine, "open_store", held)
    monkeypatch.setattr(amtui.store, "open_store", held, raising=False)
    return gate, opened, real
