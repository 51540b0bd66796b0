"""``amtui check``: is the book sound? SQLite's own checks plus the domain's invariants.

Invariants live in a small registry so every capability adds its own next to its code::

    from amtui.services.trust.checks import invariant

    @invariant("milestone-order", "milestones end after they start")
    def _milestones(session: Session) -> list[str]:
        return [f"milestone #{i} ends before it starts" for (i,) in session.execute(...)]

Each check is one SQL query returning the offending rows (never a Python loop over loaded rows) and answers
with one readable line per problem. A check whose table is not in this book yet is skipped.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy import and_, func, text
from sqlalchemy.exc import OperationalError
from sqlmodel import Session, col, select

from amtui.core.money import format_money
from amtui.services.money.rules import CO_DECIDED
from amtui.store.engine import Store, sqlite_checks
from amtui.store.models import Account, ChangeOrder, Contact, Invoice, Payment, Project, TimeEntry

Check = Callable[[Session], list[str]]


@dataclass(frozen=True)
class Invariant:
    name: str
    description: str
    check: Check


@dataclass(frozen=True)
class CheckResult:
    name: str
    description: str
    ok: bool
    problems: list[str]


REGISTRY: dict[str, Invariant] = {}


def invariant(name: str, description: str) -> Callable[[Check], Check]:
    """Register a domain invariant (see the module docstring). Names are unique."""

    def wrap(fn: Check) -> Check:
        REGISTRY[name] = Invariant(name, description, fn)
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


# ---------------------------------------------------------------------------------------------- built-ins


@invariant("payments-within-invoice", "the payments of an invoice add up to no more than its amount")
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


@invariant("no-time-after-archive", "no time is logged on an archived project after the day it was archived")
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


@invariant("contact-dates", "nobody leaves a client before joining it")
def _contact_dates(session: Session) -> list[str]:
    q = (
        select(Account.slug, Contact.name, col(Contact.joined_on), col(Contact.left_on))
        .join(Account, col(Account.id) == Contact.account_id)
        .where(and_(col(Contact.left_on).is_not(None), col(Contact.joined_on).is_not(None)))
        .where(col(Contact.left_on) < col(Contact.joined_on))
    )
    return [f"{a}: {n} left on {left} before joining on {j}" for a, n, j, left in session.exec(q)]


@invariant("one-primary-contact", "an account has at most one current primary contact")
def _one_primary(session: Session) -> list[str]:
    q = (
        select(Account.slug, func.count())
        .join(Contact, col(Contact.account_id) == Account.id)
        .where(col(Contact.is_primary), col(Contact.left_on).is_(None))
        .group_by(col(Account.id))
        .having(func.count() > 1)
    )
    return [f"{a}: {n} current primary contacts" for a, n in session.exec(q)]


@invariant("decided-change-orders", "approved or rejected change orders have the date they were decided")
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
        "WHERE b.kind != 'action' AND (t.id IS NULL OR t.kind != 'action')"
    )
    return [f"history: #{i} is a {k} of no action" for i, k in session.execute(q)]


@invariant(
    "time-cost", "time valued by amtui costs its minutes × its cost rate (imports keep the file's amount)"
)
def _time_cost(session: Session) -> list[str]:
    # apply_rate in SQL: minutes × rate / 60, rounded half up (integers, never negative). Imported rows
    # (with a source_key) keep the file's Cost Amount, which may rest on Harvest's rounded hours.
    q = text(
        "SELECT a.slug || '/' || p.slug, count(*), min(t.id) FROM time_entry t "
        "JOIN project p ON p.id = t.project_id JOIN account a ON a.id = p.account_id "
        "WHERE t.cost_rate_cents IS NOT NULL AND t.source_key IS NULL "
        "AND t.cost_cents IS NOT (t.minutes * t.cost_rate_cents + 30) / 60 GROUP BY p.id ORDER BY 1"
    )
    return [
        f"project {slug}: {n} time entr{'y' if n == 1 else 'ies'} whose cost is not minutes × cost rate "
        f"(first #{first})"
        for slug, n, first in session.execute(q)
    ]
