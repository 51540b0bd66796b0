"""Team load: the hours on open milestones, spread over their working days, per team per week, against each
team's capacity (``[capacity]`` in the config, hours per week).

A milestone's estimated hours (``--hours``) are spread evenly over the working days from its start to its due
date (a point in time: all on its due date); whole minutes, the remainder on the first days, so the weeks add
up to the estimate exactly.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta

from amtui.core.config import settings
from amtui.services.base.common import check_choice
from amtui.services.timeline.read import today_or_now
from amtui.services.timeline.workdays import Calendar, calendar_for
from amtui.store.models.choices import MILESTONE_TEAMS
from amtui.store.sql import Db, day, rows

MAX_WEEKS = 52


def hours(minutes: int | None) -> float | int | None:
    """Minutes as the load report gives hours: whole when whole, else one decimal (``amtui load --json``
    and the Timeline's load strip)."""
    if minutes is None:
        return None
    h = minutes / 60
    return int(h) if h == int(h) else round(h, 1)


@dataclass(frozen=True)
class WeekLoad:
    team: str
    week: date  # its Monday
    minutes: int
    capacity_minutes: int | None  # None: no capacity set for the team
    milestones: int  # how many milestones put hours in this week

    @property
    def over(self) -> bool:
        return self.capacity_minutes is not None and self.minutes > self.capacity_minutes


@dataclass(frozen=True)
class TeamLoad:
    weeks: tuple[date, ...]  # the Mondays shown
    teams: tuple[str, ...]
    cells: tuple[WeekLoad, ...]  # team by team, week by week (every team × week, zeros included)

    def cell(self, team: str, week: date) -> WeekLoad:
        return next(c for c in self.cells if c.team == team and c.week == week)

    @property
    def over(self) -> tuple[WeekLoad, ...]:
        return tuple(c for c in self.cells if c.over)


def spread(minutes: int, start: date | None, due: date, cal: Calendar) -> dict[date, int]:
    """``minutes`` over the working days of [start, due] (the due date alone when there is none)."""
    days: list[date] = []
    d = start if start is not None and start <= due else due
    while d <= due:
        if cal.is_working(d):
            days.append(d)
        d += timedelta(days=1)
    if not days:
        days = [due]
    share, extra = divmod(minutes, len(days))
    return {d: share + (1 if i < extra else 0) for i, d in enumerate(days) if share or i < extra}


def team_load(db: Db, *, team: str | None = None, weeks: int = 8, today: date | None = None) -> TeamLoad:
    """Hours per team per week for ``weeks`` weeks from this one, open milestones of active projects."""
    if not 1 <= weeks <= MAX_WEEKS:
        raise ValueError(f"weeks must be between 1 and {MAX_WEEKS}")
    today = today_or_now(today)
    first = today - timedelta(days=today.weekday())
    last = first + timedelta(days=7 * weeks - 1)
    where, params = "", [first.isoformat(), last.isoformat()]
    if team is not None:
        team = check_choice(team, MILESTONE_TEAMS, "team")
        where, params = " AND m.team = ?", [*params, team]
    cal = calendar_for(db)
    minutes: dict[tuple[str, date], int] = defaultdict(int)
    counted: dict[tuple[str, date], set[int]] = defaultdict(set)
    for mid, m_team, start_s, due_s, est in rows(
        db,
        "SELECT m.id, m.team, m.start_on, m.due_on, m.estimated_minutes FROM milestone m "
        "JOIN project p ON p.id = m.project_id "
        "WHERE m.status != 'done' AND p.status != 'archived' AND m.estimated_minutes > 0 "
        f"AND m.due_on >= ? AND coalesce(m.start_on, m.due_on) <= ?{where}",
        params,
    ):
        due = day(due_s)
        assert due is not None
        for d, n in spread(int(est), day(start_s), due, cal).items():
            if first <= d <= last:
                key = (m_team, d - timedelta(days=d.weekday()))
                minutes[key] += n
                counted[key].add(int(mid))
    capacity = settings().capacity_minutes
    teams = (
        (team,) if team is not None else tuple(t for t in MILESTONE_TEAMS if any(k[0] == t for k in minutes))
    )
    mondays = tuple(first + timedelta(days=7 * i) for i in range(weeks))
    cells = tuple(
        WeekLoad(t, w, minutes.get((t, w), 0), capacity.get(t), len(counted.get((t, w), ())))
        for t in teams
        for w in mondays
    )
    return TeamLoad(mondays, teams, cells)
