"""The rate card as read: the rate valid for a team on a date, a project's own rate first.

The one lookup both logging time (:func:`amtui.services.money.actuals.log_time`: a team's hour with no rate
given is priced at the card's bill and cost rate of that day) and pricing an estimate's hours
(:mod:`amtui.services.estimates`) use. It lives in the money domain so that estimates read it from here and
no domain has to import estimates (checked: import-linter). Writing the card is
:func:`amtui.services.estimates.rates.set_rate`.

- A rate is valid from its ``valid_from`` date until the next rate of the same team (and the same project,
  for an override) starts: the rate valid on a date is the latest with ``valid_from`` ≤ that date.
- On a date, the project's own rate valid then wins over the book's.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from amtui.core.errors import NotFoundError
from amtui.store.sql import Db, day, rows


@dataclass(frozen=True)
class RateInfo:
    id: int
    team: str
    project: str | None  # account/project for an override, None for the book's card
    valid_from: date
    bill_cents: int
    cost_cents: int

    @property
    def margin_pct(self) -> float | None:
        if self.bill_cents <= 0:
            return None
        return round((self.bill_cents - self.cost_cents) / self.bill_cents, 4)


LIST_SQL = """
SELECT r.id, r.team, a.slug || '/' || p.slug, r.valid_from, r.bill_cents, r.cost_cents
FROM rate r LEFT JOIN project p ON p.id = r.project_id LEFT JOIN account a ON a.id = p.account_id
"""


def rate_on(db: Db, team: str, on: date, *, project_id: int | None = None) -> RateInfo | None:
    """The rate valid for ``team`` on ``on``: the project's own when it has one then, else the book's."""
    found = rows(
        db,
        LIST_SQL + "WHERE r.team = ? AND r.valid_from <= ? AND (r.project_id IS NULL OR r.project_id = ?) "
        "ORDER BY r.project_id IS NULL, r.valid_from DESC LIMIT 1",
        (team, on.isoformat(), project_id if project_id is not None else -1),
    )
    if not found:
        return None
    r = found[0]
    return RateInfo(int(r[0]), r[1], r[2], day(r[3]) or date.min, int(r[4]), int(r[5]))


def require_rate(db: Db, team: str, on: date, *, project_id: int | None = None) -> RateInfo:
    """:func:`rate_on`, or a :class:`NotFoundError` that says how to set one."""
    r = rate_on(db, team, on, project_id=project_id)
    if r is None:
        raise NotFoundError(
            f"no rate for {team} on {on.isoformat()}: set one with amtui rate set {team} --bill 165 --cost 70"
            f" --from {on.isoformat()}"
        )
    return r
