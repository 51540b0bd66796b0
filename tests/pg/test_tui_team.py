"""The TUI on a team database: its first screen, Today, shows the same items as on the demo file."""

from __future__ import annotations

from amtui.store import Store, open_store
from tests.tui.helpers import cells, make_app, table, until


async def _today_titles(store: Store) -> list[str]:
    app = make_app(store)
    async with app.run_test(size=(160, 50)) as pilot:
        await until(pilot, lambda: table(app, "#today").row_count > 0, what="today rows")
        return [r[2] for r in cells(table(app, "#today"))]


async def test_today_on_a_team_database_is_today_on_the_file(demo_store: Store, pg_demo_url: str) -> None:
    pg = open_store(pg_demo_url)
    try:
        on_pg = await _today_titles(pg)
    finally:
        pg.close()
    assert on_pg and on_pg == await _today_titles(demo_store)
