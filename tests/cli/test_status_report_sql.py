"""``report status`` reads through plain SQL: no SQLAlchemy in the one-liner, one answer for TUI and CLI,
and the queries over the big tables (metric rows, milestones) go through their indexes."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from amtui.store import open_store, read_connection
from tests.conftest import Cli, connect, plain_read
from tests.test_import_hygiene import full_modules_after

START, END = date(2026, 11, 22), date(2026, 11, 28)


def _run(db: Path, *args: str) -> str:
    return (
        "import sys\n"
        f"sys.argv = ['amtui', '--db', {str(db)!r}, 'report', 'status', 'helios', "
        f"'--from', {START.isoformat()!r}, '--to', {END.isoformat()!r}, "
        + "".join(f"{a!r}, " for a in args)
        + "]\nfrom amtui.cli.main import run\n"
        "try:\n    run()\nexcept SystemExit as e:\n    assert not e.code, e.code\n"
    )


def test_running_report_status_imports_neither_sqlalchemy_nor_sqlmodel(demo_cli: Cli, tmp_path: Path) -> None:
    out = tmp_path / "agenda.json"
    for args in (("--out", str(tmp_path / "agenda.md")), ("--format", "json", "--out", str(out))):
        mods = full_modules_after(_run(demo_cli.db, *args))
        assert "amtui.services.overview.reports" in mods
        loaded = sorted(m for m in mods if m.split(".")[0] in ("sqlalchemy", "sqlmodel"))
        assert not loaded, loaded[:5]
    report = json.loads(out.read_text())
    # Every section was read (the demo book has them all), so every query ran without SQLAlchemy.
    for section in ("kpis", "movers", "budget", "timeline", "escalations", "decisions", "next_steps"):
        assert report[section], section


def test_a_session_and_a_plain_connection_give_the_same_report(demo_cli: Cli) -> None:
    """The TUI passes a SQLModel session, the CLI a plain connection (sqlite3, or psycopg on a team database):
    one implementation, one answer."""
    from amtui.services.clients.escalations import list_escalations, risk_register
    from amtui.services.growth.performance import attainment_by_account, performance
    from amtui.services.growth.pipeline import pipeline
    from amtui.services.overview.reports import status_report
    from amtui.services.timeline.read import list_milestones, milestone_info

    calls = [
        lambda db: [status_report(db, a, START, END) for a in ("helios", "northwind", "bramble", "quokka")],
        lambda db: performance(db, None, date(2026, 10, 1), END),
        lambda db: performance(db, "helios/always-on-search", START, END, as_of=date(2026, 12, 15)),
        lambda db: attainment_by_account(db, date(2026, 10, 1), END),
        lambda db: (list_escalations(db, today=END), risk_register(db, "helios", today=END)),
        lambda db: (pipeline(db), pipeline(db, "northwind", include_closed=True)),
        lambda db: (list_milestones(db, today=END), list_milestones(db, "helios", overdue=True, today=END)),
        lambda db: milestone_info(db, "M3", today=END),
    ]
    store = open_store(demo_cli.db)
    try:
        with store.read() as s, plain_read(demo_cli.db) as con:
            for call in calls:
                assert call(s) == call(con)
    finally:
        store.close()


def _statements(db: Path, table: str) -> list[str]:
    """The SELECTs over ``table`` that the report runs, as SQLite saw them (parameters bound)."""
    from amtui.services.overview.reports import status_report

    seen: list[str] = []
    with read_connection(db) as con:
        con.set_trace_callback(seen.append)
        status_report(con, "helios", START, END)
    return [s for s in seen if s.lstrip().upper().startswith("SELECT") and f" {table} " in f"{s} "]


def _plan(db: Path, statement: str) -> str:
    con = connect(db)
    try:
        return " | ".join(str(r[-1]) for r in con.execute(f"EXPLAIN QUERY PLAN {statement}"))
    finally:
        con.close()


@pytest.mark.sqlite_only("EXPLAIN QUERY PLAN of SQLite's indexes, on its trace callback")
def test_metric_row_sums_read_only_the_rollup_index(demo_cli: Cli) -> None:
    statements = _statements(demo_cli.db, "metric_row")
    assert len(statements) >= 4  # campaign sums, sources, daily series, pacing (this period and the last)
    for statement in statements:
        plan = _plan(demo_cli.db, statement)
        assert "SCAN metric_row" not in plan, (statement, plan)
        assert "INDEX ix_metric_row_rollup" in plan, (statement, plan)


@pytest.mark.sqlite_only("EXPLAIN QUERY PLAN of SQLite's indexes, on its trace callback")
def test_milestones_are_found_by_project_through_an_index(demo_cli: Cli) -> None:
    statements = _statements(demo_cli.db, "milestone m")
    assert len(statements) == 2  # the milestones and their dependencies
    for statement in statements:
        plan = _plan(demo_cli.db, statement)
        assert "SCAN m" not in plan.replace("SCAN milestone_dependency", ""), (statement, plan)
        assert "ix_milestone_project_due" in plan, (statement, plan)
