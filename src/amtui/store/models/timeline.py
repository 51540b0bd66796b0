"""Timelines: milestones across teams and the finish-to-start dependencies between them."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Index, UniqueConstraint, false
from sqlmodel import Field, SQLModel

from amtui.store.models import project as _project  # noqa: F401 - foreign-key target, registered first
from amtui.store.models.base import utcnow
from amtui.store.models.choices import MILESTONE_STATUSES, MILESTONE_TEAMS

__all__ = ["MILESTONE_STATUSES", "MILESTONE_TEAMS", "Holiday", "Milestone", "MilestoneDependency"]


class Milestone(SQLModel, table=True):
    """A dated piece of delivery. Without ``start_on`` it is a point in time (its due date)."""

    __tablename__ = "milestone"
    __table_args__ = (
        # Timeline views and lateness checks read a project's milestones in due order.
        Index("ix_milestone_project_due", "project_id", "due_on", "status"),
        Index("ix_milestone_status_due", "status", "due_on"),
    )

    id: int | None = Field(default=None, primary_key=True)
    project_id: int = Field(foreign_key="project.id")
    name: str = Field(max_length=200)
    team: str = Field(default="account", max_length=20)
    owner: str | None = Field(default=None, max_length=120)
    start_on: date | None = None
    due_on: date
    status: str = Field(default="planned", max_length=20)
    # % complete weighs milestones by estimated minutes when all have them, else by weight (default 1).
    weight: int | None = None
    estimated_minutes: int | None = None
    # The client is the blocker: how many days they agreed to take to approve.
    client_approval: bool = False
    approval_days: int | None = None
    # The dates as planned (set when added, edited or moved; never by a push from a predecessor): a
    # milestone pushed later by its predecessors comes back to them when the push goes away. None: its
    # dates are the plan.
    plan_start: date | None = None
    plan_due: date | None = None
    # A date that must not move (a launch, a flight): pushes stop at it and are reported as a breach.
    fixed: bool = Field(default=False, sa_column_kwargs={"server_default": false()})
    started_on: date | None = None
    blocked_on: date | None = None
    done_on: date | None = None
    note: str | None = None
    created_at: datetime = Field(default_factory=utcnow)
    updated_at: datetime = Field(default_factory=utcnow)


class MilestoneDependency(SQLModel, table=True):
    """Finish-to-start: the successor starts no earlier than the day after the predecessor is due + lag."""

    __tablename__ = "milestone_dependency"
    __table_args__ = (UniqueConstraint("predecessor_id", "successor_id"),)

    id: int | None = Field(default=None, primary_key=True)
    predecessor_id: int = Field(foreign_key="milestone.id", index=True)
    successor_id: int = Field(foreign_key="milestone.id", index=True)
    lag_days: int = 0


class Holiday(SQLModel, table=True):
    """A day off in the book's working calendar (``amtui holidays import FILE.ics``)."""

    __tablename__ = "holiday"

    id: int | None = Field(default=None, primary_key=True)
    on_date: date = Field(unique=True)
    name: str = Field(default="", max_length=200)
    created_at: datetime = Field(default_factory=utcnow)
