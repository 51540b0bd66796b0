"""Backups and restore: private copies, pruning of automatic ones, a restore that shows and asks first."""

from __future__ import annotations

import json
import sqlite3
import stat
from pathlib import Path

import pytest

from amtui.store import auto_backup, prune_backups
from tests.conftest import Cli, assert_refused, dump, dump_data

# backup and restore copy the book's file: a team database is backed up by its server (pg_dump), and
# `book push`/`book pull` (tests/pg/test_book_moves.py) move one.
pytestmark = pytest.mark.sqlite_only("backup and restore copy a SQLite file; a team database has its server")


def mode(p: Path) -> int:
    return stat.S_IMODE(p.stat().st_mode)


def test_backup_is_a_private_consistent_copy_while_a_reader_is_open(demo_cli: Cli, tmp_path: Path) -> None:
    reader = sqlite3.connect(demo_cli.db)
    reader.execute("BEGIN")
    reader.execute("SELECT count(*) FROM account").fetchone()  # a TUI holding a read transaction
    data = json.loads(demo_cli.ok("backup", "--json"))
    reader.close()
    dest = Path(data["backup"])
    assert dest.parent == demo_cli.db.parent / "backups" and dest.name.endswith("-manual.db")
    assert mode(dest) == 0o600 and mode(dest.parent) == 0o700
    assert data["rows"]["account"] == 4
    assert dump(dest) == dump(demo_cli.db)
    assert not Path(str(dest) + "-wal").exists()  # a backup is one self-contained file
    out = demo_cli.ok("backup", str(tmp_path / "copy.db"))
    assert "Backed up" in out and mode(tmp_path / "copy.db") == 0o600
    assert_refused(demo_cli, ("backup", str(tmp_path / "copy.db")), 1, "--force")
    demo_cli.ok("backup", str(tmp_path / "copy.db"), "--force")
    assert_refused(demo_cli, ("backup", str(demo_cli.db)), 1, "the book itself")


def test_restore_shows_counts_asks_and_keeps_the_current_book(cli: Cli, tmp_path: Path) -> None:
    cli.ok("account", "add", "Acme", "--slug", "acme")
    cli.ok("backup", str(tmp_path / "one.db"))
    saved = dump(cli.db)
    cli.ok("account", "add", "Helios", "--slug", "helios")
    cli.ok("log", "helios", "Call")
    before = dump(cli.db)
    # Not confirmed: nothing happens.
    r = cli("restore", str(tmp_path / "one.db"))
    assert r.code == 1 and "nothing restored" in r.stderr
    assert "account" in r.stdout and "interaction" in r.stdout
    line = next(ln for ln in r.stdout.splitlines() if ln.strip().startswith("account"))
    assert line.split()[1:] == ["2", "1"]  # now vs backup
    assert dump(cli.db) == before
    out = cli.ok("restore", str(tmp_path / "one.db"), "--yes")
    assert "Restored one.db" in out
    assert dump_data(cli.db) == dump_data(tmp_path / "one.db")
    # The book is the backup again; only its history grew (the restore is recorded, and undo stops there).
    audit = ('INSERT INTO "audit_', "INSERT INTO audit_")
    no_history = [x for x in saved.splitlines() if not x.startswith(audit)]
    assert dump_data(cli.db).splitlines() == no_history
    assert "restore" in cli.ok("history")
    kept = next((cli.db.parent / "backups").glob("*-pre-restore.db"))
    assert mode(kept) == 0o600 and "helios" in dump(kept)
    assert [a["slug"] for a in json.loads(cli.ok("account", "list", "--json"))] == ["acme"]
    assert_refused(cli, ("restore", str(tmp_path / "nope.db"), "--yes"), 1, "no backup file")
    junk = tmp_path / "junk.db"
    junk.write_bytes(b"not a database" * 100)
    assert_refused(cli, ("restore", str(junk), "--yes"), 1, "not a readable sqlite database")
    other = tmp_path / "other.db"
    con = sqlite3.connect(other)
    con.execute("CREATE TABLE notes (x)")
    con.commit()
    con.close()
    assert_refused(cli, ("restore", str(other), "--yes"), 1, "not an amtui database")


def test_restore_refuses_a_backup_from_a_newer_amtui_untouched(cli: Cli, tmp_path: Path) -> None:
    cli.ok("account", "add", "Acme")
    cli.ok("backup", str(tmp_path / "newer.db"))
    con = sqlite3.connect(tmp_path / "newer.db")
    con.execute("INSERT INTO alembic_version VALUES ('zz99')")
    con.commit()
    con.close()
    backup_bytes = (tmp_path / "newer.db").read_bytes()
    assert_refused(cli, ("restore", str(tmp_path / "newer.db"), "--yes"), 1, "newer amtui")
    assert (tmp_path / "newer.db").read_bytes() == backup_bytes
    r = cli("check")
    assert r.code == 0


def test_automatic_backups_are_pruned_to_the_configured_number(cli: Cli) -> None:
    import os

    cli.ok("account", "add", "Acme")
    cfg = Path(os.environ["AMTUI_CONFIG"])
    cfg.parent.mkdir(parents=True, exist_ok=True)
    cfg.write_text("[backup]\nkeep = 3\n")
    from amtui.core import config

    config._load.cache_clear()
    manual = Path(json.loads(cli.ok("backup", "--json"))["backup"])
    made = [auto_backup(cli.db, "pre-migrate") for _ in range(5)]  # each one prunes
    assert prune_backups(cli.db) == []
    left = sorted((cli.db.parent / "backups").glob("*.db"))
    assert manual in left  # asked-for backups are never pruned
    assert sorted(p for p in left if "pre-migrate" in p.name) == sorted(made[-3:])
