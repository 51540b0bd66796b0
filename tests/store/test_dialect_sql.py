"""The SQL the services write for SQLite, as PostgreSQL takes it (the rewrites in amtui.store.dialect)."""

from __future__ import annotations

from amtui.store.dialect import driver_sql


def test_an_empty_in_list_says_on_postgresql_what_it_says_on_sqlite() -> None:
    """``IN ()`` (no ids: never true) and ``NOT IN ()`` (always true) are SQLite syntax only."""
    sql = "SELECT 1 FROM t WHERE a IN () AND b NOT IN ( ) AND c IN (?) AND d = 'x IN ()'"
    assert driver_sql(sql, "postgresql") == (
        "SELECT 1 FROM t WHERE a = ANY('{}') AND b <> ALL('{}') AND c IN (%s) AND d = 'x IN ()'"
    )
    assert driver_sql(sql, "sqlite") == sql
