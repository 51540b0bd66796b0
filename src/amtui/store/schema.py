"""The schema's version: the revisions the shipped migrations define, the one a book is at, the upgrade.

Opening a book costs one plain ``sqlite3`` query for its revision and a parse of the migration modules'
headers (:mod:`ast`, ~1 ms); Alembic is imported only when the file is new or behind (it is backed up
first), and a file written by a newer amtui is refused untouched. The history is linear: exactly one head
(a test holds it).
"""

from __future__ import annotations

import ast
import re
import sqlite3
from pathlib import Path
from typing import Any

from amtui.core.errors import StoreError
from amtui.store.files import auto_backup

MIGRATIONS_DIR = Path(__file__).parent / "migrations"

# Alembic modules set ``revision``/``down_revision`` before their first function: the header up to the first
# top-level ``def``/``class`` is parsed first (the bodies are most of the parse time); the whole module when
# the header does not hold both names (or the cut fell inside a string).
_FIRST_DEF = re.compile(r"^(?:async\s+def|def|class)\b", re.M)
_NAMES = ("revision", "down_revision")


def _assignments(module: ast.Module) -> dict[str, Any]:
    """Top-level ``revision``/``down_revision`` assignments (plain or annotated), as Python literals."""
    found: dict[str, Any] = {}
    for node in module.body:
        if isinstance(node, ast.Assign) and len(node.targets) == 1:
            target, value = node.targets[0], node.value
        elif isinstance(node, ast.AnnAssign) and node.value is not None:
            target, value = node.target, node.value
        else:
            continue
        if isinstance(target, ast.Name) and target.id in _NAMES:
            found[target.id] = ast.literal_eval(value)
    return found


def read_revision(text: str) -> tuple[str, tuple[str, ...]] | None:
    """``(revision, down revisions)`` declared by a migration module's source, without importing it.

    ``down_revision`` may be ``None``, a string, or a tuple or list of strings (a merge), wrapped over lines,
    annotated and commented as a formatter leaves it. None when the module declares no ``revision``.
    """
    found: dict[str, Any] = {}
    cut = _FIRST_DEF.search(text)
    if cut is not None:
        try:
            found = _assignments(ast.parse(text[: cut.start()]))
        except SyntaxError:
            found = {}
    if not all(name in found for name in _NAMES):
        found = _assignments(ast.parse(text))
    revision = found.get("revision")
    if not isinstance(revision, str):
        return None
    down = found.get("down_revision")
    if down is None:
        return revision, ()
    if isinstance(down, str):
        return revision, (down,)
    if isinstance(down, tuple | list) and all(isinstance(d, str) for d in down):
        return revision, tuple(down)
    raise ValueError(f"down_revision of {revision} is neither a revision nor a tuple of them: {down!r}")


def script_revisions(migrations: Path | None = None) -> tuple[set[str], set[str]]:
    """(all revisions, heads) of the migration files, read without importing Alembic."""
    folder = (migrations or MIGRATIONS_DIR) / "versions"
    revs: set[str] = set()
    downs: set[str] = set()
    for f in folder.glob("*.py"):
        found = read_revision(f.read_text(encoding="utf-8"))
        if found is None:
            continue
        revs.add(found[0])
        downs.update(found[1])
    return revs, revs - downs


def db_revisions(path: Path) -> set[str] | None:
    """The revisions stamped in the file; None when the file has no amtui schema yet."""
    if not path.exists() or path.stat().st_size == 0:
        return None
    try:
        con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    except sqlite3.Error as exc:
        raise StoreError(f"cannot open {path}: {exc}") from exc
    try:
        has = con.execute(
            "SELECT 1 FROM sqlite_master WHERE type='table' AND name='alembic_version'"
        ).fetchone()
        if not has:
            tables = con.execute("SELECT count(*) FROM sqlite_master WHERE type='table'").fetchone()[0]
            if tables:
                raise StoreError(
                    f"{path} is not an amtui database (it has other tables and no schema version)"
                )
            return None
        return {r[0] for r in con.execute("SELECT version_num FROM alembic_version")}
    except sqlite3.DatabaseError as exc:
        raise StoreError(f"{path} is not a readable SQLite database: {exc}") from exc
    finally:
        con.close()


def schema_state(path: Path) -> str:
    """'new', 'current', 'behind' — or raise :class:`StoreError` for a file newer than this app."""
    current = db_revisions(path)
    if current is None:
        return "new"
    known, heads = script_revisions()
    unknown = current - known
    if unknown:
        raise StoreError(
            f"{path} was written by a newer amtui (schema {', '.join(sorted(unknown))}); "
            "upgrade amtui to open it — the file was not touched"
        )
    return "current" if current == heads else "behind"


def team_path(url: str) -> Path:
    """Where files that sit beside a book (recovery copies, the Today snapshot) go for a team database: a
    folder of the user's own, named after the server and database (never the password)."""
    import re

    from amtui.core.config import data_dir
    from amtui.store.dialect import libpq_url

    rest = libpq_url(url).split("://", 1)[1].rsplit("@", 1)[-1]
    name = re.sub(r"[^A-Za-z0-9._-]+", "_", rest).strip("_") or "team"
    return data_dir() / "team" / name / "team.db"


def url_revisions(engine: Any) -> set[str] | None:
    """The revisions stamped in a team database; None when it has no amtui schema yet."""
    from sqlalchemy import inspect

    with engine.connect() as conn:
        if not inspect(conn).has_table("alembic_version"):
            return None
        return {r[0] for r in conn.exec_driver_sql("SELECT version_num FROM alembic_version")}


def book_revisions(store: Any) -> set[str] | None:
    """The revisions stamped in an opened book (:class:`~amtui.store.engine.Store`), file or team database."""
    if getattr(store, "url", None):
        return url_revisions(store.engine)
    return db_revisions(store.path)


def ensure_schema_url(url: str, engine: Any) -> None:
    """Bring a team database to the app's schema (a newer one is refused untouched). Its backups are the
    server's business (``pg_dump``), so none is made here."""
    from amtui.store.dialect import redacted

    current = url_revisions(engine)
    known, heads = script_revisions()
    if current is not None:
        unknown = current - known
        if unknown:
            raise StoreError(
                f"{redacted(url)} was written by a newer amtui (schema {', '.join(sorted(unknown))}); "
                "upgrade amtui to open it — nothing was changed"
            )
        if current == heads:
            return
    upgrade(url)


def alembic_config(path: Path | str, migrations: Path | None = None) -> Any:
    """Alembic's configuration for the book at ``path`` (imports Alembic): the shipped migrations, or
    ``migrations`` (a folder laid out like them, for ``scripts/new_migration.py --dir`` and tests)."""
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(migrations or MIGRATIONS_DIR))
    from amtui.store.dialect import engine_url

    # Alembic's options go through configparser: a ``%`` (in a password) is written ``%%``.
    cfg.set_main_option("sqlalchemy.url", engine_url(path).replace("%", "%%"))
    return cfg


def upgrade(path: Path | str, migrations: Path | None = None) -> None:
    """Upgrade the book at ``path`` to the head (imports Alembic)."""
    from alembic import command

    command.upgrade(alembic_config(path, migrations), "heads")


def ensure_schema(path: Path) -> Path | None:
    """Bring the file to the app's schema. Returns the backup made before an upgrade, if any."""
    state = schema_state(path)
    if state == "current":
        return None
    backup = auto_backup(path, "pre-migrate") if state == "behind" else None
    upgrade(path)
    return backup
