"""Invoices, payments and credit notes. An issued invoice is never edited: it is paid, credited or voided.

``draft → sent → partial → paid`` (``credited`` when credit notes settle it), and ``draft | sent → void``
while nothing has been paid. A credit note is an invoice with a negative amount pointing at the invoice it
corrects; an invoice's balance is its amount, plus its credit notes, minus its payments — one SQL query
(:mod:`amtui.services.money.invoice_read`, which every read of an invoice goes through).

Longer than 400 lines because reading, issuing, paying, crediting and voiding share one balance rule and
the change-order link's checks; split, each half would re-spell them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import Integer, cast, func
from sqlmodel import Session, col, select

from amtui.core import clock
from amtui.core.errors import ConflictError, InputError, NotFoundError, StateError
from amtui.core.money import format_money
from amtui.services.base.common import check_not_future, check_text
from amtui.services.base.refs import get_change_order, get_project
from amtui.services.money import change_orders

# The reads live in invoice_read (no ORM: Today and the one-liners use them on a plain connection); the
# names stay importable from here.
from amtui.services.money.invoice_read import InvoiceInfo, invoice_rows
from amtui.services.money.invoice_read import list_invoices as list_invoices
from amtui.services.money.rules import (
    INVOICE_ISSUED,
    INVOICE_OPEN,
    invoice_status_for,
)
from amtui.store.models import ChangeOrder, Invoice, Payment
from amtui.store.sql import marks
from amtui.store.uow import UnitOfWork

DEFAULT_TERMS_DAYS = 30
_NUMBER = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._/-]{0,39}$")


@dataclass(frozen=True)
class Settlement:
    """What a payment or credit changed: the invoice after it, and the amount moved."""

    invoice: InvoiceInfo
    amount_cents: int
    credit_note: str | None = None
    change_order: str | None = None


# ---------------------------------------------------------------------------------------------- reading


def get_invoice(session: Session, number: str) -> Invoice:
    key = number.strip()
    inv = session.exec(select(Invoice).where(func.upper(Invoice.number) == key.upper())).first()
    if inv is None:
        raise NotFoundError(f"no invoice {key!r}")
    return inv


def invoice_info(session: Session, number: str, *, today: date | None = None) -> InvoiceInfo:
    inv = get_invoice(session, number)
    return invoice_rows(session, "i.id = ?", [inv.id], today=today)[0]


def infos(session: Session, numbers: list[str], *, today: date | None = None) -> dict[str, InvoiceInfo]:
    """The invoices numbered ``numbers``, by number (the Invoices screen's page, read as ``invoice list``)."""
    if not numbers:
        return {}
    found = invoice_rows(session, f"i.number IN ({marks(numbers)})", numbers, today=today)
    return {i.number: i for i in found}


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
