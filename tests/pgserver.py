"""A throwaway PostgreSQL server for tests: ``initdb`` into a temporary folder, started on a unix socket there
(no TCP port), once per test session (per xdist worker), stopped at the end.

Each test gets a database of its own, copied from a template (``CREATE DATABASE … TEMPLATE``: milliseconds).
Without the server binaries the tests that need it are skipped with the reason — except in CI (``CI=true``),
where ``.ci/run`` installs them and a missing server must fail, not pass quietly. ``tests/pg`` uses it for the
team-book tests; ``--backend=postgresql`` (tests/conftest) gives every book fixture a database on it.
"""

from __future__ import annotations

import glob
import os
import shutil
import subprocess
import tempfile
import uuid
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest


def _bindir() -> Path | None:
    found = shutil.which("pg_ctl")
    if found:
        return Path(found).parent
    for d in sorted(glob.glob("/usr/lib/postgresql/*/bin"), reverse=True):
        if (Path(d) / "pg_ctl").exists() and (Path(d) / "initdb").exists():
            return Path(d)
    return None


def _as_server_user() -> list[str]:
    """PostgreSQL refuses to run as root: run its tools as the ``postgres`` user then."""
    if os.geteuid() != 0:
        return []
    runuser = shutil.which("runuser")
    if runuser is None:
        pytest.fail("running as root without runuser: cannot start a PostgreSQL server")
    return [runuser, "-u", "postgres", "--"]


@contextmanager
def running_server() -> Iterator[str]:
    """Start a server in a new folder of its own; yield its base URL
    (``postgresql://postgres@/{db}?host=SOCKET``); stop it and remove the folder at the end.

    The folder sits directly in the system's temporary folder, not in pytest's: pytest makes its own folder
    private (0700) whenever a session starts, and the server's user (``postgres`` when the tests run as root)
    must keep reaching its files while other test runs start on the same machine."""
    bindir = _bindir()
    if bindir is None:
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail("CI: the PostgreSQL server binaries are missing (.ci/run installs postgresql)")
        pytest.skip("PostgreSQL server binaries (initdb, pg_ctl) are not installed")
    root = Path(tempfile.mkdtemp(prefix="amtui-pg-"))
    try:
        yield from _serve(bindir, root)
    finally:
        shutil.rmtree(root, ignore_errors=True)


def _serve(bindir: Path, root: Path) -> Iterator[str]:
    data, sock = root / "data", root / "sock"
    sock.mkdir()
    prefix = _as_server_user()
    if prefix:
        shutil.chown(root, "postgres")
        shutil.chown(sock, "postgres")
        root.chmod(0o711)
    env = {**os.environ, "LC_ALL": "C.UTF-8"}
    done = subprocess.run(
        [*prefix, str(bindir / "initdb"), "-D", str(data), "-A", "trust", "-U", "postgres", "-E", "UTF8"],
        capture_output=True,
        text=True,
        env=env,
    )
    if done.returncode:
        pytest.fail(f"initdb failed: {done.stderr.strip()[-500:]}")
    # Durability off (a throwaway server); enough connections for the tests that hold several at once.
    opts = (
        f"-k {sock} -c listen_addresses='' -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
        " -c max_connections=200"
    )
    pg_ctl = [*prefix, str(bindir / "pg_ctl"), "-D", str(data)]
    done = subprocess.run(
        [*pg_ctl, "-o", opts, "-l", str(root / "log"), "-w", "start"], capture_output=True, text=True, env=env
    )
    if done.returncode:
        log = (root / "log").read_text(errors="replace") if (root / "log").exists() else ""
        pytest.fail(f"pg_ctl start failed: {(done.stderr + log).strip()[-800:]}")
    try:
        yield f"postgresql://postgres@/{{db}}?host={sock}"
    finally:
        import gc

        gc.collect()  # engines no test holds any more close their connections now, not after the server
        subprocess.run([*pg_ctl, "-m", "immediate", "-w", "stop"], capture_output=True, env=env)


def admin(base: str, sql: str) -> None:
    """Run one statement on the server's ``postgres`` database, outside a transaction."""
    import psycopg

    with psycopg.connect(base.format(db="postgres"), autocommit=True) as con:
        con.execute(sql)


def build_templates(base: str, today: date) -> dict[str, str]:
    """Two template databases, migrated once: an empty book and the demo book (dated ``today``)."""
    from amtui.demo import build_demo
    from amtui.store import open_store

    with pytest.MonkeyPatch.context() as mp:  # the stamps the demo writes fall on today (see tests/conftest)
        mp.setenv("AMTUI_TODAY", today.isoformat())
        admin(base, "CREATE DATABASE tpl_empty")
        open_store(base.format(db="tpl_empty")).close()
        admin(base, "CREATE DATABASE tpl_demo")
        build_demo(base.format(db="tpl_demo"), today=today, follow_ups=False)  # as tests/conftest
    return {"empty": "tpl_empty", "demo": "tpl_demo"}


def new_database(base: str, template: str) -> str:
    """A new database copied from ``template``; its URL."""
    name = f"t_{uuid.uuid4().hex[:12]}"
    admin(base, f"CREATE DATABASE {name} TEMPLATE {template}")
    return base.format(db=name)


def dump(url: str) -> list[str]:
    """Every table's rows as ``INSERT INTO "table" VALUES(…)`` lines (SQLite's ``iterdump`` shape, so the
    same filters apply), tables by name and rows in order: equal dumps mean equal contents."""
    import psycopg

    from amtui.store.dialect import libpq_url

    lines: list[str] = []
    with psycopg.connect(libpq_url(url)) as con:
        tables = [
            r[0]
            for r in con.execute(
                "SELECT tablename FROM pg_tables WHERE schemaname = current_schema() ORDER BY tablename"
            )
        ]
        for table in tables:
            rows = con.execute(f'SELECT * FROM "{table}"').fetchall()
            lines.extend(sorted(f'INSERT INTO "{table}" VALUES{tuple(map(_plain, row))!r}' for row in rows))
    return lines


def _plain(value: object) -> object:
    """A value as SQLite holds it: whole decimals as ``int``, dates and times as the text SQLAlchemy stores
    there, flags as 0/1 (a test's own SQL then reads the same on both databases)."""
    from amtui.store.dialect import plain

    if isinstance(value, bool):
        return int(value)
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M:%S.%f")
    if isinstance(value, date):
        return value.isoformat()
    return plain(value)


class Cursor:
    """A result read the way ``sqlite3``'s is: values as SQLite gives them."""

    def __init__(self, cur: Any) -> None:
        self._cur = cur
        self.rowcount = cur.rowcount

    def fetchone(self) -> tuple[Any, ...] | None:
        row = self._cur.fetchone() if self._cur.returns_rows else None
        return None if row is None else tuple(_plain(v) for v in row)

    def fetchall(self) -> list[tuple[Any, ...]]:
        rows = self._cur.fetchall() if self._cur.returns_rows else []
        return [tuple(_plain(v) for v in row) for row in rows]

    def __iter__(self) -> Iterator[tuple[Any, ...]]:
        return iter(self.fetchall())


class Connection:
    """What the tests do with a ``sqlite3`` connection (``execute`` with ``?`` placeholders, ``commit``,
    ``with con:``), on a team database: the SQL goes through the store's dialect as the product's does. It
    also stands where a service takes its database handle (``flush``, ``connection``, as a session), so a
    test that hands its connection to a service reads the team database the way the CLI does."""

    def __init__(self, url: str) -> None:
        from amtui.store.engine import make_engine

        self._engine = make_engine(url)
        self._conn = self._engine.connect()

    def execute(self, sql: str, params: Sequence[Any] = ()) -> Cursor:
        from amtui.store.dialect import driver_sql

        return Cursor(self._conn.exec_driver_sql(driver_sql(sql, "postgresql"), tuple(params)))

    def executemany(self, sql: str, rows: Iterable[Sequence[Any]]) -> None:
        from amtui.store.dialect import driver_sql

        self._conn.exec_driver_sql(driver_sql(sql, "postgresql"), [tuple(r) for r in rows])

    def executescript(self, script: str) -> None:
        self._conn.exec_driver_sql(script)
        self._conn.commit()

    def flush(self) -> None:
        """Nothing pending: every statement has run (a session's ``flush``, for the services)."""

    def connection(self) -> Any:
        return self._conn

    def commit(self) -> None:
        self._conn.commit()

    def rollback(self) -> None:
        self._conn.rollback()

    def close(self) -> None:
        self._conn.close()
        self._engine.dispose()

    def __enter__(self) -> Connection:
        return self

    def __exit__(self, kind: object, *_: object) -> None:  # as sqlite3: commit or roll back, stay open
        if kind is None:
            self._conn.commit()
        else:
            self._conn.rollback()
