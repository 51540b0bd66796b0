"""The demo's actuals make the budget meaningful: every status, out-of-scope work, a surplus and a deficit."""

from __future__ import annotations

import sqlite3
from datetime import date
from pathlib import Path

from amtui.services.money.budget import book_health
from amtui.store import Store
from tests.conftest import TODAY


def test_demo_budget_has_every_status_and_the_story(demo_store: Store) -> None:
    with demo_store.read() as s:
        book = {h.project: h for h in book_health(s, as_of=TODAY)}
    assert {h.status for h in book.values()} == {"on-track", "watch", "at-risk", "over"}
    search = book["helios/always-on-search"]
    assert search.status == "at-risk" and search.over_cap and search.unapproved_scope_cents > 0
    assert abs(search.variance_pct - 0.12) < 0.005  # type: ignore[operator]
    assert book["helios/social-retainer"].rollover_cents < 0  # type: ignore[operator]
    assert book["quokka/demand-gen"].rollover_cents > 0  # type: ignore[operator]
    spring = book["northwind/spring-launch"]
    assert spring.eac_method == "earned-value" and spring.variance_pct < -0.05  # type: ignore[operator]
    assert (
        book["bramble/holiday-shelf"].status == "over"
        and book["bramble/holiday-shelf"].out_of_scope_cents > 0
    )
    assert "northwind/summer-campaign" not in book  # starts after today: no figure before a project starts
    assert all(h.actual_cents > 0 for h in book.values())
    assert sum(1 for h in book.values() if h.billable_cents < h.actual_cents) >= 6  # some non-billable time


def test_demo_time_has_its_cost_so_margins_show(demo_store: Store) -> None:
    """Every demo hour costs the agency 40–60% of what it bills, so every project has a margin to show."""
    import sqlite3

    from amtui.core.money import apply_rate
    from amtui.services.money.cost import cost_totals, margin

    con = sqlite3.connect(demo_store.path)
    try:
        entries = con.execute(
            "SELECT minutes, rate_cents, cost_rate_cents, cost_cents FROM time_entry"
        ).fetchall()
    finally:
        con.close()
    assert entries and all(c is not None for *_, c in entries)
    assert all(cost == apply_rate(m, cr) for m, _, cr, cost in entries)
    assert all(0.4 <= cr / rate <= 0.6 for _, rate, cr, _ in entries)
    from amtui.services.base.refs import get_project

    with demo_store.read() as s:
        book = {int(get_project(s, h.project).id): h for h in book_health(s, as_of=TODAY)}  # type: ignore[arg-type]
        costs = cost_totals(s, TODAY, None)
    # Every project in the budget (a project not started yet is not) has its cost.
    assert set(book) <= set(costs) and all(c.uncosted_minutes == 0 for c in costs.values())
    # the value of the work (what the budget calls actual) against what it cost: a margin on every project
    pcts = [margin(book[pid].actual_cents, c)[1] for pid, c in costs.items() if pid in book]
    assert all(p is not None and 0 < p < 0.7 for p in pcts), pcts


def test_demo_percent_complete_has_a_rising_history(demo_path: Path) -> None:
    """Every demo project with a % complete got there month by month (written through the one service), so a
    past ``--as-of`` has the figure of then: lower than today's, and earned value where one stood."""
    con = sqlite3.connect(demo_path)
    rows = con.execute(
        "SELECT a.slug || '/' || p.slug, p.complete_bp, p.start_on, p.id FROM project p "
        "JOIN account a ON a.id = p.account_id WHERE p.complete_bp IS NOT NULL ORDER BY 1"
    ).fetchall()
    assert len(rows) >= 4
    for ref, now, start, pid in rows:
        history = con.execute(
            "SELECT on_date, complete_bp FROM progress_entry WHERE project_id = ? ORDER BY on_date, id",
            (pid,),
        ).fetchall()
        assert history[-1] == (TODAY.isoformat(), now), ref
        assert all(on >= start for on, _ in history), ref
        figures = [bp for _, bp in history]
        assert figures == sorted(figures), ref  # rising
    with_months = [ref for ref, _, start, _ in rows if start < "2026-10-01"]
    assert with_months
    earlier = {h.project: h for h in book_health(con, as_of=date(2026, 10, 31))}
    today = {h.project: h for h in book_health(con, as_of=TODAY)}
    for ref in with_months:
        assert earlier[ref].eac_method == "earned-value", ref
        assert earlier[ref].complete is not None and today[ref].complete is not None
        assert earlier[ref].complete < today[ref].complete, ref
