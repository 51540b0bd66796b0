"""Where a project's money stands on a date: the named quantities, each defined once, read by every surface.

For a project and a date ``D`` (the knowledge is the book as it is now; inputs that change over time are
read as they stood on ``D``: % complete from its history, milestones done by ``D``, change orders by the
date rule of :mod:`amtui.services.money.rules`):

- **earned** — what the work is worth to date: T&M, billable in-scope time and costs through ``D`` (capped);
  retainer, the monthly fee accrued day by day; fixed fee, % complete × the fee. Change orders billed
  separately are earned when they become billable.
- **billable** — what the billing terms (:mod:`amtui.services.money.terms`) allow invoicing by ``D``:
  T&M, the same work through the last month end on or before ``D`` (monthly in arrears); retainer, the fee of
  each month begun (in advance) or ended (in arrears) by ``D``; fixed fee, by its schedule (progress, deposit,
  instalments, milestones); plus the change orders billed separately that are due by ``D``.
- **invoiced** — issued invoices (not drafts, not void) net of their credit notes, counted by the period they
  bill, not by the day they went out: an invoice ``--for-month 2026-11`` issued on 1 December bills November
  (an advance retainer's month counts from its first day, any other month from its last); ``--through DATE``
  bills the work through that date; an invoice for a change order bills that change order from its approval
  (one billed on completion, from its issue date); anything else bills the work through its issue date. An
  invoice issued after the project started never counts before the start (work or a change order dated
  earlier became billable only then). A credit note counts with the invoice it corrects.
- **paid** — payments on those invoices dated on or before ``D``.
- **change orders to invoice on their own** — of those billed separately, due and not invoiced, the newest
  that fit in the separately billed orders' net (removals offset additions) less what their own invoices
  bill (:func:`own_invoices`): reconcile's steps (within what is uninvoiced), Today's lines.
- **uninvoiced** = billable − invoiced when positive; **billed ahead** = invoiced − billable when positive
  (by definition beyond the terms); **WIP** = earned − invoiced (negative: billed before it was earned).
- **cost** (time at cost rate + costs) and **margin** = earned − cost: :mod:`amtui.services.money.cost`.

No figure exists for a date before a project starts: every quantity is zero until its start date, except
what was invoiced (an invoice raised early is billed ahead). Every figure is integer cents; one query per
source for the whole selection.

Longer than 400 lines because the quantities share their inputs: splitting them apart would read the book
twice or pass a dozen half-built dictionaries between modules.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from amtui.core.dates import end_of_month, months_between
from amtui.core.money import apply_rate, format_money
from amtui.services.base.refs import ProjectRow
from amtui.services.money.budget import budget_complete_bps
from amtui.services.money.budget_health import accrued, retainer_months
from amtui.services.money.cost import CostTotals, margin
from amtui.services.money.rollup import Rollup, rollups
from amtui.services.money.rules import INVOICE_ISSUED, approved_as_of, status_in
from amtui.services.money.terms import CO_SEPARATE, Terms, arrears_through, co_rule, terms_of
from amtui.store.sql import Db, day, marks, rows

FULL_BP = 10_000


@dataclass(frozen=True)
class ChangeOrderLine:
    """A change order that counts on the date, and how it bills."""

    number: int
    amount_cents: int
    decided_on: date | None
    rule: str  # with | on-approval | on-completion
    invoiced: bool  # an issued invoice bills it
    billed_cents: int = 0  # what the invoices of its own bill on the date (net of their credit notes)

    @property
    def separate(self) -> bool:
        return self.rule in CO_SEPARATE


@dataclass(frozen=True)
class Position:
    """One project's money on a date (see the module for each definition)."""

    project_id: int
    as_of: date
    currency: str
    terms: Terms
    started: bool
    earned_cents: int
    earned_basis: str
    billable_cents: int
    billable_basis: str
    billable_through: date | None  # T&M: the month end the billable work runs to (or a later cap raise)
    invoiced_cents: int
    paid_cents: int
    # Change orders billed separately, due by the date, with no issued invoice for them, that an invoice of
    # their own may bill, newest first (:func:`own_invoices`).
    unbilled_change_orders: list[tuple[str, int]] = field(default_factory=list)  # ("CO-3", amount)
    unbilled_change_orders_cents: int = 0
    cost: CostTotals = CostTotals()

    @property
    def cost_cents(self) -> int:
        return self.cost.cost_cents

    @property
    def margin_cents(self) -> int:
        return margin(self.earned_cents, self.cost)[0]

    @property
    def margin_pct(self) -> float | None:
        return margin(self.earned_cents, self.cost)[1]

    @property
    def uninvoiced_cents(self) -> int:
        return max(0, self.billable_cents - self.invoiced_cents)

    @property
    def billed_ahead_cents(self) -> int:
        return max(0, self.invoiced_cents - self.billable_cents)

    @property
    def wip_cents(self) -> int:
        return self.earned_cents - self.invoiced_cents

    @property
    def outstanding_cents(self) -> int:
        return self.invoiced_cents - self.paid_cents


# ---------------------------------------------------------------------------------------------- small rules


def percent_of(cents: int, bp: int) -> int:
    """``bp`` basis points of ``cents``, rounded half away from zero (integers only)."""
    sign = -1 if cents < 0 else 1
    q, r = divmod(abs(cents) * bp, FULL_BP)
    return sign * (q + (1 if r * 2 >= FULL_BP else 0))


def retainer_months_billable(start: date | None, end: date | None, as_of: date, timing: str) -> int:
    """Retainer months billable by ``as_of``: begun (``advance``) or ended (``arrears``), within the term.

    Month ``k`` runs from ``start + k months``; in advance it is billable on its first day, in arrears on its
    last (the day before month ``k + 1`` begins)."""
    if start is None or as_of < start:
        return 0
    n = (
        months_between(start, as_of) + 1
        if timing == "advance"
        else months_between(start, as_of + timedelta(days=1))
    )
    if end is not None and end >= start:
        n = min(n, retainer_months(start, end))
    return max(n, 0)


def monthly_fee(p: ProjectRow) -> int:
    if p.retainer_fee_cents:
        return p.retainer_fee_cents
    if p.retainer_minutes and p.rate_cents:
        return apply_rate(p.retainer_minutes, p.rate_cents)
    return 0


def invoice_period_date(
    *,
    for_month: str | None,
    billed_through: date | None,
    issued_on: date,
    co_decided_on: date | None,
    linked_to_co: bool,
    advance: bool,
    start_on: date | None = None,
) -> date:
    """The date from which an invoice counts as invoiced (see the module: matched by what it bills).

    Never before the project's start unless it was issued before it: an invoice raised after the start for
    a period, work or change order dated earlier bills what became billable at the start, not before."""
    period = _period(for_month, billed_through, issued_on, co_decided_on, linked_to_co, advance)
    if start_on is not None and period < start_on:
        return max(period, min(start_on, issued_on))
    return period


def _period(
    for_month: str | None,
    billed_through: date | None,
    issued_on: date,
    co_decided_on: date | None,
    linked_to_co: bool,
    advance: bool,
) -> date:
    if billed_through is not None:
        return billed_through
    if for_month:
        try:
            first = date.fromisoformat(f"{for_month}-01")
        except ValueError:
            return issued_on
        return first if advance else end_of_month(first)
    if linked_to_co:
        return min(issued_on, co_decided_on) if co_decided_on else issued_on
    return issued_on


def _cap_raised_on(cap_cents: int | None, lines: Sequence[ChangeOrderLine], thru: int, through: date) -> date:
    """The date a capped T&M project's work through the month end ``through`` is billable from: that month
    end, or the last approval after it of a change order with the fee when the cap bound before it (the
    work above the old cap became billable only then; an invoice for it counts from that day)."""
    later = [c for c in lines if not c.separate and c.decided_on is not None and c.decided_on > through]
    if cap_cents is None or not later:
        return through
    cap_then = cap_cents + sum(c.amount_cents for c in lines if not c.separate and c not in later)
    return max(c.decided_on for c in later if c.decided_on) if thru > cap_then else through


def own_invoices(due: Sequence[ChangeOrderLine], start_on: date | None, as_of: date) -> list[ChangeOrderLine]:
    """The change orders billed separately that an invoice of their own may bill on ``as_of``, newest first.

    Such an invoice counts from the change order's approval, so it may bill only what the change orders
    billed separately still make billable: their net (a removal billed separately offsets the additions, it
    is never an invoice to raise) less what their own invoices bill. The newest are named first and the
    first that does not fit ends the list: an older one left out is billed by the next invoice for the
    period, never later by one of its own counting back at its approval. (Reconcile's steps fit them, in this
    order, into what is uninvoiced: :func:`amtui.services.money.reconcile.steps`.)"""
    room = sum(c.amount_cents for c in due) - sum(c.billed_cents for c in due)
    candidates = [c for c in due if not c.invoiced and c.amount_cents > 0]

    def counts_from(c: ChangeOrderLine) -> date:
        # :func:`invoice_period_date` of an invoice raised for it on ``as_of``
        if c.rule != "on-approval" or c.decided_on is None:
            return as_of
        return c.decided_on if start_on is None else max(c.decided_on, min(start_on, as_of))

    out: list[ChangeOrderLine] = []
    for c in sorted(candidates, key=lambda c: (counts_from(c), c.number), reverse=True):
        if c.amount_cents > room:
            break
        out.append(c)
        room -= c.amount_cents
    return out


# ---------------------------------------------------------------------------------------------- reads


@dataclass(frozen=True)
class _Invoice:
    project_id: int
    amount_cents: int
    period: date
    change_order_id: int | None


def _change_orders(db: Db, ids: Sequence[int] | None, as_of: date) -> list[tuple[int, int, Any]]:
    rule, pr = approved_as_of(as_of)
    sel = "" if ids is None else f"project_id IN ({marks(ids)}) AND "
    sql = (
        "SELECT id, project_id, number, amount_cents, decided_on, billing FROM change_order "
        f"WHERE {sel}{rule} ORDER BY number"
    )
    return [(int(r[0]), int(r[1]), r) for r in rows(db, sql, [*(ids or []), *pr])]


def _invoices(
    db: Db,
    ids: Sequence[int] | None,
    advance: set[int],
    co_decided: dict[int, date | None],
    starts: dict[int, date | None],
) -> list[_Invoice]:
    """Issued invoices and credit notes with the date each counts from (credit notes: their invoice's)."""
    issued, ps = status_in(INVOICE_ISSUED, "i.status")
    sel = "" if ids is None else f"i.project_id IN ({marks(ids)}) AND "
    sql = (
        "SELECT i.project_id, i.amount_cents, coalesce(o.for_month, i.for_month), "
        "coalesce(o.billed_through, i.billed_through), coalesce(o.issued_on, i.issued_on), "
        "coalesce(o.change_order_id, i.change_order_id) "
        "FROM invoice i LEFT OUTER JOIN invoice o ON o.id = i.credit_of_id "
        f"WHERE {sel}{issued}"
    )
    out = []
    for pid, cents, month, through, issued_on, co_id in rows(db, sql, [*(ids or []), *ps]):
        on = day(issued_on)
        assert on is not None
        period = invoice_period_date(
            for_month=month,
            billed_through=day(through),
            issued_on=on,
            co_decided_on=co_decided.get(int(co_id)) if co_id is not None else None,
            linked_to_co=co_id is not None,
            advance=int(pid) in advance,
            start_on=starts.get(int(pid)),
        )
        out.append(_Invoice(int(pid), int(cents), period, None if co_id is None else int(co_id)))
    return out


def _paid(db: Db, ids: Sequence[int] | None, as_of: date) -> dict[int, int]:
    issued, ps = status_in(INVOICE_ISSUED, "i.status")
    sel = "" if ids is None else f"i.project_id IN ({marks(ids)}) AND "
    sql = (
        "SELECT i.project_id, coalesce(sum(pm.amount_cents), 0) FROM payment pm "
        f"JOIN invoice i ON pm.invoice_id = i.id WHERE {sel}{issued} AND pm.paid_on <= ? "
        "GROUP BY i.project_id"
    )
    return {int(pid): int(c) for pid, c in rows(db, sql, [*(ids or []), *ps, as_of.isoformat()])}


def _schedule_lines(db: Db, ids: Sequence[int], as_of: date) -> dict[int, int]:
    """Per fixed-fee project billed by instalments or milestones: the share of the fee due by ``as_of``."""
    if not ids:
        return {}
    on = as_of.isoformat()
    sql = (
        "SELECT b.project_id, coalesce(sum(CASE WHEN "
        "(b.milestone_id IS NULL AND b.due_on <= ?) OR "
        "(m.status = 'done' AND (m.done_on IS NULL OR m.done_on <= ?)) "
        "THEN b.share_bp ELSE 0 END), 0) "
        "FROM billing_line b LEFT OUTER JOIN milestone m ON m.id = b.milestone_id "
        f"WHERE b.project_id IN ({marks(ids)}) GROUP BY b.project_id"
    )
    return {int(pid): int(bp) for pid, bp in rows(db, sql, [on, on, *ids])}


# ---------------------------------------------------------------------------------------------- arithmetic


def _fixed(
    p: ProjectRow, t: Terms, *, base: int, complete: int | None, due_bp: int | None, started: bool
) -> tuple[int, str, int, str]:
    """(earned, basis, billable, basis) of a fixed fee on ``base`` (original + the change orders with it)."""
    cur = p.currency
    fee = format_money(base, cur)
    if complete is None:
        earned, e_basis = 0, "% complete not set"
    else:
        bp = max(0, min(complete, FULL_BP))
        earned, e_basis = percent_of(base, bp), f"{bp / 100:g}% of {fee}"
    if not started:
        return 0, "not started", 0, "not started"
    if t.fee_schedule == "deposit":
        deposit = percent_of(base, t.deposit_bp or 0)
        if earned > deposit:
            return earned, e_basis, earned, f"{e_basis} (past the deposit)"
        return earned, e_basis, deposit, f"{(t.deposit_bp or 0) / 100:g}% deposit of {fee}"
    if t.fee_schedule in ("instalments", "milestones"):
        share = max(0, min(due_bp or 0, FULL_BP))
        what = "instalments" if t.fee_schedule == "instalments" else "milestone lines"
        return earned, e_basis, percent_of(base, share), f"{share / 100:g}% of {fee} by {what} due"
    return earned, e_basis, earned, e_basis


def positions(
    db: Db,
    projects: Sequence[ProjectRow],
    as_of: date,
    *,
    complete: dict[int, int | None] | None = None,
    billing: bool = True,
    rolled: dict[int, Rollup] | None = None,
) -> dict[int, Position]:
    """:class:`Position` of each project on ``as_of``, in a handful of queries whatever the selection's size.

    The time and cost sums are read for the selection only (:func:`amtui.services.money.rollup.rollups`);
    the other aggregates of a long selection (the whole book) run over every project rather than an ``IN``
    list of thousands.
    A caller that read the sums already (budget health) passes them as ``rolled`` and its ``complete``;
    ``billing=False`` leaves invoices and payments unread when only earned, cost and margin are wanted."""
    from amtui.services.money.budget import IN_LIST_MAX

    if not projects:
        return {}
    all_ids = [p.id for p in projects]
    ids: list[int] | None = all_ids if len(all_ids) <= IN_LIST_MAX else None
    terms = {p.id: terms_of(p) for p in projects}
    through = arrears_through(as_of)
    sums = rollups(db, as_of, all_ids) if rolled is None else rolled
    if complete is None:
        complete = budget_complete_bps(db, [p for p in projects if p.billing != "retainer"], as_of=as_of)
    else:  # what the caller read already (budget health), minus the retainers', as read here
        complete = {p.id: complete.get(p.id) for p in projects if p.billing != "retainer"}
    cos = _change_orders(db, ids, as_of)
    # An invoice for a change order counts from when the change order became billable: its approval, unless
    # it bills on completion (then from the invoice's own date; the completion date is not kept).
    co_decided = {
        co_id: day(r[4])
        for co_id, pid, r in cos
        if pid in terms and co_rule(terms[pid].co_billing, r[5], terms[pid].billing) != "on-completion"
    }
    advance = {
        p.id for p in projects if terms[p.id].billing == "retainer" and terms[p.id].bill_timing == "advance"
    }
    invoices = (
        _invoices(db, ids, advance, co_decided, {p.id: p.start_on for p in projects}) if billing else []
    )
    paid = _paid(db, ids, as_of) if billing else {}
    scheduled = [p.id for p in projects if terms[p.id].fee_schedule in ("instalments", "milestones")]
    due = _schedule_lines(db, scheduled, as_of)

    linked = {i.change_order_id for i in invoices if i.change_order_id is not None}
    billed: dict[int, int] = {}
    for i in invoices:
        if i.change_order_id is not None and i.period <= as_of:
            billed[i.change_order_id] = billed.get(i.change_order_id, 0) + i.amount_cents
    by_project: dict[int, list[ChangeOrderLine]] = {}
    for co_id, pid, r in cos:
        if pid not in terms:
            continue
        rule = co_rule(terms[pid].co_billing, r[5], terms[pid].billing)
        by_project.setdefault(pid, []).append(
            ChangeOrderLine(int(r[2]), int(r[3]), day(r[4]), rule, co_id in linked, billed.get(co_id, 0))
        )
    invoiced: dict[int, int] = {}
    for inv in invoices:
        if inv.period <= as_of:
            invoiced[inv.project_id] = invoiced.get(inv.project_id, 0) + inv.amount_cents

    out: dict[int, Position] = {}
    for p in projects:
        t = terms[p.id]
        started = p.start_on is None or p.start_on <= as_of
        lines = by_project.get(p.id, [])
        with_fee = sum(c.amount_cents for c in lines if not c.separate)
        done = complete.get(p.id)
        complete_now = done is not None and done >= FULL_BP
        ended = done is None and p.end_on is not None and p.end_on <= as_of
        separate_due = [c for c in lines if c.separate and (c.rule == "on-approval" or complete_now or ended)]
        sep_cents = sum(c.amount_cents for c in separate_due) if started else 0
        cur = p.currency
        bill_through: date | None = None
        if p.billing == "tm":
            sum_ = sums.get(p.id, Rollup())
            upto, thru = sum_.billable_cents, sum_.billable_through_cents
            cap = None if p.cap_cents is None else p.cap_cents + with_fee
            earned = upto if cap is None else min(upto, cap)
            billable = thru if cap is None else min(thru, cap)
            capped = f", capped at {format_money(cap, cur)}" if cap is not None and thru > cap else ""
            e_capped = f", capped at {format_money(cap, cur)}" if cap is not None and upto > cap else ""
            e_basis = f"billable time and costs{e_capped}"
            b_basis = f"billable time and costs through {through.isoformat()}{capped}"
            bill_through = _cap_raised_on(p.cap_cents, lines, thru, through)
        elif p.billing == "retainer":
            fee = monthly_fee(p)
            if not fee:
                earned = billable = 0
                e_basis = b_basis = "retainer without a monthly fee"
            else:
                earned = accrued(fee, p.start_on, as_of, p.end_on) if p.start_on else 0
                months = retainer_months_billable(p.start_on, p.end_on, as_of, t.bill_timing)
                billable = months * fee
                e_basis = f"{format_money(fee, cur)} a month, accrued by day"
                plural = "s" if months != 1 else ""
                b_basis = f"{months} month{plural} × {format_money(fee, cur)} in {t.bill_timing}"
        else:
            earned, e_basis, billable, b_basis = _fixed(
                p, t, base=p.budget_cents + with_fee, complete=done, due_bp=due.get(p.id), started=started
            )
        if not started:
            earned = billable = 0
            e_basis = b_basis = f"starts {p.start_on.isoformat() if p.start_on else '?'}"
        if sep_cents:
            numbers = ", ".join(f"CO-{c.number}" for c in separate_due)
            earned += sep_cents
            billable += sep_cents
            b_basis = f"{b_basis} + {numbers} billed separately"
        own = own_invoices(separate_due, p.start_on, as_of) if started else []
        out[p.id] = Position(
            project_id=p.id,
            as_of=as_of,
            currency=cur,
            terms=t,
            started=started,
            earned_cents=earned,
            earned_basis=e_basis,
            billable_cents=billable,
            billable_basis=b_basis,
            billable_through=bill_through,
            invoiced_cents=invoiced.get(p.id, 0),
            paid_cents=paid.get(p.id, 0),
            unbilled_change_orders=[(f"CO-{c.number}", c.amount_cents) for c in own],
            unbilled_change_orders_cents=sum(c.amount_cents for c in own),
            cost=sums.get(p.id, Rollup()).cost,
        )
    return out


def position(db: Db, project: ProjectRow, as_of: date) -> Position:
    """:func:`positions` of one project."""
    return positions(db, [project], as_of)[project.id]
