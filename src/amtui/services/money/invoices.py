"""Invoices, payments and credit notes. An issued invoice is never edited: it is paid, credited or voided.

``draft → sent → partial → paid`` (``credited`` when credit notes settle it), and ``draft | sent → void``
while nothing has been paid. A credit note is an invoice with a negative amount pointing at the invoice it
corrects; an invoice's balance is its amount, plus its credit notes, minus its payments — one SQL query.

Longer than 400 lines because reading, issuing, paying, crediting and voiding share one balance rule and
the change-order link's checks; split, each half would re-spell them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from sqlalchemy import Integer, cast, func
from sqlmodel import Session, col, select

from amtui.core import clock
from amtui.core.errors import ConflictError, InputError, NotFoundError, StateError
from amtui.core.money import format_money
from amtui.services.base.common import check_not_future, check_text
from amtui.services.base.refs import get_change_order, get_project, project_ids
from amtui.services.money import change_orders
from amtui.services.money.rules import (
    INVOICE_ISSUED,
    INVOICE_LISTABLE,
    INVOICE_OPEN,
    invoice_status_for,
)
from amtui.store.models import Account, ChangeOrder, Invoice, Payment, Project
from amtui.store.uow import UnitOfWork

DEFAULT_TERMS_DAYS = 30
_NUMBER = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._/-]{0,39}$")


@dataclass(frozen=True)
class InvoiceInfo:
    number: str
    project: str
    account: str
    amount_cents: int
    currency: str
    issued_on: date
    due_on: date | None
    for_month: str | None
    status: str
    sent_on: date | None
    voided_on: date | None
    void_reason: str | None
    change_order: str | None
    credit_of: str | None
    credited_cents: int  # Σ credit notes against it (positive figure)
    paid_cents: int
    balance_cents: int  # what the client still owes on it
    overdue: bool
    billed_through: date | None = None  # the last day of the work it bills (--through)


@dataclass(frozen=True)
class Settlement:
    """What a payment or credit changed: the invoice after it, and the amount moved."""

    invoice: InvoiceInfo
    amount_cents: int
    credit_note: str | None = None
    change_order: str | None = None


# ---------------------------------------------------------------------------------------------- reading


def paid_subquery(as_of: date | None = None) -> Any:
    q = select(Payment.invoice_id, func.sum(Payment.amount_cents).label("paid")).group_by(
        col(Payment.invoice_id)
    )
    if as_of is not None:
        q = q.where(Payment.paid_on <= as_of)
    return q.subquery("paid")


def credit_subquery(as_of: date | None = None) -> Any:
    credit = Invoice.__table__.alias("credit_note")  # type: ignore[attr-defined]
    q = (
        select(credit.c.credit_of_id, func.sum(credit.c.amount_cents).label("credited"))
        .where(credit.c.credit_of_id.is_not(None), credit.c.status != "void")
        .group_by(credit.c.credit_of_id)
    )
    if as_of is not None:
        q = q.where(credit.c.issued_on <= as_of)
    return q.subquery("credited")


def _rows(session: Session, *where: Any, today: date | None = None) -> list[InvoiceInfo]:
    today = today or clock.today()
    paid, credited = paid_subquery(), credit_subquery()
    original = Invoice.__table__.alias("original")  # type: ignore[attr-defined]
    q = (
        select(  # type: ignore[call-overload]
            Invoice,
            Account.slug,
            Project.slug,
            ChangeOrder.number,
            original.c.number,
            func.coalesce(paid.c.paid, 0),
            func.coalesce(credited.c.credited, 0),
        )
        .join(Project, col(Invoice.project_id) == Project.id)
        .join(Account, col(Project.account_id) == Account.id)
        .outerjoin(ChangeOrder, col(Invoice.change_order_id) == ChangeOrder.id)
        .outerjoin(original, col(Invoice.credit_of_id) == original.c.id)
        .outerjoin(paid, paid.c.invoice_id == Invoice.id)
        .outerjoin(credited, credited.c.credit_of_id == Invoice.id)
        .where(*where)
        .order_by(col(Invoice.issued_on).desc(), col(Invoice.id).desc())
    )
    out = []
    for inv, acc, proj, co_number, credit_of, paid_c, credited_c in session.exec(q):
        is_credit = inv.credit_of_id is not None
        balance = (
            inv.amount_cents + credited_c - paid_c if not is_credit and inv.status in INVOICE_ISSUED else 0
        )
        out.append(
            InvoiceInfo(
                number=inv.number,
                project=f"{acc}/{proj}",
                account=acc,
                amount_cents=inv.amount_cents,
                currency=inv.currency,
                issued_on=inv.issued_on,
                due_on=inv.due_on,
                for_month=inv.for_month,
                status=inv.status,
                sent_on=inv.sent_on,
                voided_on=inv.voided_on,
                void_reason=inv.void_reason,
                change_order=f"CO-{co_number}" if co_number is not None else None,
                credit_of=credit_of,
                credited_cents=-int(credited_c),
                paid_cents=int(paid_c),
                balance_cents=int(balance),
                overdue=bool(
                    inv.status in INVOICE_OPEN
                    and balance > 0
                    and inv.due_on is not None
                    and inv.due_on < today
                ),
                billed_through=inv.billed_through,
            )
        )
    return out


def get_invoice(session: Session, number: str) -> Invoice:
    key = number.strip()
    inv = session.exec(select(Invoice).where(func.upper(Invoice.number) == key.upper())).first()
    if inv is None:
        raise NotFoundError(f"no invoice {key!r}")
    return inv


def invoice_info(session: Session, number: str, *, today: date | None = None) -> InvoiceInfo:
    inv = get_invoice(session, number)
    return _rows(session, Invoice.id == inv.id, today=today)[0]


def infos(session: Session, numbers: list[str], *, today: date | None = None) -> dict[str, InvoiceInfo]:
    """The invoices numbered ``numbers``, by number (the Invoices screen's page, read as ``invoice list``)."""
    if not numbers:
        return {}
    return {i.number: i for i in _rows(session, col(Invoice.number).in_(numbers), today=today)}


def list_invoices(
    session: Session, ref: str | None = None, *, status: str | None = None, today: date | None = None
) -> list[InvoiceInfo]:
    """Invoices and credit notes, newest first; ``status`` may also be ``overdue``."""
    from amtui.services.base.common import check_choice

    where: list[Any] = []
    if ref is not None:
        where.append(col(Invoice.project_id).in_(project_ids(session, ref)))
    wanted = check_choice(status, INVOICE_LISTABLE, "status") if status else None
    if wanted and wanted != "overdue":
        where.append(Invoice.status == wanted)
    if wanted == "overdue":  # what can be overdue, in SQL; whether a balance is left, below
        where += [
            col(Invoice.status).in_(INVOICE_OPEN),
            col(Invoice.due_on) < (today or clock.today()),
            col(Invoice.credit_of_id).is_(None),
        ]
    rows = _rows(session, *where, today=today)
    return [r for r in rows if r.overdue] if wanted == "overdue" else rows


# ---------------------------------------------------------------------------------------------- writing


def _next_number(session: Session, prefix: str) -> str:
    n = session.exec(
        select(func.max(cast(func.substr(Invoice.number, len(prefix) + 1), Integer))).where(
            col(Invoice.number).like(f"{prefix}%")
        )
    ).one()
    return f"{prefix}{int(n or 0) + 1:04d}"


def _check_number(session: Session, number: str) -> str:
    n = number.strip()
    if not _NUMBER.match(n):
        raise InputError(
            f"bad invoice number {number!r}: letters, digits and - _ . / (at most 40), e.g. INV-2026-0007"
        )
    if session.exec(select(Invoice.id).where(func.upper(Invoice.number) == n.upper())).first() is not None:
        raise ConflictError(f"invoice {n} exists already")
    return n


def add_invoice(
    uow: UnitOfWork,
    ref: str,
    amount_cents: int,
    *,
    number: str | None = None,
    issued_on: date | None = None,
    due_on: date | None = None,
    for_month: str | None = None,
    change_order: str | None = None,
    note: str | None = None,
    billed_through: date | None = None,
) -> InvoiceInfo:
    """Raise a draft invoice. A draft marks nothing invoiced: a change order it bills must be approved and
    billed by no other invoice, and moves to ``invoiced`` when this invoice is sent (:func:`send`).
    ``billed_through`` (the work up to and including that day) goes with neither a month nor a change
    order."""
    from amtui.core.dates import parse_month

    s = uow.session
    project = get_project(s, ref)
    if amount_cents <= 0:
        raise InputError("an invoice amount must be more than zero (credit notes correct invoices)")
    issued_on = issued_on or clock.today()
    due_on = due_on or issued_on + timedelta(days=DEFAULT_TERMS_DAYS)
    if due_on < issued_on:
        raise InputError(f"due date {due_on} is before the invoice date {issued_on}")
    if billed_through is not None and (for_month is not None or change_order is not None):
        raise InputError("an invoice bills one thing: --through, --for-month or --change-order, not two")
    if billed_through is not None and project.start_on and billed_through < project.start_on:
        raise InputError(f"billed through {billed_through} is before the project starts ({project.start_on})")
    month = None
    if for_month is not None:
        first, _ = parse_month(for_month)
        month = first.strftime("%Y-%m")
    co = None
    if change_order is not None:
        co = get_change_order(s, change_order)
        if co.project_id != project.id:
            raise ConflictError(f"CO-{co.number} belongs to another project")
        if co.decided_on and issued_on < co.decided_on:
            raise InputError(
                f"invoice date {issued_on} is before CO-{co.number} was approved ({co.decided_on})"
            )
        change_orders.check_billable(s, co)
    assert project.id is not None
    inv = Invoice(
        number=_check_number(s, number) if number else _next_number(s, f"INV-{issued_on.year}-"),
        project_id=project.id,
        change_order_id=co.id if co else None,
        amount_cents=amount_cents,
        currency=project.currency,
        issued_on=issued_on,
        due_on=due_on,
        for_month=month,
        billed_through=billed_through,
        status="draft",
        note=note.strip() if note and note.strip() else None,
    )
    s.add(inv)
    s.flush()
    return invoice_info(s, inv.number)


def _open(inv: Invoice, action: str) -> None:
    if inv.status == "draft":
        raise StateError(f"{inv.number} is a draft: send it first (amtui invoice send {inv.number})")
    if inv.status == "void":
        raise StateError(f"{inv.number} is void")
    if inv.credit_of_id is not None:
        raise StateError(f"{inv.number} is a credit note; {action} the invoice it corrects")
    if inv.status not in INVOICE_OPEN:
        raise StateError(f"{inv.number} is {inv.status}: nothing is left to {action}")


def send(uow: UnitOfWork, number: str, *, on: date | None = None) -> InvoiceInfo:
    """Issue a draft. The change order it bills (if any) is invoiced from now on, as of ``on``."""
    s = uow.session
    inv = get_invoice(s, number)
    if inv.status != "draft":
        raise StateError(f"{inv.number} is {inv.status}, not a draft; it was sent on {inv.sent_on}")
    on = on or clock.today()
    if on < inv.issued_on:
        raise InputError(f"send date {on} is before the invoice date {inv.issued_on}")
    inv.status = "sent"
    inv.sent_on = on
    s.add(inv)
    if inv.change_order_id is not None and (co := s.get(ChangeOrder, inv.change_order_id)) is not None:
        change_orders.mark_invoiced(uow, co, on)
    s.flush()
    return invoice_info(s, inv.number)


def _settle(uow: UnitOfWork, inv: Invoice) -> InvoiceInfo:
    """Re-derive an open invoice's status from its balance (one SQL query)."""
    s = uow.session
    s.flush()
    info = invoice_info(s, inv.number)
    inv.status = invoice_status_for(info.paid_cents, info.balance_cents)
    s.add(inv)
    s.flush()
    return invoice_info(s, inv.number)


def record_payment(
    uow: UnitOfWork,
    number: str,
    *,
    amount_cents: int | None = None,
    on: date | None = None,
    today: date | None = None,
) -> Settlement:
    """Record money received. Without an amount, the whole balance; more than the balance is refused, and
    so is a payment dated after today (money not received yet is not a payment)."""
    check_not_future(on, today, "payment", "record a payment once the money is in")
    s = uow.session
    inv = get_invoice(s, number)
    _open(inv, "pay")
    due = invoice_info(s, inv.number).balance_cents
    amount = due if amount_cents is None else amount_cents
    if amount <= 0:
        raise InputError("a payment must be more than zero")
    if amount > due:
        raise StateError(
            f"paying {format_money(amount, inv.currency)} is more than the {format_money(due, inv.currency)} "
            f"still due on {inv.number}"
        )
    on = on or today or clock.today()
    if on < inv.issued_on:
        raise InputError(f"payment date {on} is before the invoice date {inv.issued_on}")
    assert inv.id is not None
    s.add(Payment(invoice_id=inv.id, amount_cents=amount, paid_on=on))
    return Settlement(invoice=_settle(uow, inv), amount_cents=amount)


def credit(
    uow: UnitOfWork, number: str, amount_cents: int, *, on: date | None = None, note: str | None = None
) -> Settlement:
    """Issue a credit note against an open invoice (the invoice itself is never edited)."""
    s = uow.session
    inv = get_invoice(s, number)
    _open(inv, "credit")
    if amount_cents <= 0:
        raise InputError("a credit must be more than zero")
    due = invoice_info(s, inv.number).balance_cents
    if amount_cents > due:
        raise StateError(
            f"crediting {format_money(amount_cents, inv.currency)} is more than the "
            f"{format_money(due, inv.currency)} still due on {inv.number}"
        )
    on = on or clock.today()
    if on < inv.issued_on:
        raise InputError(f"credit date {on} is before the invoice date {inv.issued_on}")
    assert inv.id is not None
    cn = Invoice(
        number=_next_number(s, f"CN-{on.year}-"),
        project_id=inv.project_id,
        credit_of_id=inv.id,
        amount_cents=-amount_cents,
        currency=inv.currency,
        issued_on=on,
        due_on=None,
        status="sent",
        sent_on=on,
        note=check_text(note, "note", max_len=500) if note else None,
    )
    s.add(cn)
    return Settlement(invoice=_settle(uow, inv), amount_cents=amount_cents, credit_note=cn.number)


def void(uow: UnitOfWork, number: str, *, on: date | None = None, reason: str | None = None) -> Settlement:
    """Void an invoice nothing was paid on (a change order it billed is approved and unbilled again)."""
    s = uow.session
    inv = get_invoice(s, number)
    info = invoice_info(s, inv.number)
    if inv.status == "void":
        raise StateError(f"{inv.number} is void already")
    if info.paid_cents > 0:
        raise StateError(
            f"{inv.number} has {format_money(info.paid_cents, inv.currency)} paid on it and cannot be "
            f"voided; credit it instead (amtui invoice credit {inv.number} AMOUNT)"
        )
    if info.credited_cents > 0:
        raise StateError(f"{inv.number} has credit notes; void them first")
    inv.status = "void"
    inv.voided_on = on or clock.today()
    inv.void_reason = reason.strip() if reason and reason.strip() else None
    s.add(inv)
    co_ref = None
    if inv.change_order_id is not None:
        co = s.get(ChangeOrder, inv.change_order_id)
        if co is not None and change_orders.unmark_invoiced(uow, co):
            co_ref = f"CO-{co.number}"
    original = s.get(Invoice, inv.credit_of_id) if inv.credit_of_id is not None else None
    if original is not None and original.status in INVOICE_ISSUED:
        _settle(uow, original)
    s.flush()
    return Settlement(invoice=invoice_info(s, inv.number), amount_cents=inv.amount_cents, change_order=co_ref)
