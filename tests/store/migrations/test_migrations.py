"""Schema versions: models match the migrations, files behind are backed up and upgraded, newer refused."""

from __future__ import annotations

import hashlib
import shutil
import sqlite3
import stat
import subprocess
import sys
from pathlib import Path

import pytest

import amtui.store.schema as schema
from amtui.core.errors import StoreError
from amtui.services.clients import accounts
from amtui.store import open_store, schema_state, script_revisions, unit_of_work

SRC = Path(__file__).resolve().parents[3] / "src"


def test_models_and_migrations_agree(tmp_path: Path) -> None:
    """Autogenerate finds nothing to do on a freshly upgraded file: every model change has a migration."""
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext
    from sqlalchemy import create_engine
    from sqlmodel import SQLModel

    from amtui.store.models import load_all

    load_all()

    path = tmp_path / "m.db"
    open_store(path).close()
    engine = create_engine(f"sqlite:///{path}")
    with engine.connect() as conn:
        ctx = MigrationContext.configure(conn, opts={"render_as_batch": True, "compare_type": True})
        diff = compare_metadata(ctx, SQLModel.metadata)
    engine.dispose()
    assert diff == []


def test_current_file_opens_without_importing_alembic(tmp_path: Path) -> None:
    path = tmp_path / "c.db"
    open_store(path).close()
    code = (
        "import sys; from pathlib import Path; from amtui.store import open_store; "
        f"open_store(Path({str(path)!r})).close(); "
        "print('alembic' in sys.modules)"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env={"PYTHONPATH": str(SRC)}
    )
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "False"


EXTRA_REVISION = '''
"""test: add a column"""
import sqlalchemy as sa
from alembic import op

revision = "9001"
down_revision = {heads!r}
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("account") as b:
        b.add_column(sa.Column("tier", sa.String(10), nullable=True))
    op.execute("UPDATE account SET tier = 'gold'")


def downgrade():
    with op.batch_alter_table("account") as b:
        b.drop_column("tier")
'''


def test_file_behind_is_backed_up_then_upgraded_with_its_data(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "old.db"
    s = open_store(path)
    with unit_of_work(s, "seed") as uow:
        accounts.add_account(uow, "Acme", slug="acme")
        accounts.add_contact(uow, "acme", "Dana Ruiz", primary=True)
    s.close()

    # A newer app: the shipped migrations plus one more revision.
    newer = tmp_path / "migrations"
    shutil.copytree(schema.MIGRATIONS_DIR, newer)
    (head,) = script_revisions()[1]
    (newer / "versions" / "9001_tier.py").write_text(EXTRA_REVISION.format(heads=head))
    monkeypatch.setattr(schema, "MIGRATIONS_DIR", newer)

    assert schema_state(path) == "behind"
    s = open_store(path)
    assert s.backup is not None and s.backup.exists()
    assert stat.S_IMODE(s.backup.stat().st_mode) == 0o600
    s.close()
    con = sqlite3.connect(path)
    assert con.execute("SELECT slug, tier FROM account").fetchall() == [("acme", "gold")]
    assert con.execute("SELECT version_num FROM alembic_version").fetchall() == [("9001",)]
    assert con.execute("SELECT count(*) FROM contact").fetchone() == (1,)
    con.close()
    # The backup is the file as it was: old schema, same data.
    bk = sqlite3.connect(s.backup)
    assert bk.execute("SELECT version_num FROM alembic_version").fetchall() == [(head,)]
    assert bk.execute("SELECT slug FROM account").fetchall() == [("acme",)]
    bk.close()
    assert schema_state(path) == "current"


def test_file_from_a_newer_app_is_refused_untouched(tmp_path: Path) -> None:
    path = tmp_path / "new.db"
    open_store(path).close()
    con = sqlite3.connect(path)
    con.execute("INSERT INTO alembic_version VALUES ('zz99')")
    con.commit()
    con.close()
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    with pytest.raises(StoreError, match="newer amtui"):
        open_store(path)
    assert hashlib.sha256(path.read_bytes()).hexdigest() == digest


def test_foreign_sqlite_file_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "other.db"
    con = sqlite3.connect(path)
    con.execute("CREATE TABLE notes (x)")
    con.commit()
    con.close()
    with pytest.raises(StoreError, match="not an amtui database"):
        open_store(path)


def test_garbage_file_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "junk.db"
    path.write_bytes(b"this is not sqlite at all" * 100)
    with pytest.raises(StoreError):
        open_store(path)
