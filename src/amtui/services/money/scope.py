"""Scope creep: work done that no approved change order pays for, and the change order that would cover it.

Unapproved scope of a project is budget health's figure (:mod:`amtui.services.money.budget_health`):
out-of-scope time and costs + in-scope actuals beyond the original budget, less what approved change orders
cover (never below zero); a project with no budget set has no estimate to go beyond, so only its
out-of-scope work counts. This module adds the detail: hours, teams, dates, pending change orders, and
the command. Pending (draft or sent) change orders may cover part of it once approved; the suggested
``amtui add-change-order`` command covers the rest. Approved change orders count as
:mod:`amtui.services.money.rules` says on the as-of date, for their hours as for their cents.
"""

from __future__ import annotations

import shlex
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import case, func
from sqlalchemy import select as sa_select
from sqlmodel import Session, col, select

from amtui.core import clock
from amtui.core.dates import format_hours
from amtui.core.money import cents_to_decimal_str, format_money
from amtui.services.base.refs import project_ids
from amtui.services.money.budget import healths_for
from amtui.services.money.budget_health import beyond_estimate
from amtui.services.money.rules import CO_PENDING, ChangeOrderTotals, change_order_totals, status_in
from amtui.store.models import Account, CostEntry, Project, TimeEntry
from amtui.store.sql import marks, rows


@dataclass(frozen=True)
class ScopeItem:
    """Out-of-scope entries of one kind and team."""

    kind: str  # time | cost
    team: str | None
    entries: int
    minutes: int
    amount_cents: int
    first_on: date
    last_on: date


@dataclass(frozen=True)
class ProjectScope:
    project: str
    account: str
    name: str
    currency: str
    original_budget_cents: int
    approved_change_orders_cents: int
    current_budget_cents: int
    actual_cents: int
    out_of_scope_time_cents: int
    out_of_scope_minutes: int
    out_of_scope_cost_cents: int
    over_estimate_cents: int  # in-scope actuals beyond the original budget
    over_estimate_minutes: int  # in-scope hours beyond the estimate and approved change orders' hours
    unapproved_scope_cents: int
    pending_change_orders_cents: int
    pending_change_orders: list[str]
    uncovered_cents: int  # unapproved scope that not even the pending change orders would cover
    items: list[ScopeItem]
    command: str | None  # the add-change-order command that covers what is uncovered


def _hours_arg(minutes: int) -> str:
    return format_hours(minutes).removesuffix("h")


def suggestion(p: ProjectScope) -> str | None:
    if p.uncovered_cents <= 0:
        return None
    parts = []
    if p.out_of_scope_time_cents or p.out_of_scope_minutes:
        parts.append(
            f"out-of-scope time {format_hours(p.out_of_scope_minutes)} "
            f"({format_money(p.out_of_scope_time_cents, p.currency)})"
        )
    if p.out_of_scope_cost_cents:
        parts.append(f"out-of-scope costs {format_money(p.out_of_scope_cost_cents, p.currency)}")
    if p.over_estimate_cents:
        parts.append(f"actuals {format_money(p.over_estimate_cents, p.currency)} beyond the estimate")
    reason = "; ".join(parts) or "work beyond the agreed scope"
    minutes = p.out_of_scope_minutes + p.over_estimate_minutes
    cmd = [
        "amtui",
        "add-change-order",
        p.project,
        f"Additional scope: {p.name}",
        "--amount",
        cents_to_decimal_str(p.uncovered_cents),
    ]
    if minutes > 0:
        cmd += ["--hours", _hours_arg(minutes)]
    cmd += ["--reason", reason[:1].upper() + reason[1:]]
    return shlex.join(cmd)


def scope(
    session: Session, ref: str | None = None, *, as_of: date | None = None, include_clean: bool | None = None
) -> list[ProjectScope]:
    """Unapproved scope per active project; only projects that have some unless ``include_clean``
    (default: when ``ref`` names the selection)."""
    as_of = as_of or clock.today()
    include_clean = bool(ref) if include_clean is None else include_clean
    pq = (
        select(Project, Account.slug)
        .join(Account, col(Project.account_id) == Account.id)
        .where(Project.status != "archived")
        .order_by(Account.slug, Project.slug)
    )
    if ref is not None:
        pq = pq.where(col(Project.id).in_(project_ids(session, ref)))
    projects = list(session.exec(pq))
    ids = [p.id for p, _ in projects if p.id is not None]
    t = TimeEntry
    oos_t = col(t.out_of_scope).is_(True)
    time_rows = _all(
        session,
        sa_select(
            col(t.project_id),
            func.sum(t.amount_cents),
            func.sum(case((oos_t, t.amount_cents), else_=0)),
            func.sum(case((oos_t, t.minutes), else_=0)),
            func.sum(case((oos_t, 0), else_=t.minutes)),
        )
        .where(col(t.project_id).in_(ids), col(t.entry_date) <= as_of)
        .group_by(col(t.project_id)),
    )
    times = {int(r[0]): tuple(int(x or 0) for x in r[1:]) for r in time_rows}
    c = CostEntry
    oos_c = col(c.out_of_scope).is_(True)
    cost_rows = _all(
        session,
        sa_select(
            col(c.project_id), func.sum(c.amount_cents), func.sum(case((oos_c, c.amount_cents), else_=0))
        )
        .where(col(c.project_id).in_(ids), col(c.entry_date) <= as_of)
        .group_by(col(c.project_id)),
    )
    costs = {int(r[0]): tuple(int(x or 0) for x in r[1:]) for r in cost_rows}
    change_orders = change_order_totals(session, as_of, ids)
    health = {h.project: h for h in healths_for(session, projects, as_of=as_of)}
    pending_numbers: dict[int, list[str]] = {}
    is_pending, pending_ps = status_in(CO_PENDING)
    for pid, n in rows(
        session,
        f"SELECT project_id, number FROM change_order WHERE project_id IN ({marks(ids)}) AND {is_pending} "
        "ORDER BY number",
        [*ids, *pending_ps],
    ):
        pending_numbers.setdefault(int(pid), []).append(f"CO-{n}")
    item_rows = _all(
        session,
        sa_select(
            col(t.project_id),
            col(t.team),
            func.count(),
            func.sum(t.minutes),
            func.sum(t.amount_cents),
            func.min(t.entry_date),
            func.max(t.entry_date),
        )
        .where(col(t.project_id).in_(ids), oos_t, col(t.entry_date) <= as_of)
        .group_by(col(t.project_id), col(t.team)),
    )
    items: dict[int, list[ScopeItem]] = {}
    for pid, team, n, minutes, cents, first, last in item_rows:
        items.setdefault(int(pid), []).append(
            ScopeItem("time", team, int(n), int(minutes), int(cents), first, last)
        )
    for pid, n, cents, first, last in _all(
        session,
        sa_select(
            col(c.project_id),
            func.count(),
            func.sum(c.amount_cents),
            func.min(c.entry_date),
            func.max(c.entry_date),
        )
        .where(col(c.project_id).in_(ids), oos_c, col(c.entry_date) <= as_of)
        .group_by(col(c.project_id)),
    ):
        items.setdefault(int(pid), []).append(ScopeItem("cost", None, int(n), 0, int(cents), first, last))

    out: list[ProjectScope] = []
    for p, acc in projects:
        assert p.id is not None
        time_all, time_oos, min_oos, min_in = times.get(p.id, (0, 0, 0, 0))
        cost_all, cost_oos = costs.get(p.id, (0, 0))
        h = health.get(f"{acc}/{p.slug}")
        if h is None:  # not started by as_of: no figure before a project started (budget.healths_for)
            continue
        approved, pending = h.approved_change_orders_cents, h.pending_change_orders_cents
        in_scope = h.actual_cents - time_oos - cost_oos
        over = beyond_estimate(in_scope, h.original_budget_cents)
        unapproved = h.unapproved_scope_cents
        over_min = 0
        if p.budget_minutes is not None:
            covered = change_orders.get(p.id, ChangeOrderTotals()).approved_minutes
            over_min = max(0, min_in - p.budget_minutes - max(0, covered))
        if unapproved <= 0 and not include_clean:
            continue
        row = ProjectScope(
            project=f"{acc}/{p.slug}",
            account=acc,
            name=p.name,
            currency=p.currency,
            original_budget_cents=h.original_budget_cents,
            approved_change_orders_cents=approved,
            current_budget_cents=h.current_budget_cents,
            actual_cents=h.actual_cents,
            out_of_scope_time_cents=time_oos,
            out_of_scope_minutes=min_oos,
            out_of_scope_cost_cents=cost_oos,
            over_estimate_cents=over,
            over_estimate_minutes=over_min if unapproved > 0 else 0,
            unapproved_scope_cents=unapproved,
            pending_change_orders_cents=pending,
            pending_change_orders=pending_numbers.get(p.id, []),
            uncovered_cents=max(0, unapproved - max(0, pending)),
            items=sorted(items.get(p.id, []), key=lambda i: -i.amount_cents),
            command=None,
        )
        out.append(_with_command(row))
    return out


def _all(session: Session, q: Any) -> list[Any]:
    """Core rows (plain tuples) for aggregate queries."""
    return list(session.connection().execute(q).all())


def _with_command(row: ProjectScope) -> ProjectScope:
    from dataclasses import replace

    return replace(row, command=suggestion(row))
