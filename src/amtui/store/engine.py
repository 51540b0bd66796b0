"""Connections to the book: SQLite's pragmas and BEGIN IMMEDIATE, the opened :class:`Store`, the plain
``sqlite3`` read connection of the one-liners, and SQLite's own integrity verdict.

Everything SQLite-specific about a connection lives here, so services stay portable. SQLAlchemy and SQLModel
are imported inside the functions that build engines and sessions: :func:`read_connection` must not load them.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from amtui.store.files import prepare_file
from amtui.store.schema import ensure_schema

if TYPE_CHECKING:
    from sqlalchemy import Engine
    from sqlmodel import Session


def _on_connect(dbapi_conn: sqlite3.Connection, _record: Any) -> None:
    # Let SQLAlchemy's "begin" event emit BEGIN itself (pysqlite's own transaction handling is off).
    dbapi_conn.isolation_level = None
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA synchronous=FULL")
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute("PRAGMA busy_timeout=5000")
    cur.close()


def _on_begin(conn: Any) -> None:
    # A deferred BEGIN that reads and then writes fails at once with "database is locked" when another
    # process writes, whatever the busy timeout: writers take the lock up front.
    if conn.get_execution_options().get("amtui_write"):
        conn.exec_driver_sql("BEGIN IMMEDIATE")
    else:
        conn.exec_driver_sql("BEGIN")


def make_engine(path: Path) -> Engine:
    from sqlalchemy import create_engine, event

    engine = create_engine(f"sqlite:///{path}")
    event.listen(engine, "connect", _on_connect)
    event.listen(engine, "begin", _on_begin)
    return engine


@dataclass
class Store:
    """An opened book: the file and its engine."""

    path: Path
    engine: Engine
    backup: Path | None = None

    @contextmanager
    def read(self) -> Iterator[Session]:
        """A read-only session (deferred transaction, rolled back at the end)."""
        from sqlmodel import Session

        with Session(self.engine, expire_on_commit=False) as session:
            yield session

    def close(self) -> None:
        self.engine.dispose()


def open_store(path: Path, *, migrate: bool = True) -> Store:
    """Open (creating if needed) the book at ``path``: private file, current schema, configured engine."""
    prepare_file(path)
    backup = ensure_schema(path) if migrate else None
    return Store(path=path, engine=make_engine(path), backup=backup)


@contextmanager
def read_connection(path: Path) -> Iterator[sqlite3.Connection]:
    """A plain ``sqlite3`` connection for read-only services, in one deferred transaction (one snapshot).

    The read one-liners (``budget``, ``reconcile``, ``report status``) run their SQL through this: opening it
    imports neither SQLAlchemy nor SQLModel, which is ~60% of their time otherwise. ``query_only`` makes a
    stray write fail instead of landing without its audit trail.
    """
    con = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    try:
        con.execute("PRAGMA busy_timeout=5000")
        con.execute("PRAGMA query_only=1")
        con.execute("BEGIN")
        yield con
    finally:
        con.close()


def sqlite_checks(engine: Engine) -> list[str]:
    """SQLite's own verdict on the file: ``integrity_check`` and ``foreign_key_check``, as readable lines."""
    problems: list[str] = []
    with engine.connect() as conn:
        rows = [r[0] for r in conn.exec_driver_sql("PRAGMA integrity_check").fetchall()]
        if rows != ["ok"]:
            problems.extend(f"integrity: {r}" for r in rows)
        for table, rowid, parent, _fk in conn.exec_driver_sql("PRAGMA foreign_key_check").fetchall():
            problems.append(f"foreign key: {table} row {rowid} refers to a missing {parent} row")
    return problems


def foreign_key_problems(conn: Any) -> list[tuple[str, int, str]]:
    """(table, rowid, parent table) of every row whose foreign key points at nothing."""
    return [(r[0], r[1], r[2]) for r in conn.exec_driver_sql("PRAGMA foreign_key_check").fetchall()]


def database_error(exc: BaseException) -> str | None:
    """The one line a user sees for a database failure, or None when ``exc`` is not one.

    SQLAlchemy is consulted only when something already loaded it: a one-liner on plain ``sqlite3`` that
    fails never imports it just to classify the error."""
    import errno
    import sys

    if "disk is full" in str(exc) or (isinstance(exc, OSError) and exc.errno == errno.ENOSPC):
        return "disk full: nothing was saved; free some space and try again"
    if isinstance(exc, sqlite3.OperationalError) and "locked" in str(exc):
        return "the database is busy (another amtui is writing); nothing was saved — try again"
    if "sqlalchemy.exc" not in sys.modules:
        return None
    from sqlalchemy.exc import OperationalError, SQLAlchemyError

    if isinstance(exc, OperationalError) and "locked" in str(exc):
        return "the database is busy (another amtui is writing); nothing was saved — try again"
    if isinstance(exc, SQLAlchemyError):
        return f"database error: {str(exc).splitlines()[0]}; nothing was saved (--debug for details)"
    return None
