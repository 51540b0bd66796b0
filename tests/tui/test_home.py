from __future__ import annotations

from textual.widgets import DataTable

from amtui.app import AmApp
from amtui.db import Store


async def test_home_lists_the_demo_accounts(demo_store: Store) -> None:
    app = AmApp(demo_store)
    async with app.run_test(size=(120, 40)) as pilot:
        table = app.screen.query_one("#accounts", DataTable)
        for _ in range(50):
            if table.row_count:
                break
            await pilot.pause(0.05)
        assert table.row_count == 4
        keys = [row.value for row in table.rows]
        assert keys == ["bramble", "helios", "northwind", "quokka"]
        row = table.get_row("northwind")
        assert row[3] == "— none —"  # Dana left; no new primary contact
        await pilot.press("q")
