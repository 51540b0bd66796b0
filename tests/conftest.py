"""Shared fixtures. Every test runs away from the user's real data and config folders.

A test's book comes from the fixtures below (``db_path``/``store``/``cli`` empty, ``demo_path``/
``demo_store``/``demo_cli`` the demo). They give a SQLite file, or under ``--backend=postgresql`` (or
``AMTUI_TEST_BACKEND=postgresql``) a new database on a throwaway PostgreSQL server (tests/pgserver.py),
copied from a template migrated once per worker: the same test then proves the same thing on the team
database. A test that cannot apply to PostgreSQL says why with ``@pytest.mark.sqlite_only("why")``; a test
that takes no book from these fixtures is not run again under PostgreSQL (it would only repeat SQLite's run).
"""

from __future__ import annotations

import os
import re
import shutil
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from hypothesis import settings
from typer.testing import CliRunner

from amtui.cli.main import app
from amtui.store import Store, open_store

# Property tests assert behaviour, never speed (that is `make bench`): no per-example deadline, so a loaded
# machine cannot fail them.
settings.register_profile("amtui", deadline=None)
settings.load_profile("amtui")

TODAY = date(2026, 11, 28)

BACKENDS = ("sqlite", "postgresql")
# The fixtures that hand a test its book: a test using none of them never touches a database of ours.
BOOK_FIXTURES = {"db_path", "demo_path", "store", "demo_store", "cli", "demo_cli"}

Book = Path | str  # a SQLite file, or a PostgreSQL URL under --backend=postgresql


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--backend",
        choices=BACKENDS,
        default=os.environ.get("AMTUI_TEST_BACKEND") or "sqlite",
        help="the database the book fixtures give: a SQLite file (default) or a throwaway PostgreSQL server",
    )


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers", "sqlite_only(reason): the test cannot apply to a PostgreSQL book (the reason says why)"
    )


def backend(config: pytest.Config) -> str:
    return str(config.getoption("--backend"))


def on_postgresql(config: pytest.Config) -> bool:
    return backend(config) == "postgresql"


@pytest.fixture(autouse=True)
def _isolate(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    home = tmp_path / "home"
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_DATA_HOME", str(home / "data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / "config"))
    monkeypatch.setenv("AMTUI_CONFIG", str(home / "config" / "amtui" / "config.toml"))
    monkeypatch.setenv("AMTUI_DB", str(tmp_path / "default.db"))
    monkeypatch.setenv("AMTUI_TODAY", TODAY.isoformat())  # the one clock, pinned: no test reads the calendar
    from amtui.core import config

    config._load.cache_clear()


@pytest.fixture(scope="session")
def _empty_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An empty book at the current schema, migrated once per session (migrating costs ~0.3 s a file)."""
    path = tmp_path_factory.mktemp("empty") / "empty.db"
    open_store(path).close()
    return path


@pytest.fixture(scope="session")
def pg_server() -> Iterator[str]:
    """A throwaway PostgreSQL server for this process: its base URL (``{db}`` to fill in)."""
    from tests.pgserver import running_server

    with running_server() as base:
        yield base


@pytest.fixture(scope="session")
def _pg_templates(pg_server: str) -> dict[str, str]:
    """Two template databases on the server, migrated once: an empty book and the demo book."""
    from tests.pgserver import build_templates

    return build_templates(pg_server, TODAY)


def private_copy(template: Path, dest: Path) -> Path:
    """A private (0600) copy of a SQLite template book."""
    shutil.copyfile(template, dest)
    dest.chmod(0o600)
    return dest


def _pg_book(request: pytest.FixtureRequest, template: str) -> str:
    from tests.pgserver import new_database

    base = request.getfixturevalue("pg_server")
    return new_database(base, request.getfixturevalue("_pg_templates")[template])


@pytest.fixture
def db_path(request: pytest.FixtureRequest, tmp_path: Path) -> Book:
    """A private, empty book at the current schema (a copy of the session's template): a file, or a URL
    under --backend=postgresql."""
    if on_postgresql(request.config):
        return _pg_book(request, "empty")
    return private_copy(request.getfixturevalue("_empty_template"), tmp_path / "book.db")


@pytest.fixture
def store(db_path: Book) -> Iterator[Store]:
    s = open_store(db_path)
    yield s
    s.close()


@pytest.fixture(scope="session")
def _demo_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from amtui.demo import build_demo

    path = tmp_path_factory.mktemp("demo") / "demo.db"
    # A session fixture runs before the per-test pin below: pin the clock here too, so the stamps the demo
    # writes (created_at …) fall on TODAY whatever the calendar says.
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("AMTUI_TODAY", TODAY.isoformat())
        build_demo(path, today=TODAY, follow_ups=False)  # the tests add and number their own T-n
    return path


@pytest.fixture
def demo_path(request: pytest.FixtureRequest, tmp_path: Path) -> Book:
    """A private copy of the demo book (built once per session, dated 2026-11-28): a file, or a URL under
    --backend=postgresql."""
    if on_postgresql(request.config):
        return _pg_book(request, "demo")
    return private_copy(request.getfixturevalue("_demo_template"), tmp_path / "demo.db")


@pytest.fixture
def demo_store(demo_path: Book) -> Iterator[Store]:
    s = open_store(demo_path)
    yield s
    s.close()


def is_url(book: Book) -> bool:
    from amtui.store.dialect import is_url as url

    return url(book)


def exists(book: Book) -> bool:
    """The book is there: its file, or (a team database, made by its fixture) always."""
    return is_url(book) or Path(book).exists()


def named(book: Book | Store) -> Book:
    """The file or URL of a book or of an opened store."""
    return (book.url or book.path) if isinstance(book, Store) else book


def connect(book: Book | Store) -> Any:
    """A connection to the book for a test's own SQL: ``sqlite3`` on a file; on a team database, one that
    takes the same ``?`` SQL and gives values as SQLite does (tests/pgserver.Connection)."""
    book = named(book)
    if is_url(book):
        from tests.pgserver import Connection

        return Connection(str(book))
    return sqlite3.connect(book)


def beside(book: Book | Store) -> Path:
    """The folder of the files kept beside a book (recovery copies): the file's own, or on a team database
    the user's folder for it (``amtui.store.schema.team_path``)."""
    from amtui.store.schema import team_path

    book = named(book)
    return team_path(str(book)).parent if is_url(book) else Path(book).parent


def creator(book: Book | Store) -> str:
    """Who writes to the book, the AM a new account gets by default: the user on a file, the database role
    on a team database (``amtui.store.dialect.actor``)."""
    from amtui.store.dialect import actor
    from amtui.store.engine import make_engine

    engine = make_engine(named(book))
    try:
        with engine.connect() as conn:
            return str(actor(conn))
    finally:
        engine.dispose()


@contextmanager
def plain_read(book: Book | Store) -> Iterator[Any]:
    """The read one-liners' plain connection to the book (no SQLAlchemy): ``read_connection`` on a file,
    ``team_read_connection`` (a ``TeamRead``) on a team database — what the CLI hands the services."""
    from amtui.store import read_connection, team_read_connection

    book = named(book)
    if is_url(book):
        with team_read_connection(str(book)) as team:
            yield team
    else:
        with read_connection(Path(book)) as con:
            yield con


def dump(book: Book | Store) -> str:
    """The whole database as SQL text: equal dumps mean nothing changed."""
    path = named(book)
    if is_url(path):
        from tests.pgserver import dump as pg_dump

        return "\n".join(pg_dump(str(path)))
    con = sqlite3.connect(path)
    try:
        return "\n".join(con.iterdump())
    finally:
        con.close()


@dataclass
class Ran:
    code: int
    stdout: str
    stderr: str


@dataclass
class Cli:
    db: Book

    def __call__(self, *args: str) -> Ran:
        result = CliRunner().invoke(app, ["--db", str(self.db), *args])
        return Ran(result.exit_code, result.stdout, result.stderr)

    def ok(self, *args: str) -> str:
        r = self(*args)
        assert r.code == 0, f"{args} exited {r.code}: {r.stderr}"
        return r.stdout


@pytest.fixture
def cli(db_path: Book) -> Cli:
    return Cli(db_path)


@pytest.fixture
def demo_cli(demo_path: Book) -> Cli:
    return Cli(demo_path)


def assert_refused(cli: Cli, args: tuple[str, ...], code: int, fragment: str | None = None) -> None:
    """Bad input: one line on stderr, the exit code, no traceback, and the database exactly as it was."""
    exists(cli.db) or cli("account", "list")  # make sure the file exists to compare
    from tests.hardening.hostile import record

    record("refused", tuple(_TMP.sub("{tmp}/", a) for a in args))  # counted once, whichever test's folder
    before = dump(cli.db)
    r = cli(*args)
    after = dump(cli.db)
    assert r.code == code, f"{args}: exit {r.code} (wanted {code}); stderr={r.stderr!r}"
    lines = [ln for ln in r.stderr.splitlines() if ln.strip()]
    assert len(lines) == 1, f"{args}: stderr should be one line, got {r.stderr!r}"
    assert "Traceback" not in r.stderr and "Traceback" not in r.stdout
    if fragment:
        assert fragment.lower() in r.stderr.lower(), f"{args}: {fragment!r} not in {r.stderr!r}"
    assert before == after, f"{args}: the database changed"


def dump_data(path: Book | Store) -> str:
    """The dump without the history tables: what undo must restore exactly (history itself grows)."""
    return "\n".join(
        line
        for line in dump(path).splitlines()
        if not line.startswith(('INSERT INTO "audit_', "INSERT INTO audit_"))
    )


def write_config(text: str) -> Path:
    """Write the (isolated) config file and forget the cached settings, so the next command reads it."""
    from amtui.core import config

    path = config.config_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    config._load.cache_clear()
    return path


@pytest.fixture
def seven_day_week() -> None:
    """Every day a working day and no holidays: tests of the dependency rules alone count calendar days."""
    write_config('[calendar]\nworking_days = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]\n')


_TMP = re.compile(r"/\S*?/pytest-\d+/[^/]+/")


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """The hostile-input count (tests/hardening/test_zz_hostile_count.py) runs after everything else. Under
    --backend=postgresql, the tests that take no book from the fixtures are deselected (they would only repeat
    the SQLite run) and the ``sqlite_only`` ones are skipped with their reason."""
    items.sort(key=lambda item: item.path.name == "test_zz_hostile_count.py")
    if not on_postgresql(config):
        return
    keep, drop = [], []
    for item in items:
        uses_book = BOOK_FIXTURES & set(getattr(item, "fixturenames", ()))
        (keep if uses_book else drop).append(item)
        marker = item.get_closest_marker("sqlite_only")
        if marker is not None and uses_book:
            why = marker.args[0] if marker.args else marker.kwargs.get("reason", "")
            if not why:
                raise pytest.UsageError(f"{item.nodeid}: sqlite_only needs its reason")
            item.add_marker(pytest.mark.skip(reason=f"SQLite only: {why}"))
    if drop:
        config.hook.pytest_deselected(items=drop)
        items[:] = keep


def pytest_sessionfinish(session: pytest.Session) -> None:
    """Each process saves the hostile inputs it exercised; the controller of a multi-worker run adds them up
    and holds the count to tests/hardening/hostile.MINIMUM when every family of them ran."""
    import os

    from tests.hardening import hostile

    factory = getattr(session.config, "_tmp_path_factory", None)
    if factory is None:
        return
    base = factory.getbasetemp()
    if os.environ.get("PYTEST_XDIST_WORKER"):
        hostile.save(base.parent)
        return
    if not session.config.pluginmanager.hasplugin("dsession"):
        return  # one process: tests/hardening/test_zz_hostile_count.py asserted it
    cases = hostile.load(base)
    counts = hostile.by_kind(cases)
    if not cases:
        return
    families = {"cli-fuzz", "import-file", "refused", "restore", "book", "config", "export"}
    tr = session.config.pluginmanager.get_plugin("terminalreporter")
    if tr is not None:
        tr.write_line(f"distinct hostile inputs exercised: {len(cases)} {counts}")
    if families <= set(counts) and not session.config.option.keyword and len(cases) < hostile.MINIMUM:
        if tr is not None:
            tr.write_line(f"FAILED: fewer than {hostile.MINIMUM} distinct hostile inputs", red=True)
        session.exitstatus = pytest.ExitCode.TESTS_FAILED
