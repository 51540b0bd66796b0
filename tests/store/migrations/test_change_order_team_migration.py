"""Revision 0809 (a change order's team) upgrades a 0805 book with change orders in it, and downgrades."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from alembic import command

from amtui.store import alembic_config, open_store, unit_of_work


def test_a_0805_book_with_a_change_order_upgrades_to_0809_and_back(tmp_path: Path) -> None:
    from amtui.services.clients import projects
    from amtui.services.money import change_orders

    path = tmp_path / "old.db"
    command.upgrade(alembic_config(path), "0805")
    con = sqlite3.connect(path)
    con.execute(
        "INSERT INTO account (slug, name, contract, currency, status, created_at)"
        " VALUES ('acme', 'Acme', 'project', 'USD', 'active', '2026-01-01 00:00:00')"
    )
    con.execute(
        "INSERT INTO project (account_id, slug, name, status, budget_cents, rate_cents, currency, billing,"
        " created_at) SELECT id, 'web', 'Web', 'active', 1000000, 10000, 'USD', 'fixed',"
        " '2026-01-01 00:00:00' FROM account"
    )
    con.execute(
        "INSERT INTO change_order (number, project_id, title, kind, amount_cents, status, created_at)"
        " SELECT 1, id, 'Old one', 'add', 50000, 'draft', '2026-01-02 00:00:00' FROM project"
    )
    con.commit()
    con.close()
    store = open_store(path)  # upgrades to the head
    try:
        with store.read() as s:
            from sqlalchemy import text

            assert s.exec(text("SELECT number, team FROM change_order")).all() == [(1, None)]  # type: ignore[call-overload]
        with unit_of_work(store, "co") as uow:
            change_orders.add_change_order(uow, "acme/web", "Banners", amount_cents=3_300_00, team="creative")
        assert projects  # the project is there to draft against
    finally:
        store.close()
    con = sqlite3.connect(path)
    assert con.execute("SELECT number, team FROM change_order ORDER BY number").fetchall() == [
        (1, None),
        (2, "creative"),
    ]
    con.close()
    command.downgrade(alembic_config(path), "0805")
    con = sqlite3.connect(path)
    cols = {r[1] for r in con.execute("PRAGMA table_info(change_order)")}
    assert "team" not in cols and con.execute("SELECT count(*) FROM change_order").fetchone() == (2,)
    con.close()
