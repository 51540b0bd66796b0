"""Client escalations and the risk register: what went wrong or may, who owns it, by when."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Index
from sqlmodel import Field, SQLModel

from amtui.store.models import account as _account  # noqa: F401 - foreign-key target, registered first
from amtui.store.models.base import utcnow
from amtui.store.models.choices import ESCALATION_KINDS, SEVERITIES

__all__ = ["ESCALATION_KINDS", "ESCALATION_STATUSES", "SEVERITIES", "Escalation", "EscalationUpdate"]
ESCALATION_STATUSES = ("open", "resolved")


class Escalation(SQLModel, table=True):
    """An escalation (it happened: probability 5) or a risk (it may: probability 1–5); impact 1–5."""

    __tablename__ = "escalation"
    __table_args__ = (Index("ix_escalation_account_status", "account_id", "status", "severity"),)

    id: int | None = Field(default=None, primary_key=True)
    account_id: int = Field(foreign_key="account.id")
    kind: str = Field(default="escalation", max_length=12)
    summary: str = Field(max_length=500)
    severity: str = Field(default="medium", max_length=10)
    probability: int = 5
    impact: int = 3
    owner: str | None = Field(default=None, max_length=120)
    due_on: date | None = None
    plan: str | None = None
    status: str = Field(default="open", max_length=10)
    opened_on: date
    resolved_on: date | None = None
    resolution: str | None = None
    created_at: datetime = Field(default_factory=utcnow)


class EscalationUpdate(SQLModel, table=True):
    """A dated update note on an escalation or risk (``escalation edit ESC-n --note "called the CFO"``)."""

    __tablename__ = "escalation_update"
    __table_args__ = (Index("ix_escalation_update_escalation_on", "escalation_id", "on_date"),)

    id: int | None = Field(default=None, primary_key=True)
    escalation_id: int = Field(foreign_key="escalation.id")
    on_date: date
    note: str = Field(max_length=1000)
    author: str | None = Field(default=None, max_length=120)
    created_at: datetime = Field(default_factory=utcnow)
