"""``brief list`` and ``brief check`` hold a brief to the same current budget, budget health's
(:func:`amtui.services.money.budget.current_budgets`): they agree before and after a change order is approved,
and for a retainer priced by its monthly fee (whose budget is fee x months, not the $0 on the row)."""

from __future__ import annotations

import json

import pytest

from amtui.services.briefs.service import check_context
from amtui.services.money.budget import current_budget
from amtui.store import open_store
from amtui.store.models import Brief
from tests.cli.test_briefs_cli import _fill, _seed
from tests.conftest import TODAY, Cli


def _agree(cli: Cli) -> list[tuple[int, int]]:
    """(blocking, warnings) of every brief, as ``brief list`` and as ``brief check`` count them (equal)."""
    listed = {b["id"]: (b["blocking"], b["warnings"]) for b in json.loads(cli.ok("brief", "list", "--json"))}
    for n, counts in listed.items():
        findings = json.loads(cli("brief", "check", str(n), "--json").stdout)["findings"]
        blocking = sum(1 for f in findings if f["severity"] == "blocking")
        assert counts == (blocking, len(findings) - blocking), n
    return list(listed.values())


def _mismatch(cli: Cli, n: int = 1) -> bool:
    findings = json.loads(cli("brief", "check", str(n), "--json").stdout)["findings"]
    return any(f["rule"] == "budget-mismatch" for f in findings)


@pytest.fixture
def book(cli: Cli) -> Cli:
    _seed(cli)
    cli.ok("brief", "new", "northwind/summer")
    _fill(cli)
    return cli


def test_list_and_check_agree_when_a_change_order_is_approved(book: Cli) -> None:
    assert not _mismatch(book)  # the prefilled budget is the current one: $72,000 + CO-14
    assert _agree(book) == [(0, 0)]
    book.ok("co", "approve", "CO-15", "--by", "Sam Patel")
    assert _mismatch(book)  # the brief still says $75,200; the budget is now $76,100
    assert _agree(book) == [(1, 0)]
    store = open_store(book.db)
    try:
        with store.read() as s:
            brief = s.get(Brief, 1)
            assert brief is not None
            want = current_budget(s, "northwind/summer", as_of=TODAY).current_cents
            assert want == 72_000_00 + 3_200_00 + 900_00 == check_context(s, brief).budget_cents
    finally:
        store.close()


def test_list_and_check_agree_on_a_retainer_priced_by_its_fee(cli: Cli) -> None:
    cli.ok("account", "add", "Helios", "--slug", "helios")
    cli.ok(
        "project", "add", "helios/social", "Social", "--budget", "0", "--billing", "retainer",
        "--monthly-fee", "9000", "--start", "2026-07-01", "--end", "2027-06-30",
    )  # fmt: skip
    cli.ok("brief", "new", "helios/social")
    assert not _mismatch(cli)  # prefilled with 12 x $9,000, the figure check holds it to
    _agree(cli)
