"""Actuals: time and costs booked against a project, each answered with what it did to the budget.

Time is stored as integer minutes and valued once, at entry, as ``apply_rate(minutes, rate)`` (rounded half up
to the cent), so every later sum is an exact integer aggregate. The rate is the one given; else, for a team's
time, the rate card's bill rate valid on the entry's date (the project's own rate first:
:func:`amtui.services.money.rate_card.rate_on`); else the project's. What the time costs the agency is valued
the same way, once, from its cost rate: the one given, else the config file's default for the person, else the
rate card's cost rate for the team on that date, else the config's for the team (:func:`cost_rates`); without
any, the cost stays unknown (None).

What cannot be true is refused, what is unlikely is logged with a warning (``warnings`` on the result):

- Time or a cost dated after today is refused: log what happened, when it happened.
- One person's day: the minutes a person has logged on a date, across every project, with the new entry.
  More than :data:`DAY_MINUTES` (24 h) is refused; more than :data:`LONG_DAY_MINUTES` (12 h) warns. People
  are matched on their name with case and spacing ignored (``Maya Chen`` = ``maya  chen``). Time logged
  without a person is not checked: it is often a team's or several people's time, so its daily sum says
  nothing about anyone's day.
- Time or a cost dated before the project's start or after its end warns (late invoices for work done,
  a kick-off before the contract are real); a project without dates is not checked.

:mod:`amtui.services.money.time_import` applies the same rules to a file, with the same constants.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlmodel import Session

from amtui.core import clock
from amtui.core.config import CostRates, config_path, settings
from amtui.core.dates import format_hours
from amtui.core.errors import InputError, StateError
from amtui.core.money import apply_rate
from amtui.services.base.common import check_choice, check_not_future, check_text, person_key
from amtui.services.base.refs import get_project, project_ref
from amtui.services.money.budget import project_health
from amtui.services.money.budget_health import ProjectHealth
from amtui.services.money.rate_card import rate_on
from amtui.store.models import Account, CostEntry, Project, TimeEntry
from amtui.store.models.budget import TEAMS
from amtui.store.sql import Db, day, rows
from amtui.store.uow import UnitOfWork

#: More than this logged by one person on one day cannot be true: refused.
DAY_MINUTES = 24 * 60
#: More than this by one person on one day is worth a second look: a warning.
LONG_DAY_MINUTES = 12 * 60


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
    warnings: tuple[str, ...] = ()


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
    warnings: tuple[str, ...] = ()


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


# ---------------------------------------------------------------------------------------------- the rules


def logged_by_person(db: Db, first: date, last: date) -> dict[tuple[str, date], int]:
    """Minutes logged per person (:func:`person_key`) per day from ``first`` through ``last``, every
    project; time without a person is left out (see the module)."""
    out: dict[tuple[str, date], int] = {}
    sql = (
        "SELECT person, entry_date, sum(minutes) FROM time_entry "
        "WHERE entry_date >= ? AND entry_date <= ? AND person IS NOT NULL GROUP BY person, entry_date"
    )
    for person, on, minutes in rows(db, sql, [first.isoformat(), last.isoformat()]):
        d = day(on)
        assert d is not None  # entry_date is NOT NULL
        key = (person_key(person), d)
        out[key] = out.get(key, 0) + int(minutes or 0)
    return out


def too_long_day(minutes: int) -> bool:
    """More than a day has hours: cannot be one person's work (refused)."""
    return minutes > DAY_MINUTES


def long_day(minutes: int) -> bool:
    """A long day for one person: warned about, not refused."""
    return minutes > LONG_DAY_MINUTES


def project_span(start: date | None, end: date | None) -> str:
    """``2026-09-01 … 2026-12-31``; one open end reads ``from …`` / ``until …``."""
    if start and end:
        return f"{start.isoformat()} … {end.isoformat()}"
    return f"from {start.isoformat()}" if start else f"until {end.isoformat()}" if end else "undated"


def outside_project(on: date, start: date | None, end: date | None) -> bool:
    """Dated before the project starts or after it ends (a project without dates takes any date)."""
    return (start is not None and on < start) or (end is not None and on > end)


def dates_warning(p: Project, on: date, what: str) -> str | None:
    """The warning for ``what`` dated outside ``p``'s dates, or None."""
    if not outside_project(on, p.start_on, p.end_on):
        return None
    span = project_span(p.start_on, p.end_on)
    return f"{what} dated {on.isoformat()}, outside the project's dates ({span})"


def person_day_warning(
    s: Session, person: str | None, on: date, minutes: int, *, replacing: int = 0
) -> str | None:
    """Refuse a person's day over 24 h; the warning for one over 12 h. ``replacing``: minutes already
    logged that day which ``minutes`` replace (an entry being edited), not counted twice."""
    if person is None:
        return None
    key = person_key(person)
    logged = logged_by_person(s, on, on).get((key, on), 0) - replacing
    total = logged + minutes
    if too_long_day(total):
        already = f" ({format_hours(logged)} logged already)" if logged else ""
        raise InputError(
            f"{person} would have {format_hours(total)} logged on {on.isoformat()}{already}; "
            "a day has 24 hours"
        )
    if long_day(total):
        return f"{person} now has {format_hours(total)} logged on {on.isoformat()} (more than 12h in a day)"
    return None


def clean_note(note: str | None) -> str | None:
    """A note as stored: trimmed and checked, a blank one dropped."""
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
    check_not_future(on, today, "time", "log what happened, when it happened")
    p = bookable_project(s, ref)
    team = check_choice(team, TEAMS, "team") if team else None
    person = check_text(person, "person", max_len=120) if person is not None else None
    card = rate_on(s, team, on, project_id=p.id) if team is not None else None
    if rate_cents is None:
        rate_cents = card.bill_cents if card is not None else p.rate_cents
        if rate_cents is None:
            raise InputError(
                f"project {project_ref(s, p)} has no default rate; give one with --rate "
                "(or set it: amtui project edit REF --rate 150)"
            )
    elif rate_cents < 0:
        raise InputError("rate must not be negative")
    if cost_rate_cents is None:
        config = cost_rates()
        cost_rate_cents = config.rate_for(person, None)
        if cost_rate_cents is None:
            cost_rate_cents = card.cost_cents if card is not None else config.rate_for(None, team)
    elif cost_rate_cents < 0:
        raise InputError("cost rate must not be negative")
    warnings = [w for w in (person_day_warning(s, person, on, minutes), dates_warning(p, on, "time")) if w]
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
        note=clean_note(note),
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
        warnings=tuple(warnings),
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
    check_not_future(on, today, "a cost", "log what happened, when it happened")
    p = bookable_project(s, ref)
    assert p.id is not None
    entry = CostEntry(
        project_id=p.id,
        entry_date=on,
        amount_cents=amount_cents,
        note=clean_note(note),
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
        warnings=tuple(w for w in (dates_warning(p, on, "cost"),) if w),
    )
