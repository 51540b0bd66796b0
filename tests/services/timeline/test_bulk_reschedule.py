"""A reschedule of many milestones is one compact audit event that undo and redo replay exactly, and history
reads it; a small one keeps one readable event per milestone, and its undo shows no "— →" noise."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from amtui.core.errors import ConflictError
from amtui.services.base.refs import get_project
from amtui.services.clients import accounts, projects
from amtui.services.timeline import milestones as timeline
from amtui.services.timeline.graph import BULK_AT
from amtui.services.trust import history, undo
from amtui.store import Store, unit_of_work
from tests.conftest import connect, dump_data

T = date(2026, 11, 28)


def chain(store: Store, n: int) -> list[int]:
    """``n`` two-day milestones in one tight chain (through the service, so plans and audit are real)."""
    with unit_of_work(store, "setup") as uow:
        accounts.add_account(uow, "Acme", slug="acme")
        projects.add_project(uow, "acme/launch", "Launch", budget_cents=0)
        get_project(uow.session, "acme/launch")
        ids: list[int] = []
        for k in range(n):
            m = timeline.add_milestone(
                uow,
                "acme/launch",
                f"Step {k}",
                due_on=None,
                start_on=date(2026, 11, 30) if not ids else None,
                days=2,
                after=[ids[-1]] if ids else [],
                today=T,
            )
            ids.append(m.id)
    return ids


def events(db: Path, batch: int) -> list[tuple[str, int | None, str, str | None, str | None]]:
    con = connect(db)
    try:
        return con.execute(
            "SELECT entity, entity_id, op, before, after FROM audit_event WHERE batch_id = ? ORDER BY id",
            (batch,),
        ).fetchall()
    finally:
        con.close()


def test_a_large_reschedule_is_one_event_and_undo_redo_restore_every_date(
    store: Store, db_path: Path
) -> None:
    ids = chain(store, BULK_AT + 30)
    start = dump_data(db_path)
    with unit_of_work(store, "amtui milestone move M1 --by 3") as uow:
        r = timeline.move_milestone(uow, ids[0], by_days=3)
        batch = uow.batch_id
    assert batch is not None and len(r.dependents) == len(ids) - 1
    moved = dump_data(db_path)
    assert moved != start
    (ev,) = events(db_path, batch)
    entity, eid, op, before, after = ev
    assert (entity, eid, op) == ("milestone", None, "bulk")
    info = json.loads(after or "{}")
    assert info["op"] == "update" and info["count"] == len(ids) and info["ids"] == [[ids[0], ids[-1]]]
    assert len(json.loads(before or "{}")["rows"]) == len(ids)
    with store.read() as s:
        (change,) = history.get_batch(s, batch).changes
    # three working days: +3 to +5 calendar days, over a weekend
    note = f"rescheduled M{ids[0]} … M{ids[-1]}: due dates +3 to +5 days"
    assert change.text == f"~ {len(ids)} milestone rows ({note})"
    assert "—" not in change.text

    with unit_of_work(store, "amtui undo") as uow:
        u = undo.undo(uow)
    assert dump_data(db_path) == start  # every date, plan and stamp exactly as before
    assert [c.text for c in u.changes] == [f"~ {len(ids)} milestone rows (undo of #{batch}: {note})"]
    with unit_of_work(store, "amtui redo") as uow:
        undo.redo(uow)
    assert dump_data(db_path) == moved


def test_undo_of_a_bulk_reschedule_refuses_a_row_changed_outside_history(store: Store, db_path: Path) -> None:
    ids = chain(store, BULK_AT + 5)
    with unit_of_work(store, "move") as uow:
        timeline.move_milestone(uow, ids[0], by_days=2)
    con = connect(db_path)
    con.execute("UPDATE milestone SET due_on = '2030-01-01' WHERE id = ?", (ids[7],))
    con.commit()
    con.close()
    before = dump_data(db_path)
    with (
        pytest.raises(ConflictError, match=f"milestone #{ids[7]} was changed since"),
        unit_of_work(store, "undo") as uow,
    ):
        undo.undo(uow)
    assert dump_data(db_path) == before


def test_a_small_reschedule_names_each_milestone_and_its_undo_shows_only_what_it_put_back(
    store: Store, db_path: Path
) -> None:
    ids = chain(store, 3)
    start = dump_data(db_path)
    with unit_of_work(store, "move") as uow:
        timeline.move_milestone(uow, ids[0], by_days=1)
        batch = uow.batch_id
    assert batch is not None
    with store.read() as s:
        texts = [c.text for c in history.get_batch(s, batch).changes]
    assert len(texts) == 3 and all("due_on" in t and "—  →" not in t for t in texts)
    with unit_of_work(store, "undo") as uow:
        u = undo.undo(uow)
    assert dump_data(db_path) == start
    for c in u.changes:
        assert "— →" not in c.text, c.text  # no column the reschedule never wrote
        assert {f.field for f in c.fields} <= {"start_on", "due_on", "plan_start", "plan_due", "updated_at"}
