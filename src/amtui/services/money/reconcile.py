"""Reconciliation: what was earned, what the terms make billable, what was invoiced and paid — per
project, as of a date.

Every figure is one of :mod:`amtui.services.money.position`'s named quantities (earned, billable, invoiced,
paid, uninvoiced, billed ahead, WIP), so the Today screen, the Accounts screen and ``amtui reconcile`` give
the same figure from the same function; this module adds what is overdue and the totals per currency.
``uninvoiced − billed ahead = billable − invoiced`` always holds. ``delivered_cents`` (the name the JSON has
always had) is the earned value; ``overbilled_cents`` is the billed-ahead figure.

The queries are SQL text run through :func:`amtui.store.sql.rows`: the TUI passes its session, the
CLI a plain ``sqlite3`` connection, and importing this module loads neither SQLAlchemy nor SQLModel.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from amtui.core import clock
from amtui.core.dates import add_months
from amtui.services.base.refs import project_ids, projects_with_slugs
from amtui.services.clients.am import am_where, ams
from amtui.services.money.position import positions
from amtui.services.money.rules import INVOICE_ISSUED, status_in
from amtui.store.sql import Db, marks, rows


@dataclass(frozen=True)
class ProjectReconciliation:
    project: str
    account: str
    name: str
    billing: str
    currency: str
    delivered_cents: int  # earned (the key the JSON has always had)
    delivered_basis: str  # how the earned value was worked out, in words
    invoiced_cents: int
    paid_cents: int
    outstanding_cents: int  # invoiced, not paid
    uninvoiced_cents: int  # delivered, not invoiced
    overbilled_cents: int  # invoiced beyond what was delivered
    overdue_cents: int
    overdue_invoices: list[str]
    uninvoiced_change_orders_cents: (
        int  # part of uninvoiced: change orders billed separately an invoice of their own may bill
    )
    uninvoiced_change_orders: list[str]  # newest first (position.own_invoices)
    uninvoiced_change_order_amounts: list[int] = field(default_factory=list)  # each of the above
    billable_cents: int = 0
    billable_basis: str = ""
    billable_through: date | None = None
    billed_ahead_cents: int = 0
    wip_cents: int = 0
    started: bool = True
    cost_cents: int = 0  # time at cost rate + costs (services/money/cost.py)
    margin_cents: int = 0  # earned − cost
    margin_pct: float | None = None
    uncosted_minutes: int = 0  # time without a cost rate, left out of cost and margin
    am: str | None = None  # the account's AM (services/clients/am.py)


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
    billable_cents: int = 0
    billed_ahead_cents: int = 0
    wip_cents: int = 0
    cost_cents: int = 0
    margin_cents: int = 0


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


def reconcile(
    db: Db,
    ref: str | None = None,
    *,
    as_of: date | None = None,
    am: str | None = None,
) -> Reconciliation:
    """Reconcile every active project (or an account's, or one project's; or only one AM's accounts') as of
    ``as_of`` (default today).

    ``db`` is a SQLModel session or a ``sqlite3`` connection (see :mod:`amtui.store.sql`)."""
    as_of = as_of or clock.today()
    day = as_of.isoformat()
    where, params = "p.status != 'archived'", []
    if ref is not None:
        chosen = project_ids(db, ref)
        where, params = f"{where} AND p.id IN ({marks(chosen)})", chosen
    mine, mine_ps = am_where(am)
    projects = projects_with_slugs(db, where + mine, [*params, *mine_ps])
    by_am = ams(db)
    ids = [p.id for p, _ in projects]
    money = positions(db, [p for p, _ in projects], as_of)

    # Overdue: open invoices past their due date, each with its balance as of the date (one query): its
    # amount, plus its credit notes (not void), minus its payments, all as of the date.
    sel, sel_ps = (f"i.project_id IN ({marks(ids)}) AND ", list(ids)) if ref or am else ("", [])
    if not ids:
        sel, sel_ps = "1 = 0 AND ", []
    issued_status, issued_status_ps = status_in(INVOICE_ISSUED, "i.status")
    issued = f"{sel}{issued_status} AND i.issued_on <= ?"
    issued_ps = [*sel_ps, *issued_status_ps, day]
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

    lines: list[ProjectReconciliation] = []
    for p, acc in projects:
        m = money[p.id]
        late = overdue.get(p.id, [])
        lines.append(
            ProjectReconciliation(
                project=f"{acc}/{p.slug}",
                account=acc,
                name=p.name,
                billing=p.billing,
                currency=p.currency,
                delivered_cents=m.earned_cents,
                delivered_basis=m.earned_basis,
                invoiced_cents=m.invoiced_cents,
                paid_cents=m.paid_cents,
                outstanding_cents=m.outstanding_cents,
                uninvoiced_cents=m.uninvoiced_cents,
                overbilled_cents=m.billed_ahead_cents,
                overdue_cents=sum(b for _, b in late),
                overdue_invoices=[n for n, _ in late],
                uninvoiced_change_orders_cents=min(m.unbilled_change_orders_cents, m.uninvoiced_cents),
                uninvoiced_change_orders=[n for n, _ in m.unbilled_change_orders],
                uninvoiced_change_order_amounts=[c for _, c in m.unbilled_change_orders],
                billable_cents=m.billable_cents,
                billable_basis=m.billable_basis,
                billable_through=m.billable_through,
                billed_ahead_cents=m.billed_ahead_cents,
                wip_cents=m.wip_cents,
                started=m.started,
                cost_cents=m.cost_cents,
                margin_cents=m.margin_cents,
                margin_pct=m.margin_pct,
                uncosted_minutes=m.cost.uncosted_minutes,
                am=by_am.get(acc),
            )
        )
    return Reconciliation(as_of=as_of, projects=lines, totals=totals(lines))


def uninvoiced_by_account(r: Reconciliation) -> dict[tuple[str, str], int]:
    """Σ uninvoiced per (account, currency): the Accounts screen's column, Today's lines added up."""
    out: dict[tuple[str, str], int] = {}
    for p in r.projects:
        out[(p.account, p.currency)] = out.get((p.account, p.currency), 0) + p.uninvoiced_cents
    return out


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
                billable_cents=sum(r.billable_cents for r in sel),
                billed_ahead_cents=sum(r.billed_ahead_cents for r in sel),
                wip_cents=sum(r.wip_cents for r in sel),
                cost_cents=sum(r.cost_cents for r in sel),
                margin_cents=sum(r.margin_cents for r in sel),
            )
        )
    return out


# ------------------------------------------------------------------------------------------ what settles it


@dataclass(frozen=True)
class Step:
    """One thing that settles a non-zero figure: ``invoice`` (raise an invoice for ``amount_cents`` billing
    the work ``through`` a date, or ``change_order``), ``chase`` (an overdue invoice), ``credit`` (billed
    ahead of the terms: hold the next invoice or credit it)."""

    project: str
    kind: str
    amount_cents: int
    currency: str
    why: str
    through: date | None = None
    change_order: str | None = None
    invoices: tuple[str, ...] = ()


def steps(r: ProjectReconciliation, as_of: date) -> list[Step]:
    """What settles each non-zero figure of one project, in the order an AM would act. Following the
    invoice steps to the letter leaves nothing uninvoiced and nothing billed ahead on ``as_of``: change
    orders billed separately first (each in full, linked to it: those
    :func:`~amtui.services.money.position.own_invoices` names, newest first, until one does not fit in what
    is uninvoiced — an older one skipped now would later count back at its approval), then the rest of what
    the terms allow."""
    out: list[Step] = []
    left = r.uninvoiced_cents
    for number, cents in zip(r.uninvoiced_change_orders, r.uninvoiced_change_order_amounts, strict=True):
        if cents > left:
            break
        why = f"{number} approved, billed separately, not invoiced"
        out.append(Step(r.project, "invoice", cents, r.currency, why, change_order=number))
        left -= cents
    if left:
        out.append(
            Step(
                r.project,
                "invoice",
                left,
                r.currency,
                f"billable, not invoiced ({r.billable_basis})",
                through=r.billable_through or as_of,
            )
        )
    if r.overdue_invoices:
        out.append(
            Step(
                r.project, "chase", r.overdue_cents, r.currency, "overdue", invoices=tuple(r.overdue_invoices)
            )
        )
    if r.billed_ahead_cents:
        out.append(
            Step(
                r.project,
                "credit",
                r.billed_ahead_cents,
                r.currency,
                f"invoiced beyond what the terms allow by now ({r.billable_basis})",
            )
        )
    return out
