"""The book's file and its copies: private permissions, backups (SQLite's backup API), pruning, restore.

Plain ``sqlite3`` only: ``amtui backup`` and ``amtui restore`` never load SQLAlchemy for the copy itself.
"""

from __future__ import annotations

import os
import sqlite3
import stat
from pathlib import Path

from amtui.core import clock
from amtui.core.config import backup_dir, settings
from amtui.core.errors import StoreError

# The reasons of the backups amtui makes by itself (and prunes); a user's ``amtui backup`` is "manual".
AUTO_REASONS = ("pre-migrate", "pre-restore")


def prepare_file(path: Path) -> None:
    """Create the folder (0700) and the database file (0600) before SQLite opens it.

    SQLite's ``-wal`` and ``-shm`` files take the main file's permissions, so they are private too.
    """
    if not path.parent.exists():
        path.parent.mkdir(parents=True, mode=0o700, exist_ok=True)
    if not path.exists():
        fd = os.open(path, os.O_CREAT | os.O_WRONLY, 0o600)
        os.close(fd)
    elif stat.S_IMODE(path.stat().st_mode) & 0o077:
        # An existing file readable by others is tightened: a book of business is private.
        os.chmod(path, 0o600)


def backup_to(src: Path, dest: Path) -> Path:
    """Copy a live database with SQLite's backup API (consistent even while others write). 0600."""
    dest.parent.mkdir(parents=True, mode=0o700, exist_ok=True)
    fd = os.open(dest, os.O_CREAT | os.O_WRONLY | os.O_TRUNC, 0o600)
    os.close(fd)
    source = sqlite3.connect(src)
    target = sqlite3.connect(dest)
    try:
        source.backup(target)
        # A backup is a single self-contained file: reading it later must not spawn -wal/-shm files.
        target.execute("PRAGMA journal_mode=DELETE")
    finally:
        target.close()
        source.close()
    return dest


def backup_name(path: Path, reason: str) -> Path:
    """``backups/<stem>-YYYYmmdd-HHMMSS-<reason>.db`` beside the book, never overwriting an earlier one."""
    stamp = clock.local_now().strftime("%Y%m%d-%H%M%S")
    folder = backup_dir(path)
    dest = folder / f"{path.stem}-{stamp}-{reason}.db"
    n = 2
    while dest.exists():
        dest = folder / f"{path.stem}-{stamp}-{reason}-{n}.db"
        n += 1
    return dest


def auto_backup(path: Path, reason: str) -> Path:
    """An automatic backup (before a migration or a restore); the oldest beyond ``[backup] keep`` go."""
    dest = backup_to(path, backup_name(path, reason))
    prune_backups(path)
    return dest


def prune_backups(path: Path, keep: int | None = None) -> list[Path]:
    """Delete the oldest automatic backups of ``path`` beyond ``keep`` (config ``[backup] keep``, 20).

    Backups the user asked for (``amtui backup``) are never pruned.
    """
    keep = settings().backup_keep if keep is None else keep
    folder = backup_dir(path)
    if not folder.exists():
        return []
    autos = sorted(
        (p for p in folder.glob(f"{path.stem}-*.db") if any(f"-{r}" in p.name for r in AUTO_REASONS)),
        key=lambda p: (p.stat().st_mtime, p.name),
    )
    gone = autos[: max(0, len(autos) - keep)]
    for p in gone:
        p.unlink(missing_ok=True)
    return gone


def table_counts(path: Path) -> dict[str, int]:
    """Rows per table of a book (read-only, plain sqlite3): what a restore would replace."""
    con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        names = [
            r[0]
            for r in con.execute(
                "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%' "
                "AND name != 'alembic_version' ORDER BY name"
            )
        ]
        return {n: con.execute(f'SELECT count(*) FROM "{n}"').fetchone()[0] for n in names}
    except sqlite3.DatabaseError as exc:
        raise StoreError(f"{path} is not a readable SQLite database: {exc}") from exc
    finally:
        con.close()


def restore_into(src: Path, dest: Path) -> None:
    """Replace the book at ``dest`` with ``src`` page by page (SQLite backup API), under the write lock.

    Safe while a TUI has the book open: its next read sees the restored book (data_version changes).
    """
    prepare_file(dest)
    source = sqlite3.connect(f"file:{src}?mode=ro", uri=True)
    target = sqlite3.connect(dest, timeout=5)
    try:
        source.backup(target)
    finally:
        target.close()
        source.close()
