"""SQL that runs the same on a SQLModel session and on a plain ``sqlite3`` connection.

The read services behind the one-liners people run all day (``budget``, ``reconcile``, ``report status``)
write their queries as SQL text with ``?`` parameters and run them through :func:`rows`. The TUI passes its
session (the text goes through the same connection and transaction, after a flush, so a unit of work sees its
own changes); the CLI passes :func:`amtui.store.engine.read_connection`, and importing this module, or a
service built on it, loads neither SQLAlchemy nor SQLModel. Values come back as SQLite stores them: dates as
ISO text (:func:`day`), flags as 0/1.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from amtui.core.errors import ConflictError, NotFoundError

#: A SQLModel ``Session`` or a ``sqlite3.Connection``.
Db = Any
Row = tuple[Any, ...]


def rows(db: Db, sql: str, params: Sequence[Any] = ()) -> list[Row]:
    """Run ``sql`` (``?`` placeholders) on a session or a driver connection; plain tuples back."""
    if isinstance(db, sqlite3.Connection):
        return db.execute(sql, tuple(params)).fetchall()
    db.flush()  # a unit of work's pending changes count
    return [tuple(r) for r in db.connection().exec_driver_sql(sql, tuple(params)).fetchall()]


def marks(values: Sequence[Any]) -> str:
    """``?, ?, ?`` for an ``IN (…)`` list."""
    return ", ".join("?" * len(values))


def day(value: Any) -> date | None:
    """A stored date (ISO text on SQLite, or a date from another driver) as a ``date``."""
    if value is None or isinstance(value, date):
        return value
    return date.fromisoformat(str(value)[:10])


@dataclass(frozen=True)
class ProjectRow:
    """The project columns budget rules read, for code that has no ORM ``Project`` at hand."""

    id: int
    account_id: int
    slug: str
    name: str
    billing: str
    currency: str
    status: str
    budget_cents: int
    budget_minutes: int | None
    rate_cents: int | None
    cap_cents: int | None
    retainer_fee_cents: int | None
    retainer_minutes: int | None
    complete_bp: int | None
    start_on: date | None
    end_on: date | None


PROJECT_COLUMNS = (
    "p.id, p.account_id, p.slug, p.name, p.billing, p.currency, p.status, p.budget_cents, p.budget_minutes, "
    "p.rate_cents, p.cap_cents, p.retainer_fee_cents, p.retainer_minutes, p.complete_bp, p.start_on, p.end_on"
)


def project_row(r: Row) -> ProjectRow:
    pid, acc, slug, name, billing, currency, status, budget, minutes, rate, cap, fee, monthly, done = r[:14]
    return ProjectRow(
        pid,
        acc,
        slug,
        name,
        billing,
        currency,
        status,
        budget,
        minutes,
        rate,
        cap,
        fee,
        monthly,
        done,
        day(r[14]),
        day(r[15]),
    )


def projects_with_slugs(db: Db, where: str = "1", params: Sequence[Any] = ()) -> list[tuple[ProjectRow, str]]:
    """(project, account slug) pairs matching ``where`` (over ``p`` = project, ``a`` = account)."""
    sql = (
        f"SELECT {PROJECT_COLUMNS}, a.slug FROM project p JOIN account a ON a.id = p.account_id "
        f"WHERE {where} ORDER BY a.slug, p.slug"
    )
    return [(project_row(r), r[-1]) for r in rows(db, sql, params)]


def account_id(db: Db, slug: str) -> int:
    """An account's id by slug (case-insensitive); NotFoundError names the closest slugs."""
    key = slug.strip().lower()
    found = rows(db, "SELECT id FROM account WHERE slug = ?", (key,))
    if found:
        return int(found[0][0])
    slugs = [r[0] for r in rows(db, "SELECT slug FROM account ORDER BY slug")]
    close = [s for s in slugs if s.startswith(key[:3])] if key else []
    hint = (
        f"; did you mean {', '.join(close[:3])}?"
        if close
        else (f"; accounts: {', '.join(slugs[:8])}" if slugs else "")
    )
    raise NotFoundError(f"no account {slug!r}{hint}")


def find_project(db: Db, ref: str) -> tuple[ProjectRow, str]:
    """A project as ``account/project``, or by its slug alone when only one account has it (same rules and
    messages as :func:`amtui.services.base.common.get_project`)."""
    key = ref.strip().lower()
    if "/" in key:
        acc_slug, _, proj_slug = key.partition("/")
        acc = account_id(db, acc_slug)
        found = projects_with_slugs(db, "p.account_id = ? AND p.slug = ?", (acc, proj_slug))
        if not found:
            raise NotFoundError(f"no project {proj_slug!r} in account {acc_slug.strip()!r}")
        return found[0]
    found = projects_with_slugs(db, "p.slug = ?", (key,))
    if not found:
        raise NotFoundError(f"no project {ref!r}; reference a project as account/project")
    if len(found) > 1:
        refs = ", ".join(sorted(f"{slug}/{p.slug}" for p, slug in found))
        raise ConflictError(f"project {ref!r} is ambiguous: {refs}")
    return found[0]


def project_ids(db: Db, ref: str) -> list[int]:
    """The projects an ``ACCOUNT`` or ``ACCOUNT/PROJECT`` (or unambiguous project slug) reference names; an
    account slug wins over a project slug that happens to be the same word."""
    key = ref.strip().lower()
    if "/" not in key:
        acc = rows(db, "SELECT id FROM account WHERE slug = ?", (key,))
        if acc:
            return [int(r[0]) for r in rows(db, "SELECT id FROM project WHERE account_id = ?", (acc[0][0],))]
        try:
            project, _ = find_project(db, key)
        except NotFoundError:
            raise NotFoundError(f"no account or project {ref.strip()!r}") from None
        return [project.id]
    return [find_project(db, key)[0].id]


def ids_of(projects: Iterable[Any]) -> list[int]:
    return [p.id for p in projects if p.id is not None]
