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


def short_name(target: str | Path) -> str:
    """A book's name for a title bar: the file's name, or a team database as ``database · user@host`` (a
    socket folder is "local"; never the password)."""
    if not is_url(target):
        return Path(target).name
    from urllib.parse import urlsplit

    parts = urlsplit(libpq_url(str(target)))
    host = parts.hostname or "local"  # no host: a unix socket (``?host=/folder`` or libpq's default)
    who = f"{parts.username}@{host}" if parts.username else host
    return f"{parts.path.lstrip('/') or '?'} · {who}"


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
# ``x [NOT] IN (SELECT value FROM json_each(?))``, a selection of rows by a long list of ids, is
# ``x = ANY(array)`` / ``x <> ALL(array)`` on PostgreSQL: the list (``[1, 2]`` → ``{1, 2}``) is a constant
# when the statement is planned, so the planner knows its length and reads the ids through an index, row
# security or not (behind a subquery it guesses 100 rows and, under a policy, scanned the whole table).
_IN_JSON_IDS = re.compile(r"\b(NOT\s+)?IN\s*\(\s*SELECT\s+value\s+FROM\s+json_each\(\?\)\s*\)", re.I)
_PG_ID_ARRAY = "CAST(translate(CAST(? AS text), '[]', '{}') AS integer[])"


def _pg_in_ids(m: re.Match[str]) -> str:
    return f"<> ALL({_PG_ID_ARRAY})" if m.group(1) else f"= ANY({_PG_ID_ARRAY})"


# SQLite takes an empty list, ``x IN ()`` (never true) and ``x NOT IN ()`` (always true), as a service writes
# for no ids; PostgreSQL refuses the syntax. ``= ANY('{}')`` and ``<> ALL('{}')`` say the same (the empty
# array takes the type of ``x``).
_EMPTY_NOT_IN = re.compile(r"\bNOT\s+IN\s*\(\s*\)", re.I)
_EMPTY_IN = re.compile(r"\bIN\s*\(\s*\)", re.I)


# SQLite's ``LIKE`` ignores ASCII case (the list filters rely on it: "banner" finds "Banner ads");
# PostgreSQL's is case-sensitive, its ``ILIKE`` is not.
_LIKE = re.compile(r"\bLIKE\b", re.I)


def _pg_code(code: str) -> str:
    code = _LIKE.sub("ILIKE", code)
    code = _EMPTY_NOT_IN.sub("<> ALL('{}')", code)
    code = _EMPTY_IN.sub("= ANY('{}')", code)
    code = _IN_JSON_IDS.sub(_pg_in_ids, code)
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
    ``%``, SQLite's ``IS [NOT]`` between values as ``IS [NOT] DISTINCT FROM``, an empty ``IN ()``, and
    ``LIKE`` as ``ILIKE`` (SQLite's ignores case)."""
    if dialect == "sqlite":
        return sql
    return _pg_text(sql)


def plain(value: Any) -> Any:
    """A driver value as SQLite would give it: a whole ``Decimal`` (PostgreSQL's ``sum`` of integers) as
    ``int``."""
    if isinstance(value, Decimal) and value == value.to_integral_value():
        return int(value)
    return value


#: PostgreSQL's type id of ``numeric`` (what ``sum`` of a ``bigint`` column returns): the one type whose
#: values :func:`plain` changes.
_NUMERIC_OID = 1700


def numeric_columns(description: Sequence[Any] | None) -> list[int]:
    """The positions of a psycopg cursor's ``numeric`` columns (its ``description``)."""
    return [i for i, col in enumerate(description or ()) if getattr(col, "type_code", None) == _NUMERIC_OID]


def plain_rows(
    dialect: str, fetched: Sequence[Sequence[Any]], numeric: Sequence[int] | None = None
) -> list[tuple[Any, ...]]:
    """Rows from the driver as plain tuples, values as SQLite gives them (see :func:`plain`). ``numeric``:
    the only columns that may need it (:func:`numeric_columns`), when the caller knows them — a rollup of
    thousands of rows then converts its sums alone, not every value."""
    if dialect == "sqlite":
        return [tuple(r) for r in fetched]
    if numeric is None:
        return [tuple(plain(v) for v in r) for r in fetched]
    if not numeric:
        return [tuple(r) for r in fetched]
    out = []
    for r in fetched:
        row = list(r)
        for i in numeric:
            row[i] = plain(row[i])
        out.append(tuple(row))
    return out


def json_text(expr: Any, dialect: str) -> Any:
    """A text column holding JSON (the history's row images) as a JSON value to index (``expr["col"]``):
    SQLite's JSON functions read the text as it is; PostgreSQL's ``->>`` needs the value cast to ``json``."""
    from sqlalchemy import JSON, cast, type_coerce

    return type_coerce(expr, JSON) if dialect == "sqlite" else cast(expr, JSON)


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


#: Every PostgreSQL session's settings, sent with the connection request (no round trip of their own):
#: timestamps are stored and compared in UTC, as on SQLite; a lock held by another writer is waited for a
#: few seconds, not for ever.
SESSION_OPTIONS = "-c TimeZone=UTC -c lock_timeout=5s"


def make_engine(target: str | Path) -> Any:
    """A configured SQLAlchemy engine for a book file or a team database."""
    from sqlalchemy import create_engine, event

    if is_url(target):
        return create_engine(
            engine_url(target), pool_pre_ping=False, connect_args={"options": SESSION_OPTIONS}
        )
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


def sees_everything(conn: Any) -> bool:
    """Whether the writer sees every account: always on a file (one person's book); on PostgreSQL an admin
    (``amtui_admin``, or the database's owner), whom row-level security lets through everywhere."""
    if conn.dialect.name == "sqlite":
        return True
    return bool(conn.exec_driver_sql("SELECT pg_has_role(current_user, 'amtui_admin', 'MEMBER')").scalar())


def next_id(conn: Any, table: str) -> int | None:
    """A new row id taken from ``table``'s sequence before the row is written (``None`` on SQLite: the
    insert picks it). On PostgreSQL an insert that does not know its id reads it back with ``RETURNING``,
    which row-level security checks against the read policy *before* the row exists — so a row that only
    becomes readable by what the same transaction writes next (a new account and its first member) must
    come with its id."""
    if conn.dialect.name == "sqlite":
        return None
    return int(conn.exec_driver_sql(f"SELECT nextval(pg_get_serial_sequence('\"{table}\"', 'id'))").scalar())


def defer_foreign_keys(conn: Any) -> None:
    """Check foreign keys at commit only, for the rest of this transaction (whole-book loads)."""
    if conn.dialect.name == "sqlite":
        conn.exec_driver_sql("PRAGMA defer_foreign_keys=ON")
    else:
        conn.exec_driver_sql("SET CONSTRAINTS ALL DEFERRED")


#: Fewer rows than this go in by INSERT: COPY's own set-up is not worth it.
COPY_FROM_ROWS = 500


def copy_rows(conn: Any, table: Any, rows: Sequence[dict[str, Any]]) -> bool:
    """Load ``rows`` (dicts with the same keys) into ``table`` with PostgreSQL's ``COPY … FROM STDIN``, in
    ``conn``'s transaction: ~20x faster than INSERTs for a whole book. True when done; False when the caller
    should INSERT instead: on SQLite, for a few rows, or when row-level security applies to this role (the
    server refuses COPY then; INSERT checks each row against the policies)."""
    if conn.dialect.name == "sqlite" or len(rows) < COPY_FROM_ROWS:
        return False
    if conn.exec_driver_sql("SELECT row_security_active(%s)", (table.name,)).scalar():
        return False
    given = [c for c in table.columns if c.name in rows[0]]
    # A column the rows leave out takes its model default, as an INSERT through SQLAlchemy would give it.
    fill = [(c.name, _default(c)) for c in table.columns if c.name not in rows[0] and c.default is not None]
    names = ", ".join(f'"{c}"' for c in [*(c.name for c in given), *(n for n, _ in fill)])
    tail = [v for _, v in fill]
    with (
        conn.connection.driver_connection.cursor() as cur,
        cur.copy(f'COPY "{table.name}" ({names}) FROM STDIN') as copy,
    ):
        for row in rows:
            copy.write_row([*(row[c.name] for c in given), *tail])
    return True


def _default(column: Any) -> Any:
    """A column's Python-side default value (a constant, or a callable's value once for the whole load)."""
    default = column.default
    return default.arg(None) if default.is_callable else default.arg


def analyze(conn: Any, tables: Sequence[Any]) -> None:
    """After a whole book went in: PostgreSQL's planner statistics for its tables (in this transaction, so
    the checks that follow the load are planned for the rows it has, not for empty tables; SQLite plans by
    its indexes and needs nothing)."""
    if conn.dialect.name == "sqlite":
        return
    for t in tables:
        conn.exec_driver_sql(f'ANALYZE "{t.name}"')


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


# ------------------------------------------------------------------------------------------ live refresh

#: The channel a committing write notifies on PostgreSQL, and the TUI listens to. The payload is empty: the
#: notification reaches every listener on the database, members of the written account or not, so it says
#: only that something changed (row-level security still decides what each reload shows).
CHANNEL = "amtui_book"


def announce_write(conn: Any) -> None:
    """Inside a writing transaction, just before it commits: tell the other sessions' watchers (PostgreSQL
    delivers the notification at commit, and not at all on rollback). SQLite needs nothing: its watchers
    poll ``PRAGMA data_version``."""
    if conn.dialect.name != "sqlite":
        conn.exec_driver_sql(f"SELECT pg_notify('{CHANNEL}', '')")


class WriteListener:
    """A dedicated psycopg connection that LISTENs for :data:`CHANNEL` (the TUI's watcher thread owns one;
    it never touches the engine's pool)."""

    def __init__(self, url: str) -> None:
        import psycopg

        self._con = psycopg.connect(libpq_url(url), autocommit=True, connect_timeout=5)
        self._con.execute(f"LISTEN {CHANNEL}")

    def heard(self, timeout: float) -> bool:
        """Wait up to ``timeout`` seconds for a notification; True when one (or more) arrived."""
        got = False
        for _ in self._con.notifies(timeout=timeout, stop_after=1):
            got = True
        return got

    def close(self) -> None:
        self._con.close()


# ------------------------------------------------------------------------------------------ team roles

_ROLE_NAME = re.compile(r"[a-z_][a-z0-9_]{0,62}")


def check_team(admins: Sequence[str], users: Sequence[str]) -> None:
    """Refuse a team before anything is created: a name that is not a role name, one of the group roles (or
    the server's own, ``pg_…``: making ``amtui_user`` an admin would make everyone one), or a person listed
    twice (as an admin and a user, which did they mean?)."""
    from amtui.core.errors import InputError

    seen: set[str] = set()
    for name in [*admins, *users]:
        if not _ROLE_NAME.fullmatch(name):
            raise InputError(f"{name!r} is not a database role name (lower-case letters, digits and _)")
        if name.startswith(("amtui_", "pg_")) or name == "public":
            raise InputError(f"{name!r} is a group or system role, not a person: pick another name")
        if name in seen:
            raise InputError(f"{name!r} is listed twice: name each person once, as --admin or as --user")
        seen.add(name)


def setup_team(engine: Any, admins: Sequence[str], users: Sequence[str]) -> list[str]:
    """Give each person a login role in ``amtui_user`` (admins also in ``amtui_admin``, who see every
    account); the group roles and the row-level security come with the migrations. Returns what it did."""
    check_team(admins, users)
    done: list[str] = []
    with engine.begin() as conn:
        for name in [*admins, *users]:
            exists = conn.exec_driver_sql("SELECT 1 FROM pg_roles WHERE rolname = %s", (name,)).scalar()
            if not exists:
                conn.exec_driver_sql(f'CREATE ROLE "{name}" LOGIN')
            conn.exec_driver_sql(f'GRANT amtui_user TO "{name}"')
            if name in admins:
                conn.exec_driver_sql(f'GRANT amtui_admin TO "{name}"')
            done.append(f"{name}: {'admin' if name in admins else 'user'}{'' if exists else ' (new role)'}")
    return done
