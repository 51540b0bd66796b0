"""Today's fresh read on a plain ``sqlite3`` connection: the TUI's first screen reads the book before the
engine (and SQLAlchemy) opens, which the prewarm does afterwards; a new book is created first."""

from __future__ import annotations

from pathlib import Path

import pytest

from amtui.services.overview.today import attention
from amtui.store import schema_state
from amtui.tui.app import AmApp
from tests.conftest import TODAY, Book, is_url
from tests.tui.helpers import cells, hold_open_store, table, until


async def test_today_is_read_afresh_while_the_engine_is_held_shut(
    demo_path: Book, monkeypatch: pytest.MonkeyPatch
) -> None:
    if is_url(demo_path):
        pytest.skip("a book file's launch (tests/pg/test_tui_team.py holds a team database's)")
    gate, opened, real = hold_open_store(monkeypatch)
    app = AmApp(path=Path(demo_path), today=TODAY, poll=False)
    async with app.run_test(size=(160, 50)) as pilot:
        await until(pilot, lambda: app.screen._fresh, what="the fresh read")  # type: ignore[attr-defined]
        titles = [r[2] for r in cells(table(app, "#today"))]
        assert opened == [] and app._store is None
        gate.set()
        await until(
            pilot, lambda: opened == [Path(demo_path)], timeout=15.0, what="the engine, in the prewarm"
        )
    store = real(demo_path)
    try:
        with store.read() as s:
            assert titles == [i.title for i in attention(s, today=TODAY)][: len(titles)] and len(titles) > 20
    finally:
        store.close()


async def test_a_new_book_is_created_before_today_reads_it(tmp_path: Path) -> None:
    path = tmp_path / "new" / "book.db"
    app = AmApp(path=path, today=TODAY, poll=False)
    async with app.run_test(size=(160, 50)) as pilot:
        await until(pilot, lambda: app.screen.query_one("#today-start").display, what="the first steps")
    assert schema_state(path) == "current"
