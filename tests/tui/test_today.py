"""Today on the demo book: the right worries, most urgent first, each opening its account."""

from __future__ import annotations

from amtui.db import Store
from amtui.screens.account_detail import AccountDetailScreen
from amtui.screens.today import TodayScreen
from tests.tui.helpers import cells, make_app, table, until


async def test_today_lists_what_needs_the_am_most_urgent_first(demo_store: Store) -> None:
    app = make_app(demo_store)
    async with app.run_test(size=(140, 40)) as pilot:
        assert isinstance(app.screen, TodayScreen)
        await until(pilot, lambda: table(app, "#today").row_count > 0, what="today rows")
        rows = cells(table(app, "#today"))
        titles = [r[2] for r in rows]
        assert "Northwind Outfitters has no primary contact" in titles
        assert "No contact with Bramble Foods in 16 days" in titles
        assert "Quokka Cloud renews in 41 days" in titles
        assert "Holiday Shelf Campaign is over budget" == titles[0]  # money lost now comes first
        # "soon" (a primary contact gone) comes before "this week" and "ahead".
        assert titles.index("Northwind Outfitters has no primary contact") < titles.index(
            "Quokka Cloud renews in 41 days"
        )
        assert (
            "Dana Ruiz left 35 days ago"
            in rows[titles.index("Northwind Outfitters has no primary contact")][3]
        )
        assert app.screen.sub_title == f"{demo_store.path.name} · Sat 28 Nov 2026"


async def test_enter_opens_the_account_a_line_is_about(demo_store: Store) -> None:
    app = make_app(demo_store)
    async with app.run_test(size=(140, 40)) as pilot:
        await until(pilot, lambda: table(app, "#today").row_count > 0)
        t = table(app, "#today")
        row = next(i for i, r in enumerate(cells(t)) if "Bramble" in r[2])
        t.move_cursor(row=row)
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, AccountDetailScreen))
        assert app.screen.slug == "bramble"  # type: ignore[attr-defined]
        await until(pilot, lambda: table(app, "#interactions").row_count == 2)
        assert app.current_mode == "accounts"
        await pilot.press("escape")
        assert type(app.screen).__name__ == "AccountsScreen"
