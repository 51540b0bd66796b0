"""The team book, continued (revision 0812): a member creates an account and is its first editor and its AM;
the team views filter by AM; other people's writes reach an open TUI within a second (LISTEN/NOTIFY)."""

from __future__ import annotations

import json

import psycopg
import pytest

from tests.pg.test_access import as_role, count, team  # noqa: F401 - the fixture
from tests.pg.test_team_book import ok, snapshot


def test_a_member_creates_an_account_and_is_its_first_editor_and_am(team: str) -> None:  # noqa: F811
    dana, sam = as_role(team, "dana"), as_role(team, "sam")
    assert "AM dana" in ok(dana, "account", "add", "Zephyr Labs")
    assert (
        count(
            team,
            "SELECT count(*) FROM account_member m JOIN account a ON a.id = m.account_id "
            "WHERE a.slug = 'zephyr-labs' AND m.role_name = 'dana' AND m.access = 'editor'",
        )
        == 1
    )
    listed = json.loads(ok(dana, "account", "list", "--json"))
    assert [(a["slug"], a["am"]) for a in listed] == [("zephyr-labs", "dana")]
    ok(dana, "account", "edit", "zephyr-labs", "--industry", "Software")  # an editor changes it
    ok(dana, "project", "add", "zephyr-labs", "Launch", "--budget", "1000")
    assert "zephyr" not in ok(sam, "account", "list")  # another member does not see it
    assert count(sam, "SELECT count(*) FROM account WHERE slug = 'zephyr-labs'") == 0
    assert "zephyr-labs" in ok(as_role(team, "lee"), "account", "list")  # an admin does


def test_nobody_claims_an_account_that_exists_already(team: str) -> None:  # noqa: F811
    before = snapshot(team)
    with psycopg.connect(as_role(team, "sam")) as con:
        (helios,) = psycopg.connect(team).execute("SELECT id FROM account WHERE slug = 'helios'").fetchone()  # type: ignore[misc]
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            con.execute(
                "INSERT INTO account_member (id, account_id, role_name, access, created_at) "
                "VALUES (9999, %s, 'sam', 'editor', now())",
                (helios,),
            )
    assert snapshot(team) == before
