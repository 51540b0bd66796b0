"""Revision 0808 (account.client_sees) upgrades a 0805 file with an account in it, and downgrades."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from alembic import command

from amtui.store import alembic_config


def test_a_0805_book_with_an_account_upgrades_to_0808_and_back(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    command.upgrade(alembic_config(path), "0805")
    con = sqlite3.connect(path)
    con.execute(
        "INSERT INTO account (slug, name, contract, currency, status, notes, created_at)"
        " VALUES ('acme', 'Acme', 'project', 'USD', 'active', 'kept', '2026-01-01 00:00:00')"
    )
    con.commit()
    con.close()
    command.upgrade(alembic_config(path), "0808")
    con = sqlite3.connect(path)
    assert con.execute("SELECT slug, notes, client_sees FROM account").fetchall() == [("acme", "kept", "")]
    con.close()
    command.downgrade(alembic_config(path), "0805")
    con = sqlite3.connect(path)
    cols = [r[1] for r in con.execute("PRAGMA table_info(account)")]
    assert "client_sees" not in cols
    assert con.execute("SELECT slug, notes FROM account").fetchall() == [("acme", "kept")]
    con.close()
