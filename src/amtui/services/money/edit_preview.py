"""What a project edit would do to its budget health, before it is saved: the edit form's preview.

:func:`health_basis` reads once (the project's row, its sums and % complete as of a date);
:func:`health_if` applies the rules of :mod:`amtui.services.money.budget_health` to that row with the typed
changes, with no query, so a form can redraw the consequence on every keystroke. The figures are the ones
``amtui budget REF`` prints after the same ``amtui project edit``.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from typing import Any

from amtui.services.base.refs import ProjectRow, find_project
from amtui.services.money.budget import budget_complete_bps, totals
from amtui.services.money.budget_health import ProjectHealth, Totals, health_of
from amtui.store.sql import Db

#: The row fields an edit may change that budget health reads.
HEALTH_FIELDS = (
    "budget_cents",
    "budget_minutes",
    "rate_cents",
    "cap_cents",
    "retainer_fee_cents",
    "retainer_minutes",
    "billing",
    "start_on",
    "end_on",
)


@dataclass(frozen=True)
class HealthBasis:
    row: ProjectRow
    account: str
    totals: Totals
    complete_bp: int | None
    as_of: date

    @property
    def now(self) -> ProjectHealth:
        return health_if(self)


def health_basis(db: Db, ref: str, *, as_of: date) -> HealthBasis:
    row, slug = find_project(db, ref)
    t = totals(db, as_of, [row.id]).get(row.id, Totals())
    return HealthBasis(row, slug, t, budget_complete_bps(db, [row], as_of=as_of).get(row.id), as_of)


def health_if(basis: HealthBasis, **changes: Any) -> ProjectHealth:
    """The health with ``changes`` (row fields of :data:`HEALTH_FIELDS`, and ``complete_bp``: a new %
    complete dated ``as_of``, None to clear it) applied; the rest as it is."""
    complete = changes.pop("complete_bp", basis.complete_bp)
    row = replace(basis.row, **{k: v for k, v in changes.items() if k in HEALTH_FIELDS})
    return health_of(row, basis.account, basis.totals, as_of=basis.as_of, complete_bp=complete)
