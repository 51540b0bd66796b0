"""Revision 0501 (metrics, KPI targets, opportunities, escalations, health) upgrades a 0001 file with data."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from alembic import command

from amtui.services.clients import accounts, escalations
from amtui.store import alembic_config, open_store, script_revisions, unit_of_work


def test_a_0001_book_with_data_upgrades_through_0501(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    cfg = alembic_config(path)
    command.upgrade(cfg, "0001")
    con = sqlite3.connect(path)
    con.execute(
        "INSERT INTO account (slug, name, contract, currency, status, created_at)"
        " VALUES ('acme', 'Acme', 'project', 'USD', 'active', '2026-01-01 00:00:00')"
    )
    con.commit()
    con.close()
    store = open_store(path)  # behind: backed up, then upgraded to every head
    try:
        assert store.backup is not None
        con = sqlite3.connect(path)
        versions = {r[0] for r in con.execute("SELECT version_num FROM alembic_version")}
        tables = {r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        con.close()
        assert versions == script_revisions()[1]  # the one head, which descends from 0501
        assert {"metric_row", "kpi_target", "opportunity", "escalation", "health_snapshot"} <= tables
        with unit_of_work(store, "after upgrade") as uow:
            e = escalations.add_escalation(uow, "acme", "Still works", severity="low")
        assert e.account == "acme"
        with store.read() as s:
            assert accounts.account_summary(s, accounts.get_account(s, "acme")).name == "Acme"
    finally:
        store.close()
