"""Rescheduling after a move at the root of a long chain: python bench/reschedule_bench.py [--large PATH].

Without ``--large`` it writes 200 projects × 100 milestones (each project a chain, the projects chained end to
start: one chain of 20,000 tight links), so a move of the root by three working days pushes every milestone.
With ``--large PATH`` (a book from ``bench/make_book.py``) it chains that book's 20,000 milestones the same
way (open, in due order). Times the move as a user waits for it: unit of work, audit trail, commit; wall
time and this process's CPU time (``time.process_time``: what a shared machine's load does not inflate as
much), with the load average. ``--moves N`` moves it N times (+3, −3, …) and prints the medians.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

from sqlalchemy import insert, text

from amtui.services.base.refs import get_project
from amtui.services.clients import accounts, projects
from amtui.services.timeline import milestones as timeline
from amtui.services.timeline.workdays import Calendar
from amtui.store import open_store, unit_of_work
from amtui.store.models import Milestone, MilestoneDependency
from amtui.store.models.base import utcnow

TODAY = date(2026, 11, 28)


def build(path: Path) -> int:
    store = open_store(path)
    cal = Calendar()
    with unit_of_work(store, "bench") as uow:
        accounts.add_account(uow, "Bench", slug="bench")
        pids = [
            get_project(uow.session, projects.add_project(uow, f"bench/p{i}", f"P{i}", budget_cents=0).ref).id
            for i in range(200)
        ]
        stamp = utcnow()
        rows, edges, mid = [], [], 0
        begins = cal.next_working_day(TODAY)
        for pid in pids:
            for k in range(100):
                mid += 1
                due = cal.add_working_days(begins, 1)  # two working days each
                rows.append(
                    dict(
                        id=mid,
                        project_id=pid,
                        name=f"M {k}",
                        team="creative",
                        start_on=begins,
                        due_on=due,
                        status="planned",
                        client_approval=False,
                        created_at=stamp,
                        updated_at=stamp,
                    )
                )
                if mid > 1:
                    edges.append(dict(predecessor_id=mid - 1, successor_id=mid, lag_days=0))
                begins = cal.next_working_day(due)
        uow.session.connection().execute(insert(Milestone.__table__), rows)  # type: ignore[attr-defined]
        uow.session.connection().execute(insert(MilestoneDependency.__table__), edges)  # type: ignore[attr-defined]
    store.close()
    return 1


def chain_large(path: Path) -> int:
    """Chain the open milestones of a make_book.py book in due order (tight), once; the root's id back."""
    store = open_store(path)
    cal = Calendar()
    with unit_of_work(store, "bench chain") as uow:
        conn = uow.session.connection()
        conn.execute(text("DELETE FROM milestone_dependency"))
        conn.execute(text("UPDATE milestone SET status = 'planned', plan_start = NULL, plan_due = NULL"))
        ids = [r[0] for r in conn.execute(text("SELECT id FROM milestone ORDER BY due_on, id"))]
        begins = cal.next_working_day(TODAY)
        updates = []
        for i in ids:
            due = cal.add_working_days(begins, 1)
            updates.append({"i": i, "s": begins.isoformat(), "d": due.isoformat()})
            begins = cal.next_working_day(due)
        conn.execute(text("UPDATE milestone SET start_on = :s, due_on = :d WHERE id = :i"), updates)
        conn.execute(
            insert(MilestoneDependency.__table__),  # type: ignore[attr-defined]
            [dict(predecessor_id=a, successor_id=b, lag_days=0) for a, b in zip(ids, ids[1:], strict=False)],
        )
    store.close()
    return ids[0]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--large", type=Path, help="a book written by bench/make_book.py (changed in place)")
    parser.add_argument("--moves", type=int, default=2, help="how many moves (+3, -3, +3, …); default 2")
    args = parser.parse_args()
    if args.large:
        path = args.large
        root = chain_large(path)
    else:
        path = Path(tempfile.mkdtemp()) / "reschedule.db"
        root = build(path)
    store = open_store(path)
    with store.read() as s:
        n = s.connection().execute(text("SELECT count(*) FROM milestone")).scalar()
    print(f"{n} milestones in one chain; moving the root M{root} by +3 working days, then back")
    walls: list[float] = []
    cpus: list[float] = []
    for k in range(max(1, args.moves)):
        by = 3 if k % 2 == 0 else -3
        t, c = time.perf_counter(), time.process_time()
        with unit_of_work(store, "bench move") as uow:
            r = timeline.move_milestone(uow, root, by_days=by)
        walls.append(1000 * (time.perf_counter() - t))
        cpus.append(1000 * (time.process_time() - c))
        print(
            f"move --by {by:+d}: {len(r.dependents)} dependents rescheduled in {walls[-1]:.0f} ms wall, "
            f"{cpus[-1]:.0f} ms CPU (with commit; load {os.getloadavg()[0]:.1f})"
        )
    if len(walls) > 2:
        wall, cpu = statistics.median(walls), statistics.median(cpus)
        print(f"median of {len(walls)}: {wall:.0f} ms wall, {cpu:.0f} ms CPU")
    store.close()
    return None


if __name__ == "__main__":
    sys.exit(main())
