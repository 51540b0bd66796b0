"""Books written by every earlier amtui — at each revision, at 0001 plus each branch, at the five old heads —
upgrade to the one head with their data intact, pass ``amtui check``, and are then current for good."""

from __future__ import annotations

import hashlib
import sqlite3
import subprocess
import sys
from datetime import date, datetime
from pathlib import Path

import pytest

from amtui.store import alembic_config, db_revisions, open_store, schema_state, script_revisions
from tests.conftest import Cli

SRC = Path(__file__).resolve().parents[3] / "src"
# The heads before 0701 merged them: each branch was written on top of 0001.
OLD_HEADS = ("0201", "0301", "0401", "0501", "0601")


def _synthetic_row(table: object) -> dict[str, object]:
    """One plausible row for a table as it was at some revision (reflected): ids 1, neutral values."""
    from sqlalchemy import Boolean, Date, DateTime, Integer, String

    row: dict[str, object] = {}
    for c in table.columns:  # type: ignore[attr-defined]
        if c.primary_key or c.foreign_keys:
            row[c.name] = 1
        elif c.nullable or c.server_default is not None:
            continue
        elif isinstance(c.type, Boolean):
            row[c.name] = 0
        elif isinstance(c.type, DateTime):
            row[c.name] = datetime(2026, 1, 1)
        elif isinstance(c.type, Date):
            row[c.name] = date(2026, 1, 1)
        elif isinstance(c.type, Integer):
            row[c.name] = 1
        elif isinstance(c.type, String):
            row[c.name] = "x"
        else:
            row[c.name] = "x"
    return row


def _revisions() -> list[str]:
    """Every revision, as Alembic itself walks them (not as our reader sees them)."""
    from alembic.script import ScriptDirectory

    from amtui.store import MIGRATIONS_DIR

    cfg = alembic_config(MIGRATIONS_DIR / "unused.db")
    return sorted(s.revision for s in ScriptDirectory.from_config(cfg).walk_revisions())


def _book_at(path: Path, targets: tuple[str, ...]) -> dict[str, list[tuple[object, ...]]]:
    """A book upgraded by Alembic to ``targets`` only, one row in each of its tables; returns its rows."""
    from alembic import command
    from sqlalchemy import MetaData, create_engine, insert

    cfg = alembic_config(path)
    for target in targets:  # upgrading to one branch head, then to another, leaves a book at both
        command.upgrade(cfg, target)
    engine = create_engine(f"sqlite:///{path}")
    meta = MetaData()
    meta.reflect(engine)
    with engine.begin() as conn:
        for t in meta.sorted_tables:
            if t.name != "alembic_version":
                conn.execute(insert(t).values(**_synthetic_row(t)))
    engine.dispose()
    return _rows(path, {t.name: [c.name for c in t.columns] for t in meta.sorted_tables})


def _rows(path: Path, columns: dict[str, list[str]]) -> dict[str, list[tuple[object, ...]]]:
    """The rows of ``columns`` (the tables and columns a book had before its upgrade), in id order."""
    con = sqlite3.connect(path)
    try:
        return {
            name: con.execute(f'SELECT {", ".join(cols)} FROM "{name}" ORDER BY 1').fetchall()
            for name, cols in columns.items()
            if name != "alembic_version"
        }
    finally:
        con.close()


def _columns(path: Path) -> dict[str, list[str]]:
    con = sqlite3.connect(path)
    try:
        tables = [r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
        return {t: [r[1] for r in con.execute(f'PRAGMA table_info("{t}")')] for t in tables}
    finally:
        con.close()


BOOKS = [(r,) for r in _revisions()] + [OLD_HEADS]


@pytest.mark.parametrize("targets", BOOKS, ids=["+".join(t) for t in BOOKS])
def test_a_book_from_every_earlier_revision_upgrades_with_its_data_and_passes_check(
    tmp_path: Path, targets: tuple[str, ...]
) -> None:
    path = tmp_path / "old.db"
    before = _book_at(path, targets)
    old_columns = _columns(path)
    (head,) = script_revisions()[1]
    assert schema_state(path) == ("current" if targets == (head,) else "behind")

    r = Cli(path)("check")
    assert r.code == 0, r.stdout + r.stderr

    # Every row that was there is there, with the same values in every column it had.
    assert _rows(path, {t: old_columns[t] for t in before}) == before
    assert all(len(rows) == 1 for rows in before.values())
    assert db_revisions(path) == {head} and schema_state(path) == "current"
    backups = (
        sorted((tmp_path / "backups").glob("*-pre-migrate.db")) if (tmp_path / "backups").exists() else []
    )
    if targets != (head,):
        assert len(backups) == 1, "a book behind is backed up once, before its upgrade"
        assert db_revisions(backups[0]) == set(targets)  # the book as it was
    else:
        assert backups == []
    # Current from now on: the next open neither backs up nor migrates.
    store = open_store(path)
    assert store.backup is None
    store.close()


def test_a_book_at_the_five_old_heads_opens_without_alembic_once_upgraded(tmp_path: Path) -> None:
    path = tmp_path / "five.db"
    _book_at(path, OLD_HEADS)
    assert db_revisions(path) == set(OLD_HEADS) and schema_state(path) == "behind"
    first = open_store(path)
    assert first.backup is not None and db_revisions(first.backup) == set(OLD_HEADS)
    first.close()
    code = (
        "import sys; from pathlib import Path; from amtui.store import open_store; "
        f"s = open_store(Path({str(path)!r})); print(s.backup, 'alembic' in sys.modules); s.close()"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env={"PYTHONPATH": str(SRC)}
    )
    assert out.returncode == 0, out.stderr
    assert out.stdout.split() == ["None", "False"]


@pytest.mark.sqlite_only("compares the file's bytes; tests/pg/test_team_book.py has the team database case")
def test_a_book_from_a_newer_amtui_is_refused_by_check_and_left_untouched(cli: Cli) -> None:
    cli.ok("account", "add", "Acme")
    con = sqlite3.connect(cli.db)
    con.execute("UPDATE alembic_version SET version_num = 'zz99'")
    con.commit()
    con.close()
    import gc

    gc.collect()  # connections pooled by earlier in-process runs close (and checkpoint) now, not mid-test
    digest = hashlib.sha256(cli.db.read_bytes()).hexdigest()
    r = cli("check")
    assert r.code == 1 and "newer amtui" in r.stderr and len(r.stderr.strip().splitlines()) == 1
    assert hashlib.sha256(cli.db.read_bytes()).hexdigest() == digest
