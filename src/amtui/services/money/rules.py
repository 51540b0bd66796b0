"""The money domain's rules, each written once: what every change-order and invoice status means, the SQL
that says it, and what "the approved change orders of a project as of a date" add up to.

Every surface (budget health, reconciliation, the check-in, scope, brief prefill, ``co show``, the TUI)
asks here instead of spelling a status list or a date rule of its own; ``tests/services/money/test_rules.py``
holds each of them to :func:`change_order_totals` and scans ``src/`` for status lists spelled elsewhere.

**The date rule.** A change order counts towards a project's budget on a date D when

- its status is approved or invoiced and it was decided on or before D; or
- it is void, was decided on or before D and voided after D: it was approved, and counted, from its
  decision until the day it was voided (``void`` on that day and after).

Only an approved change order can be voided with a decision date: ``CO_TRANSITIONS["void"]`` starts from
draft, sent or approved, and of those only approving sets ``decided_on`` (rejected and invoiced ones cannot be
voided). So "void and decided" means "approved, then voided". A void change order without a ``voided_on``
(none is written so; a hand-edited book) never counts: when it left the budget is unknown.

A change order approved without a decision date (books written before decisions were dated; ``amtui check``
flags them) counts on every date: it was approved, only when is unknown, and leaving it out would shrink a
budget the client agreed to. "Approved in a period" is then "counts at the end of the period and not at its
start", so an undated approval belongs to no month (and one voided within the period is not in it).

The SQL runs through :func:`amtui.store.sql.rows` on a session or a ``sqlite3`` connection, with
``?`` parameters built from the tuples below; importing this module loads neither SQLAlchemy nor SQLModel.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from amtui.store.sql import Db, day, marks, rows

# ---------------------------------------------------------------------------------------------- change orders

#: Every status, in the order of a change order's life.
CO_STATUSES = ("draft", "sent", "approved", "rejected", "invoiced", "void")
#: What a change order does to the budget (a ``remove`` lowers it).
CO_TYPES = ("add", "remove", "modify")
#: Part of the current budget (subject to the date rule).
CO_APPROVED = ("approved", "invoiced")
#: Not decided yet: reported beside the budget as what it would become, never counted in it.
CO_PENDING = ("draft", "sent")
#: Decided by the client: these carry a decision date.
CO_DECIDED = ("approved", "rejected", "invoiced")
#: Will never join the budget (again): a void one counted only between its approval and its void date.
CO_DROPPED = ("rejected", "void")
#: Voided: counted from its decision (when it had been approved) until its void date, never after.
CO_VOIDED = ("void",)
#: Billed by an invoice.
CO_BILLED = ("invoiced",)
#: The order an account manager works through them: what waits on the client first, the dead last.
CO_WORK_ORDER = ("sent", "draft", "approved", "invoiced", "rejected", "void")

#: action -> (statuses it may start from, status it leads to; "" = stays where it is).
CO_TRANSITIONS: dict[str, tuple[tuple[str, ...], str]] = {
    "send": (("draft",), "sent"),
    "approve": (("sent",), "approved"),
    "reject": (("sent",), "rejected"),
    "invoice": (("approved",), "invoiced"),
    "void": (("draft", "sent", "approved"), "void"),
    "edit": (CO_PENDING, ""),
}

# ---------------------------------------------------------------------------------------------- invoices

#: Every status an invoice (or credit note) is stored with.
INVOICE_STATUSES = ("draft", "sent", "partial", "paid", "credited", "void")
#: Issued and not settled: can be paid, credited, be overdue.
INVOICE_OPEN = ("sent", "partial")
#: Counts as invoiced.
INVOICE_ISSUED = ("sent", "partial", "paid", "credited")
#: Voided: counts for nothing (a void credit note corrects nothing).
INVOICE_VOID = ("void",)
#: Nothing left to collect.
INVOICE_SETTLED = ("paid", "credited")
#: What ``invoice list --status`` accepts: the stored statuses and ``overdue`` (open and past due).
INVOICE_LISTABLE = (*INVOICE_STATUSES, "overdue")
#: The order the Invoices screen lists them in, after the overdue ones: what is still to collect, the drafts
#: to send, the settled, the void.
INVOICE_WORK_ORDER = ("partial", "sent", "draft", "paid", "credited", "void")
#: How each status reads on a screen; an open invoice past its due date reads ``overdue`` instead.
INVOICE_WORDS = {
    "draft": "draft",
    "sent": "issued",
    "partial": "partly paid",
    "paid": "paid",
    "credited": "credited",
    "void": "void",
    "overdue": "overdue",
}


def invoice_word(status: str, overdue: bool) -> str:
    """The word for an invoice on a screen: ``overdue`` when it is, else its status's word."""
    return INVOICE_WORDS["overdue" if overdue else status]


# ---------------------------------------------------------------------------------------------- SQL fragments

Fragment = tuple[str, list[Any]]


def status_in(statuses: Sequence[str], column: str = "status") -> Fragment:
    """``status IN (?, ?)`` and its parameters, for any of the sets above."""
    return f"{column} IN ({marks(statuses)})", list(statuses)


def decided_by(as_of: date, prefix: str = "") -> Fragment:
    """Decided on or before ``as_of``; an undated decision counts on every date (see the module)."""
    return f"({prefix}decided_on IS NULL OR {prefix}decided_on <= ?)", [as_of.isoformat()]


def approved_as_of(as_of: date, prefix: str = "") -> Fragment:
    """The date rule (see the module): a change order that counts towards the budget on ``as_of`` —
    approved and decided by then, or approved by then and voided after it."""
    status, ps = status_in(CO_APPROVED, f"{prefix}status")
    decided, pd = decided_by(as_of, prefix)
    voided, pv = status_in(CO_VOIDED, f"{prefix}status")
    day_ = as_of.isoformat()
    was_approved = (
        f"({voided} AND {prefix}decided_on IS NOT NULL AND {prefix}decided_on <= ? AND {prefix}voided_on > ?)"
    )
    return f"(({status} AND {decided}) OR {was_approved})", [*ps, *pd, *pv, day_, day_]


def approved_between(after: date, through: date, prefix: str = "") -> Fragment:
    """Approved in the period ``after < decided_on <= through``: counts at its end and not at its start."""
    approved, pa = approved_as_of(through, prefix)
    before, pb = decided_by(after, prefix)
    return f"({approved} AND NOT {before})", [*pa, *pb]


def unbilled_as_of(as_of: date, prefix: str = "") -> Fragment:
    """Approved as of ``as_of`` and not yet invoiced on that date."""
    approved, pa = approved_as_of(as_of, prefix)
    billed, pb = status_in(CO_BILLED, f"{prefix}status")
    return f"({approved} AND NOT ({billed} AND {prefix}invoiced_on <= ?))", [*pa, *pb, as_of.isoformat()]


def counts_on(status: str, decided_on: date | None, as_of: date, voided_on: date | None = None) -> bool:
    """The date rule for one change order already in hand (the same answer as :func:`approved_as_of`)."""
    if status in CO_VOIDED:
        return decided_on is not None and decided_on <= as_of and voided_on is not None and voided_on > as_of
    return status in CO_APPROVED and (decided_on is None or decided_on <= as_of)


def _projects(ids: Sequence[int] | None) -> Fragment:
    if ids is None:
        return ("1 = 1", [])
    if not ids:  # an empty book: ``IN ()`` is SQLite's, not PostgreSQL's
        return ("1 = 0", [])
    return (f"project_id IN ({marks(ids)})", list(ids))


# ---------------------------------------------------------------------------------------------- sums


@dataclass(frozen=True)
class ChangeOrderTotals:
    """A project's change orders as of a date: what the approved ones add, what the pending ones would."""

    approved_cents: int = 0
    approved_minutes: int = 0
    pending_cents: int = 0


def change_order_totals(
    db: Db, as_of: date, ids: Sequence[int] | None = None
) -> dict[int, ChangeOrderTotals]:
    """Per project (``ids``, or the whole book when None): Σ amount and Σ hours (minutes) of the change
    orders approved as of ``as_of``, and Σ amount of the pending ones. One ``GROUP BY`` query; projects
    without change orders are absent (their totals are ``ChangeOrderTotals()``)."""
    approved, pa = approved_as_of(as_of)
    pending, pp = status_in(CO_PENDING)
    where, pw = _projects(ids)
    sql = (
        f"SELECT project_id, coalesce(sum(CASE WHEN {approved} THEN amount_cents ELSE 0 END), 0), "
        f"coalesce(sum(CASE WHEN {approved} THEN coalesce(minutes, 0) ELSE 0 END), 0), "
        f"coalesce(sum(CASE WHEN {pending} THEN amount_cents ELSE 0 END), 0) "
        f"FROM change_order WHERE {where} GROUP BY project_id"
    )
    return {
        int(pid): ChangeOrderTotals(int(cents), int(minutes), int(waiting))
        for pid, cents, minutes, waiting in rows(db, sql, [*pa, *pa, *pp, *pw])
    }


def project_change_orders(db: Db, project_id: int, as_of: date) -> ChangeOrderTotals:
    """:func:`change_order_totals` of one project."""
    return change_order_totals(db, as_of, [project_id]).get(project_id, ChangeOrderTotals())


def approved_by_team(db: Db, project_id: int, as_of: date) -> dict[str | None, tuple[int, int]]:
    """One project's change orders approved as of ``as_of`` (:func:`approved_as_of`), Σ amount and Σ minutes
    per team they were drafted for (None: for the project as a whole). Their sum is
    :func:`project_change_orders`'s ``approved_cents`` and ``approved_minutes``."""
    approved, pa = approved_as_of(as_of)
    sql = (
        "SELECT team, coalesce(sum(amount_cents), 0), coalesce(sum(coalesce(minutes, 0)), 0) "
        f"FROM change_order WHERE project_id = ? AND {approved} GROUP BY team"
    )
    return {team: (int(c), int(m)) for team, c, m in rows(db, sql, [project_id, *pa])}


@dataclass(frozen=True)
class ApprovedChangeOrder:
    project_id: int
    number: int
    title: str
    amount_cents: int
    minutes: int | None
    decided_on: date | None
    decided_by: str | None


def approved_change_orders(
    db: Db, ids: Sequence[int] | None, *, as_of: date, after: date | None = None
) -> list[ApprovedChangeOrder]:
    """The change orders :func:`change_order_totals` adds up, one by one, by number; with ``after``, only
    those approved in the period ``after < decided_on <= as_of``."""
    rule, pr = approved_as_of(as_of) if after is None else approved_between(after, as_of)
    where, pw = _projects(ids)
    sql = (
        "SELECT project_id, number, title, amount_cents, minutes, decided_on, decided_by FROM change_order "
        f"WHERE {where} AND {rule} ORDER BY number"
    )
    return [
        ApprovedChangeOrder(int(pid), int(n), title, int(cents), minutes, day(on), by)
        for pid, n, title, cents, minutes, on, by in rows(db, sql, [*pw, *pr])
    ]


# ---------------------------------------------------------------------------------------------- derived state

#: Rows whose state is derived from other rows: (table, column, the table it points at). An invoice's status
#: comes from its payments and credit notes; a change order is invoiced while a live invoice bills it. Undo
#: treats a row and the row it points at as one (a later change to either blocks undoing the other), and
#: ``amtui check`` holds each derivation (``invoice-status``, ``co-invoiced``).
DERIVED_LINKS: tuple[tuple[str, str, str], ...] = (
    ("payment", "invoice_id", "invoice"),
    ("invoice", "credit_of_id", "invoice"),
    ("invoice", "change_order_id", "change_order"),
)


def invoice_status_for(paid_cents: int, balance_cents: int) -> str:
    """An issued invoice's status from its money: settled (paid, or credited when nothing was paid), partly
    paid, or sent."""
    if balance_cents == 0:
        return "paid" if paid_cents > 0 else "credited"
    return "partial" if paid_cents > 0 else "sent"


def invoice_status_sql(paid: str, balance: str) -> str:
    """:func:`invoice_status_for` as a SQL ``CASE`` over two expressions."""
    return (
        f"CASE WHEN ({balance}) = 0 THEN (CASE WHEN ({paid}) > 0 THEN 'paid' ELSE 'credited' END) "
        f"WHEN ({paid}) > 0 THEN 'partial' ELSE 'sent' END"
    )
