"""The SQL runner: SQL text that runs the same on a SQLModel session and on a plain ``sqlite3`` connection.

This is the only module that knows which of the two it runs on. Read services write their queries as SQL
text with ``?`` parameters and run them through :func:`rows`. The TUI passes its session (the text goes
through the same connection and transaction, after a flush, so a unit of work sees its own changes); the CLI
passes :func:`amtui.store.read_connection` (on a team database :func:`amtui.store.team_read_connection`, a
:class:`TeamRead`), and importing this module, or a service built on it, loads neither SQLAlchemy nor
SQLModel (``Session`` is imported for the type checker only). Values come back as SQLite stores them: dates
as ISO text (:func:`day`), flags as 0/1. On a team database (PostgreSQL) the connection is psycopg's, and
:mod:`amtui.store.dialect` rewrites the text for it.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from datetime import date
from typing import TYPE_CHECKING, Any, TypeAlias, Union

if TYPE_CHECKING:
    from sqlmodel import Session


class TeamRead:
    """A read one-liner's plain psycopg connection to a team database (PostgreSQL), in one read-only
    snapshot: what :func:`amtui.store.read_connection` is for a book file. Opening it loads neither
    SQLAlchemy nor SQLModel (about a second of a one-liner's start on PostgreSQL otherwise)."""

    __slots__ = ("con",)

    def __init__(self, con: Any) -> None:
        self.con = con


#: A database handle: a SQLModel ``Session`` (TUI, writes), a ``sqlite3.Connection`` or a :class:`TeamRead`
#: (read one-liners).
Db: TypeAlias = Union["Session", sqlite3.Connection, TeamRead]  # noqa: UP007 - "Session" | … fails at runtime
#: One result row, as the driver returns it.
Row: TypeAlias = tuple[Any, ...]


def rows(db: Db, sql: str, params: Sequence[Any] = ()) -> list[Row]:
    """Run ``sql`` (``?`` placeholders) on a session or a driver connection; plain tuples back."""
    if isinstance(db, sqlite3.Connection):
        return db.execute(sql, tuple(params)).fetchall()
    if isinstance(db, TeamRead):
        return bulk_rows(db, sql, params)
    db.flush()  # a unit of work's pending changes count
    conn = db.connection()
    name = conn.dialect.name
    if name == "sqlite":
        return [tuple(r) for r in conn.exec_driver_sql(sql, tuple(params)).fetchall()]
    from amtui.store.dialect import driver_sql, plain_rows

    return plain_rows(name, conn.exec_driver_sql(driver_sql(sql, name), tuple(params)).fetchall())


#: :func:`rows` under the name the package :mod:`amtui.store` exports it by (``amtui.store.rows`` is a
#: module): the TUI runs the same SQL text on a book file's ``sqlite3`` connection and on a :class:`TeamRead`.
sql_rows = rows


def marks(values: Sequence[Any]) -> str:
    """``?, ?, ?`` for an ``IN (…)`` list."""
    return ", ".join("?" * len(values))


def day(value: Any) -> date | None:
    """A stored date (ISO text on SQLite, or a date from another driver) as a ``date``."""
    if value is None or isinstance(value, date):
        return value
    return date.fromisoformat(str(value)[:10])


def _driver(db: Db) -> tuple[Any, str]:
    """The DB-API connection under ``db`` (the same transaction), after a session's flush, and its dialect."""
    if isinstance(db, sqlite3.Connection):
        return db, "sqlite"
    if isinstance(db, TeamRead):
        return db.con, "postgresql"
    db.flush()
    conn = db.connection()
    return conn.connection.driver_connection, conn.dialect.name


def bulk_rows(db: Db, sql: str, params: Sequence[Any] = ()) -> list[Row]:
    """:func:`rows` straight through the driver's cursor: for reads of tens of thousands of rows inside a
    write (a reschedule), where SQLAlchemy's result wrapping costs more than the query."""
    conn, name = _driver(db)
    if name == "sqlite":
        return conn.execute(sql, tuple(params)).fetchall()
    from amtui.store.dialect import driver_sql, numeric_columns, plain_rows

    cur = conn.execute(driver_sql(sql, name), tuple(params))
    return plain_rows(name, cur.fetchall(), numeric_columns(cur.description))


def execute_many(db: Db, sql: str, params: Sequence[Sequence[Any]]) -> None:
    """One statement run for every parameter tuple, through the driver (a reschedule's UPDATE)."""
    conn, name = _driver(db)
    if name == "sqlite":
        conn.executemany(sql, params)
        return
    from amtui.store.dialect import driver_sql

    with conn.cursor() as cur:
        cur.executemany(driver_sql(sql, name), params)
