"""Revision 0802 (follow-ups) upgrades a 0801 book with data in it, keeping the data; the table it adds takes
follow-ups at once, and downgrading removes it again."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from alembic import command

from amtui.services.clients.followups import add_follow_up, list_follow_ups
from amtui.store import alembic_config, open_store, schema_state, unit_of_work
from tests.conftest import TODAY


def _tables(path: Path) -> set[str]:
    with sqlite3.connect(path) as con:
        return {r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}


def test_a_0801_book_upgrades_to_follow_ups(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    path.touch(mode=0o600)
    command.upgrade(alembic_config(path), "0801")
    assert "follow_up" not in _tables(path)
    con = sqlite3.connect(path)
    con.execute(
        "INSERT INTO account (id, slug, name, contract, currency, status, created_at) "
        "VALUES (1, 'acme', 'Acme', 'project', 'USD', 'active', '2026-01-01 00:00:00')"
    )
    con.execute(
        "INSERT INTO interaction (id, account_id, kind, occurred_on, summary, created_at) "
        "VALUES (1, 1, 'call', '2026-11-20', 'Kickoff', '2026-11-20 10:00:00')"
    )
    con.commit()
    con.close()
    assert schema_state(path) == "behind"
    store = open_store(path)
    try:
        with unit_of_work(store, "add") as uow:
            f = add_follow_up(uow, "acme", "Send the recap", due_on=TODAY, today=TODAY)
        assert f.ref == "T-1"
        with store.read() as s:
            assert [x.title for x in list_follow_ups(s, "acme", today=TODAY)] == ["Send the recap"]
    finally:
        store.close()
    with sqlite3.connect(path) as con:
        assert con.execute("SELECT summary FROM interaction").fetchall() == [("Kickoff",)]
    command.downgrade(alembic_config(path), "0801")
    assert "follow_up" not in _tables(path) and "interaction" in _tables(path)
