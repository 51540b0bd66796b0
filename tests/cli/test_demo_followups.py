"""``amtui demo`` writes the AM's follow-ups relative to the day it is built: some overdue, some due today
(a recurring weekly status among them), some later — and Today lists the overdue and due ones."""

from __future__ import annotations

import json
from pathlib import Path

from amtui.services.overview.today import attention
from amtui.store import open_store
from tests.conftest import TODAY, Cli


def test_the_demo_has_follow_ups_that_today_shows(tmp_path: Path) -> None:
    db = tmp_path / "demo.db"
    cli = Cli(db)
    cli.ok("demo", "--no-open")
    todos = json.loads(cli.ok("todo", "list", "--json"))
    due = {t["ref"]: (t["due_on"], t["every"]) for t in todos}
    overdue = [r for r, (on, _) in due.items() if on < TODAY.isoformat()]
    today = [r for r, (on, _) in due.items() if on == TODAY.isoformat()]
    later = [r for r, (on, _) in due.items() if on > TODAY.isoformat()]
    assert len(overdue) >= 2 and len(today) >= 2 and later
    assert any(every == "week" for on, every in due.values() if on == TODAY.isoformat())  # weekly status
    assert json.loads(cli.ok("todo", "list", "--overdue", "--json")) and all(
        t["ref"] in overdue for t in json.loads(cli.ok("todo", "list", "--overdue", "--json"))
    )
    store = open_store(db)
    try:
        with store.read() as s:
            shown = {i.ref for i in attention(s, today=TODAY) if i.kind.startswith("follow-up")}
    finally:
        store.close()
    assert shown == set(overdue) | set(today)
