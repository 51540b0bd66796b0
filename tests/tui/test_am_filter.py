"""The team views' AM filter in the TUI: ``A`` on Today, Accounts or Budget steps through the AMs of the
accounts the user can see, then everyone; the filter is the app's, so every one of the three screens follows
it; Accounts and Budget show each row's AM."""

from __future__ import annotations

from textual.widgets import Static

from amtui.store import Store
from tests.tui.helpers import cells, make_app, table, until


def _title(app: object, selector: str) -> str:
    return str(app.screen.query_one(selector, Static).render())  # type: ignore[attr-defined]


async def test_a_steps_through_the_ams_on_every_team_view(demo_store: Store) -> None:
    app = make_app(demo_store)
    async with app.run_test(size=(200, 50)) as pilot:
        await until(pilot, lambda: table(app, "#today").row_count > 0, what="today")
        everyone = table(app, "#today").row_count
        await pilot.press("a")
        await until(pilot, lambda: table(app, "#accounts").row_count == 4, what="four accounts")
        assert {r[-1] for r in cells(table(app, "#accounts"))} == {"maya", "theo"}  # the AM column
        await pilot.press("A")
        await until(pilot, lambda: table(app, "#accounts").row_count == 3, what="maya's three")
        assert app.am_filter == "maya" and "AM maya" in _title(app, "#accounts-title")
        await pilot.press("A")
        await until(pilot, lambda: table(app, "#accounts").row_count == 1, what="theo's one")
        assert [r[0] for r in cells(table(app, "#accounts"))] == ["bramble"]
        await pilot.press("b")  # Budget follows the app's filter
        await until(pilot, lambda: table(app, "#budget").row_count > 0, what="budget rows")
        rows = cells(table(app, "#budget"))
        assert {r[0].split("/")[0] for r in rows} == {"bramble"} and {r[-1] for r in rows} == {"theo"}
        assert "AM theo" in _title(app, "#budget-title")
        await pilot.press("t")  # …and Today
        await until(
            pilot,
            lambda: {r[1] for r in cells(table(app, "#today"))} == {"bramble"},
            what="today on theo's account",
        )
        assert table(app, "#today").row_count < everyone
        await pilot.press("A")  # after the last AM: everyone again
        await until(pilot, lambda: table(app, "#today").row_count == everyone, what="everyone's today")
        assert app.am_filter is None
