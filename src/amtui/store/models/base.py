"""Shared pieces of every table: naming convention and small helpers.

Constraint names follow one convention so that Alembic's batch mode on SQLite can find and alter them.
"""

from __future__ import annotations

from datetime import datetime

from sqlmodel import SQLModel

from amtui.core import clock

NAMING_CONVENTION = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}
SQLModel.metadata.naming_convention = NAMING_CONVENTION


def utcnow() -> datetime:
    """An aware UTC timestamp, to the second (stored as UTC, read back aware)."""
    return clock.utc_now()
