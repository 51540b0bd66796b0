"""Reads narrowed in SQL for the TUI keep their meaning: the Timeline's view, Today's overdue invoices."""

from __future__ import annotations

from datetime import timedelta

import pytest

from amtui.core.errors import NotFoundError
from amtui.services.clients import accounts, projects
from amtui.services.money.invoices import list_invoices
from amtui.services.timeline import milestones as timeline
from amtui.services.timeline.read import timeline_view
from amtui.store import Store, unit_of_work
from tests.conftest import TODAY


@pytest.mark.parametrize("days", [-400, -30, 0, 30, 400])
def test_overdue_invoices_are_the_overdue_ones_of_the_whole_list(demo_store: Store, days: int) -> None:
    """The overdue filter runs in SQL now; it must pick exactly what the full list marks overdue (partly
    paid, credited, void, draft and credit notes included in the demo book)."""
    when = TODAY + timedelta(days=days)
    with demo_store.read() as s:
        everything = list_invoices(s, today=when)
        late = list_invoices(s, status="overdue", today=when)
    assert late == [r for r in everything if r.overdue]
    if days == 0:
        assert late, "the demo book has overdue invoices today"


def test_the_timeline_view_offers_what_the_lists_offer(demo_store: Store) -> None:
    with demo_store.read() as s:
        view = timeline_view(s, today=TODAY, limit=400)
        assert view.accounts == tuple(a.slug for a in accounts.list_accounts(s))
        assert view.projects == tuple(p.ref for p in projects.list_projects(s))
        assert list(view.milestones) == timeline.list_milestones(s, today=TODAY, critical=True)
        assert view.total == len(view.milestones) and view.project is None

        one = view.accounts[0]
        narrowed = timeline_view(s, account=one, today=TODAY, limit=400)
        assert narrowed.projects == tuple(p.ref for p in projects.list_projects(s, one))
        assert narrowed.accounts == view.accounts  # the account choice never narrows itself
        assert {m.account for m in narrowed.milestones} <= {one}

        # A project from another account is dropped, as the screen's project filter would be cleared.
        elsewhere = next(p for p in view.projects if not p.startswith(f"{one}/"))
        dropped = timeline_view(s, account=one, project=elsewhere, today=TODAY, limit=400)
        assert dropped.project is None and dropped.milestones == narrowed.milestones

        mine = narrowed.projects[0]
        kept = timeline_view(s, account=one, project=mine, today=TODAY, limit=400)
        assert kept.project == mine and {m.project for m in kept.milestones} <= {mine}


def test_the_timeline_view_shows_the_first_rows_and_counts_the_rest(demo_store: Store) -> None:
    with demo_store.read() as s:
        whole = timeline_view(s, today=TODAY, limit=400)
        first = timeline_view(s, today=TODAY, limit=3)
    assert first.milestones == whole.milestones[:3]
    assert first.total == whole.total > 3


def test_archived_accounts_and_projects_are_not_offered(demo_store: Store) -> None:
    with demo_store.read() as s:
        before = timeline_view(s, today=TODAY, limit=400)
    account = before.accounts[0]
    project = next(p for p in before.projects if not p.startswith(f"{account}/"))
    with unit_of_work(demo_store, "test") as uow:
        accounts.archive_account(uow, account)
        projects.edit_project(uow, project, status="archived")
    with demo_store.read() as s:
        after = timeline_view(s, today=TODAY, limit=400)
    assert account not in after.accounts
    assert project not in after.projects


def test_an_unknown_account_is_refused(demo_store: Store) -> None:
    with demo_store.read() as s, pytest.raises(NotFoundError, match="nobody"):
        timeline_view(s, account="nobody", today=TODAY, limit=400)
