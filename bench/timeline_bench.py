"""Timeline figures on a large book: python bench/timeline_bench.py [PATH].

Writes 200 projects × 25 milestones (chained, with a few diamonds) plus one 1,000-long chain, then times the
operations a user waits for: listing, lateness, % complete, moving the head of the long chain, a loop check
across it, the .ics export and the Gantt rows.
"""

from __future__ import annotations

import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

from sqlalchemy import insert

from amtui.services.base.refs import get_project
from amtui.services.clients import accounts, projects
from amtui.services.timeline import milestones as timeline
from amtui.services.timeline.alerts import timeline_alerts
from amtui.store import open_store, unit_of_work
from amtui.store.models import Milestone, MilestoneDependency
from amtui.store.models.base import utcnow

TODAY = date(2026, 11, 28)


def timed(what: str, fn):  # type: ignore[no-untyped-def]
    t = time.perf_counter()
    result = fn()
    print(f"{what:<52} {1000 * (time.perf_counter() - t):8.1f} ms")
    return result


def main() -> None:
    path = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(tempfile.mkdtemp()) / "bench.db"
    store = open_store(path)
    with unit_of_work(store, "bench") as uow:
        accounts.add_account(uow, "Bench", slug="bench")
        pids = [
            get_project(uow.session, projects.add_project(uow, f"bench/p{i}", f"P{i}", budget_cents=0).ref).id
            for i in range(201)
        ]
        stamp = utcnow()
        rows, edges, mid = [], [], 0
        for n, pid in enumerate(pids):
            size = 1000 if n == 200 else 25
            for k in range(size):
                mid += 1
                step = 1 if n == 200 else 2  # the long chain is tight: every push reaches the end
                rows.append(
                    dict(
                        id=mid,
                        project_id=pid,
                        name=f"M {k}",
                        team="creative",
                        due_on=TODAY + timedelta(days=k * step - 20),
                        status="done" if k < 5 else "planned",
                        client_approval=False,
                        created_at=stamp,
                        updated_at=stamp,
                    )
                )
                if k:
                    edges.append(dict(predecessor_id=mid - 1, successor_id=mid, lag_days=0))
                if k > 2 and k % 7 == 0:
                    edges.append(dict(predecessor_id=mid - 3, successor_id=mid, lag_days=1))
        uow.session.connection().execute(insert(Milestone.__table__), rows)  # type: ignore[attr-defined]
        uow.session.connection().execute(insert(MilestoneDependency.__table__), edges)  # type: ignore[attr-defined]
    head = mid - 999 + 5  # the first open milestone of the long chain
    print(f"{len(rows)} milestones, {len(edges)} dependencies")
    with store.read() as s:
        everything = timed("list_milestones (whole book)", lambda: timeline.list_milestones(s, today=TODAY))
        timed("list_milestones --overdue", lambda: timeline.list_milestones(s, overdue=True, today=TODAY))
        timed("list_milestones one project", lambda: timeline.list_milestones(s, "bench/p7", today=TODAY))
        timed("timeline_alerts (whole book)", lambda: timeline_alerts(s, today=TODAY))
        timed(
            "milestone_complete_bp × 201 projects",
            lambda: [timeline.milestone_complete_bp(s, p or 0) for p in pids],
        )
        timed("milestone_complete_bps (one GROUP BY)", lambda: timeline.milestone_complete_bps(s))
    with unit_of_work(store, "move") as uow:
        r = timed(
            "move the head of a tight 1,000-long chain +3d",
            lambda: timeline.move_milestone(uow, head, by_days=3),
        )  # noqa: E501
    print(f"   {len(r.dependents)} dependents followed")
    with unit_of_work(store, "move") as uow:
        timed("move a milestone with 20 dependents", lambda: timeline.move_milestone(uow, 6, by_days=2))
    try:
        with unit_of_work(store, "link") as uow:
            timed(
                "loop check across the 1,000-long chain", lambda: timeline.link_milestones(uow, head, [mid])
            )
    except Exception as exc:  # noqa: BLE001
        print("   refused:", str(exc)[:60], "…")
    from amtui.exporters import gantt
    from amtui.exporters.ics import write_ics

    timed(".ics export of the whole book", lambda: write_ics(everything, path.with_suffix(".ics")))
    window = gantt.window_for(everything, TODAY)
    timed("Gantt rows for the whole book", lambda: [gantt.bar(m, window, TODAY) for m in everything])
    store.close()


if __name__ == "__main__":
    main()
