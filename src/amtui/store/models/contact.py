"""An account's people and every touchpoint: contacts, who was primary when, and the interaction log."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Index, UniqueConstraint
from sqlmodel import Field, SQLModel

from amtui.store.models import account as _account  # noqa: F401 - the table the foreign keys name
from amtui.store.models.base import utcnow


class Contact(SQLModel, table=True):
    __tablename__ = "contact"
    __table_args__ = (UniqueConstraint("account_id", "name"),)

    id: int | None = Field(default=None, primary_key=True)
    account_id: int = Field(foreign_key="account.id", index=True)
    name: str = Field(max_length=200)
    role: str | None = Field(default=None, max_length=120)
    email: str | None = Field(default=None, max_length=200)
    phone: str | None = Field(default=None, max_length=60)
    is_primary: bool = False
    joined_on: date | None = None
    left_on: date | None = None
    created_at: datetime = Field(default_factory=utcnow)


class PrimaryContactPeriod(SQLModel, table=True):
    """Who was an account's primary contact, and when: stakeholder changes keep their history."""

    __tablename__ = "primary_contact_period"
    __table_args__ = (Index("ix_primary_contact_period_account_from", "account_id", "from_date"),)

    id: int | None = Field(default=None, primary_key=True)
    account_id: int = Field(foreign_key="account.id")
    contact_id: int = Field(foreign_key="contact.id", index=True)
    from_date: date
    to_date: date | None = None


class Interaction(SQLModel, table=True):
    __tablename__ = "interaction"
    __table_args__ = (Index("ix_interaction_account_date", "account_id", "occurred_on"),)

    id: int | None = Field(default=None, primary_key=True)
    account_id: int = Field(foreign_key="account.id")
    contact_id: int | None = Field(default=None, foreign_key="contact.id")
    kind: str = Field(default="note", max_length=20)
    occurred_on: date
    summary: str
    created_at: datetime = Field(default_factory=utcnow)
