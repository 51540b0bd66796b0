"""Today shows milestone, escalation and KPI worries; Enter opens the escalation a line is about."""

from __future__ import annotations

from amtui.store import Store
from tests.tui.helpers import cells, make_app, table, until


async def test_today_shows_late_milestones_and_opens_an_escalation(demo_store: Store) -> None:
    app = make_app(demo_store)
    async with app.run_test(size=(160, 50)) as pilot:
        await until(pilot, lambda: table(app, "#today").row_count > 0, what="today rows")
        titles = [r[2] for r in cells(table(app, "#today"))]
        assert "M22 Media flight booked is 3 days overdue" in titles
        assert "CPA target missed on helios/always-on-search" in titles
        row = next(i for i, t in enumerate(titles) if t.startswith("ESC-2 "))
        table(app, "#today").move_cursor(row=row)
        await pilot.press("enter")
        await until(pilot, lambda: app.current_mode == "escalations", what="escalations screen")
        await until(pilot, lambda: table(app, "#esc-table").row_count > 0, what="escalation rows")
        t = table(app, "#esc-table")
        await until(pilot, lambda: cells(t)[t.cursor_row][0] == "ESC-2", what="cursor on ESC-2")
        assert "Spring Launch banners" in str(app.screen.query_one("#esc-detail").render())
