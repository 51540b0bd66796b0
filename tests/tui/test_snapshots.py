"""A few pictures of the main screens at a fixed size, on the demo book dated 2026-11-28.

Regenerate after an intended change: ``pytest tests/tui/test_snapshots.py --snapshot-update`` and look at
the SVGs under ``__snapshots__`` before committing them.
"""

from __future__ import annotations

from typing import Any

from textual.pilot import Pilot
from textual.widgets import DataTable

from amtui.store import Store
from amtui.tui.widgets.burn_chart import BurnChart
from tests.tui.helpers import make_app, table, until

SIZE = (130, 40)


async def laid_out(pilot: Pilot[Any]) -> None:
    """Wait until each table on the screen has measured its rows, then for the repaint. (A DataTable fits
    its columns to new rows when its message queue next goes idle: on a loaded machine the picture was once
    taken with the columns still as wide as their headers.)"""
    tables = list(pilot.app.screen.query(DataTable))
    await until(pilot, lambda: not any(t._require_update_dimensions or t._new_rows for t in tables))
    await pilot.pause(0.2)


def test_today_snapshot(demo_store: Store, snap_compare: Any) -> None:
    app = make_app(demo_store)

    async def ready(pilot: Pilot[Any]) -> None:
        await until(pilot, lambda: app.screen._fresh and table(app, "#today").row_count > 0)  # type: ignore[attr-defined]
        table(app, "#today").focus()
        await laid_out(pilot)

    assert snap_compare(app, terminal_size=SIZE, run_before=ready)


def test_account_detail_snapshot(demo_store: Store, snap_compare: Any) -> None:
    app = make_app(demo_store)

    async def ready(pilot: Pilot[Any]) -> None:
        app.open_target("account", "northwind")
        # Both reads done (the account and its interaction log), then a pause for the tables to lay out.
        await until(pilot, lambda: table(app, "#interactions").row_count == 2)
        await until(pilot, lambda: table(app, "#projects").row_count == 2)
        title = app.screen.query_one("#follow-ups-title")
        await until(pilot, lambda: "none" in str(title.render()))  # the follow-ups panel has its answer
        table(app, "#interactions").focus()
        await laid_out(pilot)

    assert snap_compare(app, terminal_size=SIZE, run_before=ready)


def test_budget_snapshot(demo_store: Store, snap_compare: Any) -> None:
    app = make_app(demo_store)

    async def ready(pilot: Pilot[Any]) -> None:
        await pilot.press("b")
        await until(pilot, lambda: table(app, "#budget").row_count == 7)  # summer-campaign: not started
        await until(pilot, lambda: app.screen.query_one(BurnChart).series is not None)
        table(app, "#budget").focus()
        await laid_out(pilot)
        await pilot.pause(0.1)

    assert snap_compare(app, terminal_size=SIZE, run_before=ready)
