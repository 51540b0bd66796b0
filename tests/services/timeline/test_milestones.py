"""Timeline services on a real store: moves that push dependents, loops refused, lateness, % complete."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from amtui.core.errors import ConflictError, InputError, NotFoundError, StateError
from amtui.services.base.refs import get_project
from amtui.services.clients import accounts, projects
from amtui.services.timeline import milestones as timeline
from amtui.services.timeline.alerts import timeline_alerts
from amtui.store import Store, unit_of_work
from tests.conftest import dump

T = date(2026, 11, 28)

# The dependency rules on a calendar-day week; working days: tests/services/timeline/test_workdays*.py
pytestmark = pytest.mark.usefixtures("seven_day_week")


def day(n: int) -> date:
    return T + timedelta(days=n)


@pytest.fixture
def book(store: Store) -> Store:
    with unit_of_work(store, "setup") as uow:
        accounts.add_account(uow, "Acme", slug="acme")
        projects.add_project(uow, "acme/launch", "Launch", budget_cents=100_000_00)
        projects.add_project(uow, "acme/other", "Other", budget_cents=1_000_00)
    return store


def add(
    store: Store,
    name: str,
    due: int,
    *,
    start: int | None = None,
    after: tuple[int, ...] = (),
    lag: int = 0,
    ref: str = "acme/launch",
    **kw: object,
) -> int:
    with unit_of_work(store, "add") as uow:
        m = timeline.add_milestone(
            uow,
            ref,
            name,
            due_on=day(due),
            start_on=day(start) if start is not None else None,
            after=list(after),
            lag_days=lag,
            today=T,
            **kw,  # type: ignore[arg-type]
        )
    return m.id


def dues(store: Store) -> dict[str, date]:
    with store.read() as s:
        return {m.name: m.due_on for m in timeline.list_milestones(s, today=T)}


def test_move_pushes_a_chain_with_lags_and_reports_each_shift(book: Store) -> None:
    a = add(book, "Storyboards", 3, start=0, team="creative")
    b = add(book, "Client review", 5, after=(a,), lag=1, team="client", client_approval=True)
    c = add(book, "Shoot", 12, start=6, after=(b,), team="production")
    d = add(book, "Launch", 30, after=(c,))
    with unit_of_work(book, "move") as uow:
        r = timeline.move_milestone(uow, a, by_days=3)
    assert (r.milestone.days, r.milestone.new_due) == (3, day(6))
    moved = {s.label: s.days for s in r.dependents}
    # review needs day 6+1+1 = 8 (+3); the shoot must start on 9 (+3); launch has slack and stays.
    assert moved == {f"M{b}": 3, f"M{c}": 3}
    assert f"M{d}" not in moved
    assert dues(book) == {"Storyboards": day(6), "Client review": day(8), "Shoot": day(15), "Launch": day(30)}
    with book.read() as s:
        shoot = timeline.milestone_info(s, c)
    assert shoot.start_on == day(9)  # the start follows the due date


def test_move_in_a_diamond_waits_for_the_latest_branch(book: Store) -> None:
    top = add(book, "Brief", 0)
    left = add(book, "Copy", 4, after=(top,))
    right = add(book, "Media plan", 2, after=(top,))
    bottom = add(book, "Launch", 6, after=(left, right))
    with unit_of_work(book, "move") as uow:
        r = timeline.move_milestone(uow, right, to=day(8))
    assert {s.id: s.days for s in r.dependents} == {bottom: 3}  # after Media plan (day 8): day 9
    with unit_of_work(book, "move") as uow:
        r = timeline.move_milestone(uow, top, by_days=5)
    assert {s.id: s.days for s in r.dependents} == {
        left: 2
    }  # Copy must be on day 6 at the earliest; Launch still waits for Media plan
    assert dues(book)["Launch"] == day(9)


def test_dry_run_moves_nothing(book: Store, db_path: object) -> None:
    a = add(book, "A", 1)
    add(book, "B", 2, after=(a,))
    before = dump(book)
    with unit_of_work(book, "preview") as uow:
        r = timeline.move_milestone(uow, a, by_days=4, dry_run=True)
    assert not r.applied and [s.days for s in r.dependents] == [4]
    assert dump(book) == before


def test_moves_that_would_break_a_dependency_are_refused(book: Store) -> None:
    a = add(book, "A", 3)
    b = add(book, "B", 5, after=(a,), lag=1)
    with unit_of_work(book, "done") as uow:
        timeline.done_milestone(uow, b, on=day(5))
    before = dump(book)
    with (
        pytest.raises(ConflictError, match=r"M\d+ B is done .* would have to move \+2d"),
        unit_of_work(book, "m") as uow,
    ):
        timeline.move_milestone(uow, a, by_days=2)
    with pytest.raises(StateError, match="a done milestone does not move"), unit_of_work(book, "m") as uow:
        timeline.move_milestone(uow, b, by_days=2)
    c = add(book, "C", 10, after=(a,))
    with pytest.raises(ConflictError, match=rf"M{a} A is due {day(3)}, so M{c} can start {day(4)}"):
        with unit_of_work(book, "m") as uow:
            timeline.move_milestone(uow, c, to=day(3))
    with unit_of_work(book, "m") as uow:  # day 4 is fine
        timeline.move_milestone(uow, c, to=day(4))
    assert dues(book)["C"] == day(4)
    assert before != dump(book)


def test_dependency_loops_are_refused_and_named(book: Store) -> None:
    m3 = add(book, "M3", 1)
    m5 = add(book, "M5", 3, after=(m3,))
    m7 = add(book, "M7", 5, after=(m5,))
    before = dump(book)
    with pytest.raises(ConflictError, match=rf"would make a loop: M{m5} → M{m3} → M{m5}$"):
        with unit_of_work(book, "link") as uow:
            timeline.link_milestones(uow, m3, [m5])
    with pytest.raises(ConflictError, match=rf"M{m7} → M{m3} → M{m5} → M{m7}"):
        with unit_of_work(book, "link") as uow:
            timeline.link_milestones(uow, m3, [m7])
    with pytest.raises(ConflictError, match=rf"M{m3} → M{m3}"), unit_of_work(book, "link") as uow:
        timeline.link_milestones(uow, m3, [m3])
    assert dump(book) == before


def test_link_shifts_the_successor_when_it_must(book: Store) -> None:
    a = add(book, "A", 6)
    b = add(book, "B", 2, start=1)
    c = add(book, "C", 4, after=(b,))
    with unit_of_work(book, "link") as uow:
        r = timeline.link_milestones(uow, b, [a], lag_days=1)
    info, moved = r.milestone, r.moved
    assert [d.id for d in info.after] == [a] and info.after[0].lag_days == 1
    assert {s.id: s.days for s in moved} == {b: 7, c: 6}  # B starts day 8 (+7), C after B (day 9): day 10


def test_add_refuses_bad_input(book: Store) -> None:
    a = add(book, "A", 5)
    cases: list[tuple[type[Exception], dict[str, object]]] = [
        (InputError, {"due_on": day(1), "start_on": day(3)}),
        (InputError, {"due_on": day(1), "team": "legal"}),
        (InputError, {"due_on": None}),
        (InputError, {"due_on": day(9), "lag_days": 2}),
        (InputError, {"due_on": day(9), "weight": 0}),
        (NotFoundError, {"due_on": day(9), "after": ["M999"]}),
        (InputError, {"due_on": day(9), "after": ["X1"]}),
        (ConflictError, {"due_on": day(5), "after": [a]}),
    ]
    for exc, kw in cases:
        with pytest.raises(exc), unit_of_work(book, "add") as uow:
            timeline.add_milestone(uow, "acme/launch", "Bad", **kw)  # type: ignore[arg-type]
    with pytest.raises(NotFoundError), unit_of_work(book, "add") as uow:
        timeline.add_milestone(uow, "acme/nope", "Bad", due_on=day(1))
    # Without a due date, --after places it on the earliest day allowed.
    with unit_of_work(book, "add") as uow:
        m = timeline.add_milestone(uow, "acme/launch", "Next", due_on=None, after=[f"M{a}"], lag_days=2)
    assert m.due_on == day(8)


def test_status_changes_and_their_refusals(book: Store) -> None:
    a = add(book, "A", 5, client_approval=True)
    with unit_of_work(book, "s") as uow:
        m = timeline.start_milestone(uow, a, on=day(0))
    assert (m.status, m.started_on, m.approval_days) == ("in-progress", day(0), 5)
    with pytest.raises(StateError, match="in-progress already"), unit_of_work(book, "s") as uow:
        timeline.start_milestone(uow, a)
    with unit_of_work(book, "b") as uow:
        m = timeline.block_milestone(uow, a, reason="Legal review", on=day(1))
    assert (m.status, m.note) == ("blocked", "Legal review")
    with unit_of_work(book, "d") as uow:
        m = timeline.done_milestone(uow, f"m{a}", on=day(2))
    assert (m.status, m.done_on) == ("done", day(2))
    with pytest.raises(StateError, match="done already"), unit_of_work(book, "d") as uow:
        timeline.done_milestone(uow, a)


def test_overdue_and_at_risk_across_month_and_year_ends(book: Store) -> None:
    nov30 = add(book, "Due Nov 30", 2)
    dec02 = add(book, "Due Dec 2", 4)
    jan01 = add(book, "Due Jan 1", 34)
    with book.read() as s:
        dec1 = date(2026, 12, 1)
        alerts = {(a.kind, a.milestone_id): a for a in timeline_alerts(s, today=dec1, within_days=3)}
        overdue = timeline.list_milestones(s, overdue=True, today=dec1)
        late_jan = {
            a.milestone_id: a.days for a in timeline_alerts(s, today=date(2027, 1, 3)) if a.kind == "overdue"
        }
        soon = {a.milestone_id for a in timeline_alerts(s, today=date(2026, 12, 29), within_days=3)}
        on_time = timeline_alerts(s, today=date(2026, 11, 29), within_days=0)
    assert alerts[("overdue", nov30)].days == 1 and alerts[("overdue", nov30)].severity == "late"
    assert "is 1 day overdue" in alerts[("overdue", nov30)].message
    assert alerts[("not-started", dec02)].days == 1
    assert [m.id for m in overdue] == [nov30] and overdue[0].overdue_days == 1
    assert late_jan == {nov30: 34, dec02: 32, jan01: 2}
    assert soon == {nov30, dec02, jan01} and on_time == []


def test_late_dependency_and_client_waiting_longer_than_agreed(book: Store) -> None:
    a = add(book, "Copy", -2)
    b = add(book, "Approval", 3, after=(a,), approval_days=3)
    with unit_of_work(book, "s") as uow:
        timeline.start_milestone(uow, b, on=day(-4))
    with book.read() as s:
        kinds = {(x.kind, x.milestone_id): x for x in timeline_alerts(s, today=T)}
        fine = {(x.kind, x.milestone_id) for x in timeline_alerts(s, today=day(-2))}
    assert kinds[("late-dependency", b)].message == f"M{b} Approval waits on M{a}, 2 days late"
    assert kinds[("approval-waiting", b)].days == 4
    assert "with the client 4 working days (agreed 3)" in kinds[("approval-waiting", b)].message
    assert ("approval-waiting", b) not in fine  # 2 days in: within what was agreed
    assert list(kinds)[0][0] in ("overdue", "approval-waiting")  # late ones first


def test_percent_complete_weights(book: Store) -> None:
    with book.read() as s:
        pid = get_project(s, "acme/launch").id or 0
        assert timeline.milestone_complete_bp(s, pid) is None
    a = add(book, "A", 1, weight=3)
    add(book, "B", 2)
    with unit_of_work(book, "d") as uow:
        timeline.done_milestone(uow, a, on=T)
    with book.read() as s:
        assert timeline.milestone_complete_bp(s, pid) == 7500  # weight 3 of 4
    with unit_of_work(book, "add") as uow:  # when every milestone has hours, hours weigh
        p = projects.add_project(uow, "acme/hours", "Hours", budget_cents=0)
        x = timeline.add_milestone(uow, p.ref, "X", due_on=day(1), estimated_minutes=60, weight=9)
        timeline.add_milestone(uow, p.ref, "Y", due_on=day(2), estimated_minutes=120)
        timeline.done_milestone(uow, x.id, on=T)
        hid = get_project(uow.session, p.ref).id or 0
    with book.read() as s:
        assert timeline.milestone_complete_bp(s, hid) == 3333
        assert timeline.milestone_complete_bps(s) == {pid: 7500, hid: 3333}  # "other" has none
        assert timeline.milestone_complete_bps(s, [hid]) == {hid: 3333}


def test_change_order_shift_moves_open_milestones_after_today(book: Store) -> None:
    done = add(book, "Done", 1)
    late = add(book, "Late", -1)
    today_ = add(book, "Due today", 0)
    later = add(book, "Later", 5, start=2)
    last = add(book, "Last", 9, after=(later,))
    other = add(book, "Other project", 11, after=(last,), ref="acme/other")
    with unit_of_work(book, "d") as uow:
        timeline.done_milestone(uow, done, on=T)
    with book.read() as s:
        pid = get_project(s, "acme/launch").id or 0
        preview = timeline.preview_project_shift(s, pid, 4, today=T)
    with unit_of_work(book, "co") as uow:
        shifts = timeline.shift_project_for_change_order(uow, pid, 4, today=T)
    assert preview == shifts
    assert {s.id: s.days for s in shifts} == {later: 4, last: 4, other: 3}
    got = dues(book)
    assert got["Late"] == day(-1) and got["Due today"] == day(0) and got["Done"] == day(1)
    assert got["Later"] == day(9) and got["Last"] == day(13) and got["Other project"] == day(14)
    assert late and today_


def test_a_move_is_one_audited_action_covering_every_shifted_milestone(book: Store) -> None:
    from sqlmodel import select

    from amtui.store.models import AuditEvent

    a = add(book, "A", 1)
    b = add(book, "B", 2, after=(a,))
    c = add(book, "C", 3, after=(b,))
    with unit_of_work(book, "amtui milestone move M1 --by 2") as uow:
        timeline.move_milestone(uow, a, by_days=2)
        batch = uow.batch_id
    with book.read() as s:
        events = list(s.exec(select(AuditEvent).where(AuditEvent.batch_id == batch)))
    assert sorted((e.entity, e.entity_id, e.op) for e in events) == [
        ("milestone", a, "update"),
        ("milestone", b, "update"),
        ("milestone", c, "update"),
    ]
    assert all('"due_on"' in (e.before or "") and e.before != e.after for e in events)
