"""The monthly check-in is one computation: for every project of the demo book, at two month ends,
``amtui budget --as-of <month end>``, ``amtui budget --month`` (the month ending then, and the month after,
whose "then" it is) and the TUI Budget screen's ``m`` give the same variance.

The issue this holds down: for the end of November the TUI's ``m`` and ``--as-of`` divided November's
actuals by today's % complete while ``--month`` projected by run-rate (quokka/abm-pilot −28.1% against
+4.0%). Now every surface reads budget health on the date with % complete as it stood then."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

import pytest

from amtui.services.money.budget_health import pct
from amtui.store import Store
from amtui.tui.app import AmApp
from amtui.tui.screens.budget import BudgetScreen
from tests.conftest import Cli
from tests.tui.helpers import table, until

# (month end, the month it ends, the month after, a day in that month from which the TUI looks back to it)
CASES = [
    (date(2026, 10, 31), "2026-10", "2026-11", date(2026, 11, 28)),
    (date(2026, 11, 30), "2026-11", "2026-12", date(2026, 12, 10)),
]


def _json(cli: Cli, *args: str) -> Any:
    return json.loads(cli.ok("budget", *args, "--json"))


@pytest.mark.parametrize(("month_end", "month", "after", "today"), CASES)
async def test_budget_month_as_of_and_the_tui_agree(
    demo_store: Store, demo_cli: Cli, month_end: date, month: str, after: str, today: date
) -> None:
    day = month_end.isoformat()
    as_of = {h["project"]: h["variance_pct"] for h in _json(demo_cli, "--as-of", day)}
    ending = {m["project"]: m for m in _json(demo_cli, "--month", month, "--as-of", today.isoformat())}
    following = {m["project"]: m for m in _json(demo_cli, "--month", after, "--as-of", today.isoformat())}
    assert len(as_of) >= 6
    for ref, variance in as_of.items():
        assert ending[ref]["as_of"] == day and following[ref]["previous_as_of"] == day
        assert ending[ref]["variance_pct"] == variance, ref
        assert following[ref]["previous_variance_pct"] == variance, ref
    # Nothing is left out of one and shown by another (projects not started by then have no figure).
    assert set(ending) == set(as_of)
    assert {r for r, m in following.items() if m["previous"] is not None} == set(as_of)

    app = AmApp(demo_store, today=today, poll=False)
    async with app.run_test(size=(180, 50)) as pilot:
        await pilot.press("b")
        screen = app.screen
        assert isinstance(screen, BudgetScreen)
        t = table(app, "#budget")
        await until(pilot, lambda: screen.data is not None and t.row_count > 0, what="budget rows")
        await pilot.press("m")
        await until(pilot, lambda: len(t.columns) == 7, what="monthly columns")
        assert screen.data is not None and screen.data.month_end == month_end
        shown = {str(r.value) for r in t.rows}
        assert {r for r in shown if screen.data.moves[r].previous is not None} == set(as_of)
        for ref, variance in as_of.items():
            move = screen.data.moves[ref]
            assert move.previous_variance_pct == variance, ref
            cells = [str(c) for c in t.get_row(ref)]
            assert cells[1] == pct(variance, signed=True, decimals=1), ref  # "Variance then" as printed
            want = following[ref]
            assert cells[2] == pct(want["variance_pct"], signed=True, decimals=1), ref
            moved = want["variance_change_pp"]
            assert cells[3] == ("—" if moved is None else f"{moved:+.1f} pp"), ref
