"""Today's follow-ups: overdue ones (most days late first) before those due today, none that are later,
snoozed or done — held to the one due rule, ``followups.due_state``, and to ``todo list``'s figures."""

from __future__ import annotations

from datetime import date, timedelta

from amtui.services.clients.followups import add_follow_up as add
from amtui.services.clients.followups import (
    complete_follow_up,
    due_state,
    list_follow_ups,
    next_due,
    snooze_follow_up,
)
from amtui.services.overview.today import SEVERITIES, AttentionItem, attention
from amtui.store import Store, unit_of_work
from tests.conftest import TODAY, connect


def follow_up_items(store: Store, today: date = TODAY) -> list[AttentionItem]:
    with store.read() as s:
        return [i for i in attention(s, today=today) if i.kind.startswith("follow-up")]


def _set_due(store: Store, number: int, due: date) -> None:
    con = connect(store)
    con.execute("UPDATE follow_up SET due_on = ? WHERE number = ?", (due.isoformat(), number))
    con.commit()
    con.close()


def test_overdue_then_due_today_in_todays_order(demo_store: Store) -> None:
    with unit_of_work(demo_store, "test") as uow:
        add(uow, "helios", "Send the recap", due_on=TODAY, project="ctv-q1-flight", today=TODAY)  # T-1
        add(uow, "bramble", "Chase the PO", due_on=TODAY, today=TODAY)  # T-2
        add(uow, "quokka", "Book the QBR", due_on=TODAY, today=TODAY)  # T-3
        add(uow, "helios", "Next week", due_on=TODAY + timedelta(days=7), today=TODAY)  # T-4
        add(uow, "helios", "Snoozed", due_on=TODAY, today=TODAY)  # T-5
        add(uow, "helios", "Done", due_on=TODAY, today=TODAY)  # T-6
        snooze_follow_up(uow, "T-5", TODAY + timedelta(days=2), today=TODAY)
        complete_follow_up(uow, "T-6", today=TODAY)
    _set_due(demo_store, 2, TODAY - timedelta(days=2))
    _set_due(demo_store, 3, TODAY - timedelta(days=9))
    items = follow_up_items(demo_store)
    # Due today is for now, with the overdue ones (after them).
    assert [(i.ref, i.severity, i.kind) for i in items] == [
        ("T-3", "critical", "follow-up-overdue"),
        ("T-2", "critical", "follow-up-overdue"),
        ("T-1", "critical", "follow-up-due"),
    ]
    assert items[0].title == "T-3 Book the QBR" and items[0].detail == "9 days overdue (due 2026-11-19)"
    assert items[2].detail == "due today · helios/ctv-q1-flight"
    assert all((i.target, i.target_id) == ("account", i.account) for i in items)
    # In Today's whole list: every overdue follow-up comes before every one due today.
    with demo_store.read() as s:
        everything = attention(s, today=TODAY)
    order = [i.ref for i in everything if i.kind.startswith("follow-up")]
    assert order == ["T-3", "T-2", "T-1"]
    assert SEVERITIES[0] == "critical"
    # The same figures as todo list: one due rule.
    with demo_store.read() as s:
        listed = {f.ref: f for f in list_follow_ups(s, today=TODAY)}
    for i in items:
        f = listed[i.ref]
        assert (f.overdue, f.due_today) == due_state(f.due_on, f.done_on, TODAY)[:2]
        assert i.kind == ("follow-up-overdue" if f.overdue else "follow-up-due")
    # Days later, the snoozed one comes back.
    assert "T-5" in [i.ref for i in follow_up_items(demo_store, TODAY + timedelta(days=2))]


def test_next_due_keeps_the_cadence_of_the_date_it_was_set_for() -> None:
    monday = date(2026, 11, 30)
    assert next_due(monday, "week", monday) == date(2026, 12, 7)
    assert next_due(monday, "week", date(2026, 12, 16)) == date(2026, 12, 21)  # done late: still Mondays
    assert next_due(date(2026, 1, 31), "month", date(2026, 1, 31)) == date(2026, 2, 28)
    assert next_due(date(2026, 1, 31), "month", date(2026, 3, 1)) == date(2026, 3, 31)
    assert due_state(TODAY, None, TODAY) == (False, True, 0)
    assert due_state(TODAY - timedelta(days=3), None, TODAY) == (True, False, 3)
    assert due_state(TODAY - timedelta(days=3), TODAY, TODAY) == (False, False, 0)
