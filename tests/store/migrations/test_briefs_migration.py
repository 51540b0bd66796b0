"""Revision 0301 (briefs) upgrades a book written before briefs existed, keeping its data."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from alembic import command

from amtui.services.briefs import service as briefs
from amtui.store import alembic_config, open_store, prepare_file, script_revisions, unit_of_work


def test_a_book_at_0001_upgrades_through_0301_with_its_data(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    prepare_file(path)
    command.upgrade(alembic_config(path), "0001")
    con = sqlite3.connect(path)
    con.execute(
        "INSERT INTO account (id, slug, name, contract, currency, status, created_at) "
        "VALUES (1, 'acme', 'Acme', 'project', 'USD', 'active', '2026-01-01 00:00:00')"
    )
    con.execute(
        "INSERT INTO project (id, account_id, slug, name, billing, currency, budget_cents, status,"
        " created_at) "
        "VALUES (1, 1, 'launch', 'Launch', 'fixed', 'USD', 500000, 'active', '2026-01-01 00:00:00')"
    )
    con.commit()
    con.close()
    store = open_store(path)
    assert store.backup is not None
    with unit_of_work(store, "test") as uow:
        d = briefs.new_brief(uow, "acme/launch")
    assert d.summary.project == "acme/launch"
    assert "- **Budget:** $5,000.00" in d.markdown
    store.close()
    con = sqlite3.connect(path)
    # At the one head, which descends from 0301.
    assert {r[0] for r in con.execute("SELECT version_num FROM alembic_version")} == script_revisions()[1]
    assert con.execute("SELECT name FROM project").fetchall() == [("Launch",)]
    con.close()
