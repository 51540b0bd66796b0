"""Demo step: a realistic timeline per project, dated around ``ctx.today``.

Some milestones are done, some late; Publisher IOs for Helios CTV are blocked on the client past the agreed
five days; Always-On Search was shifted four days as if by an approved change order (Spanish ad variants);
Northwind's storyboards slipped three days and the client review, the shoot and the edit followed.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import TYPE_CHECKING

from amtui.services.timeline import milestones as timeline
from amtui.services.timeline.schedule import earliest_start
from amtui.services.timeline.workdays import calendar_for
from amtui.store.uow import UnitOfWork

if TYPE_CHECKING:
    from amtui.demo import DemoContext

OWNERS = {
    "creative": "Ana Diaz",
    "media": "Ben Ito",
    "strategy": "Chloe Park",
    "analytics": "Dev Shah",
    "production": "Eli Moss",
    "account": "Maya Chen",
    "client": None,
}

# per project: key, name, team, start, due (days from today; start None = a point in time), after keys, lag,
# client approval days (None: not an approval), status, the day the status was reached, estimated hours
M = tuple[str, str, str, int | None, int, tuple[str, ...], int, int | None, str, int | None, int | None]
# fmt: off
PLAN: dict[str, list[M]] = {
    "helios/always-on-search": [
        ("hs1", "Q4 keyword expansion", "strategy", -40, -30, (), 0, None, "done", -31, 24),
        ("hs2", "New responsive ad copy", "creative", -29, -20, ("hs1",), 0, None, "done", -20, 30),
        ("hs3", "Landing page A/B tests", "production", -19, -5, ("hs2",), 0, None, "in-progress", -18, 40),
        ("hs4", "CPA plan review with the CFO", "client", None, 3, (), 0, 5, "planned", None, 4),
        ("hs5", "Spanish ad variants", "creative", 4, 12, ("hs3",), 0, None, "planned", None, 24),
        ("hs6", "Q1 search plan", "strategy", None, 30, ("hs5",), 0, None, "planned", None, 16),
    ],
    "helios/ctv-q1-flight": [
        ("hc1", "Media plan approved", "media", -30, -20, (), 0, None, "done", -21, None),
        ("hc2", "CTV spots cut", "production", -19, -2, ("hc1",), 0, None, "done", -1, None),
        ("hc3", "Publisher IOs signed", "client", None, -6, (), 0, 5, "blocked", -9, None),
        ("hc4", "Flight live", "media", None, 10, ("hc2", "hc3"), 2, None, "planned", None, None),
        ("hc5", "Mid-flight report", "analytics", None, 40, ("hc4",), 0, None, "planned", None, None),
    ],
    "helios/social-retainer": [
        ("hr1", "November content calendar", "creative", -35, -28, (), 0, None, "done", -28, None),
        ("hr2", "December content calendar", "creative", -5, 2, ("hr1",), 0, None, "in-progress", -5, None),
        ("hr3", "Holiday creative approval", "client", None, 5, ("hr2",), 0, 3, "planned", None, None),
        ("hr4", "November social report", "analytics", None, 3, (), 0, None, "planned", None, None),
    ],
    "northwind/spring-launch": [
        ("ns1", "Brief signed off", "account", None, -50, (), 0, 5, "done", -51, 4),
        ("ns2", "Creative concepts", "creative", -45, -30, ("ns1",), 0, None, "done", -30, 60),
        ("ns3", "Storyboards", "creative", -10, -1, ("ns2",), 0, None, "in-progress", -10, 40),
        ("ns4", "Storyboard review", "client", None, 1, ("ns3",), 1, 3, "planned", None, 4),
        ("ns5", "Production shoot", "production", 3, 10, ("ns4",), 0, None, "planned", None, 80),
        ("ns6", "Edit and finishing", "production", 11, 20, ("ns5",), 0, None, "planned", None, 60),
        ("ns7", "Media flight booked", "media", None, -3, (), 0, None, "in-progress", -8, 12),
        ("ns8", "Launch", "media", None, 30, ("ns6", "ns7"), 2, None, "planned", None, 8),
    ],
    "northwind/summer-campaign": [
        ("nc1", "Summer brief", "account", None, 7, (), 0, None, "planned", None, None),
        ("nc2", "Strategy and comms plan", "strategy", 8, 20, ("nc1",), 0, None, "planned", None, None),
        ("nc3", "Concepts", "creative", 21, 35, ("nc2",), 0, None, "planned", None, None),
        ("nc4", "Concept approval", "client", None, 40, ("nc3",), 2, 5, "planned", None, None),
        ("nc5", "Production", "production", 41, 70, ("nc4",), 0, None, "planned", None, None),
        ("nc6", "Launch", "media", None, 80, ("nc5",), 3, None, "planned", None, None),
    ],
    "quokka/demand-gen": [
        ("qd1", "Q4 webinar series", "production", -40, -15, (), 0, None, "done", -15, None),
        ("qd2", "Lead scoring refresh", "analytics", -20, -4, (), 0, None, "in-progress", -20, None),
        ("qd3", "Q1 campaign plan", "strategy", None, 14, ("qd2",), 0, None, "planned", None, None),
        ("qd4", "Renewal deck", "account", None, 30, ("qd1",), 0, None, "planned", None, None),
    ],
    "quokka/abm-pilot": [
        ("qa1", "Target account list", "strategy", -20, -14, (), 0, None, "done", -14, None),
        ("qa2", "ABM creative", "creative", -13, -6, ("qa1",), 0, None, "done", -6, None),
        ("qa3", "Client sign-off", "client", None, -3, ("qa2",), 0, 3, "done", -2, None),
        ("qa4", "Campaign live", "media", None, 2, ("qa3",), 0, None, "planned", None, None),
        ("qa5", "Mid-pilot readout", "analytics", None, 30, ("qa4",), 0, None, "planned", None, None),
    ],
    "bramble/holiday-shelf": [
        ("bh1", "Retailer co-op confirmed", "account", None, -20, (), 0, None, "done", -20, None),
        ("bh2", "Shelf creative", "creative", -30, -12, (), 0, None, "done", -13, None),
        ("bh3", "Print production", "production", -11, -1, ("bh2",), 0, None, "done", -1, None),
        ("bh4", "In-store live", "production", None, 5, ("bh1", "bh3"), 3, None, "planned", None, None),
        ("bh5", "Post-campaign report", "analytics", None, 30, ("bh4",), 0, None, "planned", None, None),
    ],
}
# fmt: on

CHANGE_ORDER_SHIFT = ("helios/always-on-search", 4)  # Spanish ad variants: +4 days once approved
SLIP = ("ns3", 3)  # Northwind's storyboards slip three days; review, shoot and edit follow


def build(uow: UnitOfWork, ctx: DemoContext) -> dict[str, int]:
    today = ctx.today

    ids: dict[str, int] = {}
    dues: dict[str, date] = {}
    deps = 0
    cal = calendar_for(uow.session)
    rows = [(ref, *row) for ref, plan in PLAN.items() for row in plan]
    for ref, key, name, team, start, due, after, lag, approval, _status, _on, hours in rows:
        start_on = today + timedelta(days=start) if start is not None else None
        due_on = today + timedelta(days=due)
        # The plan is in calendar days around today; lags count working days, so a milestone that would
        # begin before its predecessors allow (over a weekend) moves up to the first day they do.
        need = max((earliest_start(dues[a], lag, cal) for a in after), default=None)
        if need is not None and (start_on or due_on) < need:
            late = need - (start_on or due_on)
            start_on, due_on = (start_on + late if start_on else None), due_on + late
        dues[key] = due_on
        m = timeline.add_milestone(
            uow,
            ref,
            name,
            due_on=due_on,
            start_on=start_on,
            team=team,
            owner=OWNERS[team],
            after=[ids[a] for a in after],
            lag_days=lag,
            approval_days=approval,
            estimated_minutes=hours * 60 if hours else None,
            today=today,
        )
        ids[key] = m.id
        deps += len(after)
    for _ref, key, *_rest, status, on, _hours in rows:
        when = today + timedelta(days=on) if on is not None else today
        if status == "done":
            timeline.done_milestone(uow, ids[key], on=when)
        elif status == "in-progress":
            timeline.start_milestone(uow, ids[key], on=when)
        elif status == "blocked":
            timeline.block_milestone(
                uow, ids[key], reason="Waiting for Helios legal to sign the IOs", on=when
            )
    ref, days = CHANGE_ORDER_SHIFT
    timeline.shift_project_for_change_order(uow, ctx.projects[ref], days, today=today)
    timeline.move_milestone(uow, ids[SLIP[0]], by_days=SLIP[1])
    return {"milestones": len(rows), "milestone dependencies": deps}
