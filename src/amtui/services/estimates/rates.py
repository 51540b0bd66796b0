"""The rate card: what an hour of each team bills and costs, from a date on.

- A rate is valid from its ``valid_from`` date until the next rate of the same team (and the same project,
  for an override) starts: the rate valid on a date is the latest with ``valid_from`` ≤ that date.
- A project may have its own rates; on a date, the project's rate valid then wins over the book's.
- Setting a team's rate again from the same date replaces it (a correction, not a new version).
- Teams are the book's teams (:data:`amtui.store.models.budget.TEAMS`); rates are whole cents per hour,
  bill and cost both given, never negative.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from amtui.core.errors import InputError, NotFoundError
from amtui.services.base.common import check_choice
from amtui.services.base.refs import find_project
from amtui.store.sql import Db, day, rows
from amtui.store.uow import UnitOfWork


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


def check_team(team: str) -> str:
    """One of the book's teams (the same list ``amtui time --team`` takes), or an InputError naming them."""
    from amtui.store.models.budget import TEAMS

    return check_choice(team, TEAMS, "team")


def set_rate(
    uow: UnitOfWork,
    team: str,
    *,
    bill_cents: int,
    cost_cents: int,
    valid_from: date,
    project: str | None = None,
) -> tuple[RateInfo, bool]:
    """Set ``team``'s rates from ``valid_from`` (one project's with ``project``); (rate, replaced)."""
    from sqlmodel import select

    from amtui.store.models import Rate

    team = check_team(team)
    if bill_cents <= 0:
        raise InputError("the bill rate must be more than zero")
    if cost_cents < 0:
        raise InputError("the cost rate must not be negative")
    s = uow.session
    project_id = None
    ref = None
    if project is not None:
        row, slug = find_project(s, project)
        project_id, ref = row.id, f"{slug}/{row.slug}"
    found = s.exec(
        select(Rate).where(Rate.team == team, Rate.project_id == project_id, Rate.valid_from == valid_from)
    ).first()
    replaced = found is not None
    r = found or Rate(team=team, project_id=project_id, valid_from=valid_from, bill_cents=0, cost_cents=0)
    r.bill_cents, r.cost_cents = bill_cents, cost_cents
    s.add(r)
    s.flush()
    assert r.id is not None
    return RateInfo(r.id, team, ref, valid_from, bill_cents, cost_cents), replaced


_LIST = """
SELECT r.id, r.team, a.slug || '/' || p.slug, r.valid_from, r.bill_cents, r.cost_cents
FROM rate r LEFT JOIN project p ON p.id = r.project_id LEFT JOIN account a ON a.id = p.account_id
"""


def list_rates(db: Db, *, project: str | None = None) -> list[RateInfo]:
    """Every rate, the book's card first, by team and date (one project's overrides when ``project``)."""
    where, params = "", []
    if project is not None:
        row, _ = find_project(db, project)
        where, params = "WHERE r.project_id = ?", [row.id]
    found = rows(db, _LIST + where + " ORDER BY r.project_id IS NOT NULL, 3, r.team, r.valid_from", params)
    return [RateInfo(int(r[0]), r[1], r[2], day(r[3]) or date.min, int(r[4]), int(r[5])) for r in found]


def rate_on(db: Db, team: str, on: date, *, project_id: int | None = None) -> RateInfo | None:
    """The rate valid for ``team`` on ``on``: the project's own when it has one then, else the book's."""
    found = rows(
        db,
        _LIST + "WHERE r.team = ? AND r.valid_from <= ? AND (r.project_id IS NULL OR r.project_id = ?) "
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
