"""A screen's read on a plain driver connection: the book file's ``sqlite3`` or a team database's psycopg
(:class:`amtui.store.sql.TeamRead`), for services written on the store's SQL runner.

Today reads through this: its first fresh read then loads neither SQLAlchemy nor the engine (about a second
of CPU on a large book), which open afterwards in the prewarm. A book that is new or behind this amtui's
schema goes through the app's store first (it creates or upgrades it, or refuses a newer one), as for the
one-liners: both are :func:`amtui.store.plain_read`.
"""

from __future__ import annotations

from contextlib import AbstractContextManager
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from amtui.store import Db
    from amtui.tui.app import AmApp


def plain_read(app: AmApp) -> AbstractContextManager[Db]:
    """One read-only snapshot of the app's book on a plain connection (row security applies as ever)."""
    from amtui.store import plain_read as read

    return read(app.url or app.db_path, (lambda: app.store) if app._store is None else None)
