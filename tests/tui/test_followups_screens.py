"""Follow-ups in the TUI: Today lists the overdue and due-today ones in its order, Enter opens the account,
whose screen lists its open follow-ups."""

from __future__ import annotations

import sqlite3
from datetime import timedelta

from amtui.services.clients.followups import add_follow_up, complete_follow_up
from amtui.store import Store, unit_of_work
from amtui.tui.screens.account_detail import AccountDetailScreen
from amtui.tui.screens.today import TodayScreen
from tests.conftest import TODAY
from tests.tui.helpers import cells, make_app, table, until


def _book(store: Store) -> None:
    with unit_of_work(store, "test") as uow:
        add_follow_up(uow, "helios", "Send the recap", due_on=TODAY, contact="Marcus Bell", today=TODAY)
        add_follow_up(uow, "helios", "Chase the PO", due_on=TODAY, today=TODAY)  # made overdue below
        add_follow_up(uow, "helios", "Book the QBR", due_on=TODAY + timedelta(days=5), today=TODAY)
        add_follow_up(uow, "helios", "Already sent", due_on=TODAY, today=TODAY)
        complete_follow_up(uow, "T-4", today=TODAY)
    con = sqlite3.connect(store.path)
    con.execute(
        "UPDATE follow_up SET due_on = ? WHERE number = 2", ((TODAY - timedelta(days=4)).isoformat(),)
    )
    con.commit()
    con.close()


async def test_today_shows_follow_ups_due_and_overdue_and_opens_the_account(demo_store: Store) -> None:
    _book(demo_store)  # Marcus Bell is Helios's marketing director in the demo
    app = make_app(demo_store)
    async with app.run_test(size=(160, 50)) as pilot:
        assert isinstance(app.screen, TodayScreen)
        await until(pilot, lambda: any("T-1" in r[2] for r in cells(table(app, "#today"))), what="T-1")
        rows = cells(table(app, "#today"))
        titles = [r[2] for r in rows]
        overdue = titles.index("T-2 Chase the PO")
        today = titles.index("T-1 Send the recap")
        assert overdue < today  # overdue first, in Today's urgency order
        # Due today is "now", next to the overdue one (nothing else between them), not "this week".
        assert rows[overdue][0] == "now" and rows[today][0] == "now"
        assert today == overdue + 1
        assert rows[overdue][3].startswith("4 days overdue (due 2026-11-24)")
        assert "Marcus Bell" in rows[today][3]
        assert not any("Book the QBR" in t or "Already sent" in t for t in titles)  # later, done
        table(app, "#today").move_cursor(row=overdue)
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, AccountDetailScreen), what="account screen")
        assert app.screen.slug == "helios"  # type: ignore[attr-defined]
        await until(pilot, lambda: table(app, "#follow-ups").row_count == 3, what="open follow-ups")
        listed = cells(table(app, "#follow-ups"))
        assert [r[0] for r in listed] == ["T-2", "T-1", "T-3"]  # soonest due first; the done one is gone
        assert "4d overdue" in listed[0][1] and "(today)" in listed[1][1]


async def test_f_on_the_account_screen_adds_a_follow_up_and_refuses_bad_input(demo_store: Store) -> None:
    from amtui.tui.screens.followup_forms import FollowUpForm
    from amtui.tui.widgets.fields import FormField
    from tests.conftest import dump

    app = make_app(demo_store)
    async with app.run_test(size=(160, 50)) as pilot:
        app.open_target("account", "quokka")
        await until(pilot, lambda: isinstance(app.screen, AccountDetailScreen), what="account screen")
        await until(pilot, lambda: "none" in str(app.screen.query_one("#follow-ups-title").render()))
        before = dump(demo_store.path)
        await pilot.press("f")
        await until(pilot, lambda: isinstance(app.screen, FollowUpForm))

        def fill(values: dict[str, str]) -> None:
            for f in app.screen.query(FormField):
                if f.input.id in values:
                    f.input.value = values[f.input.id]

        fill({"title": "Send the recap", "due": "someday", "every": "daily"})
        await pilot.press("f2")
        fields = {f.input.id: f for f in app.screen.query(FormField)}
        assert "not a date: 'someday'" in fields["due"].error and "unknown --every" in fields["every"].error
        fill({"due": "tue", "every": "", "contact": "Nobody"})
        await pilot.press("f2")
        await until(pilot, lambda: "no contact 'Nobody'" in str(app.screen.query_one("#form-error").render()))
        assert dump(demo_store.path) == before  # refused: nothing written
        fill({"contact": "Tom Okoro", "every": "week"})
        await pilot.press("f2")
        await until(pilot, lambda: isinstance(app.screen, AccountDetailScreen), what="form closed")
        await until(pilot, lambda: table(app, "#follow-ups").row_count == 1, what="the new follow-up")
        assert cells(table(app, "#follow-ups"))[0][:4] == ["T-1", "2026-12-01", "Send the recap", "Tom Okoro"]


async def test_y_on_today_marks_a_follow_up_done_and_nothing_else(demo_store: Store) -> None:
    from tests.conftest import dump

    with unit_of_work(demo_store, "test") as uow:
        add_follow_up(uow, "helios", "Weekly status", due_on=TODAY, every="week", today=TODAY)
    app = make_app(demo_store)
    async with app.run_test(size=(160, 50)) as pilot:
        t = table(app, "#today")
        await until(pilot, lambda: any("T-1" in r[2] for r in cells(t)), what="T-1 on Today")
        other = next(i for i, r in enumerate(cells(t)) if not r[2].startswith("T-"))
        before = dump(demo_store.path)
        t.move_cursor(row=other)
        await pilot.press("y")  # not a follow-up: refused, nothing written
        await pilot.pause(0.2)
        assert dump(demo_store.path) == before
        t.move_cursor(row=next(i for i, r in enumerate(cells(t)) if r[2] == "T-1 Weekly status"))
        await pilot.press("y")
        await until(pilot, lambda: not any("T-1" in r[2] for r in cells(t)), what="T-1 gone from Today")
    with demo_store.read() as s:
        from amtui.services.clients.followups import list_follow_ups

        rows = list_follow_ups(s, "helios", include_done=True, today=TODAY)
    assert [(f.ref, f.status, f.due_on.isoformat()) for f in rows] == [
        ("T-2", "open", "2026-12-05"),
        ("T-1", "done", "2026-11-28"),
    ]
