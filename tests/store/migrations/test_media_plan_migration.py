"""Revision 0805 (media plan per project and month) upgrades a 0801 file with data, and downgrades."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from alembic import command

from amtui.store import alembic_config, open_store, unit_of_work


def test_a_0801_book_with_a_project_upgrades_through_0805_and_back(tmp_path: Path) -> None:
    from amtui.services.growth import metrics

    path = tmp_path / "old.db"
    cfg = alembic_config(path)
    command.upgrade(cfg, "0801")
    con = sqlite3.connect(path)
    con.execute(
        "INSERT INTO account (slug, name, contract, currency, status, created_at)"
        " VALUES ('acme', 'Acme', 'project', 'USD', 'active', '2026-01-01 00:00:00')"
    )
    con.commit()
    con.close()
    store = open_store(path)
    try:
        with unit_of_work(store, "setup") as uow:
            from amtui.services.clients import projects

            projects.add_project(uow, "acme/web", "Web", budget_cents=10_000_00, rate_cents=100_00)
        with unit_of_work(store, "plan") as uow:
            info = metrics.set_media_plan(uow, "acme/web", "2026-12", 12_000_00)
        assert (info.months, info.total_cents) == (1, 12_000_00)
    finally:
        store.close()
    command.downgrade(alembic_config(path), "0801")
    con = sqlite3.connect(path)
    tables = {r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    assert "media_plan" not in tables and "project" in tables
    assert con.execute("SELECT slug FROM project").fetchall() == [("web",)]
    con.close()
