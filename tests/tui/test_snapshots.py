"""A few pictures of the main screens at a fixed size, on the demo book dated 2026-11-28.

Regenerate after an intended change: ``pytest tests/tui/test_snapshots.py --snapshot-update`` and look at
the SVGs under ``__snapshots__`` before committing them.
"""

from __future__ import annotations

from typing import Any

from textual.pilot import Pilot

from amtui.store import Store
from amtui.tui.widgets.burn_chart import BurnChart
from tests.tui.helpers import make_app, table, until

SIZE = (130, 40)


def test_today_snapshot(demo_store: Store, snap_compare: Any) -> None:
    app = make_app(demo_store)

    async def ready(pilot: Pilot[Any]) -> None:
        await until(pilot, lambda: app.screen._fresh and table(app, "#today").row_count > 0)  # type: ignore[attr-defined]
        table(app, "#today").focus()
        await pilot.pause(0.2)

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
        await pilot.pause(0.2)

    assert snap_compare(app, terminal_size=SIZE, run_before=ready)


def test_budget_snapshot(demo_store: Store, snap_compare: Any) -> None:
    app = make_app(demo_store)

    async def ready(pilot: Pilot[Any]) -> None:
        await pilot.press("b")
        await until(pilot, lambda: table(app, "#budget").row_count == 7)  # summer-campaign: not started
        await until(pilot, lambda: app.screen.query_one(BurnChart).series is not None)
        table(app, "#budget").focus()
        await pilot.pause(0.3)

    assert snap_compare(app, terminal_size=SIZE, run_before=ready)
