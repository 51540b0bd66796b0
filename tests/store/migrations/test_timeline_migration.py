"""Revision 0401 (milestones) upgrades a book that already has projects, keeping them."""

from __future__ import annotations

import sqlite3
from datetime import date
from pathlib import Path

from alembic import command

from amtui.services.clients import accounts, projects
from amtui.services.timeline import milestones as timeline
from amtui.store import alembic_config, open_store, schema_state, script_revisions, unit_of_work


def test_a_0001_book_with_projects_upgrades_to_milestones(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    path.touch(mode=0o600)
    command.upgrade(alembic_config(path), "0001")
    con = sqlite3.connect(path)
    con.execute(
        "INSERT INTO account (id, slug, name, contract, currency, status, created_at) "
        "VALUES (1, 'acme', 'Acme', 'project', 'USD', 'active', '2026-01-01 00:00:00')"
    )
    con.execute(
        "INSERT INTO project (id, account_id, slug, name, billing, currency, budget_cents, status, "
        "created_at) "
        "VALUES (1, 1, 'launch', 'Launch', 'fixed', 'USD', 100000, 'active', '2026-01-01 00:00:00')"
    )
    con.commit()
    con.close()
    assert schema_state(path) == "behind"
    store = open_store(path)
    try:
        assert store.backup is not None and store.backup.exists()
        with store.read() as s:
            assert [p.ref for p in projects.list_projects(s)] == ["acme/launch"]
            assert accounts.list_accounts(s)[0].name == "Acme"
        with unit_of_work(store, "add") as uow:
            m = timeline.add_milestone(uow, "acme/launch", "Kickoff", due_on=date(2026, 12, 1))
        assert m.label == "M1" and m.project == "acme/launch"
    finally:
        store.close()
    with sqlite3.connect(path) as con:
        revs = {r[0] for r in con.execute("SELECT version_num FROM alembic_version")}
    assert revs == script_revisions()[1]  # the one head, which descends from 0401
