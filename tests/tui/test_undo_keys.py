"""`u` and `U` on any screen: the same undo and redo as the one-liners, and the screen shows the result."""

from __future__ import annotations

from amtui.services.clients.accounts import log_interaction
from amtui.store import Store, unit_of_work
from tests.conftest import TODAY
from tests.tui.helpers import make_app, table, until


async def test_u_undoes_the_last_action_and_shift_u_redoes_it(demo_store: Store) -> None:
    app = make_app(demo_store)
    async with app.run_test(size=(140, 40)) as pilot:
        await pilot.press("a")
        await until(pilot, lambda: table(app, "#accounts").row_count == 4)
        with unit_of_work(demo_store, "amtui log bramble Quick check-in") as uow:
            log_interaction(uow, "bramble", "Quick check-in", kind="call", on=TODAY)
        app.data_changed(reload_active=True)
        last = lambda: str(table(app, "#accounts").get_row("bramble")[7])  # noqa: E731
        await until(pilot, lambda: last() == "today", what="the write on screen")
        await pilot.press("u")
        await until(pilot, lambda: last() == "16d ago", what="the undo on screen")
        assert any(
            "Undid" in str(n.message) and "Quick check-in" in str(n.message) for n in app._notifications
        )
        await pilot.press("U")
        await until(pilot, lambda: last() == "today", what="the redo on screen")


async def test_nothing_to_redo_is_a_notification_not_a_crash(demo_store: Store) -> None:
    app = make_app(demo_store)
    async with app.run_test(size=(140, 40)) as pilot:
        await pilot.press("U")
        await until(pilot, lambda: any("redo" in str(n.title).lower() for n in app._notifications))
        assert app.is_running
