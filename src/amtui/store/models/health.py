"""Account health history: one score per account per day, for trends."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Index
from sqlmodel import Field, SQLModel

from amtui.store.models import account as _account  # noqa: F401 - foreign-key target, registered first
from amtui.store.models.base import utcnow


class HealthSnapshot(SQLModel, table=True):
    """An account's health score on one day, with the factors that cost points (JSON), for trends."""

    __tablename__ = "health_snapshot"
    __table_args__ = (Index("ix_health_snapshot_account_on", "account_id", "taken_on", unique=True),)

    id: int | None = Field(default=None, primary_key=True)
    account_id: int = Field(foreign_key="account.id")
    taken_on: date
    score: int
    factors: str = "[]"
    created_at: datetime = Field(default_factory=utcnow)
