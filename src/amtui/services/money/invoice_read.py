"""Reading invoices: each invoice (or credit note) with what was paid and credited against it and what the
client still owes — the one balance rule, in one SQL query through the store's runner.

An invoice's balance is its amount, plus its credit notes (negative amounts), minus its payments, while it
is issued; a credit note, a draft and a void invoice owe nothing. It is overdue while open, owing and past
its due date. ``invoice list`` and ``show``, the Invoices screen (:mod:`amtui.services.money.invoice_book`)
and Today read invoices here, on a session or a plain connection; importing this module loads no ORM.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from amtui.core import clock
from amtui.services.base.common import check_choice
from amtui.services.base.refs import project_ids
from amtui.services.money.rules import INVOICE_ISSUED, INVOICE_LISTABLE, INVOICE_OPEN, INVOICE_VOID
from amtui.store.sql import Db, day, marks, rows


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


_SELECT = (
    "SELECT i.number, a.slug, p.slug, i.amount_cents, i.currency, i.issued_on, i.due_on, i.for_month, "
    "i.status, i.sent_on, i.voided_on, i.void_reason, co.number, original.number, i.credit_of_id, "
    "coalesce(pa.paid, 0), coalesce(cr.credited, 0), i.billed_through "
    "FROM invoice i JOIN project p ON p.id = i.project_id JOIN account a ON a.id = p.account_id "
    "LEFT JOIN change_order co ON co.id = i.change_order_id "
    "LEFT JOIN invoice original ON original.id = i.credit_of_id "
    "LEFT JOIN (SELECT invoice_id, sum(amount_cents) AS paid FROM payment GROUP BY invoice_id) pa "
    "ON pa.invoice_id = i.id "
    "LEFT JOIN (SELECT credit_of_id, sum(amount_cents) AS credited FROM invoice "
    f"WHERE credit_of_id IS NOT NULL AND status NOT IN ({marks(INVOICE_VOID)}) GROUP BY credit_of_id) cr "
    "ON cr.credit_of_id = i.id "
)


def invoice_rows(
    db: Db, where: str = "", params: Sequence[Any] = (), *, today: date | None = None
) -> list[InvoiceInfo]:
    """Invoices and credit notes matching ``where`` (SQL on ``i``, the invoice; ``?`` parameters), newest
    first, with their balance and whether they are overdue on ``today``."""
    today = today or clock.today()
    sql = _SELECT + (f"WHERE {where} " if where else "") + "ORDER BY i.issued_on DESC, i.id DESC"
    out = []
    for (
        number,
        acc,
        proj,
        amount,
        currency,
        issued,
        due,
        month,
        status,
        sent,
        voided,
        void_reason,
        co_number,
        credit_of,
        credit_of_id,
        paid,
        credited,
        through,
    ) in rows(db, sql, [*INVOICE_VOID, *params]):
        is_credit = credit_of_id is not None
        balance = int(amount) + int(credited) - int(paid) if not is_credit and status in INVOICE_ISSUED else 0
        due_on = day(due)
        issued_on = day(issued)
        assert issued_on is not None
        out.append(
            InvoiceInfo(
                number=number,
                project=f"{acc}/{proj}",
                account=acc,
                amount_cents=int(amount),
                currency=currency,
                issued_on=issued_on,
                due_on=due_on,
                for_month=month,
                status=status,
                sent_on=day(sent),
                voided_on=day(voided),
                void_reason=void_reason,
                change_order=f"CO-{co_number}" if co_number is not None else None,
                credit_of=credit_of,
                credited_cents=-int(credited),
                paid_cents=int(paid),
                balance_cents=balance,
                overdue=bool(
                    status in INVOICE_OPEN and balance > 0 and due_on is not None and due_on < today
                ),
                billed_through=day(through),
            )
        )
    return out


def list_invoices(
    db: Db, ref: str | None = None, *, status: str | None = None, today: date | None = None
) -> list[InvoiceInfo]:
    """Invoices and credit notes, newest first; ``status`` may also be ``overdue``."""

    where: list[str] = []
    params: list[Any] = []
    if ref is not None:
        ids = project_ids(db, ref)
        where.append(f"i.project_id IN ({marks(ids)})")
        params += ids
    wanted = check_choice(status, INVOICE_LISTABLE, "status") if status else None
    if wanted and wanted != "overdue":
        where.append("i.status = ?")
        params.append(wanted)
    if wanted == "overdue":  # what can be overdue, in SQL; whether a balance is left, below
        where += [f"i.status IN ({marks(INVOICE_OPEN)})", "i.due_on < ?", "i.credit_of_id IS NULL"]
        params += [*INVOICE_OPEN, (today or clock.today()).isoformat()]
    found = invoice_rows(db, " AND ".join(where), params, today=today)
    return [r for r in found if r.overdue] if wanted == "overdue" else found
