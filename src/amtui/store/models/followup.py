"""Follow-ups: the account manager's next actions (``T-n``), each dated, optionally recurring and linked to
the project, contact, escalation, change order or logged interaction it came from."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Index
from sqlmodel import Field, SQLModel

from amtui.store.models import account as _account  # noqa: F401 - foreign-key targets, registered first
from amtui.store.models import change_order as _change_order  # noqa: F401
from amtui.store.models import contact as _contact  # noqa: F401
from amtui.store.models import escalation as _escalation  # noqa: F401
from amtui.store.models import project as _project  # noqa: F401
from amtui.store.models.base import utcnow
from amtui.store.models.choices import FOLLOW_UP_EVERY

__all__ = ["FOLLOW_UP_EVERY", "FollowUp"]


class FollowUp(SQLModel, table=True):
    """One next action. ``due_on`` is the date it was set for; ``snoozed_to`` (when snoozed) replaces it as
    the date it is due, so the original date stays visible. ``every`` repeats it when done."""

    __tablename__ = "follow_up"
    __table_args__ = (
        Index("ix_follow_up_open_due", "done_on", "due_on"),
        Index("ix_follow_up_account", "account_id", "done_on"),
    )

    id: int | None = Field(default=None, primary_key=True)
    number: int = Field(unique=True)
    account_id: int = Field(foreign_key="account.id")
    project_id: int | None = Field(default=None, foreign_key="project.id")
    contact_id: int | None = Field(default=None, foreign_key="contact.id")
    escalation_id: int | None = Field(default=None, foreign_key="escalation.id")
    change_order_id: int | None = Field(default=None, foreign_key="change_order.id")
    interaction_id: int | None = Field(default=None, foreign_key="interaction.id")
    title: str = Field(max_length=500)
    due_on: date
    snoozed_to: date | None = None
    done_on: date | None = None
    every: str | None = Field(default=None, max_length=6)
    created_on: date
    #: Grows with every change (edit, snooze, done): the calendar export's SEQUENCE.
    revision: int = 0
    created_at: datetime = Field(default_factory=utcnow)
