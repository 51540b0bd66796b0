"""The Pipeline screen shows an open opportunity's expected close date (``opp edit --close-by``)."""

from __future__ import annotations

from textual.widgets import DataTable

from amtui.services.growth.opp_edit import edit_opportunity
from amtui.store import Store, unit_of_work
from amtui.tui.screens.pipeline import PipelineScreen
from tests.conftest import TODAY
from tests.tui.helpers import make_app, until


async def test_the_pipeline_screen_shows_the_expected_close(demo_store: Store) -> None:
    from datetime import date

    with unit_of_work(demo_store, "test") as uow:
        edit_opportunity(uow, "OPP-1", expected_close=date(2027, 1, 15), today=TODAY)
    app = make_app(demo_store)
    async with app.run_test(size=(200, 50)) as pilot:
        await pilot.press("o")
        await until(pilot, lambda: isinstance(app.screen, PipelineScreen))
        t = app.screen.query_one("#pipe-opps", DataTable)
        await until(pilot, lambda: t.row_count >= 2, what="opportunities")
        assert str(t.get_row("OPP-1")[10]) == "2027-01-15"
        assert str(t.get_row("OPP-2")[10]) == "—"
