"""Undo and redo: every write command round-trips, conflicts are refused by name, bulk imports too."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import insert, select

from amtui.core.errors import ConflictError, StateError
from amtui.services.clients import accounts
from amtui.services.trust.undo import redo_last, undo_last
from amtui.store import Store, open_store, unit_of_work
from amtui.store.models import Interaction
from tests.conftest import Cli, assert_refused, connect, dump_data

SEED = [
    ("account", "add", "Acme", "--slug", "acme"),
    ("contact", "add", "acme", "Dana Ruiz", "--primary", "--date", "2026-01-05"),
    ("contact", "add", "acme", "Sam Patel", "--date", "2026-02-01"),
    ("project", "add", "acme/web", "Web", "--budget", "4800", "--hours", "20"),
]

COMMANDS = [
    ("account", "add", "Helios Bank", "--slug", "helios", "--renewal", "2027-01-31"),
    ("account", "edit", "acme", "--name", "Acme Corp", "--slug", "acme-corp", "--contract", "aor"),
    ("account", "archive", "acme"),
    ("contact", "add", "acme", "Eve Ng", "--role", "CMO", "--primary", "--date", "2026-03-01"),
    ("contact", "leave", "acme", "Dana Ruiz", "--date", "2026-10-01"),
    ("contact", "primary", "acme", "Sam Patel", "--date", "2026-11-01"),
    ("log", "acme", "Kickoff call", "--kind", "call", "--contact", "Dana Ruiz", "--date", "2026-11-20"),
    ("project", "add", "acme/app", "App", "--budget", "12,000", "--billing", "tm", "--rate", "150"),
    ("project", "edit", "acme/web", "--budget", "5,200", "--status", "archived", "--complete", "40%"),
    ("time", "acme/web", "2.5", "--date", "2026-11-02", "--team", "creative", "--rate", "150"),
    ("cost", "acme/web", "1,200", "--note", "stock photos", "--date", "2026-11-03"),
]


@pytest.mark.parametrize("args", COMMANDS, ids=lambda a: " ".join(a[:2]))
def test_every_write_command_undoes_and_redoes_exactly(cli: Cli, args: tuple[str, ...]) -> None:
    for s in SEED:
        cli.ok(*s)
    before = dump_data(cli.db)
    cli.ok(*args)
    after = dump_data(cli.db)
    assert after != before
    out = cli.ok("undo")
    assert out.startswith(f"Undid #{len(SEED) + 1} amtui {args[0]} {args[1]}")
    assert dump_data(cli.db) == before
    assert "Redid" in cli.ok("redo")
    assert dump_data(cli.db) == after
    cli.ok("undo")
    assert dump_data(cli.db) == before


def test_undo_shows_a_readable_diff_and_steps_back(cli: Cli) -> None:
    cli.ok("account", "add", "Acme", "--slug", "acme")
    cli.ok("project", "add", "acme/web", "Web", "--budget", "4800")
    cli.ok("account", "edit", "acme", "--name", "Acme Corp")
    out = cli.ok("undo")
    assert "amtui account edit acme --name 'Acme Corp'" in out
    assert '~ account \'acme\': name "Acme Corp" → "Acme"' in out
    out = cli.ok("undo")
    assert "- project 'web'" in out and "budget $4,800.00" in out
    cli.ok("undo")
    assert json.loads(cli.ok("account", "list", "--json")) == []
    assert_refused(cli, ("undo",), 1, "nothing to undo")
    # Redo walks forward again, in order.
    cli.ok("redo")
    cli.ok("redo")
    assert [p["ref"] for p in json.loads(cli.ok("project", "list", "--json"))] == ["acme/web"]
    cli.ok("redo")
    assert json.loads(cli.ok("account", "show", "acme", "--json"))["summary"]["name"] == "Acme Corp"
    assert_refused(cli, ("redo",), 1, "nothing to redo")


def test_history_lists_commands_with_before_and_after(cli: Cli) -> None:
    cli.ok("account", "add", "Acme", "--slug", "acme")
    cli.ok("account", "add", "Helios", "--slug", "helios")
    cli.ok("project", "add", "acme/web", "Web", "--budget", "4800")
    cli.ok("project", "add", "helios/search", "Search", "--budget", "100")
    cli.ok("log", "helios", "Call", "--kind", "call")
    text = cli.ok("history")
    assert text.index("#5") < text.index("#1")
    assert "amtui project add acme/web Web --budget 4800" in text
    rows = json.loads(cli.ok("history", "acme", "--json"))
    assert [b["id"] for b in rows] == [3, 1]
    assert rows[0]["changes"][0]["entity"] == "project" and rows[0]["changes"][0]["op"] == "insert"
    assert [b["id"] for b in json.loads(cli.ok("history", "helios/search", "--json"))] == [4]
    assert len(json.loads(cli.ok("history", "--limit", "2", "--json"))) == 2
    cli.ok("undo")
    top = json.loads(cli.ok("history", "--json", "--limit", "2"))
    assert (top[0]["kind"], top[0]["target_id"]) == ("undo", 5)
    assert top[1]["undone_at"] is not None
    assert_refused(cli, ("history", "nowhere"), 1, "no account or project")


def test_undo_of_an_earlier_action_is_refused_when_a_later_one_touched_its_rows(cli: Cli) -> None:
    cli.ok("account", "add", "Acme", "--slug", "acme")
    cli.ok("account", "edit", "acme", "--name", "Acme Corp")  # #2
    cli.ok("log", "acme", "Call")  # #3: another row
    assert_refused(cli, ("undo", "1"), 1, "account 'acme' was changed later by #2 (amtui account edit acme")
    # #2 can be undone out of order: #3 did not touch the account row.
    cli.ok("undo", "#2")
    assert json.loads(cli.ok("account", "show", "acme", "--json"))["summary"]["name"] == "Acme"
    # Undoing the account insert while an interaction still points at it names the rows.
    assert_refused(cli, ("undo", "1"), 1, "1 interaction row(s) still refer to account 'acme'")
    assert_refused(cli, ("undo", "2"), 1, "undone already")
    assert_refused(cli, ("undo", "99"), 1, "no action #99")
    assert_refused(cli, ("undo", "last"), 2, "not an action number")


def test_redo_is_refused_after_a_new_action(cli: Cli) -> None:
    cli.ok("account", "add", "Acme", "--slug", "acme")
    cli.ok("account", "edit", "acme", "--name", "Acme Corp")
    cli.ok("undo")
    cli.ok("log", "acme", "Call")
    assert_refused(cli, ("redo",), 1, "came after the last undo")


def test_a_row_changed_outside_the_history_blocks_undo(cli: Cli) -> None:

    cli.ok("account", "add", "Acme", "--slug", "acme")
    con = connect(cli.db)
    con.execute("UPDATE account SET name = 'Tampered'")
    con.commit()
    con.close()
    assert_refused(cli, ("undo",), 1, "was changed since")


def _bulk_interactions(store: Store, n: int) -> list[int]:
    t = Interaction.__table__  # type: ignore[attr-defined]
    with unit_of_work(store, "amtui import test") as uow:
        conn = uow.session.connection()
        first = (conn.execute(select(t.c.id).order_by(t.c.id.desc()).limit(1)).scalar() or 0) + 1
        rows = [
            {
                "id": first + i,
                "account_id": 1,
                "kind": "note",
                "occurred_on": "2026-11-01",
                "summary": f"row {i}",
            }
            for i in range(n)
        ]
        from datetime import date

        from amtui.store.models.base import utcnow

        for r in rows:
            r["occurred_on"] = date(2026, 11, 1)
            r["created_at"] = utcnow()
        conn.execute(insert(t), rows)
        uow.record_bulk_insert("interaction", [r["id"] for r in rows])
    return [r["id"] for r in rows]


def test_bulk_insert_is_undone_and_redone(store: Store) -> None:
    with unit_of_work(store, "seed") as uow:
        accounts.add_account(uow, "Acme", slug="acme")
    before = dump_data(store)
    _bulk_interactions(store, 2500)
    after = dump_data(store)
    with unit_of_work(store, "amtui undo") as uow:
        res = undo_last(uow)
    assert res.changes[0].text == "- 2500 interaction rows (removed in bulk)"
    assert dump_data(store) == before
    with unit_of_work(store, "amtui redo") as uow:
        res = redo_last(uow)
    assert res.changes[0].count == 2500
    assert dump_data(store) == after
    with unit_of_work(store, "amtui undo") as uow:
        undo_last(uow)
    assert dump_data(store) == before


def test_bulk_undo_refused_when_a_later_action_touched_its_rows(store: Store) -> None:
    from amtui.services.trust.undo import undo

    with unit_of_work(store, "seed") as uow:
        accounts.add_account(uow, "Acme", slug="acme")
    ids = _bulk_interactions(store, 10)  # action #2
    with unit_of_work(store, "edit one") as uow:  # action #3
        it = uow.session.get(Interaction, ids[3])
        assert it is not None
        it.summary = "edited"
        uow.session.add(it)
    with pytest.raises(
        ConflictError, match=rf"interaction #{ids[3]} 'edited' was changed later by #3 \(edit one\)"
    ):
        with unit_of_work(store, "amtui undo #2") as uow:
            undo(uow, 2)
    with unit_of_work(store, "amtui undo") as uow:
        assert undo_last(uow).action.id == 3
    with unit_of_work(store, "amtui undo") as uow:
        assert undo_last(uow).action.id == 2
    with store.read() as s:
        assert s.exec(select(Interaction.id)).all() == []
    with pytest.raises(StateError, match="only thing"):
        with unit_of_work(store, "amtui undo") as uow:
            accounts.log_interaction(uow, "acme", "first")
            undo_last(uow)


# ---------------------------------------------------------------------------------------------- property

STEPS = st.lists(
    st.sampled_from(
        [
            ("account", "add", "Helios", "--slug", "helios"),
            ("account", "edit", "acme", "--name", "Renamed"),
            ("account", "edit", "acme", "--renewal", "2027-02-01"),
            ("account", "archive", "acme"),
            ("contact", "add", "acme", "Eve Ng", "--primary"),
            ("contact", "leave", "acme", "Dana Ruiz", "--date", "2026-10-01"),
            ("contact", "primary", "acme", "Sam Patel"),
            ("log", "acme", "A call", "--kind", "call"),
            ("log", "acme", "With Dana", "--contact", "Dana Ruiz"),
            ("project", "add", "acme/app", "App", "--budget", "1200"),
            ("project", "add", "acme/web", "Duplicate", "--budget", "1"),  # refused: nothing to undo
            ("project", "edit", "acme/web", "--budget", "9000"),
            ("time", "acme/web", "1h30m", "--date", "2026-11-02"),
            ("cost", "acme/web", "99.50", "--date", "2026-11-02"),
        ]
    ),
    min_size=1,
    max_size=6,
)


@settings(max_examples=10, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(steps=STEPS)
def test_any_commands_then_as_many_undos_restore_the_book(
    tmp_path: Path, steps: list[tuple[str, ...]]
) -> None:
    import uuid

    cli = Cli(tmp_path / f"p-{uuid.uuid4().hex}.db")
    for s in SEED:
        cli.ok(*s)
    initial = dump_data(cli.db)
    done = 0
    for s in steps:
        before = len(json.loads(cli.ok("history", "--json", "--limit", "1000")))
        r = cli(*s)
        after = len(json.loads(cli.ok("history", "--json", "--limit", "1000")))
        # A refused command, or one that changes nothing (renaming to the same name), records no action.
        assert after - before == (1 if r.code == 0 else 0) or (r.code == 0 and after == before)
        done += after - before
    for _ in range(done):
        cli.ok("undo")
    assert dump_data(cli.db) == initial
    open_store(cli.db).close()


def test_an_upserting_import_is_undone_and_redone_exactly(cli: Cli, tmp_path: Path) -> None:
    """``import metrics`` replaces overlapping days (bulk delete + insert): undo puts the old rows back."""
    meta = Path(__file__).resolve().parents[2] / "fixtures" / "metrics" / "meta-daily-results.csv"
    cli.ok("account", "add", "Northwind", "--slug", "northwind")
    cli.ok("project", "add", "northwind/spring", "Spring", "--budget", "48000")
    cli.ok("import", "metrics", str(meta), "--project", "northwind/spring")
    first = dump_data(cli.db)
    f = tmp_path / "meta2.csv"
    f.write_text(
        "Reporting starts,Reporting ends,Campaign name,Results,Amount spent (USD),Impressions,Link clicks\n"
        "2026-03-03,2026-03-03,Retargeting,2,30.00,2600,20\n"
        "2026-03-04,2026-03-04,Retargeting,1,10.00,1000,10\n"
    )
    assert "replaced" in cli.ok("import", "metrics", str(f))
    second = dump_data(cli.db)
    out = cli.ok("undo")
    assert "metric_row rows (removed in bulk)" in out and "metric_row rows (inserted in bulk)" in out
    assert dump_data(cli.db) == first
    cli.ok("redo")
    assert dump_data(cli.db) == second
    cli.ok("undo")
    cli.ok("undo")
    cli.ok("import", "metrics", str(meta), "--project", "northwind/spring")
    assert dump_data(cli.db).count("metric_row") == first.count("metric_row")
