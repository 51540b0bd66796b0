"""Fast bulk writes: many rows in one Core ``insert`` through the driver's ``executemany``, with a bigger page
cache while they go in (imports of 200,000 rows; see ``bench/``). Used inside a unit of work."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from sqlmodel import Session


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


def bulk_insert(
    session: Session, table: Any, columns: Sequence[str], rows: Sequence[Sequence[Any]]
) -> Sequence[int]:
    """Insert many rows with one Core ``insert(table)`` statement in the session's transaction; the new rows'
    ids (what ``UnitOfWork.record_bulk_insert`` records, so undo removes exactly them).

    On SQLite the statement compiled by SQLAlchemy is run through the driver's ``executemany``, with each
    column's own bind processor applied once per distinct value (dates, flags and timestamps repeat): the
    per-row parameter machinery of ``Connection.execute`` costs more than SQLite's insert itself at 200,000
    rows; the new ids follow the largest id before (the writer holds the file's lock, SQLite reuses no id
    above it). Other databases take the ordinary ``execute(insert(table), [dicts])`` path and read the ids
    back with ``RETURNING``: a sequence hands out ids past the largest when the last rows were deleted (an
    undone import), and other writers take theirs meanwhile.
    """
    if not rows:
        return []
    from sqlalchemy import func, insert, select

    conn = session.connection()
    stmt = insert(table)
    if conn.dialect.name != "sqlite":
        dicts = [dict(zip(columns, r, strict=True)) for r in rows]
        return list(conn.execute(stmt.returning(table.c.id), dicts).scalars())
    first = (conn.execute(select(func.max(table.c.id))).scalar() or 0) + 1
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
    return range(first, first + len(params))
