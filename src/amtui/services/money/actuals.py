"""Actuals: time and costs booked against a project, each answered with what it did to the budget.

Time is stored as integer minutes and valued once, at entry, as ``apply_rate(minutes, rate)`` (rounded half up
to the cent), so every later sum is an exact integer aggregate. The rate defaults to the project's. What the
time costs the agency is valued the same way, once, from its cost rate: the one given, else the config file's
default for the person, else for the team (:func:`cost_rates`); without any, the cost stays unknown (None).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlmodel import Session

from amtui.core import clock
from amtui.core.config import CostRates, config_path, settings
from amtui.core.errors import InputError, StateError
from amtui.core.money import apply_rate
from amtui.services.base.common import check_choice, check_text
from amtui.services.base.refs import get_project, project_ref
from amtui.services.money.budget import project_health
from amtui.services.money.budget_health import ProjectHealth
from amtui.store.models import Account, CostEntry, Project, TimeEntry
from amtui.store.models.budget import TEAMS
from amtui.store.uow import UnitOfWork


@dataclass(frozen=True)
class TimeLogged:
    id: int
    project: str
    entry_date: date
    minutes: int
    rate_cents: int
    amount_cents: int
    cost_rate_cents: int | None
    cost_cents: int | None
    currency: str
    team: str | None
    person: str | None
    billable: bool
    out_of_scope: bool
    note: str | None
    health: ProjectHealth


@dataclass(frozen=True)
class CostLogged:
    id: int
    project: str
    entry_date: date
    amount_cents: int
    currency: str
    note: str | None
    billable: bool
    out_of_scope: bool
    health: ProjectHealth


def bookable_project(session: Session, ref: str) -> Project:
    """A project that can take actuals: not archived, and under an account that is not archived."""
    p = get_project(session, ref)
    acc = session.get(Account, p.account_id)
    if p.status == "archived":
        raise StateError(f"project {project_ref(session, p)} is archived; unarchive it before logging to it")
    if acc is not None and acc.status == "archived":
        raise StateError(f"account {acc.slug!r} is archived; nothing can be logged to its projects")
    return p


def cost_rates() -> CostRates:
    """The config file's default cost rates, its team names checked against the teams amtui knows."""
    rates = settings().cost_rates
    unknown = sorted(set(rates.teams) - set(TEAMS))
    if unknown:
        raise InputError(
            f"config file {config_path()}: [cost_rates.teams] names an unknown team {unknown[0]!r}; "
            f"teams: {', '.join(TEAMS)}"
        )
    return rates


def _check_date(on: date, today: date, what: str) -> None:
    if on > today:
        raise InputError(
            f"{what} dated {on.isoformat()} is in the future; log what happened, when it happened"
        )


def _note(note: str | None) -> str | None:
    return check_text(note, "note", max_len=2000) if note is not None and note.strip() else None


def log_time(
    uow: UnitOfWork,
    ref: str,
    minutes: int,
    *,
    on: date,
    team: str | None = None,
    person: str | None = None,
    rate_cents: int | None = None,
    cost_rate_cents: int | None = None,
    note: str | None = None,
    billable: bool = True,
    out_of_scope: bool = False,
    today: date | None = None,
) -> TimeLogged:
    """Log time to a project and return the entry with the project's health afterwards."""
    s = uow.session
    today = today or clock.today()
    if minutes <= 0:
        raise InputError("hours must be more than zero")
    _check_date(on, today, "time")
    p = bookable_project(s, ref)
    team = check_choice(team, TEAMS, "team") if team else None
    person = check_text(person, "person", max_len=120) if person is not None else None
    if rate_cents is None:
        rate_cents = p.rate_cents
        if rate_cents is None:
            raise InputError(
                f"project {project_ref(s, p)} has no default rate; give one with --rate "
                "(or set it: amtui project edit REF --rate 150)"
            )
    elif rate_cents < 0:
        raise InputError("rate must not be negative")
    if cost_rate_cents is None:
        cost_rate_cents = cost_rates().rate_for(person, team)
    elif cost_rate_cents < 0:
        raise InputError("cost rate must not be negative")
    assert p.id is not None
    entry = TimeEntry(
        project_id=p.id,
        entry_date=on,
        minutes=minutes,
        rate_cents=rate_cents,
        amount_cents=apply_rate(minutes, rate_cents),
        cost_rate_cents=cost_rate_cents,
        cost_cents=None if cost_rate_cents is None else apply_rate(minutes, cost_rate_cents),
        team=team,
        person=person,
        billable=billable,
        out_of_scope=out_of_scope,
        note=_note(note),
        source="cli",
    )
    s.add(entry)
    s.flush()
    assert entry.id is not None
    health = project_health(s, p, as_of=max(today, on))
    return TimeLogged(
        id=entry.id,
        project=health.project,
        entry_date=on,
        minutes=minutes,
        rate_cents=rate_cents,
        amount_cents=entry.amount_cents,
        cost_rate_cents=cost_rate_cents,
        cost_cents=entry.cost_cents,
        currency=p.currency,
        team=team,
        person=person,
        billable=billable,
        out_of_scope=out_of_scope,
        note=entry.note,
        health=health,
    )


def log_cost(
    uow: UnitOfWork,
    ref: str,
    amount_cents: int,
    *,
    on: date,
    note: str | None = None,
    billable: bool = True,
    out_of_scope: bool = False,
    today: date | None = None,
) -> CostLogged:
    """Log a cost (stock licence, print run, travel) to a project; returns it with the health afterwards."""
    s = uow.session
    today = today or clock.today()
    if amount_cents <= 0:
        raise InputError("a cost must be more than zero")
    _check_date(on, today, "a cost")
    p = bookable_project(s, ref)
    assert p.id is not None
    entry = CostEntry(
        project_id=p.id,
        entry_date=on,
        amount_cents=amount_cents,
        note=_note(note),
        billable=billable,
        out_of_scope=out_of_scope,
    )
    s.add(entry)
    s.flush()
    assert entry.id is not None
    health = project_health(s, p, as_of=max(today, on))
    return CostLogged(
        id=entry.id,
        project=health.project,
        entry_date=on,
        amount_cents=amount_cents,
        currency=p.currency,
        note=entry.note,
        billable=billable,
        out_of_scope=out_of_scope,
        health=health,
    )
