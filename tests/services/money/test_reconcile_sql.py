"""Reconciliation's plain-SQL reads: the same answer on a session and on a plain connection, and the
rollups of time and costs read only their covering indexes."""

from __future__ import annotations

import sqlite3
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from amtui.core.errors import AmtuiError
from amtui.services.money.reconcile import reconcile
from amtui.store import Store
from tests.conftest import plain_read

DATES = (date(2026, 11, 28), date(2026, 6, 30), date(2025, 1, 1), date(2030, 1, 1))


class Recording(sqlite3.Connection):
    """A sqlite3 connection that keeps the statements it runs, to EXPLAIN the very SQL the service sends."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.statements: list[tuple[str, tuple[Any, ...]]] = []

    def execute(self, sql: str, parameters: Any = (), /) -> sqlite3.Cursor:
        self.statements.append((sql, tuple(parameters)))
        return super().execute(sql, parameters)


@pytest.mark.parametrize("ref", [None, "helios", "helios/ctv-q1-flight", "abm-pilot"])
def test_session_and_plain_connection_agree(demo_store: Store, demo_path: Path, ref: str | None) -> None:
    """The TUI passes its session, the CLI a plain connection (sqlite3, or psycopg on a team database): both
    must see the same reconciliation."""
    for on in DATES:
        with demo_store.read() as s:
            via_session = reconcile(s, ref, as_of=on)
        with plain_read(demo_path) as con:
            via_plain = reconcile(con, ref, as_of=on)
        assert via_session == via_plain
        assert via_plain.projects and via_plain.as_of == on
    with plain_read(demo_path) as con:
        everything = reconcile(con, as_of=DATES[0])
    assert sum(t.invoiced_cents for t in everything.totals) > 0
    assert any(p.overdue_invoices for p in everything.projects)


@pytest.mark.parametrize("ref", ["nosuch", "helios/nosuch", "nosuch/x"])
def test_unknown_references_are_refused_alike(demo_store: Store, demo_path: Path, ref: str) -> None:
    with demo_store.read() as s, pytest.raises(AmtuiError) as by_session:
        reconcile(s, ref)
    with plain_read(demo_path) as con, pytest.raises(AmtuiError) as by_plain:
        reconcile(con, ref)
    assert type(by_session.value) is type(by_plain.value)
    assert str(by_session.value) == str(by_plain.value) and "nosuch" in str(by_plain.value)


@pytest.mark.sqlite_only("EXPLAIN QUERY PLAN of SQLite's covering indexes")
@pytest.mark.parametrize("table", ["time_entry", "cost_entry"])
@pytest.mark.parametrize("ref", [None, "helios"])
def test_rollups_read_only_the_covering_index(demo_path: Path, table: str, ref: str | None) -> None:
    """EXPLAIN QUERY PLAN of the statements reconcile runs: a covering index, never the table."""
    con = sqlite3.connect(demo_path, factory=Recording)
    try:
        assert isinstance(con, Recording)
        reconcile(con, ref, as_of=DATES[0])
        sums = [(sql, ps) for sql, ps in con.statements if f"FROM {table}" in sql and "sum(" in sql]
        assert len(sums) == 1, con.statements  # one pass: what is billable, and what it cost
        for sql, params in sums:
            plan = con.execute(f"EXPLAIN QUERY PLAN {sql}", params).fetchall()
            details = " ".join(str(r[-1]) for r in plan)
            assert f"COVERING INDEX ix_{table}_rollup" in details, details
    finally:
        con.close()
