"""``restore`` verifies the backup on a temporary copy before it replaces the book: damaged pages, broken
foreign keys, an unknown table/column/trigger/view, a missing table and broken invariants are refused with
one line, and the book stays as it was."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import Cli, assert_refused
from tests.hardening.hostile import record


def _sql(*statements: str) -> Callable[[Path], None]:
    def run(path: Path) -> None:
        con = sqlite3.connect(path)
        con.execute("PRAGMA foreign_keys=OFF")
        for s in statements:
            con.execute(s)
        con.commit()
        con.close()

    return run


def _corrupt(path: Path) -> None:
    data = bytearray(path.read_bytes())
    for i in range(4096, min(len(data), 4096 * 3)):
        data[i] = 0xA5
    path.write_bytes(bytes(data))


TAMPER = [
    (
        "trigger",
        _sql(
            "CREATE TRIGGER x100 AFTER INSERT ON cost_entry BEGIN "
            "UPDATE cost_entry SET amount_cents = amount_cents * 100 WHERE id = new.id; END"
        ),
        "unknown trigger 'x100'",
    ),
    ("view", _sql("CREATE VIEW v AS SELECT 1"), "unknown view 'v'"),
    ("table", _sql("CREATE TABLE extra (id INTEGER)"), "unknown table 'extra'"),
    ("column", _sql("ALTER TABLE account ADD COLUMN secret TEXT"), "unknown column 'secret'"),
    ("missing", _sql("DROP TABLE interaction"), "'interaction' is missing"),
    ("foreign-key", _sql("UPDATE project SET account_id = 999"), "points at a missing account row"),
    (
        "overpaid",
        _sql(
            "INSERT INTO payment (invoice_id, amount_cents, paid_on, created_at) "
            "VALUES (1, 99999999, '2026-11-28', '2026-11-28')"
        ),
        "payments-within-invoice",
    ),
    ("status", _sql("UPDATE invoice SET status = 'paid'"), "invoice-status"),
    ("corrupt", _corrupt, "not a readable SQLite database"),
]


@pytest.mark.parametrize(("name", "tamper", "problem"), TAMPER, ids=[t[0] for t in TAMPER])
def test_restore_refuses_a_tampered_backup(
    cli: Cli, tmp_path: Path, name: str, tamper: Callable[[Path], None], problem: str
) -> None:
    cli.ok("account", "add", "Acme", "--slug", "acme")
    cli.ok("project", "add", "acme/web", "Web", "--budget", "1000")
    cli.ok("invoice", "add", "acme/web", "300")
    cli.ok("invoice", "send", "INV-2026-0001")
    backup = tmp_path / "b.db"
    cli.ok("backup", str(backup))
    cli.ok("account", "add", "Later", "--slug", "later")
    tamper(backup)
    record("restore", name)
    assert_refused(cli, ("restore", str(backup), "--yes"), 1, problem)


def test_an_untouched_backup_restores(cli: Cli, tmp_path: Path) -> None:
    cli.ok("account", "add", "Acme", "--slug", "acme")
    backup = tmp_path / "b.db"
    cli.ok("backup", str(backup))
    cli.ok("account", "add", "Later", "--slug", "later")
    cli.ok("restore", str(backup), "--yes")
    assert "later" not in cli.ok("account", "list")


def test_the_restore_is_in_the_history_and_undo_does_not_cross_it(cli: Cli, tmp_path: Path) -> None:
    cli.ok("account", "add", "Acme", "--slug", "acme")
    backup = tmp_path / "b.db"
    cli.ok("backup", str(backup))
    cli.ok("account", "add", "Later", "--slug", "later")
    cli.ok("restore", str(backup), "--yes")
    assert "amtui restore b.db" in cli.ok("history")
    assert_refused(cli, ("undo",), 1, "the book was restored after it")
    assert_refused(cli, ("undo", "1"), 1, "the book was restored after it")
    assert_refused(cli, ("redo",), 1, "restored since")
    assert cli("check").code == 0
    cli.ok("account", "add", "New", "--slug", "new")
    cli.ok("undo")  # an action after the restore undoes as ever
    assert "New" not in cli.ok("account", "list")
