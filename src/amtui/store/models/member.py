"""Who may see and change an account on a team database: one row per (account, database role)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import UniqueConstraint
from sqlmodel import Field, SQLModel

from amtui.store.models.base import utcnow


class AccountMember(SQLModel, table=True):
    """``role_name`` (a PostgreSQL role: one person) is an ``editor`` (reads and writes the account's rows) or
    a ``viewer`` (reads them). On PostgreSQL the row-level security policies of migration 0810 read this
    table; on a SQLite file (one person) it is kept for when the book moves to a team database."""

    __tablename__ = "account_member"
    # ``access`` is checked where it is written (services/clients/members.py); only ``editor`` writes.
    __table_args__ = (UniqueConstraint("account_id", "role_name"),)

    id: int | None = Field(default=None, primary_key=True)
    account_id: int = Field(foreign_key="account.id", index=True)
    role_name: str = Field(max_length=63)
    access: str = Field(max_length=10)
    created_at: datetime = Field(default_factory=utcnow)
