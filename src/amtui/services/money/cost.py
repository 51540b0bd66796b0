"""Cost to the agency and margin: the one definition of each.

Cost as of a date is the time dated on or before it valued at its cost rate (``time_entry.cost_cents``, set
once when the time was written: ``amtui time --cost-rate``, the config file's default, or a Harvest import's
Cost Amount / Cost Rate) plus every cost entry dated on or before it. Time whose cost is not known
(``cost_cents`` NULL) adds nothing to the cost; its minutes are counted apart (``uncosted_minutes``) so a
margin that leaves them out can say so. Margin is earned minus cost; what "earned" is belongs to the budget
(``services/money/budget.py``), not here.

One ``GROUP BY`` per table, SQL text on :func:`amtui.store.sql.rows` (a session or a ``sqlite3``
connection), read through the covering indexes ``ix_time_entry_rollup`` and ``ix_cost_entry_rollup``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from amtui.store.sql import Db, marks, rows


@dataclass(frozen=True, slots=True)
class CostTotals:
    """A project's cost to the agency as of a date, in the project's currency."""

    time_cost_cents: int = 0  # Σ cost_cents of its time (time at cost rate)
    expenses_cents: int = 0  # Σ its cost entries (billable or not, in scope or not)
    uncosted_minutes: int = 0  # minutes of time whose cost is not known

    @property
    def cost_cents(self) -> int:
        return self.time_cost_cents + self.expenses_cents


def _in(ids: Sequence[int] | None) -> tuple[str, list[Any]]:
    return ("", []) if ids is None else (f" AND project_id IN ({marks(ids)})", list(ids))


#: The cost of a project's time and its uncosted minutes, as aggregate columns over ``time_entry`` (the one
#: spelling: :func:`cost_totals` runs it alone, :func:`amtui.services.money.position.positions` inside its
#: one pass over the time).
TIME_COST_SQL = (
    "coalesce(sum(cost_cents), 0), coalesce(sum(CASE WHEN cost_cents IS NULL THEN minutes ELSE 0 END), 0)"
)
#: The expenses of a project: every cost entry, billable or not, in scope or not.
EXPENSES_SQL = "coalesce(sum(amount_cents), 0)"


def cost_totals(db: Db, as_of: date, ids: Sequence[int] | None = None) -> dict[int, CostTotals]:
    """Per project (``ids``, or every project with time or costs), the cost to the agency as of ``as_of``.

    A project with neither time nor costs by then is absent (read it as ``CostTotals()``).
    """
    if ids is not None and not ids:
        return {}
    where, params = _in(ids)
    day = as_of.isoformat()
    times = rows(
        db,
        f"SELECT project_id, {TIME_COST_SQL} FROM time_entry "
        f"WHERE entry_date <= ?{where} GROUP BY project_id",
        [day, *params],
    )
    expenses = rows(
        db,
        f"SELECT project_id, {EXPENSES_SQL} FROM cost_entry WHERE entry_date <= ?{where} GROUP BY project_id",
        [day, *params],
    )
    time_by = {int(r[0]): (int(r[1]), int(r[2])) for r in times}
    expenses_by = {int(r[0]): int(r[1]) for r in expenses}
    out: dict[int, CostTotals] = {}
    for pid in time_by.keys() | expenses_by.keys():
        time_cost, uncosted = time_by.get(pid, (0, 0))
        out[pid] = CostTotals(time_cost, expenses_by.get(pid, 0), uncosted)
    return out


def margin(earned_cents: int, cost: CostTotals) -> tuple[int, float | None]:
    """``(margin_cents, margin_pct)``: earned minus cost, and that as a fraction of earned rounded to four
    places (0.4231 = 42.31%); the fraction is None when nothing is earned (earned ≤ 0)."""
    margin_cents = earned_cents - cost.cost_cents
    if earned_cents <= 0:
        return margin_cents, None
    return margin_cents, round(margin_cents / earned_cents, 4)
