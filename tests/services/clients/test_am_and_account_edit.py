"""An account's AM (the rule in ``services/clients/am.py``) and ``edit_account``'s own checks: every caller of
the service is held to them, not only the command line."""

from __future__ import annotations

import pytest

from amtui.core.errors import InputError
from amtui.services.clients import accounts
from amtui.services.clients.am import accounts_of, keep, names, next_am
from amtui.services.money.budget import book_health
from amtui.services.money.reconcile import reconcile
from amtui.services.overview.today import attention
from amtui.store import Store, unit_of_work
from amtui.store.dialect import actor
from tests.conftest import TODAY


def test_a_new_accounts_am_is_its_creator_unless_named(store: Store) -> None:
    with unit_of_work(store, "amtui account add") as uow:
        mine = accounts.add_account(uow, "Mine Co")
        theirs = accounts.add_account(uow, "Theirs Co", am="  dana ")
    with store.engine.connect() as conn:
        creator = actor(conn)  # the user on a file, the database role on a team database
    assert creator and mine.am == creator and theirs.am == "dana"
    with unit_of_work(store, "amtui account edit") as uow:
        assert accounts.edit_account(uow, "mine-co", am="Sam").am == "Sam"
    with store.read() as s:
        assert accounts_of(s, "SAM") == {"mine-co"}  # without regard to case
        assert names(s) == ["dana", "Sam"]


@pytest.mark.parametrize("bad", ["", "   ", "x" * 64, "two\nlines"])
def test_a_bad_am_is_refused_by_the_service(store: Store, bad: str) -> None:
    with unit_of_work(store, "amtui account add") as uow:
        accounts.add_account(uow, "Acme")
    with pytest.raises(InputError), unit_of_work(store, "amtui account edit") as uow:
        accounts.edit_account(uow, "acme", am=bad)
    with pytest.raises(InputError), unit_of_work(store, "amtui account add") as uow:
        accounts.add_account(uow, "Other", am=bad)


@pytest.mark.parametrize(
    ("text", "fragment"), [(",", "needs section names"), ("burn,wishes", "unknown section 'wishes'")]
)
def test_client_sees_is_checked_by_the_service(store: Store, text: str, fragment: str) -> None:
    with unit_of_work(store, "amtui account add") as uow:
        accounts.add_account(uow, "Acme")
    with pytest.raises(InputError, match=fragment), unit_of_work(store, "amtui account edit") as uow:
        accounts.edit_account(uow, "acme", client_sees=text)
    with unit_of_work(store, "amtui account edit") as uow:
        accounts.edit_account(uow, "acme", client_sees="Burn, actuals")
    with unit_of_work(store, "amtui account edit") as uow:
        accounts.edit_account(uow, "acme", client_sees="none")


def test_the_next_am_filter_steps_through_each_am_then_everyone() -> None:
    known = ["maya", "theo"]
    assert [next_am(known, None), next_am(known, "maya"), next_am(known, "THEO")] == ["maya", "theo", None]
    assert next_am([], None) is None and next_am(known, "gone") == "maya"


def test_the_team_views_filter_by_am_on_the_demo(demo_store: Store) -> None:
    with demo_store.read() as s:
        assert accounts_of(s, "theo") == {"bramble"}
        every = book_health(s, as_of=TODAY)
        theo = book_health(s, as_of=TODAY, am="Theo")
        assert theo and {h.account for h in theo} == {"bramble"} and all(h.am == "theo" for h in theo)
        assert theo == [h for h in every if h.account == "bramble"]
        rec = reconcile(s, as_of=TODAY, am="theo")
        whole = reconcile(s, as_of=TODAY)
        assert rec.projects == [p for p in whole.projects if p.am == "theo"] and rec.projects
        today = attention(s, today=TODAY, am="theo")
        assert today == [i for i in attention(s, today=TODAY) if i.account == "bramble"] and today
        assert keep(s, today, "maya", lambda i: i.account) == []
        assert [a.slug for a in accounts.list_accounts(s, am="maya")] == ["helios", "northwind", "quokka"]
        assert book_health(s, as_of=TODAY, am="nobody") == [] and reconcile(s, am="nobody").projects == []
