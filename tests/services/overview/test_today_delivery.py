"""Today's milestone, escalation and KPI providers on the demo book, each opening its screen."""

from __future__ import annotations

from amtui.services.clients.escalations import resolve_escalation
from amtui.services.overview.today import AttentionItem, attention
from amtui.store import Store, unit_of_work
from tests.conftest import TODAY


def items_of(store: Store, prefix: str) -> list[AttentionItem]:
    with store.read() as s:
        return [i for i in attention(s, today=TODAY) if i.kind.startswith(prefix)]


def test_late_and_at_risk_milestones_one_line_each(demo_store: Store) -> None:
    items = items_of(demo_store, "milestone-")
    refs = [i.ref for i in items]
    assert len(refs) == len(set(refs))  # M9 is both overdue and with the client too long: one line
    by_ref = {i.ref: i for i in items}
    m9 = by_ref["M9"]
    # six days overdue and six working days with the client (agreed 5): the first alert is the title
    assert m9.kind == "milestone-overdue" and m9.severity == "high"
    assert m9.title == "M9 Publisher IOs signed is 6 days overdue"
    assert "with the client 6 working days (agreed 5)" in m9.detail and "helios/ctv-q1-flight" in m9.detail
    assert (m9.target, m9.target_id) == ("timeline", "M9")
    assert by_ref["M22"].title == "M22 Media flight booked is 3 days overdue"
    assert by_ref["M23"].kind == "milestone-late-dependency" and by_ref["M23"].severity == "medium"
    assert by_ref["M37"].kind == "milestone-not-started"
    # past the plan's edge: the report ends after its project does
    assert by_ref["M43"].kind == "milestone-project-end" and by_ref["M43"].title == (
        "M43 Post-campaign report ends 2026-12-28, 5 days after the project ends (2026-12-23)"
    )
    # Late ones come before the at-risk ones, the most overdue first.
    assert [i.ref for i in items if i.severity == "high"] == ["M9", "M3", "M31", "M22"]


def test_escalations_overdue_or_serious(demo_store: Store) -> None:
    items = items_of(demo_store, "")
    esc = [i for i in items if i.target == "escalations"]
    assert [i.ref for i in esc] == ["ESC-4", "ESC-5", "ESC-2", "ESC-1"]
    assert esc[0].severity == "critical" and esc[0].title.startswith("ESC-4 New CMO")
    esc2 = next(i for i in esc if i.ref == "ESC-2")  # medium, but past its due date
    assert esc2.severity == "high" and "2 days overdue" in esc2.detail
    assert all(i.target_id == i.ref for i in esc)
    with unit_of_work(demo_store, "test") as uow:
        resolve_escalation(uow, "ESC-2", "new banners live", on=TODAY)
    assert "ESC-2" not in [i.ref for i in items_of(demo_store, "") if i.target == "escalations"]


def test_kpi_misses_over_the_last_seven_days(demo_store: Store) -> None:
    items = items_of(demo_store, "kpi-miss")
    assert [(i.account, i.title) for i in items] == [
        ("helios", "CPA target missed on helios/always-on-search")
    ]
    assert items[0].detail == "$52.00 against $45.00 over the last 7 days"
    assert (items[0].target, items[0].target_id) == ("performance", "helios/always-on-search")


def test_overdue_opportunity_next_steps_show_on_today(demo_store: Store) -> None:
    from amtui.services.growth.pipeline import pipeline

    with demo_store.read() as s:
        overdue = [o for o in pipeline(s).opportunities if o.next_on is not None and o.next_on < TODAY]
        items = [i for i in attention(s, today=TODAY) if i.kind == "opportunity"]
    assert overdue, "the demo has an opportunity whose next step is overdue"
    assert {i.ref for i in items} == {o.ref for o in overdue}
    assert all(i.target == "pipeline" and "overdue" in i.title for i in items)
