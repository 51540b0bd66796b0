"""Connections to the book: SQLite's pragmas and BEGIN IMMEDIATE, the opened :class:`Store`, the plain
``sqlite3`` read connection of the one-liners, and SQLite's own integrity verdict.

Everything SQLite-specific about a connection lives here, so services stay portable. SQLAlchemy and SQLModel
are imported inside the functions that build engines and sessions: :func:`read_connection` must not load them.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from amtui.store.files import prepare_file
from amtui.store.schema import ensure_schema, ensure_schema_url, schema_state, team_path
from amtui.store.sql import Db, TeamRead

if TYPE_CHECKING:
    from sqlalchemy import Engine
    from sqlmodel import Session


def make_engine(path: Path | str) -> Engine:
    """The engine of a book file or of a team database (see :mod:`amtui.store.dialect`)."""
    from amtui.store.dialect import make_engine as _make

    engine: Engine = _make(path)
    return engine


@dataclass
class Store:
    """An opened book: the file (or, for a team database, ``url``) and its engine."""

    path: Path
    engine: Engine
    backup: Path | None = None
    #: The PostgreSQL URL of a team database; None for a book file.
    url: str | None = None

    @property
    def dialect(self) -> str:
        """``sqlite`` or ``postgresql``."""
        return str(self.engine.dialect.name)

    @contextmanager
    def read(self) -> Iterator[Session]:
        """A read-only session (deferred transaction, rolled back at the end)."""
        from sqlmodel import Session

        with Session(self.engine, expire_on_commit=False) as session:
            yield session

    def close(self) -> None:
        self.engine.dispose()


def open_store(path: Path | str, *, migrate: bool = True) -> Store:
    """Open (creating if needed) the book at ``path``: private file, current schema, configured engine.

    ``path`` may be a PostgreSQL URL (a team database): its schema is brought to the head the same way."""
    from amtui.store.dialect import is_url

    if is_url(path):
        url = str(path)
        engine = make_engine(url)
        if migrate:
            ensure_schema_url(url, engine)
        return Store(path=team_path(url), engine=engine, url=url)
    path = Path(path)
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


@contextmanager
def team_read_connection(url: str) -> Iterator[TeamRead]:
    """:func:`read_connection` for a team database: a plain psycopg connection (no SQLAlchemy import), one
    read-only snapshot (``REPEATABLE READ``), the session set up as :func:`amtui.store.dialect.make_engine`
    sets up the engine's. The same role as every other command, so row-level security applies as ever.
    A database that is not at this amtui's schema raises :class:`SchemaBehind` (open it through
    :func:`open_store`, which upgrades or refuses it)."""
    import psycopg

    from amtui.core.errors import StoreError
    from amtui.store.dialect import SESSION_OPTIONS, libpq_url, redacted
    from amtui.store.schema import script_revisions

    try:
        con = psycopg.connect(libpq_url(url), options=SESSION_OPTIONS)
    except psycopg.OperationalError as exc:
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise StoreError(f"cannot open the team database {redacted(url)}: {first}") from None
    try:
        con.isolation_level = psycopg.IsolationLevel.REPEATABLE_READ
        con.read_only = True
        stamped = con.execute("SELECT to_regclass('alembic_version') IS NOT NULL").fetchone()
        current = (
            {r[0] for r in con.execute("SELECT version_num FROM alembic_version").fetchall()}
            if stamped and stamped[0]
            else set()
        )
        if current != script_revisions()[1]:
            raise SchemaBehind(url)
        yield TeamRead(con)
    finally:
        con.close()


class SchemaBehind(Exception):
    """A team database whose schema is not this amtui's head (new, behind or newer)."""


@contextmanager
def plain_read(target: Path | str, open_store: Callable[[], object] | None) -> Iterator[Db]:
    """A read on a plain driver connection to the book file ``target`` (:func:`read_connection`), or to
    the team database at the URL ``target`` (:func:`team_read_connection`), for services written on
    :mod:`amtui.store.sql`: what the read one-liners and the TUI's Today read through. A book that is new or
    not at this amtui's schema is first opened through ``open_store`` (the caller's own store, which creates
    or upgrades it, or refuses a newer one); with ``None`` the caller's store is open already, so the schema
    is current."""
    if isinstance(target, str):
        if open_store is not None:
            try:
                with team_read_connection(target) as team:
                    yield team
                return
            except SchemaBehind:
                open_store()
        with team_read_connection(target) as team:
            yield team
        return
    path = target
    prepare_file(path)
    if open_store is not None and schema_state(path) != "current":
        open_store()
    with read_connection(path) as con:
        yield con


def sqlite_checks(engine: Engine) -> list[str]:
    """SQLite's own verdict on the file: ``integrity_check`` and ``foreign_key_check``, as readable lines
    (a PostgreSQL server keeps its own integrity: nothing to add)."""
    problems: list[str] = []
    if engine.dialect.name != "sqlite":
        return problems
    with engine.connect() as conn:
        rows = [r[0] for r in conn.exec_driver_sql("PRAGMA integrity_check").fetchall()]
        if rows != ["ok"]:
            problems.extend(f"integrity: {r}" for r in rows)
        for table, rowid, parent, _fk in conn.exec_driver_sql("PRAGMA foreign_key_check").fetchall():
            problems.append(f"foreign key: {table} row {rowid} refers to a missing {parent} row")
    return problems


def foreign_key_problems(conn: Any) -> list[tuple[str, int, str]]:
    """(table, rowid, parent table) of every row whose foreign key points at nothing (PostgreSQL refuses
    such a row when it is written: none there)."""
    if conn.dialect.name != "sqlite":
        return []
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

    if "row-level security" in str(exc) or "permission denied" in str(exc):
        return (
            "not allowed: this account is not shared with you as an editor (account share … --role editor); "
            "nothing was saved"
        )
    if isinstance(exc, OperationalError) and "locked" in str(exc):
        return "the database is busy (another amtui is writing); nothing was saved — try again"
    if isinstance(exc, SQLAlchemyError):
        return f"database error: {str(exc).splitlines()[0]}; nothing was saved (--debug for details)"
    return None
