"""Change orders: scope changes as records with states, never edited once approved."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Index
from sqlmodel import Field, SQLModel

from amtui.store.models import project as _project  # noqa: F401 - foreign-key target, registered first
from amtui.store.models.base import utcnow

# The statuses and types a row may hold, and what each means: :mod:`amtui.services.money.rules`
# (``CO_STATUSES``, ``CO_TYPES`` and the sets built on them).


class ChangeOrder(SQLModel, table=True):
    __tablename__ = "change_order"
    # Covering index for budget and reconciliation rollups (Σ amount per project and status).
    __table_args__ = (Index("ix_change_order_rollup", "project_id", "status", "amount_cents"),)

    id: int | None = Field(default=None, primary_key=True)
    # Human number, CO-<number>, unique across the book.
    number: int = Field(unique=True)
    project_id: int = Field(foreign_key="project.id", index=True)
    title: str = Field(max_length=200)
    kind: str = Field(default="add", max_length=10)
    # Signed: a removal lowers the budget.
    amount_cents: int = 0
    minutes: int | None = None
    days: int | None = None
    reason: str | None = None
    requested_by: str | None = Field(default=None, max_length=120)
    status: str = Field(default="draft", max_length=20, index=True)
    created_at: datetime = Field(default_factory=utcnow)
    sent_on: date | None = None
    # Who at the client it went to (revision 0201).
    sent_to: str | None = Field(default=None, max_length=120)
    decided_on: date | None = None
    decided_by: str | None = Field(default=None, max_length=120)
    invoiced_on: date | None = None
    # How it bills, overriding the project's rule (revision 0801): with | on-approval | on-completion.
    billing: str | None = Field(default=None, max_length=14)
    voided_on: date | None = None
    void_reason: str | None = None
    # The team whose estimate line it adds to (revision 0809); None: the project as a whole.
    team: str | None = Field(default=None, max_length=20)
