"""Briefs and their versions: what the team is asked to make, as the client approved it.

The text lives in versions; a brief points at its current one. A version is frozen once it has been in review
or approved: later changes make a new version, so ``brief diff`` can always show what changed since.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import UniqueConstraint
from sqlmodel import Field, SQLModel

from amtui.store.models import project as _project  # noqa: F401 - foreign-key target, registered first
from amtui.store.models.base import utcnow

BRIEF_STATUSES = ("draft", "in-review", "approved")


class Brief(SQLModel, table=True):
    __tablename__ = "brief"

    id: int | None = Field(default=None, primary_key=True)
    project_id: int = Field(foreign_key="project.id", index=True)
    template: str = Field(max_length=40)
    title: str = Field(max_length=200)
    status: str = Field(default="draft", max_length=20, index=True)
    # Number of the current version (the one shown, edited and exported).
    version: int = 1
    approved_by: str | None = Field(default=None, max_length=120)
    approved_at: datetime | None = None
    created_at: datetime = Field(default_factory=utcnow)
    updated_at: datetime = Field(default_factory=utcnow)


class BriefVersion(SQLModel, table=True):
    """The whole brief as Markdown at one version; sections are parsed from it (the format round-trips)."""

    __tablename__ = "brief_version"
    __table_args__ = (UniqueConstraint("brief_id", "number"),)

    id: int | None = Field(default=None, primary_key=True)
    brief_id: int = Field(foreign_key="brief.id")
    number: int
    markdown: str
    note: str | None = Field(default=None, max_length=500)
    created_at: datetime = Field(default_factory=utcnow)
    saved_at: datetime = Field(default_factory=utcnow)
