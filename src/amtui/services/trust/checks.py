"""``amtui check``: is the book sound? SQLite's own checks plus the domain's invariants.

Invariants live in a small registry so every capability adds its own next to its code::

    from amtui.services.trust.checks import invariant

    @invariant("milestone-order", "milestones end after they start")
    def _milestones(session: Session) -> list[str]:
        return [f"milestone #{i} ends before it starts" for (i,) in session.execute(...)]

An invariant that names tables is also a guard: every unit of work that writes one of them runs it before
committing and rolls back on a problem it brought (:func:`guard`). Those without tables report what older
books may hold (undated approvals, imported costs) and are only reported.

Each check is one SQL query returning the offending rows (never a Python loop over loaded rows) and answers
with one readable line per problem. A check whose table is not in this book yet is skipped.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from sqlalchemy import and_, func, text
from sqlalchemy.exc import OperationalError
from sqlmodel import Session, col, select

from amtui.core import clock
from amtui.core.errors import StateError
from amtui.core.money import format_money
from amtui.services.money.rules import (
    CO_BILLED,
    CO_DECIDED,
    INVOICE_ISSUED,
    INVOICE_VOID,
    approved_as_of,
    invoice_status_sql,
    status_in,
)
from amtui.store.engine import Store, sqlite_checks
from amtui.store.models import Account, ChangeOrder, Invoice, Payment, Project, TimeEntry
from amtui.store.sql import rows

if TYPE_CHECKING:
    from amtui.store.uow import UnitOfWork

Check = Callable[[Session], list[str]]


@dataclass(frozen=True)
class Invariant:
    name: str
    description: str
    check: Check
    #: The tables whose writes can break it: a unit of work touching one runs it before committing.
    tables: frozenset[str] = frozenset()


@dataclass(frozen=True)
class CheckResult:
    name: str
    description: str
    ok: bool
    problems: list[str]


REGISTRY: dict[str, Invariant] = {}


def invariant(name: str, description: str, *tables: str) -> Callable[[Check], Check]:
    """Register a domain invariant (see the module docstring). Names are unique; ``tables`` are those whose
    writes can break it (the guard runs it after each of them)."""

    def wrap(fn: Check) -> Check:
        REGISTRY[name] = Invariant(name, description, fn, frozenset(tables))
        return fn

    return wrap


def run_checks(store: Store) -> list[CheckResult]:
    """SQLite integrity and foreign keys first, then every registered invariant, in name order."""
    sqlite = sqlite_checks(store.engine)
    results = [CheckResult("sqlite", "SQLite integrity_check and foreign_key_check", not sqlite, sqlite)]
    with store.read() as s:
        for inv in sorted(REGISTRY.values(), key=lambda i: i.name):
            try:
                problems = inv.check(s)
            except OperationalError as exc:  # a table this book does not have (yet)
                problems = [] if "no such" in str(exc) else [f"check failed: {str(exc).splitlines()[0]}"]
            results.append(CheckResult(inv.name, inv.description, not problems, problems))
    return results


def guard(uow: UnitOfWork) -> None:
    """The invariants the unit of work's tables can break, on its own transaction, before it commits: the
    first problem it brings raises :class:`StateError` (and so rolls it back). A problem the committed book
    already had (an older book) is not this write's doing and does not stop it."""
    wanted = [i for i in sorted(REGISTRY.values(), key=lambda i: i.name) if i.tables & uow.touched]
    if not wanted:
        return
    uow.session.flush()
    for inv in wanted:
        try:
            problems = inv.check(uow.session)
        except OperationalError:
            continue  # a table this book does not have (yet)
        if problems and (new := _new_problems(uow, inv, problems)):
            raise StateError(f"refused: {new[0]} ({inv.name}); nothing was changed")


def _new_problems(uow: UnitOfWork, inv: Invariant, problems: list[str]) -> list[str]:
    """``problems`` less those the committed book shows already (read on a connection of its own)."""
    from sqlmodel import Session

    engine = uow.session.get_bind().engine
    with Session(engine) as before:
        try:
            old = set(inv.check(before))
        except OperationalError:
            old = set()
    return [p for p in problems if p not in old]


# ---------------------------------------------------------------------------------------------- built-ins


@invariant(
    "payments-within-invoice",
    "the payments of an invoice add up to no more than its amount",
    "payment",
    "invoice",
)
def _payments(session: Session) -> list[str]:
    paid = func.sum(Payment.amount_cents)
    q = (
        select(Invoice.number, Invoice.amount_cents, Invoice.currency, paid)
        .join(Payment, col(Payment.invoice_id) == Invoice.id)
        .where(col(Invoice.amount_cents) >= 0)
        .group_by(col(Invoice.id))
        .having(paid > Invoice.amount_cents)
    )
    return [
        f"invoice {n}: paid {format_money(p, c)} of {format_money(a, c)}" for n, a, c, p in session.exec(q)
    ]


@invariant(
    "no-time-after-archive",
    "no time is logged on an archived project after the day it was archived",
)
def _time_after_archive(session: Session) -> list[str]:
    q = (
        select(Project.slug, func.count(), func.min(TimeEntry.entry_date))
        .join(TimeEntry, col(TimeEntry.project_id) == Project.id)
        .where(
            Project.status == "archived",
            col(Project.archived_at).is_not(None),
            col(TimeEntry.entry_date) > func.date(Project.archived_at),
        )
        .group_by(col(Project.id))
    )
    return [
        f"project {slug}: {n} time entries after it was archived (first {first})"
        for slug, n, first in session.exec(q)
    ]


@invariant("contact-dates", "nobody leaves a client before joining it", "contact")
def _contact_dates(session: Session) -> list[str]:
    from amtui.store.models import Contact  # on use: a write about projects never builds the contact tables

    q = (
        select(Account.slug, Contact.name, col(Contact.joined_on), col(Contact.left_on))
        .join(Account, col(Account.id) == Contact.account_id)
        .where(and_(col(Contact.left_on).is_not(None), col(Contact.joined_on).is_not(None)))
        .where(col(Contact.left_on) < col(Contact.joined_on))
    )
    return [f"{a}: {n} left on {left} before joining on {j}" for a, n, j, left in session.exec(q)]


@invariant("one-primary-contact", "an account has at most one current primary contact", "contact")
def _one_primary(session: Session) -> list[str]:
    from amtui.store.models import Contact

    q = (
        select(Account.slug, func.count())
        .join(Contact, col(Contact.account_id) == Account.id)
        .where(col(Contact.is_primary), col(Contact.left_on).is_(None))
        .group_by(col(Account.id))
        .having(func.count() > 1)
    )
    return [f"{a}: {n} current primary contacts" for a, n in session.exec(q)]


@invariant(
    "decided-change-orders",
    "approved or rejected change orders have the date they were decided",
)
def _decided(session: Session) -> list[str]:
    q = select(ChangeOrder.number, ChangeOrder.status).where(
        col(ChangeOrder.status).in_(CO_DECIDED),
        col(ChangeOrder.decided_on).is_(None),
    )
    return [f"CO-{n} is {s} but has no decision date" for n, s in session.exec(q)]


@invariant("history-links", "every undo/redo in the history points at an action")
def _history(session: Session) -> list[str]:
    q = text(
        "SELECT b.id, b.kind FROM audit_batch b LEFT JOIN audit_batch t ON t.id = b.target_id "
        "WHERE b.kind != 'action' AND b.kind != 'restore' AND (t.id IS NULL OR t.kind != 'action')"
    )
    return [f"history: #{i} is a {k} of no action" for i, k in session.execute(q)]


@invariant(
    "time-cost",
    "time valued by amtui costs its minutes × its cost rate (imports keep the file's amount)",
)
def _time_cost(session: Session) -> list[str]:
    # apply_rate in SQL: minutes × rate / 60, rounded half up (integers, never negative). Imported rows
    # (with a source_key) keep the file's Cost Amount, which may rest on Harvest's rounded hours.
    q = text(
        "SELECT a.slug || '/' || p.slug, count(*), min(t.id) FROM time_entry t "
        "JOIN project p ON p.id = t.project_id JOIN account a ON a.id = p.account_id "
        "WHERE t.cost_rate_cents IS NOT NULL AND t.source_key IS NULL "
        "AND t.cost_cents IS DISTINCT FROM (t.minutes * t.cost_rate_cents + 30) / 60 "
        "GROUP BY p.id, a.slug, p.slug ORDER BY 1"
    )
    return [
        f"project {slug}: {n} time entr{'y' if n == 1 else 'ies'} whose cost is not minutes × cost rate "
        f"(first #{first})"
        for slug, n, first in session.execute(q)
    ]


@invariant(
    "invoice-status",
    "an issued invoice's status agrees with its balance (payments and credit notes)",
    "invoice",
    "payment",
)
def _invoice_status(session: Session) -> list[str]:
    issued, pi = status_in(INVOICE_ISSUED, "i.status")
    void, pv = status_in(INVOICE_VOID, "c.status")
    paid = "coalesce((SELECT sum(p.amount_cents) FROM payment p WHERE p.invoice_id = i.id), 0)"
    sql = (
        f"WITH m AS (SELECT i.id, i.number, i.status, i.currency, {paid} AS paid, i.amount_cents + "
        f"coalesce((SELECT sum(c.amount_cents) FROM invoice c WHERE c.credit_of_id = i.id AND NOT {void}), 0)"
        f" - {paid} AS balance FROM invoice i WHERE i.credit_of_id IS NULL AND {issued}) "
        "SELECT number, status, currency, balance, want FROM (SELECT id, number, status, currency, balance, "
        f"{invoice_status_sql('paid', 'balance')} AS want FROM m) AS w "
        "WHERE status IS NOT want AND balance >= 0 ORDER BY id"  # overpaid: payments-within-invoice says so
    )
    return [
        f"invoice {n} is {s} with {format_money(int(b), c)} due (it should be {want})"
        for n, s, c, b, want in rows(session, sql, [*pv, *pi])
    ]


@invariant(
    "co-invoiced",
    "a change order is invoiced exactly while a sent (not draft, not void) invoice bills it",
    # Only an invoice's send, void or undo moves this (a change order is invoiced by its invoice, never by
    # a write of its own): the guard runs it when invoices change.
    "invoice",
)
def _co_invoiced(session: Session) -> list[str]:
    billed, pb = status_in(CO_BILLED, "co.status")
    live, pl = status_in(INVOICE_ISSUED, "i.status")
    sql = (
        f"SELECT number, status, billed FROM (SELECT co.number, co.status, ({billed}) AS billed, "
        f"EXISTS (SELECT 1 FROM invoice i WHERE i.change_order_id = co.id AND {live}) AS live "
        "FROM change_order co) AS t WHERE billed != live ORDER BY number"
    )
    return [
        f"CO-{n} is {s} but no sent invoice bills it"
        if billed
        else f"CO-{n} is {s} but a sent invoice bills it"
        for n, s, billed in rows(session, sql, [*pb, *pl])
    ]


@invariant(
    "budget-not-negative",
    "a project's budget with its approved change orders is not below zero",
    "project",
    "change_order",
)
def _budget(session: Session) -> list[str]:
    approved, pa = approved_as_of(clock.today(), "co.")
    sql = (
        "SELECT slug, currency, total FROM (SELECT a.slug || '/' || p.slug AS slug, p.currency, "
        "p.budget_cents + coalesce((SELECT sum(co.amount_cents) FROM change_order co "
        f"WHERE co.project_id = p.id AND {approved}), 0) AS total "
        "FROM project p JOIN account a ON a.id = p.account_id) AS t WHERE total < 0 ORDER BY slug"
    )
    return [
        f"project {slug}: its budget with its change orders is {format_money(int(t), c)}"
        for slug, c, t in rows(session, sql, pa)
    ]
