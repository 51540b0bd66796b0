"""Demo step: weeks of time and costs on every demo project, so the budget shows every status on first run.

Each project gets a target variance (EAC against its budget, as of ``ctx.today``); the step logs weekday
time from the team (some non-billable, some out of scope) and a few costs that add up to it:

- helios/always-on-search: at-risk, EAC about +12% by run-rate, past its T&M cap; Spanish variants explored
  out of scope.
- helios/social-retainer and quokka/abm-pilot: watch (+7%, +8%); the retainer runs a deficit.
- northwind/spring-launch: on-track by earned value (50% complete, 6% under); quokka/demand-gen: a surplus.
- helios/ctv-q1-flight: on-track; northwind/summer-campaign: not started, a little kickoff time.
- bramble/holiday-shelf: over (110% of the original fee burnt at 75% of the schedule, past the approved
  co-op change order too), extra retailer sizes out of scope.

Every hour also has its cost to the agency (``COST_RATES``, about 40–60% of the $140–165 bill rates), so the
demo shows margins.
"""

from __future__ import annotations

import random
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

from amtui.core.money import apply_rate
from amtui.demo.core import record_progress
from amtui.services.money.budget_health import schedule_days
from amtui.store.bulk import bulk_insert
from amtui.store.models import CostEntry, Project, TimeEntry
from amtui.store.models.base import utcnow
from amtui.store.uow import UnitOfWork

if TYPE_CHECKING:
    from amtui.demo import DemoContext

_HELIOS = [("Maya Chen", "account"), ("Luis Ortega", "media"), ("Priya Nair", "strategy")]
_NORTHWIND = [("Maya Chen", "account"), ("Ines Park", "creative"), ("Tom Reyes", "production")]
_QUOKKA = [("Maya Chen", "account"), ("Luis Ortega", "media"), ("Sam Okafor", "analytics")]
_BRAMBLE = [("Maya Chen", "account"), ("Ines Park", "creative"), ("Tom Reyes", "production")]
PEOPLE = {
    "helios": [*_HELIOS, ("Sam Okafor", "analytics")],
    "northwind": [*_NORTHWIND, ("Priya Nair", "strategy")],
    "quokka": [*_QUOKKA, ("Ines Park", "creative")],
    "bramble": [*_BRAMBLE, ("Luis Ortega", "media")],
}

# What an hour of each person costs the agency (their loaded salary), in cents.
COST_RATES = {
    "Maya Chen": 78_00,
    "Luis Ortega": 70_00,
    "Priya Nair": 82_00,
    "Sam Okafor": 72_00,
    "Ines Park": 66_00,
    "Tom Reyes": 60_00,
}

# ref: (EAC / budget wanted, % complete in bp or None, costs [(days ago, cents, note, out of scope)],
#       out-of-scope time [(days ago, hours, person, team, note)])
Costs = list[tuple[int, int, str, bool]]
OosTime = list[tuple[int, int, str, str, str]]
PLAN: dict[str, tuple[float, int | None, Costs, OosTime]] = {
    "helios/always-on-search": (
        1.12,
        5000,
        [(40, 450_00, "Search query mining tool licence", False)],
        [(9, 6, "Luis Ortega", "media", "Spanish ad variants: keyword and copy exploration")],
    ),
    "helios/ctv-q1-flight": (0.85, None, [(12, 6_500_00, "CTV creative versioning (vendor)", False)], []),
    "helios/social-retainer": (1.07, None, [(33, 1_200_00, "Creator whitelisting fee", False)], []),
    "northwind/spring-launch": (
        0.94,
        5000,
        [(41, 1_200_00, "Stock photo licence", False), (18, 640_00, "Print proofs", False)],
        [],
    ),
    "quokka/demand-gen": (0.96, None, [(70, 2_400_00, "Webinar platform (annual)", False)], []),
    "quokka/abm-pilot": (
        1.08,
        2700,
        [(6, 900_00, "LinkedIn matched-audience data", True)],
        [(4, 5, "Sam Okafor", "analytics", "Audience research beyond the pilot accounts")],
    ),
    "bramble/holiday-shelf": (
        1.10 / 0.75,
        None,
        [
            (30, 9_800_00, "Retailer display print run", False),
            (11, 1_800_00, "Extra retailer sizes: print", True),
        ],
        [(13, 10, "Ines Park", "creative", "Extra retailer sizes: artwork")],
    ),
}  # fmt: skip
KICKOFF = {"northwind/summer-campaign": [(5, 3, "Priya Nair", "strategy", "Summer campaign: kickoff prep")]}


def _weekdays(start: date, end: date) -> list[date]:
    days, d = [], start
    while d <= end:
        if d.weekday() < 5:
            days.append(d)
        d += timedelta(days=1)
    return days


def _target(p: Project, ratio: float, complete_bp: int | None, today: date) -> int:
    """The actual that makes EAC = ratio × budget (earned value when complete is given, else run-rate)."""
    if complete_bp:
        return round(p.budget_cents * ratio * complete_bp / 10_000)
    days = schedule_days(p.start_on, p.end_on, today)
    assert days is not None and days[1] > 0
    return round(p.budget_cents * ratio * days[0] / days[1])


def build(uow: UnitOfWork, ctx: DemoContext) -> dict[str, int]:
    s = uow.session
    today = ctx.today
    now = utcnow()
    time_rows: list[tuple[Any, ...]] = []
    cost_rows: list[tuple[Any, ...]] = []

    def add_time(pid: int, on: date, minutes: int, rate: int, person: str, team: str, **kw: Any) -> int:
        amount = apply_rate(minutes, rate)
        cost_rate = COST_RATES[person]
        time_rows.append(
            (pid, on, minutes, rate, amount, cost_rate, apply_rate(minutes, cost_rate), team, person,
             kw.get("billable", True), kw.get("oos", False), kw.get("note"), "demo", None, now)
        )  # fmt: skip
        return amount

    for ref, extra in KICKOFF.items():
        p = s.get(Project, ctx.projects[ref])
        assert p is not None and p.id is not None and p.rate_cents is not None
        for ago, hours, person, team, note in extra:
            add_time(p.id, today - timedelta(days=ago), hours * 60, p.rate_cents, person, team, note=note)

    for ref, (ratio, complete_bp, costs, oos_time) in PLAN.items():
        p = s.get(Project, ctx.projects[ref])
        assert p is not None and p.id is not None and p.rate_cents is not None and p.start_on is not None
        if complete_bp:
            record_progress(uow, ref, complete_bp, today)
        remaining = _target(p, ratio, complete_bp, today)
        for ago, cents, note, oos in costs:
            cost_rows.append((p.id, today - timedelta(days=ago), cents, note, not oos, oos, now))
            remaining -= cents
        for ago, hours, person, team, note in oos_time:
            remaining -= add_time(
                p.id, today - timedelta(days=ago), hours * 60, p.rate_cents, person, team, note=note, oos=True
            )
        # Spread the rest over the team's weekdays, in quarter hours, with a little daily variation.
        rng = random.Random(ref)
        crew = PEOPLE[ref.split("/")[0]]
        slots = [(d, who) for d in _weekdays(p.start_on, today - timedelta(days=1)) for who in crew]
        weights = [rng.uniform(0.4, 1.6) for _ in slots]
        total_minutes = max(0, remaining * 60 // p.rate_cents)
        scale = total_minutes / sum(weights)
        mins = [max(15, round(w * scale / 15) * 15) for w in weights]
        diff, i = total_minutes - sum(mins), 0
        while abs(diff) >= 15 and i < 20 * len(mins):
            step = 15 if diff > 0 else -15
            j = i % len(mins)
            if mins[j] + step >= 15:
                mins[j] += step
                diff -= step
            i += 1
        mins[-1] = max(1, mins[-1] + diff)
        for i, ((on, (person, role)), minutes) in enumerate(zip(slots, mins, strict=True)):
            billable = not (role == "account" and i % 5 == 0)
            add_time(p.id, on, minutes, p.rate_cents, person, role, billable=billable)

    time_cols = (
        "project_id", "entry_date", "minutes", "rate_cents", "amount_cents", "cost_rate_cents", "cost_cents",
        "team", "person", "billable", "out_of_scope", "note", "source", "source_key", "created_at",
    )  # fmt: skip
    cost_cols = ("project_id", "entry_date", "amount_cents", "note", "billable", "out_of_scope", "created_at")
    # One bulk event per table with the new ids (UnitOfWork.record_bulk_insert), so undo can take it back.
    for table, cols, rows in ((TimeEntry, time_cols, time_rows), (CostEntry, cost_cols, cost_rows)):
        ids = bulk_insert(s, table.__table__, cols, rows)  # type: ignore[union-attr]
        uow.record_bulk_insert(table.__tablename__, ids, source="demo")
    return {"time entries": len(time_rows), "costs": len(cost_rows)}
