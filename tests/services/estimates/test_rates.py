"""The rate card: the rate valid on a date is the latest from on or before it; a project's own rate wins."""

from __future__ import annotations

from datetime import date

import pytest

from amtui.core.errors import InputError, NotFoundError
from amtui.services.estimates.rates import rate_on, require_rate
from tests.conftest import Cli, connect


def _book(cli: Cli) -> None:
    cli.ok("account", "add", "Northwind", "--slug", "northwind")
    cli.ok("project", "add", "northwind/spring", "Spring", "--budget", "1000")
    cli.ok("rate", "set", "creative", "--bill", "150", "--cost", "60", "--from", "2026-01-01")
    cli.ok("rate", "set", "creative", "--bill", "165", "--cost", "70", "--from", "2026-07-01")
    cli.ok(
        "rate",
        "set",
        "creative",
        "--bill",
        "200",
        "--cost",
        "80",
        "--from",
        "2026-09-01",
        "--project",
        "northwind/spring",
    )


def test_the_latest_rate_from_on_or_before_the_date(cli: Cli) -> None:

    _book(cli)
    con = connect(cli.db)
    assert rate_on(con, "creative", date(2025, 12, 31)) is None
    assert (r := rate_on(con, "creative", date(2026, 6, 30))) and r.bill_cents == 15_000
    assert (r := rate_on(con, "creative", date(2026, 7, 1))) and (r.bill_cents, r.cost_cents) == (
        16_500,
        7_000,
    )
    pid = con.execute("SELECT id FROM project").fetchone()[0]
    # The project's override wins from its date; before it, the book's rate applies.
    assert (r := rate_on(con, "creative", date(2026, 8, 1), project_id=pid)) and r.bill_cents == 16_500
    assert (r := rate_on(con, "creative", date(2026, 9, 1), project_id=pid)) and r.bill_cents == 20_000
    assert (r := rate_on(con, "creative", date(2026, 9, 1))) and r.bill_cents == 16_500
    with pytest.raises(NotFoundError, match="rate set media"):
        require_rate(con, "media", date(2026, 9, 1))


def test_setting_the_same_day_again_replaces_it(cli: Cli) -> None:
    _book(cli)
    assert "replaced" in cli.ok(
        "rate", "set", "creative", "--bill", "170", "--cost", "70", "--from", "2026-07-01"
    )
    listed = cli.ok("rate", "list", "--json")
    assert listed.count('"creative"') == 3  # two book rates and the override, not four


def test_check_team_names_the_teams() -> None:
    from amtui.services.estimates.rates import check_team

    with pytest.raises(InputError, match="creative"):
        check_team("design")
