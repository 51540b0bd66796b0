"""Revision 0806 (escalation update notes, an opportunity's expected close) upgrades a 0805 file with data —
the plan text already written stays exactly as it was — and downgrades."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from alembic import command

from amtui.store import alembic_config


def test_a_0805_book_upgrades_to_0806_keeping_plans_and_back(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    cfg = alembic_config(path)
    command.upgrade(cfg, "0805")
    plan = "Pause broad match\n2026-11-20: called the CFO"
    con = sqlite3.connect(path)
    con.execute(
        "INSERT INTO account (id, slug, name, contract, currency, status, created_at)"
        " VALUES (1, 'acme', 'Acme', 'project', 'USD', 'active', '2026-01-01 00:00:00')"
    )
    con.execute(
        "INSERT INTO escalation (id, account_id, kind, summary, severity, probability, impact, plan, status,"
        " opened_on, created_at) VALUES (1, 1, 'escalation', 'CPA', 'high', 5, 4, ?, 'open', '2026-11-19',"
        " '2026-11-19 00:00:00')",
        (plan,),
    )
    con.execute(
        "INSERT INTO opportunity (id, account_id, title, kind, value_cents, currency, probability, stage,"
        " status, opened_on, created_at) VALUES (1, 1, 'Retail', 'expanded-scope', 100, 'USD', 40,"
        " 'identified', 'open', '2026-11-01', '2026-11-01 00:00:00')"
    )
    con.commit()
    con.close()
    command.upgrade(cfg, "0806")
    con = sqlite3.connect(path)
    try:
        assert con.execute("SELECT plan FROM escalation").fetchone() == (plan,)
        assert con.execute("SELECT count(*) FROM escalation_update").fetchone() == (0,)
        assert con.execute("SELECT title, expected_close FROM opportunity").fetchone() == ("Retail", None)
        con.execute(
            "INSERT INTO escalation_update (escalation_id, on_date, note, created_at)"
            " VALUES (1, '2026-11-28', 'CPA back to $46', '2026-11-28 10:00:00')"
        )
        con.commit()
    finally:
        con.close()
    command.downgrade(cfg, "0805")
    con = sqlite3.connect(path)
    try:
        tables = {r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        assert "escalation_update" not in tables
        assert con.execute("SELECT plan FROM escalation").fetchone() == (plan,)
        columns = {r[1] for r in con.execute("PRAGMA table_info(opportunity)")}
        assert "expected_close" not in columns and "title" in columns
    finally:
        con.close()
