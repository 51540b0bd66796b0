"""Today's last list, kept beside the book so the next launch shows it before the database layer loads.

Launching the TUI costs Textual's import plus SQLAlchemy/SQLModel's (about three times as long). The Today
list a session last showed is saved as a small private JSON file; the next launch shows it at once if the
book has not been written since (a fingerprint read with the standard ``sqlite3`` module, or on a team
database a plain psycopg connection: the last audit batch, undone batches and the schema version) and the
date is the same, then replaces it with a fresh read a moment later. Nothing here imports SQLAlchemy or
Textual.

On a team database row-level security hides other people's audit batches, so a co-member's write on a
shared account would leave the list looking current: there the fingerprint counts every batch written in
the book instead (:data:`TEAM_WRITES`, the audit sequence), which says that someone wrote, not where.
"""

from __future__ import annotations

import json
import sqlite3
from datetime import date
from pathlib import Path
from typing import Any


def snapshot_path(db_path: Path) -> Path:
    return db_path.parent / f".{db_path.name}.today.json"


#: What changes whenever the book is written through amtui: the last audit batch and the undone ones. The
#: same text on both databases, on a plain driver connection.
WRITES = (
    "SELECT (SELECT coalesce(max(id), 0) FROM audit_batch),"
    " (SELECT count(*) FROM audit_batch WHERE undone_at IS NOT NULL)"
)


#: A team database: how many audit batches were ever started, by anyone (each write, undo and redo is one;
#: a rolled-back one counts too, which only costs a fresh read). Every user may read the sequence (0810
#: grants it) and row security does not apply to it; the ids of one's own batches already show its gaps, so
#: it tells a member nothing new about the accounts they cannot see.
TEAM_WRITES = (
    "SELECT coalesce(pg_sequence_last_value(pg_get_serial_sequence('audit_batch', 'id')::regclass), 0)"
)


def fingerprint(db_path: Path, url: str | None = None) -> list[Any] | None:
    """What changes whenever the book is written through amtui, and its schema; None when it cannot be read
    cheaply. A book file is read with the standard ``sqlite3`` module; a team database (``url``) with a
    plain psycopg connection (:func:`amtui.store.team_read_connection`, which only opens a database at
    this amtui's schema, so the schema part is that head revision)."""
    if url is not None:
        return _team_fingerprint(url)
    try:
        con = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True)
    except sqlite3.Error:
        return None
    try:
        row = con.execute(WRITES).fetchone()
        version = con.execute("PRAGMA schema_version").fetchone()[0]
        return [int(row[0]), int(row[1]), int(version)]
    except sqlite3.Error:
        return None
    finally:
        con.close()


def _team_fingerprint(url: str) -> list[Any] | None:
    from amtui.core.errors import AmtuiError
    from amtui.store import SchemaBehind, sql_rows, team_read_connection

    try:
        with team_read_connection(url) as team:
            ((written,),) = sql_rows(team, TEAM_WRITES)
            revision = sorted(r[0] for r in sql_rows(team, "SELECT version_num FROM alembic_version"))
            # The login: row-level security shows each person their own list, and the snapshot's folder is
            # named after the server and database only.
            ((login,),) = sql_rows(team, "SELECT current_user")
    except (AmtuiError, SchemaBehind, OSError, ValueError):
        return None
    except Exception as exc:  # the driver's own errors (psycopg is not imported here)
        if type(exc).__module__.startswith("psycopg"):
            return None
        raise
    return [int(written), str(login), *revision]


def save(db_path: Path, today: date, key: list[Any] | None, items: list[dict[str, Any]]) -> None:
    """Write the snapshot (0600, like the book). Failing to write it only costs the next launch speed."""
    if key is None:
        return
    path = snapshot_path(db_path)
    from amtui.core.errors import AmtuiError
    from amtui.store import write_private

    try:
        # A team database's folder (amtui.store.team_path) may not exist yet: the user's own, 0700.
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        write_private(path, json.dumps({"today": today.isoformat(), "key": key, "items": items}), force=True)
    except (OSError, AmtuiError):
        return


def load(db_path: Path, today: date, url: str | None = None) -> list[dict[str, Any]] | None:
    """The saved list if it is for ``today`` and the book has not been written since; otherwise None."""
    path = snapshot_path(db_path)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(data, dict) or data.get("today") != today.isoformat():
        return None
    if data.get("key") != fingerprint(db_path, url):
        return None
    items = data.get("items")
    return items if isinstance(items, list) else None
