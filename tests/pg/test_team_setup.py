"""``amtui team setup`` refuses what it cannot do with one line and an exit code, and creates nothing: no
schema, no role."""

from __future__ import annotations

import psycopg
import pytest

from tests.pg.conftest import admin
from tests.pg.test_team_book import ok, run


@pytest.fixture
def blank(pg_server: str) -> str:
    """A database with nothing in it (not even the schema)."""
    import uuid

    name = f"b_{uuid.uuid4().hex[:12]}"
    admin(pg_server, f"CREATE DATABASE {name}")
    return pg_server.format(db=name)


def _tables(url: str) -> int:
    with psycopg.connect(url) as con:
        return int(con.execute("SELECT count(*) FROM pg_tables WHERE schemaname = 'public'").fetchone()[0])  # type: ignore[index]


def _role(url: str, name: str) -> bool:
    with psycopg.connect(url) as con:
        return con.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", (name,)).fetchone() is not None


@pytest.mark.parametrize(
    ("people", "fragment"),
    [
        (("--admin", "Lee Smith"), "not a database role name"),
        (("--admin", "amtui_user"), "group or system role"),
        (("--user", "pg_monitor"), "group or system role"),
        (("--user", "kit", "--user", "kit"), "listed twice"),
        (("--admin", "kit", "--user", "kit"), "listed twice"),
    ],
)
def test_a_bad_team_is_refused_before_anything_is_created(
    blank: str, people: tuple[str, ...], fragment: str
) -> None:
    r = run(blank, "team", "setup", blank, "--user", "okay_person", *people)
    assert r.code == 2 and fragment in r.stderr and len(r.stderr.strip().splitlines()) == 1, r.stderr
    assert _tables(blank) == 0 and not _role(blank, "okay_person") and not _role(blank, "kit")


@pytest.mark.parametrize("url", ["mysql://owner@host/agency", "sqlite:///tmp/agency.db", "agency.db"])
def test_a_url_that_is_not_postgresql_is_refused(blank: str, url: str) -> None:
    r = run(blank, "team", "setup", url, "--admin", "kit")
    assert r.code == 2 and "not a team database URL" in r.stderr and len(r.stderr.strip().splitlines()) == 1
    assert not _role(blank, "kit")


def test_a_database_it_cannot_reach_is_one_line(blank: str, tmp_path: object) -> None:
    nowhere = f"postgresql://postgres@/agency?host={tmp_path}"  # no server listens there
    r = run(blank, "team", "setup", nowhere, "--admin", "kit")
    assert r.code == 1 and len(r.stderr.strip().splitlines()) == 1 and "Traceback" not in r.stderr
    assert "connect" in r.stderr or "server" in r.stderr
    assert not _role(blank, "kit")


def test_a_good_team_is_set_up(blank: str) -> None:
    # (roles belong to the whole server: names of their own, so that the refusals above still see none)
    out = ok(blank, "team", "setup", blank, "--admin", "pat", "--user", "quin")
    assert "pat: admin" in out and _tables(blank) > 0 and _role(blank, "quin")
