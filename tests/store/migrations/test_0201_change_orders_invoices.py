"""Revision 0201 adds columns to change_order and invoice: a file with data in them upgrades intact."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from alembic import command

from amtui.store import alembic_config, open_store, schema_state


def test_upgrade_through_0201_keeps_change_orders_invoices_and_payments(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    command.upgrade(alembic_config(path), "0001")
    con = sqlite3.connect(path)
    con.executescript(
        """
        INSERT INTO account (id, slug, name, contract, currency, status, created_at)
            VALUES (1, 'acme', 'Acme', 'project', 'USD', 'active', '2026-01-01 00:00:00');
        INSERT INTO project (id, account_id, slug, name, billing, currency, budget_cents, status, created_at)
            VALUES (1, 1, 'launch', 'Launch', 'fixed', 'USD', 4800000, 'active', '2026-01-01 00:00:00');
        INSERT INTO change_order
            (id, number, project_id, title, kind, amount_cents, status, created_at, sent_on)
            VALUES (1, 7, 1, 'Banners', 'add', 450000, 'sent', '2026-01-02 00:00:00', '2026-01-03');
        INSERT INTO invoice (id, number, project_id, amount_cents, currency, issued_on, status, created_at)
            VALUES (1, 'INV-2026-0001', 1, 1000000, 'USD', '2026-01-31', 'partial', '2026-01-31 00:00:00');
        INSERT INTO payment (id, invoice_id, amount_cents, paid_on, created_at)
            VALUES (1, 1, 400000, '2026-02-10', '2026-02-10 00:00:00');
        """
    )
    con.commit()
    con.close()
    assert schema_state(path) == "behind"

    store = open_store(path)
    assert store.backup is not None
    store.close()
    con = sqlite3.connect(path)
    try:
        assert con.execute(
            "SELECT number, amount_cents, status, sent_on, sent_to FROM change_order"
        ).fetchall() == [(7, 450000, "sent", "2026-01-03", None)]
        assert con.execute("SELECT number, amount_cents, void_reason FROM invoice").fetchall() == [
            ("INV-2026-0001", 1000000, None)
        ]
        assert con.execute("SELECT amount_cents FROM payment").fetchall() == [(400000,)]
        indexes = {r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type = 'index'")}
        assert {"ix_change_order_rollup", "ix_payment_rollup", "ix_invoice_change_order_id"} <= indexes
    finally:
        con.close()
    assert schema_state(path) == "current"
