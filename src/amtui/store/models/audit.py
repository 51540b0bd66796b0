"""History: every user action is a batch of row-level events recorded in the same transaction."""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Field, SQLModel

from amtui.store.models.base import utcnow


class AuditBatch(SQLModel, table=True):
    """One user action (a one-liner, a form saved in the TUI), or the undo/redo of one.

    ``kind`` is ``action`` for what a user did, ``undo``/``redo`` for the bookkeeping batches that revert or
    re-apply the action ``target_id`` names. Only actions are undone; ``undone_at`` is set while an action is
    undone and cleared when it is redone.
    """

    __tablename__ = "audit_batch"

    id: int | None = Field(default=None, primary_key=True)
    created_at: datetime = Field(default_factory=utcnow)
    command: str = Field(max_length=500)
    undone_at: datetime | None = None
    kind: str = Field(default="action", max_length=10, sa_column_kwargs={"server_default": "action"})
    target_id: int | None = Field(default=None, foreign_key="audit_batch.id")
    #: Who did it: the database role on PostgreSQL (``current_user``), the OS user on a SQLite file.
    actor: str | None = Field(default=None, max_length=63)


class AuditEvent(SQLModel, table=True):
    """One row touched by an action: full row before and after, as JSON (None for insert/delete)."""

    __tablename__ = "audit_event"

    id: int | None = Field(default=None, primary_key=True)
    batch_id: int = Field(foreign_key="audit_batch.id", index=True)
    entity: str = Field(max_length=60)
    entity_id: int | None = Field(default=None)
    op: str = Field(max_length=10)  # insert | update | delete | bulk
    before: str | None = None
    after: str | None = None
