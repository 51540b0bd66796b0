"""A screen's read on a plain driver connection: the book file's ``sqlite3`` or a team database's psycopg
(:class:`amtui.store.sql.TeamRead`), for services written on the store's SQL runner.

Today reads through this: its first fresh read then loads neither SQLAlchemy nor the engine (about a second
of CPU on a large book), which open afterwards in the prewarm. A file that is new or behind this amtui's
schema, or a team database behind it, goes through the app's store first (it creates or upgrades it, or
refuses a newer one), as the one-liners do (``amtui.cli._common.CliState.sql``).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from amtui.store.sql import Db
    from amtui.tui.app import AmApp


@contextmanager
def plain_read(app: AmApp) -> Iterator[Db]:
    """One read-only snapshot of the app's book on a plain connection (row security applies as ever)."""
    if app.url is not None:
        from amtui.store import SchemaBehind, team_read_connection

        if app._store is None:
            try:
                with team_read_connection(app.url) as team:
                    yield team
                return
            except SchemaBehind:
                pass
            app.store  # noqa: B018 - opening the store upgrades the schema (or refuses a newer one)
        with team_read_connection(app.url) as team:
            yield team
        return
    from amtui.store import read_connection, schema_state

    path = app.db_path
    if app._store is None and (not path.exists() or schema_state(path) != "current"):
        app.store  # noqa: B018 - a new book is created, an older one upgraded, by opening the store
    with read_connection(path) as con:
        yield con
