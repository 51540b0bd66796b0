"""Per-project sums over time and cost entries as of a date: one pass over each table's covering index.

Budget health (:mod:`amtui.services.money.budget`) and the money position
(:mod:`amtui.services.money.position`) read the same rows for different sums. Reading them twice was the
largest cost of ``amtui budget`` on a large book, so both take their sums from :func:`rollups`: every
aggregate either needs, in one ``GROUP BY`` per table, read through ``ix_time_entry_rollup`` and
``ix_cost_entry_rollup``. What each sum means belongs to its reader; the cost columns are spelled once in
:mod:`amtui.services.money.cost`.

A selection is read through the index, project by project, however long it is: a long one goes to the
database as one JSON list of ids (``IN (SELECT value FROM json_each(?))``), not thousands of parameters, so
the whole agency's ``budget`` reads the active projects' entries only, not every project's history.

Inside :func:`shared_rollups` (one read of the book: the TUI's read-ahead of budget health and the
reconciliation, which both start from the whole book's rollup as of today) the same rollup is read once: a
long selection is then taken from one read of the whole book, which every reader of that date shares.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import date
from typing import Any

from amtui.services.money.cost import EXPENSES_SQL, TIME_COST_SQL, CostTotals
from amtui.services.money.terms import arrears_through
from amtui.store.sql import Db, marks, rows

#: Up to this many ids a selection is an ``IN (?, ?, …)`` list; beyond it, one JSON list parameter.
IN_LIST_MAX = 200
#: Billable and in scope: what the billing terms can bill (the position's "billable" work).
_IN_SCOPE = "billable AND NOT out_of_scope"  # portable: SQLite 0/1, PostgreSQL booleans


@dataclass(frozen=True, slots=True)
class Rollup:
    """One project's sums over its time and cost entries dated on or before ``as_of``."""

    time_cents: int = 0  # Σ time value
    minutes: int = 0
    time_oos_cents: int = 0  # of which out of scope
    time_billable_cents: int = 0  # of which billable
    cost_cents: int = 0  # Σ cost entries (expenses)
    cost_oos_cents: int = 0
    cost_billable_cents: int = 0
    billable_cents: int = 0  # billable in-scope time and costs through as_of
    billable_through_cents: int = 0  # … through the last month end (monthly in arrears)
    cost: CostTotals = CostTotals()  # cost to the agency (time at cost rate, expenses, uncosted minutes)


_Key = tuple[date, tuple[int, ...] | None]
_shared: ContextVar[dict[_Key, dict[int, Rollup]] | None] = ContextVar("amtui_shared_rollups", default=None)


@contextmanager
def shared_rollups() -> Iterator[None]:
    """Within the block, :func:`rollups` for the same date and projects is read once and shared (its dict
    must not be changed by its readers). For one read of the book, where nothing is written meanwhile."""
    token = _shared.set({})
    try:
        yield
    finally:
        _shared.reset(token)


def rollups(db: Db, as_of: date, ids: Sequence[int] | None = None) -> dict[int, Rollup]:
    """Per project (``ids``, or every project with time or costs), its :class:`Rollup` as of ``as_of``.

    A project with neither time nor costs by then is absent (read it as ``Rollup()``)."""
    if ids is not None and not ids:
        return {}
    memo = _shared.get()
    if memo is None:
        return _read(db, as_of, ids)
    if ids is not None and len(ids) <= IN_LIST_MAX:
        key: _Key = (as_of, tuple(ids))
        if key not in memo:
            memo[key] = _read(db, as_of, ids)
        return memo[key]
    whole = memo.get((as_of, None))
    if whole is None:
        whole = memo[(as_of, None)] = _read(db, as_of, None)
    if ids is None:
        return whole
    return {pid: whole[pid] for pid in ids if pid in whole}


def _where(ids: Sequence[int] | None) -> tuple[str, list[Any]]:
    """The selection's condition on ``project_id`` (none for the whole book) and its parameters."""
    if ids is None:
        return "", []
    if len(ids) <= IN_LIST_MAX:
        return f" AND project_id IN ({marks(ids)})", list(ids)
    return " AND project_id IN (SELECT value FROM json_each(?))", [json.dumps([int(i) for i in ids])]


def _read(db: Db, as_of: date, ids: Sequence[int] | None) -> dict[int, Rollup]:
    where, ps = _where(ids)
    through = arrears_through(as_of).isoformat()
    common = (
        "coalesce(sum(amount_cents), 0), "
        "coalesce(sum(CASE WHEN out_of_scope THEN amount_cents ELSE 0 END), 0), "
        "coalesce(sum(CASE WHEN billable THEN amount_cents ELSE 0 END), 0), "
        f"coalesce(sum(CASE WHEN {_IN_SCOPE} THEN amount_cents ELSE 0 END), 0), "
        f"coalesce(sum(CASE WHEN {_IN_SCOPE} AND entry_date <= ? THEN amount_cents ELSE 0 END), 0)"
    )
    times = {
        int(r[0]): [int(x) for x in r[1:]]
        for r in rows(
            db,
            f"SELECT project_id, {common}, coalesce(sum(minutes), 0), {TIME_COST_SQL} "
            f"FROM time_entry WHERE entry_date <= ?{where} GROUP BY project_id",
            [through, as_of.isoformat(), *ps],
        )
    }
    costs = {
        int(r[0]): [int(x) for x in r[1:]]
        for r in rows(
            db,
            f"SELECT project_id, {common}, {EXPENSES_SQL} "
            f"FROM cost_entry WHERE entry_date <= ?{where} GROUP BY project_id",
            [through, as_of.isoformat(), *ps],
        )
    }
    out: dict[int, Rollup] = {}
    for pid in times.keys() | costs.keys():
        t_all, t_oos, t_bill, t_in, t_thru, minutes, t_cost, uncosted = times.get(pid, [0] * 8)
        c_all, c_oos, c_bill, c_in, c_thru, expenses = costs.get(pid, [0] * 6)
        out[pid] = Rollup(
            time_cents=t_all,
            minutes=minutes,
            time_oos_cents=t_oos,
            time_billable_cents=t_bill,
            cost_cents=c_all,
            cost_oos_cents=c_oos,
            cost_billable_cents=c_bill,
            billable_cents=t_in + c_in,
            billable_through_cents=t_thru + c_thru,
            cost=CostTotals(t_cost, expenses, uncosted),
        )
    return out
