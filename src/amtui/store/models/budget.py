"""Actuals: time and costs booked against projects."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Index
from sqlmodel import Field, SQLModel

from amtui.store.models import project as _project  # noqa: F401 - foreign-key target, registered first
from amtui.store.models.base import utcnow
from amtui.store.models.choices import TEAMS  # noqa: F401 - re-exported: the teams time is logged by


class TimeEntry(SQLModel, table=True):
    __tablename__ = "time_entry"
    __table_args__ = (
        # Covering index for budget rollups: everything the aggregates read, in project/date order.
        Index(
            "ix_time_entry_rollup",
            "project_id",
            "entry_date",
            "minutes",
            "amount_cents",
            "billable",
            "out_of_scope",
            "cost_cents",
        ),
    )

    id: int | None = Field(default=None, primary_key=True)
    project_id: int = Field(foreign_key="project.id")
    entry_date: date
    minutes: int
    rate_cents: int = 0
    # minutes × rate, rounded half up to the cent once, at entry time.
    amount_cents: int = 0
    # What the hour costs the agency, and minutes × that (revision 0801); None when not known.
    cost_rate_cents: int | None = None
    cost_cents: int | None = None
    team: str | None = Field(default=None, max_length=20)
    person: str | None = Field(default=None, max_length=120)
    billable: bool = True
    out_of_scope: bool = False
    note: str | None = None
    source: str = Field(default="cli", max_length=20)
    # Stable key of an imported row, so importing the same file twice imports nothing the second time.
    source_key: str | None = Field(default=None, max_length=64, unique=True)
    created_at: datetime = Field(default_factory=utcnow)


class CostEntry(SQLModel, table=True):
    __tablename__ = "cost_entry"
    __table_args__ = (
        Index("ix_cost_entry_rollup", "project_id", "entry_date", "amount_cents", "billable", "out_of_scope"),
    )

    id: int | None = Field(default=None, primary_key=True)
    project_id: int = Field(foreign_key="project.id")
    entry_date: date
    amount_cents: int
    note: str | None = None
    billable: bool = True
    out_of_scope: bool = False
    created_at: datetime = Field(default_factory=utcnow)
