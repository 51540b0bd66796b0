"""A long selection of projects (the whole agency's active ones) is read through the index as one JSON list of
ids, and gives each project the same sums as the whole book's rollup: no project gained, lost or changed."""

from __future__ import annotations

from datetime import date

import pytest

from amtui.services.money import rollup
from amtui.services.money.budget import book_health
from amtui.services.money.reconcile import reconcile
from amtui.services.money.rollup import rollups, shared_rollups
from amtui.store import Store
from tests.conftest import TODAY


def _ids(store: Store) -> list[int]:
    with store.read() as s:
        return [int(r[0]) for r in s.connection().exec_driver_sql("SELECT id FROM project ORDER BY id")]


@pytest.mark.parametrize("as_of", [TODAY, date(2026, 10, 31)])
def test_a_long_selection_has_the_whole_books_sums(
    demo_store: Store, monkeypatch: pytest.MonkeyPatch, as_of: date
) -> None:
    ids = _ids(demo_store)
    with demo_store.read() as s:
        whole = rollups(s, as_of)
        assert len(whole) > 1  # the demo book logs time on several projects
        monkeypatch.setattr(rollup, "IN_LIST_MAX", 1)  # every list of two or more goes as JSON
        for chosen in (ids, ids[::2], [*ids[1::2], 999_999]):
            assert rollups(s, as_of, chosen) == {p: whole[p] for p in chosen if p in whole}


def test_budget_and_reconcile_are_unchanged_by_the_json_selection(
    demo_store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    with demo_store.read() as s:
        health, recon = book_health(s, as_of=TODAY), reconcile(s, as_of=TODAY)
        monkeypatch.setattr(rollup, "IN_LIST_MAX", 1)
        assert book_health(s, as_of=TODAY) == health
        assert reconcile(s, as_of=TODAY) == recon
        assert book_health(s, account="helios", as_of=TODAY) == [h for h in health if h.account == "helios"]


def test_inside_one_read_a_long_selection_is_taken_from_the_whole_books_rollup(
    demo_store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    ids = _ids(demo_store)
    monkeypatch.setattr(rollup, "IN_LIST_MAX", 1)
    reads: list[object] = []
    real = rollup._read

    def counted(db, as_of, chosen):  # type: ignore[no-untyped-def]
        reads.append(chosen)
        return real(db, as_of, chosen)

    monkeypatch.setattr(rollup, "_read", counted)
    with demo_store.read() as s:
        apart = rollups(s, TODAY, ids[::2])
        with shared_rollups():
            reads.clear()
            assert rollups(s, TODAY, ids[::2]) == apart
            assert rollups(s, TODAY, ids[1::2]) == rollups(s, TODAY, ids[1::2])
            assert reads == [None]  # one read of the whole book served every long selection
            assert rollups(s, TODAY, ids[:1]) == {k: v for k, v in apart.items() if k == ids[0]}
            assert reads == [None, ids[:1]]  # a short list is read on its own (by id)
