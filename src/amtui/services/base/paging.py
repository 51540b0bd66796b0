"""Pages of a list read in SQL: ``LIMIT``/``OFFSET`` over a stable order, the total from ``count(*)``.

A list screen never loads a whole table: it asks a list service for one page (what fits a view), filtered
in SQL with ``LIKE``, and asks for the next page when the cursor reaches the end of what it holds. The
order of every paged query must be total (end with a unique column) so that pages neither repeat nor skip
rows.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Generic, TypeVar

from amtui.core.errors import InputError

if TYPE_CHECKING:  # the SQL-text services (and the one-liners on them) must not import SQLAlchemy
    from sqlalchemy import ColumnElement
    from sqlmodel import Session

T = TypeVar("T")

#: Rows in a page unless a caller asks for another size: about two screens of a tall terminal.
PAGE_SIZE = 100
#: The largest page a caller may ask for (a guard against "give me everything").
MAX_PAGE = 5_000


@dataclass(frozen=True)
class Page(Generic[T]):
    """``rows`` from position ``offset`` (0-based) of a list of ``total`` rows."""

    rows: list[T]
    total: int
    offset: int

    @property
    def end(self) -> int:
        """The position just past the last row of this page."""
        return self.offset + len(self.rows)

    @property
    def more(self) -> bool:
        """Whether rows follow this page."""
        return self.end < self.total

    def label(self) -> str:
        """``1–100 of 2,000`` (``0 of 0`` when empty)."""
        if not self.rows:
            return f"0 of {self.total:,}"
        return f"{self.offset + 1:,}–{self.end:,} of {self.total:,}"


def check_window(offset: int, limit: int) -> tuple[int, int]:
    """A sane ``(offset, limit)`` or InputError."""
    if offset < 0:
        raise InputError(f"offset {offset} is negative")
    if not 1 <= limit <= MAX_PAGE:
        raise InputError(f"page size {limit} is out of range (1–{MAX_PAGE})")
    return offset, limit


def like_pattern(text: str | None) -> str | None:
    """``text`` as a case-insensitive ``LIKE`` pattern matching it anywhere (``%`` and ``_`` taken literally).

    None for an empty filter: the caller adds no WHERE clause at all.
    """
    needle = (text or "").strip().lower()
    if not needle:
        return None
    escaped = needle.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def matches(pattern: str, *columns: Any) -> ColumnElement[bool]:
    """``col LIKE pattern`` for any of ``columns``, ignoring case (``ILIKE`` on PostgreSQL, whose ``LIKE``
    does not as SQLite's does)."""
    from sqlalchemy import func, or_

    return or_(*(func.coalesce(c, "").ilike(pattern, escape="\\") for c in columns))


def page_of(
    session: Session,
    query: Any,
    *,
    offset: int,
    limit: int,
    row: Callable[[Any], T],
) -> Page[T]:
    """One page of ``query`` (already filtered and totally ordered) and the count of all its rows.

    ``row`` turns one result row into the caller's dataclass. The count is a ``count(*)`` over the same
    query without its ORDER BY, so it matches the rows the pages walk through.
    """
    offset, limit = check_window(offset, limit)
    total = int(session.exec(select_count(query)).one())
    rows: Sequence[Any] = list(session.exec(query.limit(limit).offset(offset))) if offset < total else []
    return Page(rows=[row(r) for r in rows], total=total, offset=offset)


def select_count(query: Any) -> Any:
    """``SELECT count(*)`` over ``query``'s rows (its ORDER BY dropped: the count does not need it)."""
    from sqlalchemy import func
    from sqlmodel import select

    return select(func.count()).select_from(query.order_by(None).subquery())


def page_of_sql(
    db: Any,
    sql: str,
    params: Sequence[Any],
    *,
    order_by: str,
    offset: int,
    limit: int,
    row: Callable[[tuple[Any, ...]], T],
) -> Page[T]:
    """:func:`page_of` for services written as SQL text (:mod:`amtui.store.sql`): ``sql`` is a
    SELECT with
    its WHERE and ``?`` parameters, ``order_by`` a total order; ``db`` a session or a sqlite3 connection."""
    from amtui.store.sql import rows

    offset, limit = check_window(offset, limit)
    total = int(rows(db, f"SELECT count(*) FROM ({sql}) counted", params)[0][0])
    found = (
        rows(db, f"{sql} ORDER BY {order_by} LIMIT ? OFFSET ?", [*params, limit, offset])
        if offset < total
        else []
    )
    return Page(rows=[row(r) for r in found], total=total, offset=offset)


def like_sql(*columns: str) -> str:
    """``(c1 LIKE ? ESCAPE '\\' OR …)`` for a :func:`like_pattern` (pass the pattern once per column); the
    store runs it as ``ILIKE`` on PostgreSQL (:func:`amtui.store.dialect.driver_sql`)."""
    return "(" + " OR ".join(f"{c} LIKE ? ESCAPE '\\'" for c in columns) + ")"
