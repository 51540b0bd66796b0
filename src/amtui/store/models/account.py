"""The client account. Its people and touchpoints are in :mod:`amtui.store.models.contact` (a separate
module, so
that a one-liner about projects, time or change orders does not build those tables: ~10 ms)."""

from __future__ import annotations

from datetime import date, datetime

from sqlmodel import Field, SQLModel

from amtui.store.models.base import utcnow

CONTRACT_TYPES = ("retainer", "project", "aor")
INTERACTION_KINDS = ("call", "meeting", "email", "presentation", "qbr", "note")


class Account(SQLModel, table=True):
    __tablename__ = "account"

    id: int | None = Field(default=None, primary_key=True)
    slug: str = Field(max_length=60, unique=True)
    name: str = Field(max_length=200)
    industry: str | None = Field(default=None, max_length=100)
    contract: str = Field(default="project", max_length=20)
    currency: str = Field(default="USD", max_length=3)
    renewal_on: date | None = None
    status: str = Field(default="active", max_length=20)
    archived_at: datetime | None = None
    notes: str | None = None
    created_at: datetime = Field(default_factory=utcnow)
    #: The optional report sections the client sees (comma-separated names from
    #: ``services/overview/audience.CLIENT_SECTIONS``; empty: none). Revision 0808.
    client_sees: str = Field(default="", max_length=200, sa_column_kwargs={"server_default": ""})
    #: The account's AM: a person's name (on a team database, their role), what the team views filter by
    #: (the rule: ``services/clients/am.py``). Revision 0812.
    am: str | None = Field(default=None, max_length=63)
