"""The store: one SQLite file, opened safely, versioned by Alembic, written through units of work.

Everything SQLite-specific lives here (pragmas, BEGIN IMMEDIATE, the backup API), so services stay portable.

Opening a file costs one plain ``sqlite3`` query for the schema revision; Alembic is imported only when the
file is new or behind (it is backed up first), and a file written by a newer amtui is refused untouched.
"""

from __future__ import annotations

import json
import os
import re
import sqlite3
import stat
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from amtui.core import clock
from amtui.core.config import backup_dir
from amtui.core.errors import StoreError

if TYPE_CHECKING:
    from sqlalchemy import Engine
    from sqlmodel import Session

MIGRATIONS_DIR = Path(__file__).parent / "migrations"
_REV = re.compile(r"^revision(?::\s*str)?\s*=\s*['\"]([^'\"]+)['\"]", re.M)
_DOWN = re.compile(r"^down_revision[^=]*=\s*(.+)$", re.M)
_QUOTED = re.compile(r"['\"]([^'\"]+)['\"]")

# ---------------------------------------------------------------------------------------------- files


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


AUTO_REASONS = ("pre-migrate", "pre-restore")


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
    from amtui.core.config import settings

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


def sqlite_checks(engine: Engine) -> list[str]:
    """SQLite's own verdict on the file: ``integrity_check`` and ``foreign_key_check``, as readable lines."""
    problems: list[str] = []
    with engine.connect() as conn:
        rows = [r[0] for r in conn.exec_driver_sql("PRAGMA integrity_check").fetchall()]
        if rows != ["ok"]:
            problems.extend(f"integrity: {r}" for r in rows)
        for table, rowid, parent, _fk in conn.exec_driver_sql("PRAGMA foreign_key_check").fetchall():
            problems.append(f"foreign key: {table} row {rowid} refers to a missing {parent} row")
    return problems


# ---------------------------------------------------------------------------------------------- schema


def script_revisions() -> tuple[set[str], set[str]]:
    """(all revisions, heads) read from the shipped migration files, without importing Alembic."""
    revs: set[str] = set()
    downs: set[str] = set()
    for f in (MIGRATIONS_DIR / "versions").glob("*.py"):
        text = f.read_text(encoding="utf-8")
        m = _REV.search(text)
        if not m:
            continue
        revs.add(m.group(1))
        d = _DOWN.search(text)
        if d:
            downs.update(_QUOTED.findall(d.group(1)))
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


def alembic_config(path: Path) -> Any:
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    cfg.set_main_option("sqlalchemy.url", f"sqlite:///{path}")
    return cfg


def upgrade(path: Path) -> None:
    from alembic import command

    command.upgrade(alembic_config(path), "heads")


def ensure_schema(path: Path) -> Path | None:
    """Bring the file to the app's schema. Returns the backup made before an upgrade, if any."""
    state = schema_state(path)
    if state == "current":
        return None
    backup = auto_backup(path, "pre-migrate") if state == "behind" else None
    upgrade(path)
    return backup


# ---------------------------------------------------------------------------------------------- engine


def _on_connect(dbapi_conn: sqlite3.Connection, _record: Any) -> None:
    # Let SQLAlchemy's "begin" event emit BEGIN itself (pysqlite's own transaction handling is off).
    dbapi_conn.isolation_level = None
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA synchronous=FULL")
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute("PRAGMA busy_timeout=5000")
    cur.close()


def _on_begin(conn: Any) -> None:
    # A deferred BEGIN that reads and then writes fails at once with "database is locked" when another
    # process writes, whatever the busy timeout: writers take the lock up front.
    if conn.get_execution_options().get("amtui_write"):
        conn.exec_driver_sql("BEGIN IMMEDIATE")
    else:
        conn.exec_driver_sql("BEGIN")


def make_engine(path: Path) -> Engine:
    from sqlalchemy import create_engine, event

    engine = create_engine(f"sqlite:///{path}")
    event.listen(engine, "connect", _on_connect)
    event.listen(engine, "begin", _on_begin)
    return engine


@dataclass
class Store:
    """An opened book: the file and its engine."""

    path: Path
    engine: Engine
    backup: Path | None = None

    @contextmanager
    def read(self) -> Iterator[Session]:
        """A read-only session (deferred transaction, rolled back at the end)."""
        from sqlmodel import Session

        with Session(self.engine, expire_on_commit=False) as session:
            yield session

    def close(self) -> None:
        self.engine.dispose()


@contextmanager
def read_connection(path: Path) -> Iterator[sqlite3.Connection]:
    """A plain ``sqlite3`` connection for read-only services, in one deferred transaction (one snapshot).

    The read one-liners (``budget``, ``reconcile``, ``report status``) run their SQL through this: opening it
    imports neither SQLAlchemy nor SQLModel, which is ~60% of their time otherwise. ``query_only`` makes a
    stray write fail instead of landing without its audit trail.
    """
    con = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    try:
        con.execute("PRAGMA busy_timeout=5000")
        con.execute("PRAGMA query_only=1")
        con.execute("BEGIN")
        yield con
    finally:
        con.close()


def open_store(path: Path, *, migrate: bool = True) -> Store:
    """Open (creating if needed) the book at ``path``: private file, current schema, configured engine."""
    prepare_file(path)
    backup = ensure_schema(path) if migrate else None
    return Store(path=path, engine=make_engine(path), backup=backup)


@contextmanager
def bulk_cache(session: Session, mib: int = 64) -> Iterator[None]:
    """A bigger page cache on this connection while a bulk insert runs, so index pages stay in memory
    (200,000 rows with a unique hash key otherwise spill to disk). Restored afterwards."""
    conn = session.connection()
    if conn.dialect.name != "sqlite":
        yield
        return
    old = conn.exec_driver_sql("PRAGMA cache_size").scalar()
    conn.exec_driver_sql(f"PRAGMA cache_size=-{int(mib) * 1024}")
    try:
        yield
    finally:
        conn.exec_driver_sql(f"PRAGMA cache_size={int(old or -2000)}")


def bulk_insert(session: Session, table: Any, columns: Sequence[str], rows: Sequence[Sequence[Any]]) -> None:
    """Insert many rows with one Core ``insert(table)`` statement in the session's transaction.

    On SQLite the statement compiled by SQLAlchemy is run through the driver's ``executemany``, with each
    column's own bind processor applied once per distinct value (dates, flags and timestamps repeat): the
    per-row parameter machinery of ``Connection.execute`` costs more than SQLite's insert itself at 200,000
    rows. Other databases take the ordinary ``execute(insert(table), [dicts])`` path.
    """
    if not rows:
        return
    from sqlalchemy import insert

    conn = session.connection()
    stmt = insert(table)
    if conn.dialect.name != "sqlite":
        conn.execute(stmt, [dict(zip(columns, r, strict=True)) for r in rows])
        return
    compiled = stmt.compile(dialect=conn.dialect, column_keys=list(columns))
    order = [columns.index(k) for k in (compiled.positiontup or [])]
    if len(order) != len(columns):
        raise ValueError(f"bulk_insert: columns {columns} do not match {compiled.positiontup}")
    # Only columns with a bind processor (dates, timestamps, flags) need converting; their values repeat,
    # so each distinct value is converted once.
    convert: list[tuple[int, Any, dict[Any, Any]]] = []
    for n, i in enumerate(order):
        proc = table.c[columns[i]].type._cached_bind_processor(conn.dialect)
        if proc is not None:
            convert.append((n, proc, {}))
    identity = order == list(range(len(columns)))
    params: list[Any] = []
    for row in rows:
        out = list(row) if identity else [row[i] for i in order]
        for n, proc, memo in convert:
            v = out[n]
            if v is None:
                continue
            try:
                out[n] = memo[v]
            except KeyError:
                converted = proc(v)
                memo[v] = converted
                out[n] = converted
            except TypeError:  # unhashable: convert every time
                out[n] = proc(v)
        params.append(tuple(out))
    conn.exec_driver_sql(str(compiled), params)


# ---------------------------------------------------------------------------------------------- writes


def _json_value(v: Any) -> Any:
    if isinstance(v, datetime | date):
        return v.isoformat()
    return v


def row_dict(obj: Any) -> dict[str, Any]:
    from sqlalchemy import inspect

    mapper = inspect(obj).mapper
    return {c.key: _json_value(getattr(obj, c.key)) for c in mapper.column_attrs}


def _before_dict(obj: Any) -> dict[str, Any]:
    from sqlalchemy import inspect

    state = inspect(obj)
    out: dict[str, Any] = {}
    for attr in state.mapper.column_attrs:
        hist = state.attrs[attr.key].history
        if hist.deleted:
            out[attr.key] = _json_value(hist.deleted[0])
        elif hist.unchanged:
            out[attr.key] = _json_value(hist.unchanged[0])
        else:
            out[attr.key] = _json_value(getattr(obj, attr.key))
    return out


def id_ranges(ids: Any) -> list[list[int]]:
    """Sorted ids folded into inclusive ``[first, last]`` ranges: [1, 2, 3, 7] → [[1, 3], [7, 7]]."""
    out: list[list[int]] = []
    for i in sorted(set(int(x) for x in ids)):
        if out and out[-1][1] == i - 1:
            out[-1][1] = i
        else:
            out.append([i, i])
    return out


def _dumps(d: dict[str, Any] | None) -> str | None:
    return None if d is None else json.dumps(d, sort_keys=True, default=str)


@dataclass
class UnitOfWork:
    """One user action: one ``BEGIN IMMEDIATE`` transaction and its audit batch."""

    session: Session
    command: str
    batch_id: int | None = None
    events: int = 0
    # "action" for what a user does; "undo"/"redo" (with the batch they revert or re-apply) for
    # amtui.services.trust.history, so that undoing never becomes an undoable action itself.
    kind: str = "action"
    target_id: int | None = None
    _pending: list[dict[str, Any]] = field(default_factory=list)

    def _ensure_batch(self) -> int:
        if self.batch_id is None:
            from sqlalchemy import insert

            from amtui.store.models.audit import AuditBatch
            from amtui.store.models.base import utcnow

            conn = self.session.connection()
            res = conn.execute(
                insert(AuditBatch.__table__).values(  # type: ignore[attr-defined]
                    command=self.command[:500], created_at=utcnow(), kind=self.kind, target_id=self.target_id
                )
            )
            self.batch_id = int(res.inserted_primary_key[0])  # type: ignore[index]
        return self.batch_id

    def record(self, entity: str, entity_id: int | None, op: str, before: Any, after: Any) -> None:
        """Record an event by hand, for writes the ORM hook cannot see (Core statements).

        ``before``/``after`` are full rows (dicts, stored as JSON) so that ``amtui undo`` can revert them:
        ``insert`` (before None), ``update`` (both), ``delete`` (after None), keyed by table name and id.

        Bulk Core inserts record ONE event with op ``bulk`` instead of one per row — call
        :meth:`record_bulk_insert`, which writes the convention undo understands::

            entity = table name, entity_id = None, op = "bulk", before = None,
            after = {"op": "insert", "count": N, "ids": [[first, last], ...]}   # inclusive id ranges

        Undo deletes exactly those ids (keeping a copy of the rows in the undo batch, so redo can put them
        back). Bulk deletes go through :meth:`record_bulk_delete` (with copies of the rows). Anything else
        recorded as ``bulk`` is shown in history but refused by undo.
        """
        from sqlalchemy import insert

        from amtui.store.models.audit import AuditEvent

        batch = self._ensure_batch()
        self.session.connection().execute(
            insert(AuditEvent.__table__),  # type: ignore[attr-defined]
            [
                {
                    "batch_id": batch,
                    "entity": entity,
                    "entity_id": entity_id,
                    "op": op,
                    "before": before if isinstance(before, str | None) else _dumps(before),
                    "after": after if isinstance(after, str | None) else _dumps(after),
                }
            ],
        )
        self.events += 1

    def record_bulk_insert(self, table: str, ids: Any, **info: Any) -> None:
        """Record rows inserted with Core ``insert()`` (an import): history shows them, undo removes them.

        ``ids`` are the new rows' primary keys (any iterable of ints, e.g. ``range(first, last + 1)``);
        they are stored as inclusive ranges, so 100,000 consecutive rows cost a few bytes. ``info`` (e.g.
        ``source="harvest", file="week.csv"``) is kept beside them for history.
        """
        ranges = id_ranges(ids)
        count = sum(b - a + 1 for a, b in ranges)
        if count:
            self.record(table, None, "bulk", None, {**info, "op": "insert", "count": count, "ids": ranges})

    def record_bulk_delete(self, table: str, rows: list[dict[str, Any]], **info: Any) -> None:
        """Record rows deleted with Core ``delete()`` (an import replacing rows), with full copies of them.

        Stored as one ``bulk`` event per 5,000 rows: ``before = {"rows": [row, ...]}``, ``after = {"op":
        "delete", "count": N, "ids": [[first, last], ...]}``; undo puts the rows back with their ids. Pass
        ``row_dict(obj)`` of the loaded rows (or Core row mappings as dicts).
        """
        for i in range(0, len(rows), 5000):
            part = rows[i : i + 5000]
            ids = id_ranges(r["id"] for r in part)
            after = {**info, "op": "delete", "count": len(part), "ids": ids}
            self.record(
                table,
                None,
                "bulk",
                {"rows": [{k: _json_value(v) for k, v in r.items()} for r in part]},
                after,
            )

    def _after_flush(self, session: Session, _ctx: Any) -> None:
        from sqlalchemy import insert

        from amtui.store.models.audit import AuditBatch, AuditEvent

        rows: list[dict[str, Any]] = []
        for obj in session.new:
            if isinstance(obj, AuditBatch | AuditEvent):
                continue
            d = row_dict(obj)
            rows.append(
                {
                    "entity": obj.__tablename__,
                    "entity_id": d.get("id"),
                    "op": "insert",
                    "before": None,
                    "after": _dumps(d),
                }
            )
        for obj in session.dirty:
            if isinstance(obj, AuditBatch | AuditEvent) or not session.is_modified(obj):
                continue
            before, after = _before_dict(obj), row_dict(obj)
            if before == after:
                continue
            rows.append(
                {
                    "entity": obj.__tablename__,
                    "entity_id": after.get("id"),
                    "op": "update",
                    "before": _dumps(before),
                    "after": _dumps(after),
                }
            )
        for obj in session.deleted:
            if isinstance(obj, AuditBatch | AuditEvent):
                continue
            d = _before_dict(obj)
            rows.append(
                {
                    "entity": obj.__tablename__,
                    "entity_id": d.get("id"),
                    "op": "delete",
                    "before": _dumps(d),
                    "after": None,
                }
            )
        if not rows:
            return
        batch = self._ensure_batch()
        for r in rows:
            r["batch_id"] = batch
        session.connection().execute(insert(AuditEvent.__table__), rows)  # type: ignore[attr-defined]
        self.events += len(rows)


@contextmanager
def write_connection(store: Store, *, defer_foreign_keys: bool = False) -> Iterator[Any]:
    """A Core connection in one ``BEGIN IMMEDIATE`` transaction with NO audit batch: for whole-book loads
    (``amtui import book``), which bring their own history. Foreign keys may be checked at commit only."""
    with store.engine.connect() as raw:
        conn = raw.execution_options(amtui_write=True)
        with conn.begin():
            if defer_foreign_keys:
                conn.exec_driver_sql("PRAGMA defer_foreign_keys=ON")
            yield conn


def foreign_key_problems(conn: Any) -> list[tuple[str, int, str]]:
    """(table, rowid, parent table) of every row whose foreign key points at nothing."""
    return [(r[0], r[1], r[2]) for r in conn.exec_driver_sql("PRAGMA foreign_key_check").fetchall()]


@contextmanager
def unit_of_work(store: Store, command: str) -> Iterator[UnitOfWork]:
    """Run one user action: everything commits together with its audit trail, or nothing does."""
    with store.engine.connect() as raw:
        conn = raw.execution_options(amtui_write=True)
        from sqlalchemy import event
        from sqlmodel import Session

        session = Session(bind=conn, expire_on_commit=False, autoflush=True)
        uow = UnitOfWork(session=session, command=command)
        event.listen(session, "after_flush", uow._after_flush)
        try:
            yield uow
            session.flush()
            session.commit()
        except BaseException:
            session.rollback()
            raise
        finally:
            session.close()
