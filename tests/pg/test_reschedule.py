"""A big reschedule on a team database (PostgreSQL): the rows come back as the driver's dates, the one bulk
history event is written from them, and undo and redo put every date back exactly."""

from __future__ import annotations

from amtui.services.timeline import milestones as timeline
from amtui.services.timeline.graph import BULK_AT
from amtui.services.timeline.workdays import Calendar
from amtui.services.trust import undo
from amtui.store import open_store, unit_of_work
from tests.pg.test_team_book import snapshot
from tests.services.timeline.test_bulk_reschedule import chain


def test_a_bulk_reschedule_and_its_undo_redo_on_postgresql(pg_url: str) -> None:
    store = open_store(pg_url)
    try:
        ids = chain(store, BULK_AT + 10)
        start = snapshot(pg_url)
        with unit_of_work(store, "amtui milestone move M1 --by 3") as uow:
            r = timeline.move_milestone(uow, ids[0], by_days=3)
        assert len(r.dependents) == len(ids) - 1
        cal = Calendar()
        assert all(cal.working_days_between(s.old_due, s.new_due) == 3 for s in r.dependents)
        moved = snapshot(pg_url)
        with unit_of_work(store, "amtui undo") as uow:
            undo.undo(uow)
        after_undo = snapshot(pg_url)
        assert after_undo["milestone"] == start["milestone"]  # every date, plan and stamp as before
        with unit_of_work(store, "amtui redo") as uow:
            undo.redo(uow)
        assert snapshot(pg_url)["milestone"] == moved["milestone"]
    finally:
        store.close()
