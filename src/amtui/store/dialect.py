"""SQLite or PostgreSQL: every difference between the two databases the program runs on, in one place.

A book is a SQLite file (the embedded default) or a team database on PostgreSQL, named by a URL
(``postgresql://user@host/agency``, through ``--db`` or ``AMTUI_DB``). The services write one SQL text with
``?`` placeholders; this module turns it into what the PostgreSQL driver (psycopg 3) takes, and turns the
driver's values back into what SQLite returns (integer sums as ``int``, not ``Decimal``). Connection set-up
(pragmas on SQLite, the session's time zone on PostgreSQL) and the few statements that differ (the schema's
catalogue, locking a writer) live here too. Nothing here imports SQLAlchemy or psycopg at module level.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from decimal import Decimal
from functools import lru_cache
from pathlib import Path
from typing import Any

from amtui.core.config import TEAM_URL_SCHEMES as SCHEMES  # the one list of team URL schemes


def is_url(target: object) -> bool:
    """True when ``target`` (a ``--db`` value) names a PostgreSQL database rather than a SQLite file."""
    return isinstance(target, str) and target.strip().lower().startswith(SCHEMES)


def engine_url(target: str | Path) -> str:
    """SQLAlchemy's URL for a book: ``sqlite:///path`` or ``postgresql+psycopg://…`` (psycopg 3)."""
    if not is_url(target):
        return f"sqlite:///{target}"
    rest = str(target).strip().split("://", 1)[1]
    return f"postgresql+psycopg://{rest}"


def libpq_url(target: str) -> str:
    """The URL as libpq (``psql``, ``psycopg.connect``) takes it."""
    return "postgresql://" + target.strip().split("://", 1)[1]


def redacted(target: str | Path) -> str:
    """A book's name for messages: the path, or the URL without its password."""
    if not is_url(target):
        return str(target)
    return re.sub(r"(://[^:/@]+):[^@]*@", r"\1:***@", str(target))


# ------------------------------------------------------------------------------------------ SQL text

# A quoted string, a quoted identifier or a comment (kept as written), and the text between them.
_LITERALS = re.compile(r"'(?:[^']|'')*'|\"(?:[^\"]|\"\")*\"|--[^\n]*")
_KEYWORDS_AFTER_IS = r"(?:NULL|TRUE|FALSE|UNKNOWN|DISTINCT|NOT)\b"
# SQLite's ``a IS b`` / ``a IS NOT b`` compare any two values, NULL-safe; PostgreSQL spells that
# ``IS [NOT] DISTINCT FROM`` (its ``IS`` takes only NULL, TRUE, FALSE).
_IS_NOT = re.compile(r"\bIS\s+NOT\s+(?!" + _KEYWORDS_AFTER_IS + ")", re.I)
_IS = re.compile(r"\bIS\s+(?!" + _KEYWORDS_AFTER_IS + ")", re.I)


# SQLite's ``SELECT value FROM json_each(?)`` over a JSON list of row ids (one parameter however many ids);
# PostgreSQL reads the same list with ``json_array_elements_text``, typed as the ids are (a recursive query
# needs both of its terms of one type).
_JSON_IDS = re.compile(r"SELECT\s+value\s+FROM\s+json_each\(\?\)", re.I)
_PG_JSON_IDS = "SELECT CAST(value AS integer) FROM json_array_elements_text(CAST(? AS json))"


# SQLite takes an empty list, ``x IN ()`` (never true) and ``x NOT IN ()`` (always true), as a service writes
# for no ids; PostgreSQL refuses the syntax. ``= ANY('{}')`` and ``<> ALL('{}')`` say the same (the empty
# array takes the type of ``x``).
_EMPTY_NOT_IN = re.compile(r"\bNOT\s+IN\s*\(\s*\)", re.I)
_EMPTY_IN = re.compile(r"\bIN\s*\(\s*\)", re.I)


def _pg_code(code: str) -> str:
    code = _EMPTY_NOT_IN.sub("<> ALL('{}')", code)
    code = _EMPTY_IN.sub("= ANY('{}')", code)
    code = _JSON_IDS.sub(_PG_JSON_IDS, code)
    code = _IS_NOT.sub("IS DISTINCT FROM ", code)
    code = _IS.sub("IS NOT DISTINCT FROM ", code)
    return code.replace("%", "%%").replace("?", "%s")


@lru_cache(maxsize=2048)
def _pg_text(sql: str) -> str:
    out: list[str] = []
    at = 0
    for m in _LITERALS.finditer(sql):
        out.append(_pg_code(sql[at : m.start()]))
        out.append(m.group().replace("%", "%%"))
        at = m.end()
    out.append(_pg_code(sql[at:]))
    return "".join(out)


def driver_sql(sql: str, dialect: str) -> str:
    """``sql`` (``?`` placeholders) as the driver of ``dialect`` takes it: psycopg's ``%s``, ``%%`` for
    ``%``, SQLite's ``IS [NOT]`` between values as ``IS [NOT] DISTINCT FROM``, and an empty ``IN ()``."""
    if dialect == "sqlite":
        return sql
    return _pg_text(sql)


def plain(value: Any) -> Any:
    """A driver value as SQLite would give it: a whole ``Decimal`` (PostgreSQL's ``sum`` of integers) as
    ``int``."""
    if isinstance(value, Decimal) and value == value.to_integral_value():
        return int(value)
    return value


def plain_rows(dialect: str, fetched: Sequence[Sequence[Any]]) -> list[tuple[Any, ...]]:
    """Rows from the driver as plain tuples, values as SQLite gives them (see :func:`plain`)."""
    if dialect == "sqlite":
        return [tuple(r) for r in fetched]
    return [tuple(plain(v) for v in r) for r in fetched]


# ------------------------------------------------------------------------------------------ engines


def _sqlite_connect(dbapi_conn: Any, _record: Any) -> None:
    # Let SQLAlchemy's "begin" event emit BEGIN itself (pysqlite's own transaction handling is off).
    dbapi_conn.isolation_level = None
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA synchronous=FULL")
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute("PRAGMA busy_timeout=5000")
    cur.close()


def _sqlite_begin(conn: Any) -> None:
    # A deferred BEGIN that reads and then writes fails at once with "database is locked" when another
    # process writes, whatever the busy timeout: writers take the lock up front.
    if conn.get_execution_options().get("amtui_write"):
        conn.exec_driver_sql("BEGIN IMMEDIATE")
    else:
        conn.exec_driver_sql("BEGIN")


def _pg_connect(dbapi_conn: Any, _record: Any) -> None:
    # Timestamps are stored and compared in UTC, as on SQLite; a lock held by another writer is waited for
    # a few seconds, not for ever.
    cur = dbapi_conn.cursor()
    cur.execute("SET TIME ZONE 'UTC'")
    cur.execute("SET lock_timeout = '5s'")
    cur.close()
    dbapi_conn.commit()


def make_engine(target: str | Path) -> Any:
    """A configured SQLAlchemy engine for a book file or a team database."""
    from sqlalchemy import create_engine, event

    if is_url(target):
        engine = create_engine(engine_url(target), pool_pre_ping=False)
        event.listen(engine, "connect", _pg_connect)
        return engine
    engine = create_engine(engine_url(target))
    event.listen(engine, "connect", _sqlite_connect)
    event.listen(engine, "begin", _sqlite_begin)
    return engine


def actor(conn: Any) -> str | None:
    """Who is writing, for the history: the database role on PostgreSQL (what its row-level security checks),
    the operating-system user on a SQLite file."""
    if conn.dialect.name != "sqlite":
        return str(conn.exec_driver_sql("SELECT current_user").scalar())
    import getpass

    try:
        return getpass.getuser()
    except (KeyError, OSError):  # no passwd entry and no LOGNAME/USER
        return None


def defer_foreign_keys(conn: Any) -> None:
    """Check foreign keys at commit only, for the rest of this transaction (whole-book loads)."""
    if conn.dialect.name == "sqlite":
        conn.exec_driver_sql("PRAGMA defer_foreign_keys=ON")
    else:
        conn.exec_driver_sql("SET CONSTRAINTS ALL DEFERRED")


def bump_sequences(conn: Any, tables: Sequence[Any]) -> None:
    """After rows went in with their own ids: PostgreSQL's id sequences move past them (SQLite needs
    nothing)."""
    if conn.dialect.name == "sqlite":
        return
    for t in tables:
        pk = list(t.primary_key.columns)
        if len(pk) != 1 or type(pk[0].type).__name__ not in ("Integer", "BigInteger"):
            continue
        name = t.name
        col = pk[0].name
        conn.exec_driver_sql(
            f"SELECT setval(pg_get_serial_sequence('\"{name}\"', '{col}'), "
            f'coalesce((SELECT max("{col}") FROM "{name}"), 0) + 1, false)'
        )


# ------------------------------------------------------------------------------------------ team roles

_ROLE_NAME = re.compile(r"[a-z_][a-z0-9_]{0,62}")


def setup_team(engine: Any, admins: Sequence[str], users: Sequence[str]) -> list[str]:
    """Give each person a login role in ``amtui_user`` (admins also in ``amtui_admin``, who see every
    account); the group roles and the row-level security come with the migrations. Returns what it did."""
    from amtui.core.errors import InputError

    done: list[str] = []
    with engine.begin() as conn:
        for name in [*admins, *users]:
            if not _ROLE_NAME.fullmatch(name):
                raise InputError(f"{name!r} is not a database role name (lower-case letters, digits and _)")
        for name in dict.fromkeys([*admins, *users]):
            exists = conn.exec_driver_sql("SELECT 1 FROM pg_roles WHERE rolname = %s", (name,)).scalar()
            if not exists:
                conn.exec_driver_sql(f'CREATE ROLE "{name}" LOGIN')
            conn.exec_driver_sql(f'GRANT amtui_user TO "{name}"')
            if name in admins:
                conn.exec_driver_sql(f'GRANT amtui_admin TO "{name}"')
            done.append(f"{name}: {'admin' if name in admins else 'user'}{'' if exists else ' (new role)'}")
    return done
