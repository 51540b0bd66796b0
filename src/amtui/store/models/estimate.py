"""The rate card and estimates (revision 0804): what each team's hour sells and costs, and what was quoted.

What the columns mean and every rule over them: :mod:`amtui.services.estimates`.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Index, UniqueConstraint
from sqlmodel import Field, SQLModel

from amtui.store.models import account as _account  # noqa: F401 - foreign-key target, registered first
from amtui.store.models import project as _project  # noqa: F401 - foreign-key target, registered first
from amtui.store.models.base import utcnow
from amtui.store.models.choices import ESTIMATE_LINE_KINDS, ESTIMATE_STATUSES

__all__ = ["ESTIMATE_LINE_KINDS", "ESTIMATE_STATUSES", "Estimate", "EstimateLine", "EstimateVersion", "Rate"]


class Rate(SQLModel, table=True):
    """One team's bill and cost rate per hour from a date; a project's own rate wins over the book's."""

    __tablename__ = "rate"
    __table_args__ = (
        UniqueConstraint("team", "project_id", "valid_from"),
        Index("ix_rate_lookup", "team", "valid_from"),
    )

    id: int | None = Field(default=None, primary_key=True)
    team: str = Field(max_length=20)
    # None: the book's rate card; set: this project's override.
    project_id: int | None = Field(default=None, foreign_key="project.id")
    valid_from: date
    bill_cents: int
    cost_cents: int
    created_at: datetime = Field(default_factory=utcnow)


class Estimate(SQLModel, table=True):
    """A quote for an account: lines by team (hours) or fixed-price items, versioned."""

    __tablename__ = "estimate"

    id: int | None = Field(default=None, primary_key=True)
    account_id: int = Field(foreign_key="account.id", index=True)
    # The project it became (accept), or the project it was written for.
    project_id: int | None = Field(default=None, foreign_key="project.id", index=True)
    title: str = Field(max_length=200)
    status: str = Field(default="draft", max_length=20)  # draft | accepted
    billing: str = Field(default="fixed", max_length=20)  # the billing type it proposes
    currency: str = Field(default="USD", max_length=3)
    # The day whose rates price its hours.
    on_date: date
    start_on: date | None = None
    end_on: date | None = None
    # The current version's number (the one shown, edited and exported).
    version: int = 1
    accepted_version: int | None = None
    accepted_at: datetime | None = None
    assumptions: str | None = None
    exclusions: str | None = None
    template: str | None = Field(default=None, max_length=60)
    created_at: datetime = Field(default_factory=utcnow)


class EstimateVersion(SQLModel, table=True):
    """One version of an estimate: its contingency; its lines are ``estimate_line`` rows of that number."""

    __tablename__ = "estimate_version"
    __table_args__ = (UniqueConstraint("estimate_id", "number"),)

    id: int | None = Field(default=None, primary_key=True)
    estimate_id: int = Field(foreign_key="estimate.id")
    number: int
    contingency_bp: int = 0
    note: str | None = Field(default=None, max_length=500)
    created_at: datetime = Field(default_factory=utcnow)


class EstimateLine(SQLModel, table=True):
    """A line of one version: a team's hours at the rates of the estimate's date, or a fixed-price item."""

    __tablename__ = "estimate_line"
    __table_args__ = (Index("ix_estimate_line_version", "estimate_id", "version", "seq"),)

    id: int | None = Field(default=None, primary_key=True)
    estimate_id: int = Field(foreign_key="estimate.id")
    version: int
    seq: int
    kind: str = Field(max_length=10)  # hours | fixed
    team: str | None = Field(default=None, max_length=20)
    label: str | None = Field(default=None, max_length=200)
    minutes: int | None = None
    bill_rate_cents: int | None = None
    cost_rate_cents: int | None = None
    amount_cents: int
    cost_cents: int
