"""The book's file and its copies: private permissions, backups (SQLite's backup API), pruning, restore.

Plain ``sqlite3`` only: ``amtui backup`` and ``amtui restore`` never load SQLAlchemy for the copy itself.
"""

from __future__ import annotations

import errno
import os
import sqlite3
import stat
import tempfile
from pathlib import Path

from amtui.core import clock
from amtui.core.config import backup_dir, settings
from amtui.core.errors import InputError, StoreError

# The reasons of the backups amtui makes by itself (and prunes); a user's ``amtui backup`` is "manual".
AUTO_REASONS = ("pre-migrate", "pre-restore")


_SQLITE_MAGIC = b"SQLite format 3\x00"


def prepare_file(path: Path) -> None:
    """Create the folder (0700) and the database file (0600) before SQLite opens it.

    SQLite's ``-wal`` and ``-shm`` files take the main file's permissions, so they are private too. A path
    that is not a regular file (a folder, a device, a pipe) is refused, and only a book (an empty file or a
    SQLite database) ever has its mode changed.
    """
    if not str(path).strip():
        raise StoreError("the database path is empty; give a file name with --db")
    if not path.parent.exists():
        path.parent.mkdir(parents=True, mode=0o700, exist_ok=True)
    try:
        st = path.stat()
    except FileNotFoundError:
        fd = os.open(path, os.O_CREAT | os.O_WRONLY, 0o600)
        os.close(fd)
        return
    if not stat.S_ISREG(st.st_mode):
        raise StoreError(f"{path} is not a regular file; give the path of an amtui book")
    if stat.S_IMODE(st.st_mode) & 0o077 and _is_book(path, st.st_size):
        # An existing book readable by others is tightened: a book of business is private.
        os.chmod(path, 0o600)


def _is_book(path: Path, size: int) -> bool:
    if size == 0:
        return True
    try:
        with open(path, "rb") as f:
            return f.read(16) == _SQLITE_MAGIC
    except OSError:
        return False


def write_private(target: str | os.PathLike[str], data: str | bytes, *, force: bool = False) -> Path:
    """Write a file holding client data the safe way, the one helper every ``--out`` uses.

    0600 whatever the umask; an existing file is refused unless ``force``; a symbolic link is never
    followed (refused, or with ``force`` replaced by the file itself); the bytes go to a temporary file
    beside it, are synced, then renamed over it (a crash leaves the old file or the new one, never half);
    a full disk says so and leaves nothing behind.
    """
    path = Path(target).expanduser()
    if not str(target).strip():
        raise InputError("the output file name is empty")
    try:
        st = os.lstat(path)
    except FileNotFoundError:
        st = None
    if st is not None:
        if stat.S_ISLNK(st.st_mode) and not force:
            raise InputError(
                f"{path} is a symbolic link; amtui does not write through links (--force replaces it)"
            )
        if stat.S_ISDIR(st.st_mode):
            raise InputError(f"{path} is a folder; give a file name")
        if not (stat.S_ISREG(st.st_mode) or stat.S_ISLNK(st.st_mode)):
            raise InputError(f"{path} is not a regular file")
        if not force:
            raise InputError(f"{path} exists; add --force to replace it")
    body = data.encode("utf-8") if isinstance(data, str) else data
    folder = path.parent if str(path.parent) else Path(".")
    try:
        fd, tmp = tempfile.mkstemp(dir=folder, prefix=f".{path.name}.", suffix=".tmp")
    except FileNotFoundError:
        raise InputError(f"no folder {folder} to write {path.name} into") from None
    try:
        os.fchmod(fd, 0o600)
        with os.fdopen(fd, "wb") as f:
            f.write(body)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except OSError as exc:
        Path(tmp).unlink(missing_ok=True)
        if exc.errno == errno.ENOSPC:
            raise StoreError(f"disk full: {path} was not written") from None
        raise
    return path


def backup_to(src: Path, dest: Path) -> Path:
    """Copy a live database with SQLite's backup API (consistent even while others write). 0600."""
    dest.parent.mkdir(parents=True, mode=0o700, exist_ok=True)
    if dest.is_symlink() or (dest.exists() and not dest.is_file()):
        raise StoreError(f"{dest} is not a regular file; amtui does not write through links")
    # Into a private temporary file beside it, then renamed: a killed or disk-full backup leaves no
    # half-written (or 0-byte) file at ``dest``, and ``--force`` onto a 0644 file leaves a 0600 one.
    fd, tmp = tempfile.mkstemp(dir=dest.parent, prefix=f".{dest.name}.", suffix=".tmp")
    os.fchmod(fd, 0o600)
    os.close(fd)
    source = sqlite3.connect(src)
    target = sqlite3.connect(tmp)
    try:
        source.backup(target)
        # A backup is a single self-contained file: reading it later must not spawn -wal/-shm files.
        target.execute("PRAGMA journal_mode=DELETE")
        target.close()
        with open(tmp, "rb") as f:
            os.fsync(f.fileno())
        os.replace(tmp, dest)
    except (sqlite3.Error, OSError) as exc:
        Path(tmp).unlink(missing_ok=True)
        if "full" in str(exc) or getattr(exc, "errno", None) == errno.ENOSPC:
            raise StoreError(f"disk full: the backup {dest} was not written") from None
        raise
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


def keep_recovery(db_path: Path, name: str, text: str) -> Path:
    """Keep text that could not be saved (a brief's, an estimate's) so nothing typed is lost: 0600, in
    ``recovery/`` (0700) beside the book, as ``NAME-STAMP.md`` (``-2``, ``-3`` … rather than overwrite)."""
    folder = db_path.parent / "recovery"
    folder.mkdir(parents=True, mode=0o700, exist_ok=True)
    stamp = clock.local_now().strftime("%Y%m%d-%H%M%S")
    path = folder / f"{name}-{stamp}.md"
    n = 1
    while path.exists():
        n += 1
        path = folder / f"{name}-{stamp}-{n}.md"
    fd = os.open(path, os.O_CREAT | os.O_WRONLY | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as f:
        f.write(text)
    return path
