"""A fixed fee's billing schedule (revision 0801): what each line means is amtui.services.money.terms."""

from __future__ import annotations

from datetime import date

from sqlmodel import Field, SQLModel

from amtui.store.models import project as _project  # noqa: F401 - foreign-key target, registered first
from amtui.store.models import timeline as _timeline  # noqa: F401 - foreign-key target, registered first


class BillingLine(SQLModel, table=True):
    """One line of a fixed fee's billing schedule: a share of the fee, billable on a date or when a milestone
    is done (revision 0801)."""

    __tablename__ = "billing_line"

    id: int | None = Field(default=None, primary_key=True)
    project_id: int = Field(foreign_key="project.id", index=True)
    seq: int = 0
    share_bp: int
    due_on: date | None = None
    milestone_id: int | None = Field(default=None, foreign_key="milestone.id")
    label: str | None = Field(default=None, max_length=120)
