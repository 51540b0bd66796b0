"""Reconciliation: what was delivered, what was invoiced, what was paid — per project, as of a date.

Delivered value follows the billing type:

- time & materials: billable, in-scope time value plus billable in-scope costs, capped at the cap (raised by
  approved change orders); out-of-scope work is not billable until a change order covers it (``amtui scope``);
- fixed fee: % complete × current fee (original + approved change orders);
- retainer: whole months elapsed since the start (within the term) × the monthly fee.

Every figure is an SQL aggregate on integer cents (one ``GROUP BY`` query per source, time and costs read
through the covering indexes ``ix_time_entry_rollup`` and ``ix_cost_entry_rollup``; the change orders as
:mod:`amtui.services.money.rules` counts them); the per-project arithmetic on those sums is integer-only.
``uninvoiced − overbilled = delivered − invoiced`` always holds.

The queries are SQL text run through :func:`amtui.store.sql.rows`: the TUI passes its session, the
CLI a plain ``sqlite3`` connection, and importing this module loads neither SQLAlchemy nor SQLModel.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from amtui.core import clock
from amtui.core.dates import add_months
from amtui.core.money import format_money
from amtui.services.base.refs import ProjectRow, project_ids, projects_with_slugs
from amtui.services.money.budget import budget_complete_bps
from amtui.services.money.rules import (
    INVOICE_ISSUED,
    ChangeOrderTotals,
    change_order_totals,
    status_in,
    unbilled_as_of,
)
from amtui.store.sql import Db, marks, rows


@dataclass(frozen=True)
class ProjectReconciliation:
    project: str
    account: str
    name: str
    billing: str
    currency: str
    delivered_cents: int
    delivered_basis: str  # how delivered value was worked out, in words
    invoiced_cents: int
    paid_cents: int
    outstanding_cents: int  # invoiced, not paid
    uninvoiced_cents: int  # delivered, not invoiced
    overbilled_cents: int  # invoiced beyond what was delivered
    overdue_cents: int
    overdue_invoices: list[str]
    uninvoiced_change_orders_cents: int
    uninvoiced_change_orders: list[str]


@dataclass(frozen=True)
class ReconciliationTotals:
    currency: str
    delivered_cents: int
    invoiced_cents: int
    paid_cents: int
    outstanding_cents: int
    uninvoiced_cents: int
    overbilled_cents: int
    overdue_cents: int
    uninvoiced_change_orders_cents: int


@dataclass(frozen=True)
class Reconciliation:
    as_of: date
    projects: list[ProjectReconciliation]
    totals: list[ReconciliationTotals]  # one per currency in the selection


# ---------------------------------------------------------------------------------------------- rules


def months_elapsed(start: date | None, as_of: date, end: date | None = None) -> int:
    """Whole months from ``start`` to ``as_of``, never more than the term ``start → end`` (rounded up)."""
    if start is None or as_of < start:
        return 0
    n = (as_of.year - start.year) * 12 + as_of.month - start.month
    if add_months(start, n) > as_of:
        n -= 1
    if end is not None and end >= start:
        term = (end.year - start.year) * 12 + end.month - start.month
        if add_months(start, term) < end:
            term += 1
        n = min(n, term)
    return max(n, 0)


def percent_of(cents: int, bp: int) -> int:
    """``bp`` basis points of ``cents``, rounded half up (integers only)."""
    q, r = divmod(cents * bp, 10_000)
    return q + (1 if r * 2 >= 10_000 else 0)


def delivered(
    project: ProjectRow, *, billable_cents: int, approved_cents: int, months: int, complete_bp: int | None
) -> tuple[int, str]:
    """Delivered value and how it was worked out, from the project's sums."""
    cur = project.currency
    if project.billing == "tm":
        if project.cap_cents is not None:
            cap = project.cap_cents + approved_cents
            if billable_cents > cap:
                return cap, f"billable time and costs, capped at {format_money(cap, cur)}"
        return billable_cents, "billable time and costs"
    if project.billing == "retainer":
        fee = project.retainer_fee_cents or 0
        if not fee:
            return 0, "retainer without a monthly fee"
        return months * fee, f"{months} month{'s' if months != 1 else ''} × {format_money(fee, cur)}"
    fee = project.budget_cents + approved_cents
    if complete_bp is None:
        return 0, "% complete not set"
    bp = max(0, min(complete_bp, 10_000))
    return percent_of(fee, bp), f"{bp / 100:g}% of {format_money(fee, cur)}"


# ---------------------------------------------------------------------------------------------- sums


def _sum_by_project(db: Db, sql: str, params: list[Any]) -> dict[int, int]:
    return {int(pid): int(total or 0) for pid, total in rows(db, sql, params)}


def reconcile(
    db: Db,
    ref: str | None = None,
    *,
    as_of: date | None = None,
) -> Reconciliation:
    """Reconcile every active project (or an account's, or one project's) as of ``as_of`` (default today).

    ``db`` is a SQLModel session or a ``sqlite3`` connection (see :mod:`amtui.store.sql`)."""
    as_of = as_of or clock.today()
    day = as_of.isoformat()
    where, params = "p.status != 'archived'", []
    if ref is not None:
        chosen = project_ids(db, ref)
        where, params = f"{where} AND p.id IN ({marks(chosen)})", chosen
    projects = projects_with_slugs(db, where, params)
    ids = [p.id for p, _ in projects]
    # % complete of the fixed-fee projects as budget health knows it on the date (dated history, milestones).
    complete = budget_complete_bps(db, [p for p, _ in projects if p.billing == "fixed"], as_of=as_of)

    def selected(column: str) -> tuple[str, list[Any]]:
        # The whole book needs no IN list (rows of archived projects are simply not looked up).
        return (f"{column} IN ({marks(ids)}) AND ", list(ids)) if ref else ("", [])

    def entries(table: str) -> tuple[str, list[Any]]:
        sel, ps = selected("project_id")
        sql = (
            f"SELECT project_id, sum(amount_cents) FROM {table} "
            f"WHERE {sel}billable IS 1 AND out_of_scope IS 0 AND entry_date <= ? GROUP BY project_id"
        )
        return sql, [*ps, day]

    co_sel, co_ps = selected("project_id")
    unbilled_rule, unbilled_rule_ps = unbilled_as_of(as_of)
    unbilled_where = f"{co_sel}{unbilled_rule}"
    unbilled_ps = [*co_ps, *unbilled_rule_ps]
    inv_sel, inv_ps = selected("i.project_id")
    issued_status, issued_status_ps = status_in(INVOICE_ISSUED, "i.status")
    issued = f"{inv_sel}{issued_status} AND i.issued_on <= ?"
    issued_ps = [*inv_ps, *issued_status_ps, day]
    invoiced_sql = (
        f"SELECT i.project_id, sum(i.amount_cents) FROM invoice i WHERE {issued} GROUP BY i.project_id"
    )
    paid_sql = (
        "SELECT i.project_id, sum(pm.amount_cents) FROM payment pm JOIN invoice i ON pm.invoice_id = i.id "
        f"WHERE {issued} AND pm.paid_on <= ? GROUP BY i.project_id"
    )
    time_sums = _sum_by_project(db, *entries("time_entry"))
    cost_sums = _sum_by_project(db, *entries("cost_entry"))
    change_orders = change_order_totals(db, as_of, ids if ref else None)
    unbilled = _sum_by_project(
        db,
        f"SELECT project_id, sum(amount_cents) FROM change_order WHERE {unbilled_where} GROUP BY project_id",
        unbilled_ps,
    )
    invoiced = _sum_by_project(db, invoiced_sql, issued_ps)
    paid = _sum_by_project(db, paid_sql, [*issued_ps, day])

    # Overdue: open invoices past their due date, each with its balance as of the date (one query): its
    # amount, plus its credit notes (not void), minus its payments, all as of the date.
    balance = "(i.amount_cents + coalesce(credited.credited, 0)) - coalesce(paid.paid, 0)"
    overdue_sql = (
        f"SELECT i.project_id, i.number, {balance} FROM invoice i "
        "LEFT OUTER JOIN (SELECT invoice_id, sum(amount_cents) AS paid FROM payment WHERE paid_on <= ? "
        "GROUP BY invoice_id) AS paid ON paid.invoice_id = i.id "
        "LEFT OUTER JOIN (SELECT credit_of_id, sum(amount_cents) AS credited FROM invoice AS credit_note "
        "WHERE credit_of_id IS NOT NULL AND status != 'void' AND issued_on <= ? GROUP BY credit_of_id) "
        "AS credited ON credited.credit_of_id = i.id "
        f"WHERE {issued} AND i.credit_of_id IS NULL AND i.due_on < ? AND {balance} > 0 ORDER BY i.due_on"
    )
    overdue: dict[int, list[tuple[str, int]]] = {}
    for pid, number, bal in rows(db, overdue_sql, [day, day, *issued_ps, day]):
        overdue.setdefault(int(pid), []).append((number, int(bal)))
    co_numbers: dict[int, list[str]] = {}
    co_sql = f"SELECT project_id, number FROM change_order WHERE {unbilled_where} ORDER BY number"
    for pid, n in rows(db, co_sql, unbilled_ps):
        co_numbers.setdefault(int(pid), []).append(f"CO-{n}")

    lines: list[ProjectReconciliation] = []
    for p, acc in projects:
        value, basis = delivered(
            p,
            billable_cents=time_sums.get(p.id, 0) + cost_sums.get(p.id, 0),
            approved_cents=change_orders.get(p.id, ChangeOrderTotals()).approved_cents,
            months=months_elapsed(p.start_on, as_of, p.end_on),
            complete_bp=complete.get(p.id) if p.billing == "fixed" else None,
        )
        inv, pd = invoiced.get(p.id, 0), paid.get(p.id, 0)
        late = overdue.get(p.id, [])
        lines.append(
            ProjectReconciliation(
                project=f"{acc}/{p.slug}",
                account=acc,
                name=p.name,
                billing=p.billing,
                currency=p.currency,
                delivered_cents=value,
                delivered_basis=basis,
                invoiced_cents=inv,
                paid_cents=pd,
                outstanding_cents=inv - pd,
                uninvoiced_cents=max(0, value - inv),
                overbilled_cents=max(0, inv - value),
                overdue_cents=sum(b for _, b in late),
                overdue_invoices=[n for n, _ in late],
                uninvoiced_change_orders_cents=unbilled.get(p.id, 0),
                uninvoiced_change_orders=co_numbers.get(p.id, []),
            )
        )
    return Reconciliation(as_of=as_of, projects=lines, totals=totals(lines))


def totals(rows: list[ProjectReconciliation]) -> list[ReconciliationTotals]:
    """Sums of the selection, one line per currency (amounts in different currencies are never added)."""
    out = []
    for cur in sorted({r.currency for r in rows}):
        sel = [r for r in rows if r.currency == cur]
        out.append(
            ReconciliationTotals(
                currency=cur,
                delivered_cents=sum(r.delivered_cents for r in sel),
                invoiced_cents=sum(r.invoiced_cents for r in sel),
                paid_cents=sum(r.paid_cents for r in sel),
                outstanding_cents=sum(r.outstanding_cents for r in sel),
                uninvoiced_cents=sum(r.uninvoiced_cents for r in sel),
                overbilled_cents=sum(r.overbilled_cents for r in sel),
                overdue_cents=sum(r.overdue_cents for r in sel),
                uninvoiced_change_orders_cents=sum(r.uninvoiced_change_orders_cents for r in sel),
            )
        )
    return out
