from __future__ import annotations

import json

import pytest

from tests.conftest import Cli, assert_refused


@pytest.fixture
def book(cli: Cli) -> Cli:
    cli.ok("account", "add", "Northwind Outfitters", "--slug", "northwind")
    cli.ok("account", "add", "Helios Bank", "--slug", "helios")
    return cli


def test_project_add_and_show(book: Cli) -> None:
    out = book.ok(
        "project",
        "add",
        "northwind/spring-launch",
        "Spring Launch",
        "--budget",
        "48,000",
        "--hours",
        "320",
        "--billing",
        "fixed",
        "--start",
        "2026-03-02",
        "--end",
        "2026-05-29",
        "--rate",
        "150",
    )
    assert out.strip() == (
        "Added project northwind/spring-launch (Spring Launch) · fixed · budget $48,000.00"
        " · 2026-03-02 → 2026-05-29"
    )
    p = json.loads(book.ok("project", "show", "spring-launch", "--json"))
    assert p["budget_cents"] == 4_800_000 and p["currency"] == "USD"
    assert p["budget_minutes"] == 320 * 60 and p["rate_cents"] == 15_000
    assert p["start_on"] == "2026-03-02" and p["billing"] == "fixed"


def test_slug_from_name_and_list_per_account(book: Cli) -> None:
    book.ok(
        "project",
        "add",
        "helios",
        "Always-On Search",
        "--budget",
        "$60,000.00",
        "--billing",
        "tm",
        "--cap",
        "66000",
    )
    book.ok("project", "add", "helios/ctv", "CTV Flight", "--budget", "85000")
    book.ok(
        "project",
        "add",
        "northwind/retainer",
        "Social",
        "--budget",
        "108000",
        "--billing",
        "retainer",
        "--monthly-fee",
        "9000",
        "--monthly-hours",
        "60",
    )
    helios = json.loads(book.ok("project", "list", "helios", "--json"))
    assert [p["ref"] for p in helios] == ["helios/always-on-search", "helios/ctv"]
    assert helios[0]["cap_cents"] == 6_600_000
    everything = json.loads(book.ok("project", "list", "--json"))
    assert len(everything) == 3
    retainer = json.loads(book.ok("project", "show", "northwind/retainer", "--json"))
    assert retainer["retainer_fee_cents"] == 900_000


def test_ambiguous_slug_names_both(book: Cli) -> None:
    book.ok("project", "add", "helios/launch", "Launch", "--budget", "1000")
    book.ok("project", "add", "northwind/launch", "Launch", "--budget", "1000")
    assert_refused(book, ("project", "show", "launch"), 1, "helios/launch, northwind/launch")
    assert json.loads(book.ok("project", "show", "helios/launch", "--json"))["ref"] == "helios/launch"


@pytest.mark.parametrize(
    ("args", "code", "fragment"),
    [
        (("project", "add", "northwind/x", "X", "--budget", "4.500,00"), 2, "dot for decimals"),
        (("project", "add", "northwind/x", "X", "--budget", "1e3"), 2, "not an amount"),
        (("project", "add", "northwind/x", "X", "--budget", "NaN"), 2, "not an amount"),
        (("project", "add", "northwind/x", "X", "--budget", "10.555"), 2, "not an amount"),
        (("project", "add", "northwind/x", "X", "--budget", ""), 2, "empty"),
        (("project", "add", "northwind/x", "X", "--budget", "-5"), 2, "negative"),
        (("project", "add", "northwind/x", "X"), 2, "--budget"),
        (("project", "add", "northwind/x", "X", "--budget", "10", "--hours", "-3"), 2, "hours"),
        (("project", "add", "northwind/x", "X", "--budget", "10", "--billing", "barter"), 2, "billing type"),
        (
            (
                "project",
                "add",
                "northwind/x",
                "X",
                "--budget",
                "10",
                "--start",
                "2026-05-01",
                "--end",
                "2026-04-01",
            ),
            2,
            "before start",
        ),
        (("project", "add", "northwind/x", "X", "--budget", "10", "--start", "13/01/2026"), 2, "ambiguous"),
        (("project", "add", "northwind/x", "X", "--budget", "10", "--rate", "0"), 2, "more than zero"),
        (("project", "add", "ghost/x", "X", "--budget", "10"), 1, "no account"),
        (("project", "add", "northwind/spring", "Again", "--budget", "10"), 1, "already has a project"),
        (("project", "add", "northwind/y", "Y", "--budget", "10", "--code", "NW-1"), 1, "code"),
        (("project", "show", "ghost"), 1, "no project"),
        (("project", "show", "northwind/ghost"), 1, "no project"),
        (("project", "list", "ghost"), 1, "no account"),
    ],
)
def test_bad_project_input(book: Cli, args: tuple[str, ...], code: int, fragment: str) -> None:
    book.ok("project", "add", "northwind/spring", "Spring", "--budget", "1000", "--code", "NW-1")
    assert_refused(book, args, code, fragment)
