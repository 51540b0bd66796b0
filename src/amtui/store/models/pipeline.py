"""Growth pipeline: organic revenue opportunities inside existing accounts."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Index
from sqlmodel import Field, SQLModel

from amtui.store.models import account as _account  # noqa: F401 - foreign-key target, registered first
from amtui.store.models import project as _project  # noqa: F401 - foreign-key target, registered first
from amtui.store.models.base import utcnow

OPP_TYPES = ("expanded-scope", "new-channel", "additional-service", "new-brand-or-market")
OPP_STAGES = ("identified", "qualified", "proposal", "negotiation")
OPP_STATUSES = ("open", "won", "lost")


class Opportunity(SQLModel, table=True):
    __tablename__ = "opportunity"
    __table_args__ = (Index("ix_opportunity_account_status", "account_id", "status", "value_cents"),)

    id: int | None = Field(default=None, primary_key=True)
    account_id: int = Field(foreign_key="account.id")
    title: str = Field(max_length=200)
    kind: str = Field(default="expanded-scope", max_length=30)
    value_cents: int
    currency: str = Field(default="USD", max_length=3)
    # Percent, 0–100.
    probability: int
    stage: str = Field(default="identified", max_length=20)
    next_step: str | None = Field(default=None, max_length=200)
    next_on: date | None = None
    #: When the deal is expected to close (``opp add|edit --close-by DATE``); None when nobody said.
    expected_close: date | None = None
    status: str = Field(default="open", max_length=10)
    reason: str | None = None
    closed_on: date | None = None
    project_id: int | None = Field(default=None, foreign_key="project.id")
    opened_on: date
    created_at: datetime = Field(default_factory=utcnow)
