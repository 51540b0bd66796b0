"""Projects: the unit of scope, budget and delivery under an account."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Index, UniqueConstraint
from sqlmodel import Field, SQLModel

from amtui.store.models import account as _account  # noqa: F401 - foreign-key target, registered first
from amtui.store.models.base import utcnow

BILLING_TYPES = ("fixed", "tm", "retainer")
PROJECT_STATUSES = ("active", "paused", "completed", "archived")


class Project(SQLModel, table=True):
    __tablename__ = "project"
    __table_args__ = (UniqueConstraint("account_id", "slug"),)

    id: int | None = Field(default=None, primary_key=True)
    account_id: int = Field(foreign_key="account.id", index=True)
    slug: str = Field(max_length=60, index=True)
    name: str = Field(max_length=200)
    code: str | None = Field(default=None, max_length=40, index=True)
    billing: str = Field(default="fixed", max_length=20)
    currency: str = Field(default="USD", max_length=3)
    # Original budget (fee / estimate). Approved change orders are kept apart and added on top.
    budget_cents: int = 0
    # Estimated hours, in minutes; None when the project has no hours estimate.
    budget_minutes: int | None = None
    # Default hourly rate for time logged to the project.
    rate_cents: int | None = None
    # Time & materials cap (None: uncapped).
    cap_cents: int | None = None
    # Retainers: monthly fee and/or monthly hours.
    retainer_fee_cents: int | None = None
    retainer_minutes: int | None = None
    # Media budget for pacing spend (campaign performance).
    media_budget_cents: int | None = None
    # Manual % complete now, in basis points (4000 = 40%); its dated history is ``progress_entry``
    # (revision 0801), written by the same call. Milestone progress stands in when it is not set.
    complete_bp: int | None = None
    # Billing terms (revision 0801). None = the default for the billing type; what each value means and the
    # defaults: amtui.services.money.terms.
    bill_timing: str | None = Field(default=None, max_length=10)  # retainers: "advance" | "arrears"
    fee_schedule: str | None = Field(
        default=None, max_length=12
    )  # fixed fee: progress|deposit|instalments|milestones
    deposit_bp: int | None = None  # fixed fee with a deposit: its share of the fee, in basis points
    co_billing: str | None = Field(default=None, max_length=14)  # with | on-approval | on-completion
    start_on: date | None = None
    end_on: date | None = None
    status: str = Field(default="active", max_length=20)
    archived_at: datetime | None = None
    created_at: datetime = Field(default_factory=utcnow)


class ProgressEntry(SQLModel, table=True):
    """% complete as the account manager set it, dated: a past "as of" reads the figure true then (0801)."""

    __tablename__ = "progress_entry"
    __table_args__ = (Index("ix_progress_entry_project_on", "project_id", "on_date", "id"),)

    id: int | None = Field(default=None, primary_key=True)
    project_id: int = Field(foreign_key="project.id")
    on_date: date
    complete_bp: int | None
    created_at: datetime = Field(default_factory=utcnow)
