"""The Invoices screen's reads: every invoice a page at a time, overdue first, filtered by account and status,
and one invoice's detail (what it bills, its payments, its credit notes).

The page is chosen in SQL (one ``GROUP BY`` each over payments and credit notes gives the balance that makes
an open invoice overdue); the rows themselves are :func:`amtui.services.money.invoices.infos` — the same
reading ``invoice list`` and ``invoice show`` print, so the screen and the one-liners cannot disagree.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from amtui.services.base.common import check_choice
from amtui.services.base.paging import Page, like_pattern, like_sql, page_of_sql
from amtui.services.money.rules import INVOICE_LISTABLE, INVOICE_OPEN, INVOICE_VOID, INVOICE_WORK_ORDER
from amtui.store.sql import marks

if TYPE_CHECKING:
    from sqlmodel import Session

    from amtui.services.money.invoices import InvoiceInfo


@dataclass(frozen=True)
class PaymentLine:
    paid_on: date
    amount_cents: int


@dataclass(frozen=True)
class InvoiceDetail:
    """One invoice as the screen opens it: its figures, the payments received, the credit notes against it."""

    invoice: InvoiceInfo
    payments: list[PaymentLine]
    credits: list[InvoiceInfo]


def bills(i: InvoiceInfo) -> str:
    """What an invoice bills, in a word: ``2026-11``, ``to 2026-12-15``, ``CO-7`` or nothing."""
    if i.for_month:
        return i.for_month
    if i.billed_through:
        return f"to {i.billed_through.isoformat()}"
    return i.change_order or ""


def _late_sql() -> tuple[str, list[Any]]:
    """``1`` for an open invoice (not a credit note) past its due date with a balance left, else ``0``."""
    sql = (
        f"CASE WHEN i.credit_of_id IS NULL AND i.status IN ({marks(INVOICE_OPEN)}) AND i.due_on < ? "
        "AND i.amount_cents + COALESCE(cr.credited, 0) - COALESCE(pa.paid, 0) > 0 THEN 1 ELSE 0 END"
    )
    return sql, list(INVOICE_OPEN)


def _select(today: date, account: str | None, status: str | None) -> tuple[str, list[Any]]:
    late, late_params = _late_sql()
    rank = "CASE i.status " + " ".join(f"WHEN ? THEN {n}" for n in range(len(INVOICE_WORK_ORDER)))
    rank += f" ELSE {len(INVOICE_WORK_ORDER)} END"
    sql = (
        f"SELECT i.number AS number, i.id AS id, {late} AS late, {rank} AS rank, "
        "i.issued_on AS issued_on, i.due_on AS due_on "
        "FROM invoice i JOIN project p ON p.id = i.project_id JOIN account a ON a.id = p.account_id "
        "LEFT JOIN (SELECT credit_of_id AS id, SUM(amount_cents) AS credited FROM invoice "
        f"WHERE credit_of_id IS NOT NULL AND status NOT IN ({marks(INVOICE_VOID)}) GROUP BY credit_of_id) cr "
        "ON cr.id = i.id "
        "LEFT JOIN (SELECT invoice_id AS id, SUM(amount_cents) AS paid FROM payment GROUP BY invoice_id) pa "
        "ON pa.id = i.id"
    )
    params: list[Any] = [*late_params, today.isoformat(), *INVOICE_WORK_ORDER, *INVOICE_VOID]
    where: list[str] = []
    pattern = like_pattern(account)
    if pattern:
        where.append(like_sql("a.slug", "a.name"))
        params += [pattern, pattern]
    if status == "overdue":
        where.append(f"({late}) = 1")
        params += [*late_params, today.isoformat()]
    elif status:
        where.append("i.status = ?")
        params.append(status)
    if where:
        sql += " WHERE " + " AND ".join(where)
    # The page orders by these names inside an expression (CASE WHEN late = 1 …): PostgreSQL takes an output
    # name there only from a subquery's columns (SQLite from the select list too).
    return f"SELECT number, id, late, rank, issued_on, due_on FROM ({sql}) listed", params


def page_invoices(
    session: Session,
    *,
    today: date,
    account: str | None = None,
    status: str | None = None,
    offset: int = 0,
    limit: int = 100,
) -> Page[InvoiceInfo]:
    """Invoices and credit notes, overdue first (most days late first; then partly paid, issued, draft, paid,
    credited, void; newest first within each); ``account`` matches a slug or name anywhere, ``status`` is
    what ``invoice list --status`` takes (a stored status, or ``overdue``)."""
    from amtui.services.money.invoices import infos

    wanted = check_choice(status, INVOICE_LISTABLE, "status") if status else None
    sql, params = _select(today, account, wanted)
    ids = page_of_sql(
        session,
        sql,
        params,
        order_by="late DESC, CASE WHEN late = 1 THEN due_on END, rank, issued_on DESC, id DESC",
        offset=offset,
        limit=limit,
        row=lambda r: str(r[0]),
    )
    by_id = infos(session, ids.rows, today=today)
    return Page(rows=[by_id[i] for i in ids.rows], total=ids.total, offset=ids.offset)


def invoice_detail(session: Session, number: str, *, today: date) -> InvoiceDetail:
    """One invoice with its payments (oldest first) and the credit notes against it."""
    from sqlmodel import col, select

    from amtui.services.money.invoices import get_invoice, infos, invoice_info
    from amtui.store.models import Invoice, Payment

    inv = get_invoice(session, number)
    info = invoice_info(session, inv.number, today=today)
    payments = [
        PaymentLine(p.paid_on, p.amount_cents)
        for p in session.exec(
            select(Payment)
            .where(Payment.invoice_id == inv.id)
            .order_by(col(Payment.paid_on), col(Payment.id))
        )
    ]
    numbers = list(
        session.exec(select(Invoice.number).where(Invoice.credit_of_id == inv.id).order_by(col(Invoice.id)))
    )
    credits = infos(session, numbers, today=today)
    return InvoiceDetail(info, payments, [credits[n] for n in numbers])
