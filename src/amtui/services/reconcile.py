"""Reconciliation: what was delivered, what was invoiced, what was paid — per project, as of a date.

Delivered value follows the billing type:

- time & materials: billable, in-scope time value plus billable in-scope costs, capped at the cap (raised by
  approved change orders); out-of-scope work is not billable until a change order covers it (``amtui scope``);
- fixed fee: % complete × current fee (original + approved change orders);
- retainer: whole months elapsed since the start (within the term) × the monthly fee.

Every figure is an SQL aggregate on integer cents (one ``GROUP BY`` query per source); the per-project
arithmetic on those sums is integer-only. ``uninvoiced − overbilled = delivered − invoiced`` always holds.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import and_, func, or_, true
from sqlmodel import Session, col, select

from amtui.dates import add_months
from amtui.models import Account, ChangeOrder, CostEntry, Invoice, Payment, Project, TimeEntry
from amtui.money import format_money
from amtui.services.budget import percent_complete_bps
from amtui.services.change_orders import project_ids
from amtui.services.invoices import ISSUED, OPEN, credit_subquery, paid_subquery


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
    project: Project, *, billable_cents: int, approved_cents: int, months: int, complete_bp: int | None
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


def _sum_by_project(session: Session, q: Any) -> dict[int, int]:
    return {int(pid): int(total or 0) for pid, total in session.exec(q)}


def reconcile(
    session: Session,
    ref: str | None = None,
    *,
    as_of: date | None = None,
) -> Reconciliation:
    """Reconcile every active project (or an account's, or one project's) as of ``as_of`` (default today)."""
    as_of = as_of or date.today()
    pq = (
        select(Project, Account.slug)
        .join(Account, col(Project.account_id) == Account.id)
        .where(Project.status != "archived")
        .order_by(Account.slug, Project.slug)
    )
    if ref:
        pq = pq.where(col(Project.id).in_(project_ids(session, ref)))
    projects = list(session.exec(pq))
    ids = [p.id for p, _ in projects]
    # % complete of the fixed-fee projects as budget health knows it (milestones, else the manual figure).
    complete = percent_complete_bps(session, [p for p, _ in projects if p.billing == "fixed"])

    def selected(column: Any) -> Any:
        # The whole book needs no IN list (rows of archived projects are simply not looked up).
        return col(column).in_(ids) if ref else true()

    time_q = (
        select(TimeEntry.project_id, func.sum(TimeEntry.amount_cents))
        .where(
            selected(TimeEntry.project_id),
            col(TimeEntry.billable).is_(True),
            col(TimeEntry.out_of_scope).is_(False),
            TimeEntry.entry_date <= as_of,
        )
        .group_by(col(TimeEntry.project_id))
    )
    cost_q = (
        select(CostEntry.project_id, func.sum(CostEntry.amount_cents))
        .where(
            selected(CostEntry.project_id),
            col(CostEntry.billable).is_(True),
            col(CostEntry.out_of_scope).is_(False),
            CostEntry.entry_date <= as_of,
        )
        .group_by(col(CostEntry.project_id))
    )
    decided = or_(col(ChangeOrder.decided_on).is_(None), col(ChangeOrder.decided_on) <= as_of)
    approved_q = (
        select(ChangeOrder.project_id, func.sum(ChangeOrder.amount_cents))
        .where(
            selected(ChangeOrder.project_id),
            col(ChangeOrder.status).in_(("approved", "invoiced")),
            decided,
        )
        .group_by(col(ChangeOrder.project_id))
    )
    unbilled_co = and_(
        selected(ChangeOrder.project_id),
        decided,
        or_(
            col(ChangeOrder.status) == "approved",
            and_(col(ChangeOrder.status) == "invoiced", col(ChangeOrder.invoiced_on) > as_of),
        ),
    )
    unbilled_q = (
        select(ChangeOrder.project_id, func.sum(ChangeOrder.amount_cents))
        .where(unbilled_co)
        .group_by(col(ChangeOrder.project_id))
    )
    issued = and_(
        selected(Invoice.project_id), col(Invoice.status).in_(ISSUED), col(Invoice.issued_on) <= as_of
    )
    invoiced_q = (
        select(Invoice.project_id, func.sum(Invoice.amount_cents))
        .where(issued)
        .group_by(col(Invoice.project_id))
    )
    paid_q = (
        select(Invoice.project_id, func.sum(Payment.amount_cents))
        .join(Invoice, col(Payment.invoice_id) == Invoice.id)
        .where(issued, Payment.paid_on <= as_of)
        .group_by(col(Invoice.project_id))
    )
    time_sums, cost_sums = _sum_by_project(session, time_q), _sum_by_project(session, cost_q)
    approved, unbilled = _sum_by_project(session, approved_q), _sum_by_project(session, unbilled_q)
    invoiced, paid = _sum_by_project(session, invoiced_q), _sum_by_project(session, paid_q)

    # Overdue: open invoices past their due date, each with its balance as of the date (one query).
    paid_sq, credit_sq = paid_subquery(as_of), credit_subquery(as_of)
    balance = Invoice.amount_cents + func.coalesce(credit_sq.c.credited, 0) - func.coalesce(paid_sq.c.paid, 0)
    overdue_rows = session.exec(
        select(Invoice.project_id, Invoice.number, balance)
        .outerjoin(paid_sq, paid_sq.c.invoice_id == Invoice.id)
        .outerjoin(credit_sq, credit_sq.c.credit_of_id == Invoice.id)
        .where(
            issued,
            col(Invoice.credit_of_id).is_(None),
            col(Invoice.status).in_((*OPEN, "paid", "credited")),
            col(Invoice.due_on) < as_of,
            balance > 0,
        )
        .order_by(col(Invoice.due_on))
    )
    overdue: dict[int, list[tuple[str, int]]] = {}
    for pid, number, bal in overdue_rows:
        overdue.setdefault(int(pid), []).append((number, int(bal)))
    co_numbers: dict[int, list[str]] = {}
    for pid, n in session.exec(
        select(ChangeOrder.project_id, ChangeOrder.number)
        .where(unbilled_co)
        .order_by(col(ChangeOrder.number))
    ):
        co_numbers.setdefault(int(pid), []).append(f"CO-{n}")

    rows: list[ProjectReconciliation] = []
    for p, acc in projects:
        assert p.id is not None
        value, basis = delivered(
            p,
            billable_cents=time_sums.get(p.id, 0) + cost_sums.get(p.id, 0),
            approved_cents=approved.get(p.id, 0),
            months=months_elapsed(p.start_on, as_of, p.end_on),
            complete_bp=complete.get(p.id) if p.billing == "fixed" else None,
        )
        inv, pd = invoiced.get(p.id, 0), paid.get(p.id, 0)
        late = overdue.get(p.id, [])
        rows.append(
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
    return Reconciliation(as_of=as_of, projects=rows, totals=totals(rows))


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
