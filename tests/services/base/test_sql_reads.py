"""The plain-SQL read path gives the same answers on a SQLModel session and on a bare connection (sqlite3, or
psycopg on a team database)."""

from __future__ import annotations

from datetime import date

import pytest

from amtui.core.errors import ConflictError, NotFoundError
from amtui.services.base import refs
from amtui.services.money import budget
from amtui.store import Store, unit_of_work
from tests.conftest import plain_read

TODAY = date(2026, 11, 28)


def test_book_health_is_the_same_through_a_session_and_a_plain_connection(demo_store: Store) -> None:
    with demo_store.read() as s:
        via_session = budget.book_health(s, as_of=TODAY)
    with plain_read(demo_store) as con:
        via_driver = budget.book_health(con, as_of=TODAY)
    assert via_driver == via_session
    assert len(via_driver) >= 5 and {h.status for h in via_driver} >= {"on-track", "over"}


def test_one_account_and_one_project_select_the_same_rows(demo_store: Store) -> None:
    with plain_read(demo_store) as con:
        every = budget.select_projects(con, None)
        account = every[0][1]
        mine = budget.select_projects(con, account)
        assert mine and all(slug == account for _, slug in mine)
        assert len(mine) < len(every)
        project, slug = mine[0]
        assert budget.select_projects(con, f"{slug}/{project.slug}") == [(project, slug)]


def test_lookups_refuse_unknown_and_ambiguous_references(demo_store: Store) -> None:
    with plain_read(demo_store) as con:
        with pytest.raises(NotFoundError, match="no account or project 'nobody'"):
            budget.select_projects(con, "nobody")
        with pytest.raises(NotFoundError, match="no account 'nope'"):
            refs.find_project(con, "nope/site")
        account = refs.projects_with_slugs(con)[0][1]
        with pytest.raises(NotFoundError, match="no project 'nothing' in account"):
            refs.find_project(con, f"{account}/nothing")
    # The same slug under two accounts: a bare slug is ambiguous and says which refs exist.
    with unit_of_work(demo_store, "test") as uow:
        from amtui.services.clients.accounts import add_account
        from amtui.services.clients.projects import add_project

        add_account(uow, "Twin A", slug="twin-a")
        add_account(uow, "Twin B", slug="twin-b")
        add_project(uow, "twin-a/shared", "Shared", budget_cents=0)
        add_project(uow, "twin-b/shared", "Shared", budget_cents=0)
    with plain_read(demo_store) as con, pytest.raises(ConflictError, match="twin-a/shared, twin-b"):
        refs.find_project(con, "shared")


def test_a_unit_of_work_sees_its_own_unflushed_changes(demo_store: Store) -> None:
    """rows() flushes the session first: a write one-liner's consequence line counts what it just added."""
    from sqlmodel import select

    from amtui.store.models import Project

    with unit_of_work(demo_store, "test") as uow:
        p = uow.session.exec(select(Project)).first()
        assert p is not None
        p.name = "Renamed in this transaction"
        found = refs.projects_with_slugs(uow.session, "p.id = ?", (p.id,))
        assert found[0][0].name == "Renamed in this transaction"


def test_the_plain_connection_is_read_only(demo_store: Store) -> None:
    from amtui.store.sql import rows

    with plain_read(demo_store) as con, pytest.raises(Exception, match="(?i)read.?only") as refused:
        rows(con, "DELETE FROM account")
    assert type(refused.value).__name__ in ("OperationalError", "ReadOnlySqlTransaction")
    with plain_read(demo_store) as con:
        assert rows(con, "SELECT count(*) FROM account")[0][0] == 4  # nothing was deleted


def test_milestones_page_in_sql_in_the_listing_order(demo_store: Store) -> None:
    from amtui.services.timeline import milestones as timeline

    with demo_store.read() as s:
        every = timeline.list_milestones(s, today=TODAY)
        first = timeline.list_milestones(s, today=TODAY, limit=5)
        assert len(every) > 5
        assert first == every[:5]  # same order, dependencies included
        assert timeline.count_milestones(s) == len(every)
        account = every[0].account
        mine = [m for m in every if m.account == account]
        assert timeline.count_milestones(s, account) == len(mine)
        assert timeline.list_milestones(s, account, today=TODAY, limit=2) == mine[:2]
