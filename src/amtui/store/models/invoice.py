"""Invoices, credit notes and payments. Issued invoices are never edited: void or credit them."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Index
from sqlmodel import Field, SQLModel

from amtui.store.models import change_order as _change_order  # noqa: F401 - foreign-key target, registered first
from amtui.store.models import project as _project  # noqa: F401 - foreign-key target, registered first
from amtui.store.models.base import utcnow

# The statuses an invoice may hold, and what each means: :mod:`amtui.services.money.rules` (``INVOICE_*``).


class Invoice(SQLModel, table=True):
    __tablename__ = "invoice"
    __table_args__ = (Index("ix_invoice_project_status", "project_id", "status", "amount_cents"),)

    id: int | None = Field(default=None, primary_key=True)
    number: str = Field(max_length=40, unique=True)
    project_id: int = Field(foreign_key="project.id")
    change_order_id: int | None = Field(default=None, foreign_key="change_order.id", index=True)
    # A credit note is an invoice with a negative amount that points at the invoice it corrects.
    credit_of_id: int | None = Field(default=None, foreign_key="invoice.id", index=True)
    amount_cents: int
    currency: str = Field(default="USD", max_length=3)
    issued_on: date
    due_on: date | None = None
    for_month: str | None = Field(default=None, max_length=7)
    # The last day of the work it bills, when not a calendar month (revision 0801).
    billed_through: date | None = None
    status: str = Field(default="draft", max_length=20)
    sent_on: date | None = None
    voided_on: date | None = None
    void_reason: str | None = None
    note: str | None = None
    created_at: datetime = Field(default_factory=utcnow)


class Payment(SQLModel, table=True):
    __tablename__ = "payment"
    # Covering index for "paid as of" sums per invoice (revision 0201).
    __table_args__ = (Index("ix_payment_rollup", "invoice_id", "paid_on", "amount_cents"),)

    id: int | None = Field(default=None, primary_key=True)
    invoice_id: int = Field(foreign_key="invoice.id", index=True)
    amount_cents: int
    paid_on: date
    created_at: datetime = Field(default_factory=utcnow)
