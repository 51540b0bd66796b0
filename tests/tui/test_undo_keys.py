"""`u` and `U` on any screen: the same undo and redo as the one-liners, asked first, and the screen shows the
result. An action made elsewhere (a one-liner, another terminal) is named as such before it is undone."""

from __future__ import annotations

from sqlalchemy import text
from textual.widgets import DataTable

from amtui.services.clients.accounts import log_interaction
from amtui.store import Store, unit_of_work
from amtui.tui.screens.confirm import ConfirmModal
from tests.conftest import TODAY
from tests.tui.helpers import make_app, table, until


def _actions(store: Store) -> list[tuple[int, str, object]]:
    with store.engine.connect() as c:
        return [tuple(r) for r in c.execute(text("select id, kind, undone_at from audit_batch order by id"))]


async def test_u_asks_then_undoes_the_last_action_and_shift_u_redoes_it(demo_store: Store) -> None:
    app = make_app(demo_store)
    async with app.run_test(size=(140, 40)) as pilot:
        await pilot.press("a")
        await until(pilot, lambda: table(app, "#accounts").row_count == 4)
        with unit_of_work(demo_store, "amtui log bramble Quick check-in") as uow:
            log_interaction(uow, "bramble", "Quick check-in", kind="call", on=TODAY)
        app.data_changed(reload_active=True)
        accounts = app.screen
        last = lambda: str(accounts.query_one("#accounts", DataTable).get_row("bramble")[8])  # noqa: E731
        await until(pilot, lambda: last() == "today", what="the write on screen")
        await pilot.press("u")
        await until(pilot, lambda: isinstance(app.screen, ConfirmModal), what="the question")
        modal = app.screen
        assert isinstance(modal, ConfirmModal)
        assert modal.question == "Undo: amtui log bramble Quick check-in?"
        assert "NOT done in this window" in modal.detail  # it came from a one-liner
        assert last() == "today"  # nothing undone while asking
        await pilot.press("y")
        await until(pilot, lambda: last() == "16d ago", what="the undo on screen")
        assert any(
            "Undid" in str(n.message) and "Quick check-in" in str(n.message) for n in app._notifications
        )
        await pilot.press("U")
        await until(pilot, lambda: isinstance(app.screen, ConfirmModal), what="the redo question")
        await pilot.press("y")
        await until(pilot, lambda: last() == "today", what="the redo on screen")


async def test_saying_no_undoes_nothing(demo_store: Store) -> None:
    with unit_of_work(demo_store, "amtui log bramble Quick check-in") as uow:
        log_interaction(uow, "bramble", "Quick check-in", kind="call", on=TODAY)
    before = _actions(demo_store)
    app = make_app(demo_store)
    async with app.run_test(size=(140, 40)) as pilot:
        for no in ("n", "escape", "enter"):  # Enter is on Cancel: a reflex never undoes
            await pilot.press("u")
            await until(pilot, lambda: isinstance(app.screen, ConfirmModal), what="the question")
            await pilot.press(no)
            await until(pilot, lambda: not isinstance(app.screen, ConfirmModal), what="the answer")
            await pilot.pause(0.2)
        assert _actions(demo_store) == before


async def test_an_action_saved_in_this_window_is_named_as_such(demo_store: Store) -> None:
    from amtui.tui.screens.account_forms import ContactForm

    app = make_app(demo_store)
    async with app.run_test(size=(140, 40)) as pilot:
        form = ContactForm("bramble")
        await app.push_screen(form)
        await pilot.pause()
        form.query_one("#name").value = "Dana Ruiz"  # type: ignore[attr-defined]
        await pilot.press("f2")
        await until(pilot, lambda: not isinstance(app.screen, ContactForm), what="saved")
        await pilot.press("u")
        await until(pilot, lambda: isinstance(app.screen, ConfirmModal), what="the question")
        modal = app.screen
        assert isinstance(modal, ConfirmModal)
        assert modal.question == "Undo: contact add bramble 'Dana Ruiz'?"
        assert "done in this window" in modal.detail and "NOT" not in modal.detail


async def test_an_action_taken_after_the_question_is_not_undone_instead(demo_store: Store) -> None:
    app = make_app(demo_store)
    async with app.run_test(size=(140, 40)) as pilot:
        await pilot.press("u")
        await until(pilot, lambda: isinstance(app.screen, ConfirmModal), what="the question")
        with unit_of_work(demo_store, "amtui log bramble Meanwhile") as uow:  # another terminal, meanwhile
            log_interaction(uow, "bramble", "Meanwhile", kind="call", on=TODAY)
        before = _actions(demo_store)
        await pilot.press("y")
        said = lambda: [str(n.message) for n in app._notifications]  # noqa: E731
        await until(pilot, lambda: any("changed since you asked" in m for m in said()))
        assert _actions(demo_store) == before


async def test_nothing_to_redo_is_a_notification_not_a_crash(demo_store: Store) -> None:
    app = make_app(demo_store)
    async with app.run_test(size=(140, 40)) as pilot:
        await pilot.press("U")
        await until(pilot, lambda: any("redo" in str(n.title).lower() for n in app._notifications))
        assert app.is_running
