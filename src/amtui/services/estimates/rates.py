"""The rate card: what an hour of each team bills and costs, from a date on.

- A rate is valid from its ``valid_from`` date until the next rate of the same team (and the same project,
  for an override) starts: the rate valid on a date is the latest with ``valid_from`` ≤ that date.
- A project may have its own rates; on a date, the project's rate valid then wins over the book's.
- Setting a team's rate again from the same date replaces it (a correction, not a new version).
- The rate valid on a date (:func:`rate_on`, :func:`require_rate`) is read in the money domain,
  :mod:`amtui.services.money.rate_card`, where logging time reads it too.
- Teams are the book's teams (:data:`amtui.store.models.budget.TEAMS`); rates are whole cents per hour,
  bill and cost both given, never negative.
"""

from __future__ import annotations

from datetime import date

from amtui.core.errors import InputError
from amtui.services.base.common import check_choice
from amtui.services.base.refs import find_project
from amtui.services.money.rate_card import LIST_SQL, RateInfo, rate_on, require_rate
from amtui.store.sql import Db, day, rows
from amtui.store.uow import UnitOfWork

__all__ = ["RateInfo", "check_team", "list_rates", "rate_on", "require_rate", "set_rate"]


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


def list_rates(db: Db, *, project: str | None = None) -> list[RateInfo]:
    """Every rate, the book's card first, by team and date (one project's overrides when ``project``)."""
    where, params = "", []
    if project is not None:
        row, _ = find_project(db, project)
        where, params = "WHERE r.project_id = ?", [row.id]
    found = rows(db, LIST_SQL + where + " ORDER BY r.project_id IS NOT NULL, 3, r.team, r.valid_from", params)
    return [RateInfo(int(r[0]), r[1], r[2], day(r[3]) or date.min, int(r[4]), int(r[5])) for r in found]
