"""Budget health: the rules of the module docstring, per billing type, checked against hand arithmetic."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import event

from amtui.core.money import apply_rate
from amtui.services.base.refs import get_project
from amtui.services.clients import accounts, projects
from amtui.services.money import budget, rollup
from amtui.services.money.rollup import rollups
from amtui.store import Store, unit_of_work
from amtui.store.models import ChangeOrder, CostEntry, TimeEntry

START = date(2026, 1, 1)
END = date(2026, 12, 31)  # 364 days of schedule
AS_OF = date(2026, 7, 2)  # 182 days in: exactly half


def _project(store: Store, ref: str = "acme/site", **kw: object) -> int:
    opts: dict[str, object] = {
        "budget_cents": 100_000_00,
        "billing": "fixed",
        "start_on": START,
        "end_on": END,
        "rate_cents": 100_00,
    }
    opts.update(kw)
    slug = ref.split("/")[0]
    with store.read() as s:
        known = {a.slug for a in accounts.list_accounts(s)}
    if slug not in known:
        with unit_of_work(store, "test") as uow:
            accounts.add_account(uow, slug.title(), slug=slug)
    with unit_of_work(store, "test") as uow:
        projects.add_project(uow, ref, "Site", **opts)  # type: ignore[arg-type]
        return int(get_project(uow.session, ref).id)  # type: ignore[arg-type]


def _time(store: Store, pid: int, hours: float, on: date, *, rate: int = 100_00, **kw: object) -> None:
    minutes = round(hours * 60)
    with unit_of_work(store, "test") as uow:
        uow.session.add(
            TimeEntry(
                project_id=pid,
                entry_date=on,
                minutes=minutes,
                rate_cents=rate,
                amount_cents=apply_rate(minutes, rate),
                **kw,  # type: ignore[arg-type]
            )
        )


def _cost(store: Store, pid: int, cents: int, on: date, **kw: object) -> None:
    with unit_of_work(store, "test") as uow:
        uow.session.add(CostEntry(project_id=pid, entry_date=on, amount_cents=cents, **kw))  # type: ignore[arg-type]


def _co(store: Store, pid: int, number: int, cents: int, status: str, decided: date | None = None) -> None:
    with unit_of_work(store, "test") as uow:
        uow.session.add(
            ChangeOrder(
                number=number,
                project_id=pid,
                title=f"CO {number}",
                amount_cents=cents,
                status=status,
                decided_on=decided,
            )
        )


def _health(store: Store, ref: str = "acme/site", as_of: date = AS_OF, **kw: int) -> budget.ProjectHealth:
    with store.read() as s:
        return budget.project_health(s, ref, as_of=as_of, **kw)


def test_fixed_fee_run_rate_and_status_bands(store: Store) -> None:
    pid = _project(store)
    _time(store, pid, 400, date(2026, 3, 1))  # $40,000
    _cost(store, pid, 13_000_00, date(2026, 4, 1))  # $13,000 → actual $53,000 at half the schedule
    _time(store, pid, 10, date(2026, 8, 1))  # after as_of: not counted
    h = _health(store)
    assert h.actual_cents == 53_000_00 and h.time_cents == 40_000_00 and h.expenses_cents == 13_000_00
    assert h.elapsed == 0.5 and h.burn == 0.53
    assert (h.eac_method, h.eac_cents) == ("run-rate", 106_000_00)
    assert h.variance_pct == 0.06 and h.vac_cents == -6_000_00 and h.status == "watch"
    assert h.remaining_cents == 47_000_00 and h.project == "acme/site" and h.currency == "USD"
    # 12% over → at-risk; 4% over → on-track
    _cost(store, pid, 3_000_00, date(2026, 5, 1))
    assert _health(store).status == "at-risk"
    assert _health(store, extra_budget_cents=10_000_00).status == "on-track"


def test_over_once_actual_exceeds_current_budget_and_approved_cos_lift_it(store: Store) -> None:
    pid = _project(store)
    _cost(store, pid, 101_000_00, date(2026, 2, 1))
    assert _health(store).status == "over"
    _co(store, pid, 1, 5_000_00, "approved", date(2026, 6, 1))
    _co(store, pid, 2, 2_000_00, "invoiced", date(2026, 6, 2))
    _co(store, pid, 3, 7_000_00, "sent")
    _co(store, pid, 4, 1_000_00, "draft")
    _co(store, pid, 5, 9_000_00, "rejected")
    _co(store, pid, 6, 9_000_00, "void")
    _co(store, pid, 7, 4_000_00, "approved", date(2026, 9, 1))  # decided after as_of
    h = _health(store)
    assert h.approved_change_orders_cents == 7_000_00 and h.pending_change_orders_cents == 8_000_00
    assert h.current_budget_cents == 107_000_00 and h.status != "over"
    later = _health(store, as_of=date(2026, 9, 30))
    assert later.approved_change_orders_cents == 11_000_00


def test_earned_value_wins_when_complete_is_known(store: Store) -> None:
    pid = _project(store)
    _time(store, pid, 300, date(2026, 2, 1))  # $30,000
    with unit_of_work(store, "test") as uow:
        # Judged at the start: the dated figure stands on AS_OF (one judged later would not).
        projects.set_complete(uow, get_project(uow.session, "acme/site"), 2500, on=START)
    h = _health(store)
    assert (h.eac_method, h.eac_cents, h.complete) == ("earned-value", 120_000_00, 0.25)
    assert h.status == "at-risk"
    with store.read() as s:
        assert budget.budget_complete_bp(s, "acme/site") == 2500
        assert budget.budget_complete_bp(s, pid) == 2500


def test_early_and_finished_projects(store: Store) -> None:
    pid = _project(store)
    _cost(store, pid, 5_000_00, START)
    early = _health(store, as_of=START + timedelta(days=10))
    assert early.eac_method == "budget" and early.eac_cents == 100_000_00 and early.status == "on-track"
    done = _health(store, as_of=date(2027, 3, 1))
    assert (done.eac_method, done.eac_cents, done.elapsed) == ("actual", 5_000_00, 1.0)
    before = _health(store, as_of=date(2025, 12, 1))
    assert before.elapsed == 0.0 and before.actual_cents == 0


def test_time_and_materials_cap(store: Store) -> None:
    pid = _project(store, billing="tm", budget_cents=60_000_00, cap_cents=66_000_00)
    _time(store, pid, 336, date(2026, 3, 1))  # $33,600 at half → EAC $67,200 (+12%)
    h = _health(store)
    assert h.eac_cents == 67_200_00 and h.status == "at-risk" and h.cap_cents == 66_000_00
    assert h.over_cap is True
    _co(store, pid, 1, 2_000_00, "approved")
    assert _health(store).over_cap is False


def test_retainer_rollover_and_default_budget(store: Store) -> None:
    pid = _project(
        store,
        billing="retainer",
        budget_cents=0,
        retainer_fee_cents=9_000_00,
        retainer_minutes=60 * 60,
        rate_cents=150_00,
    )
    # Jan–Jun used 50h/month at $150 = $7,500/month: $1,500/month surplus, rolling over.
    for m in range(1, 7):
        _time(store, pid, 50, date(2026, m, 10), rate=150_00)
    h = _health(store, as_of=date(2026, 6, 30))
    assert h.original_budget_cents == 12 * 9_000_00
    assert h.rollover_cents == 6 * 1_500_00 and h.rollover_minutes == 6 * 10 * 60
    # Half of July accrued pro rata (16 of 31 days), nothing used yet.
    mid = _health(store, as_of=date(2026, 7, 16))
    assert mid.rollover_cents == 6 * 1_500_00 + 464_516  # $9,000 × 16/31, rounded to the cent


def test_unapproved_scope(store: Store) -> None:
    pid = _project(store, budget_cents=10_000_00)
    _time(store, pid, 100, date(2026, 2, 1))  # $10,000 in scope: exactly the budget
    _time(store, pid, 20, date(2026, 2, 2), out_of_scope=True)  # $2,000 out of scope
    _cost(store, pid, 500_00, date(2026, 2, 3))  # $500 beyond the estimate
    assert _health(store).unapproved_scope_cents == 2_500_00
    _co(store, pid, 1, 2_000_00, "approved")
    assert _health(store).unapproved_scope_cents == 500_00
    _co(store, pid, 2, 5_000_00, "sent")  # pending covers nothing
    assert _health(store).unapproved_scope_cents == 500_00


def test_no_budget_set_is_neither_over_nor_scope_creep(store: Store) -> None:
    """Budget 0 (``import time --create-missing``): no estimate to go beyond, nothing to be over; work
    flagged out of scope is still unapproved; scope reads the same rule."""
    from amtui.services.money.budget_health import beyond_estimate, describe, no_budget_set
    from amtui.services.money.scope import scope

    assert no_budget_set(0) and not no_budget_set(1)
    assert beyond_estimate(5_000_00, 0) == 0 and beyond_estimate(5_000_00, 4_000_00) == 1_000_00
    pid = _project(store, budget_cents=0, billing="tm")
    _time(store, pid, 100, date(2026, 2, 1))  # $10,000, no budget
    h = _health(store)
    assert (h.no_budget, h.status, h.burn, h.unapproved_scope_cents) == (True, "on-track", None, 0)
    assert describe(h).startswith("no budget set ($10,000 logged)") and "over" not in describe(h)
    with store.read() as s:
        assert scope(s, as_of=AS_OF) == []
    _time(store, pid, 20, date(2026, 2, 2), out_of_scope=True)  # $2,000 flagged out of scope
    assert _health(store).unapproved_scope_cents == 2_000_00
    with store.read() as s:
        [row] = scope(s, as_of=AS_OF)
    assert (row.unapproved_scope_cents, row.over_estimate_cents) == (2_000_00, 0)
    # An approved change order gives it a budget: the usual status rules apply to that budget.
    _co(store, pid, 1, 3_000_00, "approved")
    h = _health(store)
    assert (h.no_budget, h.current_budget_cents, h.status, h.unapproved_scope_cents) == (
        True,
        3_000_00,
        "over",
        0,
    )


def test_non_billable_time_counts_in_actual(store: Store) -> None:
    pid = _project(store)
    _time(store, pid, 10, date(2026, 2, 1), billable=False)
    _time(store, pid, 10, date(2026, 2, 1))
    h = _health(store)
    assert h.actual_cents == 2_000_00 and h.billable_cents == 1_000_00 and h.actual_minutes == 1200


def test_book_health_covers_active_projects_only(store: Store) -> None:
    a = _project(store, "acme/one")
    _project(store, "acme/two")
    c = _project(store, "beta/three")
    _cost(store, a, 1_00, date(2026, 2, 1))
    with unit_of_work(store, "test") as uow:
        get_project(uow.session, "beta/three").status = "completed"
    with store.read() as s:
        book = budget.book_health(s, as_of=AS_OF)
        acme = budget.book_health(s, account="acme", as_of=AS_OF)
    assert [h.project for h in book] == ["acme/one", "acme/two"]
    assert [h.project for h in acme] == ["acme/one", "acme/two"] and book[0].actual_cents == 1_00
    assert c


def test_configured_thresholds_move_the_bands(store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    from pathlib import Path

    from amtui.core import config

    pid = _project(store)
    _time(store, pid, 530, date(2026, 3, 1))  # EAC +6%
    assert _health(store).status == "watch"
    cfg = Path(config.config_path())
    cfg.parent.mkdir(parents=True, exist_ok=True)
    cfg.write_text("[thresholds]\nwatch = 0.08\nat_risk = 0.2\n")
    config._load.cache_clear()
    assert _health(store).status == "on-track"


@pytest.mark.sqlite_only("EXPLAIN QUERY PLAN of SQLite's indexes")
@pytest.mark.parametrize("table", ["time_entry", "cost_entry"])
def test_rollups_read_only_the_covering_index(store: Store, table: str) -> None:
    """EXPLAIN QUERY PLAN of the very statements the one rollup runs: a covering index, never the table."""
    _project(store)
    with store.read() as s:
        conn = s.connection()
        captured: list[tuple[str, object]] = []

        def grab(_c, _cur, statement, params, _ctx, _many):  # type: ignore[no-untyped-def]
            if table in statement and "sum(" in statement.lower():
                captured.append((statement, params))

        event.listen(conn, "before_cursor_execute", grab)
        try:
            # the whole book, a short list (IN (?, …)), a long one (one JSON list parameter)
            for ids in (None, [1], list(range(1, 2 + rollup.IN_LIST_MAX))):
                captured.clear()
                rollups(s, AS_OF, ids)
                statement, params = next(c for c in captured if f"FROM {table}" in c[0])
                plan = conn.exec_driver_sql(f"EXPLAIN QUERY PLAN {statement}", params).fetchall()  # type: ignore[arg-type]
                details = " ".join(str(r[-1]) for r in plan)
                assert f"COVERING INDEX ix_{table}_rollup" in details, details
        finally:
            event.remove(conn, "before_cursor_execute", grab)
