"""Today's last list, kept beside the book so the next launch shows it before the database layer loads.

Launching the TUI costs Textual's import plus SQLAlchemy/SQLModel's (about three times as long). The Today
list a session last showed is saved as a small private JSON file; the next launch shows it at once if the
book has not been written since (a fingerprint read with the standard ``sqlite3`` module: the last audit
batch, undone batches and the schema version) and the date is the same, then replaces it with a fresh read a
moment later. Nothing here imports SQLAlchemy or Textual.
"""

from __future__ import annotations

import json
import sqlite3
from datetime import date
from pathlib import Path
from typing import Any


def snapshot_path(db_path: Path) -> Path:
    return db_path.parent / f".{db_path.name}.today.json"


def fingerprint(db_path: Path) -> list[int] | None:
    """What changes whenever the book is written through amtui; None when it cannot be read cheaply."""
    try:
        con = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True)
    except sqlite3.Error:
        return None
    try:
        row = con.execute(
            "SELECT (SELECT coalesce(max(id), 0) FROM audit_batch),"
            " (SELECT count(*) FROM audit_batch WHERE undone_at IS NOT NULL)"
        ).fetchone()
        version = con.execute("PRAGMA schema_version").fetchone()[0]
        return [int(row[0]), int(row[1]), int(version)]
    except sqlite3.Error:
        return None
    finally:
        con.close()


def save(db_path: Path, today: date, key: list[int] | None, items: list[dict[str, Any]]) -> None:
    """Write the snapshot (0600, like the book). Failing to write it only costs the next launch speed."""
    if key is None:
        return
    path = snapshot_path(db_path)
    from amtui.core.errors import AmtuiError
    from amtui.store import write_private

    try:
        write_private(path, json.dumps({"today": today.isoformat(), "key": key, "items": items}), force=True)
    except (OSError, AmtuiError):
        return


def load(db_path: Path, today: date) -> list[dict[str, Any]] | None:
    """The saved list if it is for ``today`` and the book has not been written since; otherwise None."""
    path = snapshot_path(db_path)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(data, dict) or data.get("today") != today.isoformat():
        return None
    if data.get("key") != fingerprint(db_path):
        return None
    items = data.get("items")
    return items if isinstance(items, list) else None
