"""The demo book's timelines tell the story the Today and Timeline screens need."""

from __future__ import annotations

from datetime import timedelta

from amtui.demo.timeline import PLAN
from amtui.services.timeline import milestones as timeline
from amtui.services.timeline.alerts import timeline_alerts
from amtui.services.timeline.workdays import Calendar
from amtui.store import Store
from tests.conftest import TODAY


def test_every_project_has_a_timeline_with_done_late_and_blocked_work(demo_store: Store) -> None:
    with demo_store.read() as s:
        rows = timeline.list_milestones(s, today=TODAY)
        alerts = timeline_alerts(s, today=TODAY)
    assert len({m.project for m in rows}) == 8 == len(PLAN)
    assert sum(m.status == "done" for m in rows) >= 10
    assert {m.name for m in rows if m.overdue_days} == {
        "Landing page A/B tests",
        "Publisher IOs signed",
        "Media flight booked",
        "Lead scoring refresh",
    }
    (blocked,) = [m for m in rows if m.status == "blocked"]
    assert blocked.client_approval and blocked.blocked_on == TODAY - timedelta(days=9)
    waiting = [a for a in alerts if a.kind == "approval-waiting"]
    # blocked nine days ago, a Thursday: six working days
    assert [a.milestone_id for a in waiting] == [blocked.id] and waiting[0].days == 6
    assert {a.kind for a in alerts} == {"overdue", "approval-waiting", "late-dependency", "not-started"}


def test_change_order_shift_and_storyboard_slip_are_visible(demo_store: Store) -> None:
    with demo_store.read() as s:
        search = {m.name: m for m in timeline.list_milestones(s, "helios/always-on-search", today=TODAY)}
        spring = {m.name: m for m in timeline.list_milestones(s, "northwind/spring-launch", today=TODAY)}
    plan = {row[1]: row for row in PLAN["helios/always-on-search"]}
    cal = Calendar()
    # Open milestones after today moved 4 working days with the approved change order; done and late ones
    # stayed.
    planned = TODAY + timedelta(days=plan["Spanish ad variants"][4])
    assert cal.working_days_between(planned, search["Spanish ad variants"].due_on) == 4
    assert search["Landing page A/B tests"].due_on == TODAY + timedelta(
        days=plan["Landing page A/B tests"][4]
    )
    slip = {row[1]: row[4] for row in PLAN["northwind/spring-launch"]}
    moved = {
        name: cal.working_days_between(TODAY + timedelta(days=slip[name]), spring[name].due_on)
        for name in slip
    }
    assert moved == {
        "Brief signed off": 0,
        "Creative concepts": 0,
        "Storyboards": 3,
        "Storyboard review": 5,  # planned on a Sunday; now Friday, a working day's lag after Wednesday
        "Production shoot": 4,
        "Edit and finishing": 3,
        "Media flight booked": 0,
        "Launch": 0,
    }
