"""People and access on a team database (revision 0810): the server itself keeps a non-member from reading
an account's rows, hand-written SQL included, and a viewer from changing them; an admin sees all; history
records who did each action and undo takes back only your own; two writers at once both land."""

from __future__ import annotations

import threading
from pathlib import Path

import psycopg
import pytest

from tests.pg.test_team_book import ok, run, snapshot


def as_role(url: str, role: str) -> str:
    return url.replace("postgresql://postgres@", f"postgresql://{role}@", 1)


@pytest.fixture
def team(pg_demo_url: str) -> str:
    """The demo book on a team database with lee (admin), dana and sam (users); nothing shared yet."""
    out = ok(pg_demo_url, "team", "setup", pg_demo_url, "--admin", "lee", "--user", "dana", "--user", "sam")
    assert "row-level security on" in out
    return pg_demo_url


def count(url: str, sql: str) -> int:
    with psycopg.connect(url) as con:
        return int(con.execute(sql).fetchone()[0])  # type: ignore[index]


TABLES = ("account", "project", "time_entry", "invoice", "payment", "milestone", "audit_batch", "audit_event")


def test_a_non_member_reads_nothing_even_with_hand_written_sql(team: str) -> None:
    sam = as_role(team, "sam")
    for t in TABLES:
        assert count(team, f"SELECT count(*) FROM {t}") > 0, t
        assert count(sam, f"SELECT count(*) FROM {t}") == 0, t
    assert "No accounts yet" in ok(sam, "account", "list")


def test_a_member_sees_only_the_accounts_shared_with_them(team: str) -> None:
    ok(team, "account", "share", "helios", "--with", "dana", "--role", "viewer")
    dana = as_role(team, "dana")
    assert count(dana, "SELECT count(*) FROM account") == 1
    assert (
        count(
            dana,
            "SELECT count(*) FROM project p JOIN account a ON a.id = p.account_id WHERE a.slug != 'helios'",
        )
        == 0
    )
    listed = ok(dana, "account", "list")
    assert "helios" in listed and "bramble" not in listed
    assert "helios/" in ok(dana, "budget") and "bramble/" not in ok(dana, "budget")


def test_a_viewer_cannot_change_an_account(team: str) -> None:
    ok(team, "account", "share", "helios", "--with", "dana", "--role", "viewer")
    dana = as_role(team, "dana")
    before = snapshot(team)
    with psycopg.connect(dana) as con:  # hand-written SQL: the rows are not there to change
        assert con.execute("UPDATE project SET name = 'mine' WHERE true").rowcount == 0
        assert con.execute("DELETE FROM time_entry WHERE true").rowcount == 0
    r = run(dana, "time", "helios/ctv-q1-flight", "1")
    assert r.code == 1 and "not allowed" in r.stderr and len(r.stderr.strip().splitlines()) == 1
    assert snapshot(team) == before


def test_an_editor_changes_the_account_and_history_names_them(team: str) -> None:
    ok(team, "account", "share", "helios", "--with", "dana", "--role", "editor")
    dana = as_role(team, "dana")
    ok(dana, "time", "helios/ctv-q1-flight", "1", "--note", "by dana")
    assert count(team, "SELECT count(*) FROM audit_batch WHERE actor = 'dana'") == 1
    assert count(team, "SELECT count(*) FROM audit_batch WHERE actor = 'postgres'") >= 1
    with psycopg.connect(dana) as con:  # …and a name cannot be forged
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            con.execute(
                "INSERT INTO audit_batch (command, created_at, kind, actor) "
                "VALUES ('x', now(), 'action', 'sam')"
            )


def test_an_admin_sees_every_account(team: str) -> None:
    lee = as_role(team, "lee")
    assert count(lee, "SELECT count(*) FROM account") == count(team, "SELECT count(*) FROM account") == 4


def test_undo_takes_back_only_your_own_action(team: str) -> None:
    for who in ("dana", "sam"):
        ok(team, "account", "share", "helios", "--with", who, "--role", "editor")
    dana, sam = as_role(team, "dana"), as_role(team, "sam")
    ok(sam, "time", "helios/ctv-q1-flight", "1", "--note", "sam's hour")
    ok(dana, "time", "helios/ctv-q1-flight", "2", "--note", "dana's hours")
    ok(sam, "undo")  # sam's last action, although dana wrote after it
    notes = ok(team, "time", "list", "--json")
    assert "dana's hours" in notes and "sam's hour" not in notes


def test_the_actor_on_a_file_is_the_os_user(demo_path: Path) -> None:
    import getpass
    import sqlite3

    ok(demo_path, "time", "helios/ctv-q1-flight", "1")
    con = sqlite3.connect(demo_path)
    try:
        (actor,) = con.execute("SELECT actor FROM audit_batch ORDER BY id DESC LIMIT 1").fetchone()
    finally:
        con.close()
    assert actor == getpass.getuser()


def test_two_writers_at_once_both_land(team: str) -> None:
    from amtui.services.clients import members
    from amtui.store import open_store, unit_of_work

    people = [f"p{i}" for i in range(12)]
    errors: list[BaseException] = []

    def writer(names: list[str]) -> None:
        store = open_store(team)
        try:
            for n in names:
                with unit_of_work(store, f"amtui account share helios --with {n}") as uow:
                    members.share(uow, "helios", n, "viewer")
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)
        finally:
            store.close()

    threads = [threading.Thread(target=writer, args=(people[i::2],)) for i in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    assert count(team, "SELECT count(*) FROM account_member WHERE role_name LIKE 'p%'") == len(people)
    assert count(team, "SELECT count(*) FROM audit_batch WHERE command LIKE 'amtui account share%'") == len(
        people
    )


@pytest.mark.parametrize(
    ("args", "fragment"),
    [
        (("account", "share", "helios", "--with", "dana", "--role", "owner"), "editor or viewer"),
        (("account", "share", "helios", "--with", "Dana; DROP", "--role", "viewer"), "not a database role"),
        (("account", "share", "nowhere", "--with", "dana", "--role", "viewer"), "nowhere"),
    ],
)
def test_share_refusals_change_nothing(team: str, args: tuple[str, ...], fragment: str) -> None:
    before = snapshot(team)
    r = run(team, *args)
    assert r.code in (1, 2) and fragment in r.stderr and len(r.stderr.strip().splitlines()) == 1
    assert snapshot(team) == before
