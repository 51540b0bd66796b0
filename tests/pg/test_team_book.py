"""The same program on a team database: the store, the key reads and a handful of one-liners give the same
answers on SQLite and on PostgreSQL, and the refusals hold on both (one line, exit code, nothing changed)."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest
from typer.testing import CliRunner

from amtui.cli.main import app
from amtui.store import open_store
from amtui.store.dialect import driver_sql, engine_url, is_url, plain, redacted, short_name
from amtui.store.schema import script_revisions, url_revisions
from amtui.store.sql import rows
from tests.conftest import Ran


def run(db: str | Path, *args: str) -> Ran:
    r = CliRunner().invoke(app, ["--db", str(db), *args])
    return Ran(r.exit_code, r.stdout, r.stderr)


def ok(db: str | Path, *args: str) -> str:
    r = run(db, *args)
    assert r.code == 0, f"{args} exited {r.code}: {r.stderr}"
    return r.stdout


def snapshot(url: str) -> dict[str, list[tuple[object, ...]]]:
    """Every table's rows (history included): equal snapshots mean nothing changed."""
    from sqlalchemy import select

    from amtui.store.rows import metadata_tables, pk_column

    store = open_store(url, migrate=False)
    try:
        with store.read() as s:
            conn = s.connection()
            return {
                name: [tuple(r) for r in conn.execute(select(t).order_by(pk_column(t)))]
                for name, t in sorted(metadata_tables().items())
            }
    finally:
        store.close()


# ------------------------------------------------------------------------------------------ the dialect


def test_placeholders_percent_and_is_are_rewritten_outside_literals() -> None:
    sql = "SELECT a FROM t WHERE s IS NOT want AND x IS NULL AND y LIKE '%?%' AND q = ? AND z IS ?"
    assert driver_sql(sql, "sqlite") == sql
    assert driver_sql(sql, "postgresql") == (
        "SELECT a FROM t WHERE s IS DISTINCT FROM want AND x IS NULL AND y ILIKE '%%?%%' AND q = %s "
        "AND z IS NOT DISTINCT FROM %s"
    )


def test_a_json_list_of_ids_is_an_array_the_planner_can_see() -> None:
    sql = "SELECT a FROM t WHERE x IN (SELECT value FROM json_each(?))\n"
    sql += " AND y NOT IN ( select value from json_each(?))"
    array = "CAST(translate(CAST(%s AS text), '[]', '{}') AS integer[])"
    assert driver_sql(sql, "sqlite") == sql
    assert driver_sql(sql, "postgresql") == f"SELECT a FROM t WHERE x = ANY({array})\n AND y <> ALL({array})"
    recursive = "WITH RECURSIVE d(id) AS (SELECT value FROM json_each(?) UNION SELECT 1) SELECT id FROM d"
    assert "json_array_elements_text(CAST(%s AS json))" in driver_sql(recursive, "postgresql")


def test_only_the_numeric_columns_are_made_plain() -> None:
    from collections import namedtuple

    from amtui.store.dialect import numeric_columns, plain_rows

    col = namedtuple("col", "name type_code")
    assert numeric_columns([col("id", 23), col("sum", 1700), col("name", 25)]) == [1]
    fetched = [(1, Decimal("12"), Decimal("3")), (2, Decimal("0.5"), None)]
    assert plain_rows("postgresql", fetched, [1]) == [(1, 12, Decimal("3")), (2, Decimal("0.5"), None)]
    assert plain_rows("postgresql", fetched, []) == fetched
    assert plain_rows("postgresql", fetched) == [(1, 12, 3), (2, Decimal("0.5"), None)]
    assert all(type(r[1]) is int for r in plain_rows("postgresql", fetched[:1], [1]))


def test_urls_name_team_databases_and_passwords_are_never_shown() -> None:
    assert is_url("postgresql://dana@db/agency") and is_url("postgres://x/y")
    assert not is_url("book.db") and not is_url(Path("postgresql:/x"))
    assert engine_url("postgresql://dana@db/agency") == "postgresql+psycopg://dana@db/agency"
    assert redacted("postgresql://dana:s3cret@db/agency") == "postgresql://dana:***@db/agency"
    named = short_name("postgresql://dana:s3cret@db.agency.internal/agency")
    assert named == "agency · dana@db.agency.internal"
    assert short_name("postgresql://am1@/large?host=/tmp/sock") == "large · am1@local"
    assert short_name(Path("/tmp/x/demo.db")) == "demo.db"
    assert type(plain(Decimal("12"))) is int and plain(Decimal("12.5")) == Decimal("12.5")


# ------------------------------------------------------------------------------------------ the store


def test_a_new_team_database_is_migrated_to_the_head(pg_server: str) -> None:
    from tests.pg.conftest import admin

    admin(pg_server, "CREATE DATABASE fresh_book")
    url = pg_server.format(db="fresh_book")
    store = open_store(url)
    try:
        assert url_revisions(store.engine) == script_revisions()[1]
        assert store.dialect == "postgresql" and store.url == url
        with store.read() as s:  # the runner: ? placeholders, integer sums come back as int
            got = rows(s, "SELECT coalesce(sum(budget_cents), 0), count(*) FROM project WHERE id > ?", [0])
        assert got == [(0, 0)] and type(got[0][0]) is int
    finally:
        store.close()


def test_a_team_database_from_a_newer_amtui_is_refused_untouched(pg_url: str) -> None:
    import psycopg

    with psycopg.connect(pg_url.replace("postgresql://", "postgresql://", 1), autocommit=True) as con:
        con.execute("UPDATE alembic_version SET version_num = '9999'")
    before = snapshot(pg_url)
    r = run(pg_url, "account", "list")
    assert r.code == 1 and "newer amtui" in r.stderr and len(r.stderr.strip().splitlines()) == 1
    assert snapshot(pg_url) == before


def test_the_same_writes_give_the_same_book(pg_url: str, db_path: Path) -> None:
    for db in (pg_url, db_path):
        ok(db, "account", "add", "helios", "--am", "lee")  # the default AM is the creator: not the same
        ok(db, "project", "add", "helios", "site", "--budget", "10000")
        ok(db, "time", "helios/site", "2.5", "--rate", "150")
    for args in (("budget", "--json"), ("time", "list", "--json"), ("reconcile", "--json")):
        assert ok(pg_url, *args) == ok(db_path, *args), args
    assert "helios/site" in ok(pg_url, "budget")


# ------------------------------------------------------------------------------------------ same answers


READS = [
    ("budget", "--json"),
    ("reconcile", "--json"),
    ("health", "--json"),
    ("report", "status", "helios"),
    ("account", "list", "--json"),
    ("project", "list", "--json"),
    ("invoice", "list", "--json"),
    ("co", "list", "--json"),
    ("todo", "list", "--json"),
    ("timeline", "helios"),
    ("check",),
]


def test_the_reads_answer_the_same_on_sqlite_and_postgresql(demo_path: Path, pg_demo_url: str) -> None:
    for args in READS:
        assert ok(pg_demo_url, *args) == ok(demo_path, *args), args


def test_the_tui_today_reads_the_same_on_both(demo_store: object, pg_demo_url: str) -> None:
    from amtui.core import clock
    from amtui.services.overview.today import attention

    pg = open_store(pg_demo_url)
    try:
        with demo_store.read() as a, pg.read() as b:  # type: ignore[attr-defined]
            found = attention(b, today=clock.today())
            assert found and found == attention(a, today=clock.today())
    finally:
        pg.close()


# ------------------------------------------------------------------------------------------ writes, undo


@pytest.mark.parametrize("kind", ["sqlite", "postgresql"])
def test_a_write_lands_in_history_and_undo_takes_it_back(
    kind: str, demo_path: Path, pg_demo_url: str
) -> None:
    db = pg_demo_url if kind == "postgresql" else str(demo_path)
    before = json.loads(ok(db, "time", "list", "--json"))
    ok(db, "time", "helios/ctv-q1-flight", "2.5", "--note", "team book")
    after = json.loads(ok(db, "time", "list", "--json"))
    assert len(after["entries"]) == len(before["entries"]) + 1
    assert "amtui time helios/ctv-q1-flight 2.5" in ok(db, "history")
    ok(db, "undo")
    assert json.loads(ok(db, "time", "list", "--json")) == before


@pytest.mark.parametrize(
    ("args", "code", "fragment"),
    [
        (("time", "helios/nope", "2"), 1, "nope"),
        (("time", "helios/ctv-q1-flight", "-3"), 2, ""),
        (("account", "add", "helios"), 1, "helios"),
        (("backup",), 2, "team database"),
        (("paths",), 2, "team database"),
    ],
)
def test_refusals_on_a_team_database_change_nothing(
    pg_demo_url: str, args: tuple[str, ...], code: int, fragment: str
) -> None:
    before = snapshot(pg_demo_url)
    r = run(pg_demo_url, *args)
    assert r.code == code, (args, r.code, r.stderr)
    lines = [ln for ln in r.stderr.splitlines() if ln.strip()]
    assert len(lines) == 1 and "Traceback" not in r.stderr + r.stdout, r.stderr
    assert fragment.lower() in r.stderr.lower()
    assert snapshot(pg_demo_url) == before


def test_amtui_db_from_the_environment_names_a_team_database(
    pg_demo_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("AMTUI_DB", pg_demo_url)
    r = CliRunner().invoke(app, ["account", "list"])
    assert r.exit_code == 0 and "helios" in r.stdout


def test_demo_goes_into_an_empty_team_database_and_never_empties_one(pg_url: str, pg_demo_url: str) -> None:
    assert "Wrote demo book" in ok(pg_url, "demo", "--no-open")
    assert "helios" in ok(pg_url, "account", "list")
    before = snapshot(pg_demo_url)
    r = run(pg_demo_url, "demo", "--no-open", "--force")
    assert r.code == 1 and "never empties" in r.stderr
    assert snapshot(pg_demo_url) == before
