"""The demo book: an agency AM's four accounts, relative to today so every screen has something to show.

Each capability adds a step module to ``STEPS``; steps run in order inside one unit of work and share a
:class:`DemoContext` (today's date and what earlier steps created).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from amtui.core import clock
from amtui.demo import actuals, briefs, change_orders, core, estimates, followups, growth, timeline
from amtui.store.engine import open_store
from amtui.store.uow import UnitOfWork, unit_of_work


@dataclass
class DemoContext:
    today: date
    accounts: dict[str, int] = field(default_factory=dict)
    projects: dict[str, int] = field(default_factory=dict)  # "account/project" -> id


Step = Callable[[UnitOfWork, DemoContext], dict[str, int]]
STEPS: list[Step] = [
    core.build,
    actuals.build,
    change_orders.build,
    briefs.build,
    timeline.build,
    growth.build,
    estimates.build,
]


def build_demo(path: Path | str, *, today: date | None = None, follow_ups: bool = True) -> dict[str, int]:
    """Write the demo book to ``path`` (a new or empty file, or the URL of an empty team database). Returns
    counts of what it wrote.

    ``follow_ups=False`` leaves out the AM's follow-ups (:mod:`amtui.demo.followups`): the test suite's
    shared demo book numbers its own ``T-n`` from 1."""
    store = open_store(path)
    ctx = DemoContext(today=today or clock.today())
    counts: dict[str, int] = {}
    try:
        with unit_of_work(store, "amtui demo") as uow:
            for step in STEPS + ([followups.build] if follow_ups else []):
                counts.update(step(uow, ctx))
    finally:
        store.close()
    return counts
