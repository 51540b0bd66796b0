"""Billing terms through the real CLI: every option round-trips (add/edit → show, --json), every refusal is
one line with exit 2 and the database unchanged; change orders' own billing rule; invoices billed through a
day."""

from __future__ import annotations

import json

import pytest

from amtui.services.money.schedule import project_terms
from amtui.services.money.terms import StoredTerms, describe, terms_of
from tests.conftest import Cli, assert_refused, connect


@pytest.fixture
def book(cli: Cli) -> Cli:
    cli.ok("account", "add", "Acme", "--slug", "acme")
    cli.ok("account", "add", "Other", "--slug", "other")
    cli.ok("project", "add", "acme/site", "Site", "--budget", "20000", "--start", "2026-10-01")
    cli.ok(
        "project", "add", "acme/ret", "Ret", "--budget", "0", "--billing", "retainer", "--monthly-fee", "5000"
    )
    cli.ok("project", "add", "acme/tm", "T&M", "--budget", "0", "--billing", "tm", "--rate", "150")
    cli.ok("project", "add", "other/web", "Web", "--budget", "1000")
    cli.ok("milestone", "add", "acme/site", "Design", "--due", "2026-12-10")  # M1
    cli.ok("milestone", "add", "acme/site", "Build", "--due", "2027-02-10")  # M2
    cli.ok("milestone", "add", "other/web", "Theirs", "--due", "2027-01-10")  # M3
    return cli


def _terms(cli: Cli, ref: str) -> dict:  # type: ignore[type-arg]
    return json.loads(cli.ok("project", "show", ref, "--json"))["terms"]


def _text(billing: str, **stored: object) -> str:
    return describe(terms_of(StoredTerms(billing, **stored)))  # type: ignore[arg-type]


def _lines_in_db(cli: Cli) -> list[tuple]:  # type: ignore[type-arg]
    con = connect(cli.db)
    try:
        return con.execute(
            "SELECT project_id, seq, share_bp, due_on, milestone_id, label FROM billing_line ORDER BY id"
        ).fetchall()
    finally:
        con.close()


# ---------------------------------------------------------------------------------------------- defaults


def test_every_billing_type_shows_its_default_terms(book: Cli) -> None:
    assert _terms(book, "acme/site") == {
        "billing": "fixed",
        "bill_timing": "arrears",
        "fee_schedule": "progress",
        "deposit_pct": None,
        "deposit_bp": None,
        "co_billing": "with",
        "text": "fixed fee · by progress (% complete) · change orders join the fee",
        "lines": [],
    }
    ret = _terms(book, "acme/ret")
    assert (ret["bill_timing"], ret["fee_schedule"], ret["co_billing"]) == ("advance", None, "on-approval")
    assert "Terms retainer · monthly in advance · change orders billed on approval" in book.ok(
        "project", "show", "acme/ret"
    )
    assert (
        _terms(book, "acme/tm")["text"]
        == "time & materials · monthly in arrears · change orders join the fee"
    )


# ---------------------------------------------------------------------------------------------- round trips


def test_retainer_timing_and_co_billing_round_trip(book: Cli) -> None:
    out = book.ok(
        "project",
        "add",
        "acme/ret2",
        "Ret 2",
        "--budget",
        "0",
        "--billing",
        "retainer",
        "--timing",
        "arrears",
        "--co-billing",
        "on-completion",
    )
    assert "Terms retainer · monthly in arrears · change orders billed on completion" in out
    t = _terms(book, "acme/ret2")
    assert (t["bill_timing"], t["co_billing"]) == ("arrears", "on-completion")
    out = book.ok("project", "edit", "acme/ret2", "--timing", "advance")
    assert out.strip() == "Updated acme/ret2: timing arrears → advance"
    assert _terms(book, "acme/ret2")["bill_timing"] == "advance"


def test_deposit_round_trip(book: Cli) -> None:
    book.ok(
        "project", "add", "acme/dep", "Dep", "--budget", "9000", "--schedule", "deposit", "--deposit", "12.5%"
    )
    t = _terms(book, "acme/dep")
    assert (t["fee_schedule"], t["deposit_pct"], t["deposit_bp"]) == ("deposit", 12.5, 1250)
    assert f"Terms {_text('fixed', fee_schedule='deposit', deposit_bp=1250)}" in book.ok(
        "project", "show", "acme/dep"
    )
    out = book.ok("project", "edit", "acme/dep", "--deposit", "50%")
    assert out.strip() == "Updated acme/dep: deposit 12.5% → 50%"
    # Leaving the deposit schedule drops the deposit with it.
    out = book.ok("project", "edit", "acme/dep", "--schedule", "progress")
    assert out.strip() == "Updated acme/dep: schedule deposit → progress · deposit 50% → —"
    assert _terms(book, "acme/dep")["deposit_bp"] is None


def test_instalments_round_trip_with_labels(book: Cli) -> None:
    out = book.ok(
        "project",
        "add",
        "acme/inst",
        "Inst",
        "--budget",
        "10000",
        "--schedule",
        "instalments",
        "--lines",
        "2027-01-15:50%:Kick-off, 2027-03-01:30%,2027-04-01:20%:Launch: final",
    )
    assert "  1. 2027-01-15 · 50% · Kick-off" in out
    t = _terms(book, "acme/inst")
    assert t["fee_schedule"] == "instalments"
    assert [(ln["seq"], ln["due_on"], ln["share_bp"], ln["share_pct"], ln["label"]) for ln in t["lines"]] == [
        (1, "2027-01-15", 5000, 50.0, "Kick-off"),
        (2, "2027-03-01", 3000, 30.0, None),
        (3, "2027-04-01", 2000, 20.0, "Launch: final"),
    ]
    shown = book.ok("project", "show", "acme/inst")
    assert "Terms fixed fee · by instalments · change orders join the fee" in shown
    assert "  2. 2027-03-01 · 30%\n" in shown and "  3. 2027-04-01 · 20% · Launch: final" in shown


def test_milestone_schedule_replaces_the_lines_in_one_audited_unit(book: Cli) -> None:
    book.ok("project", "edit", "acme/site", "--schedule", "instalments", "--lines", "2027-01-15:100%")
    out = book.ok(
        "project", "edit", "acme/site", "--schedule", "milestones", "--lines", "M1:30%,m-2:70%:Go live"
    )
    assert out.strip() == (
        "Updated acme/site: schedule instalments → milestones · schedule lines 2027-01-15 100% → "
        "M1 30%, M2 70% (Go live)"
    )
    t = _terms(book, "acme/site")
    assert [(ln["milestone"], ln["milestone_name"], ln["share_bp"], ln["due_on"]) for ln in t["lines"]] == [
        ("M1", "Design", 3000, None),
        ("M2", "Build", 7000, None),
    ]
    assert "  1. M1 Design · 30%" in book.ok("project", "show", "acme/site")
    # Only the new lines are stored; the service reads them in order, with the milestone's number.
    assert [r[1:] for r in _lines_in_db(book)] == [(1, 3000, None, 1, None), (2, 7000, None, 2, "Go live")]
    con = connect(book.db)
    try:
        pt = project_terms(con, _lines_in_db(book)[0][0])
    finally:
        con.close()
    assert [(ln.milestone_number, ln.share_bp, ln.label) for ln in pt.lines] == [
        ("M1", 3000, None),
        ("M2", 7000, "Go live"),
    ]
    # One history entry holds the project change, the old line's removal and the new lines; undo restores.
    history = book.ok("history")
    first = history.split("\n#")[0]
    assert "--schedule milestones" in first and "- billing_line" in first and "+ billing_line" in first
    book.ok("undo")
    t = _terms(book, "acme/site")
    assert t["fee_schedule"] == "instalments" and [ln["due_on"] for ln in t["lines"]] == ["2027-01-15"]
    # Lines alone replace the lines of the schedule in force.
    book.ok("project", "edit", "acme/site", "--lines", "2027-02-01:40%,2027-05-01:60%")
    assert [ln["share_bp"] for ln in _terms(book, "acme/site")["lines"]] == [4000, 6000]


def test_co_billing_on_a_fixed_fee_round_trips(book: Cli) -> None:
    book.ok("project", "edit", "acme/site", "--co-billing", "on-approval")
    assert _terms(book, "acme/site")["co_billing"] == "on-approval"
    assert "change orders billed on approval" in book.ok("project", "show", "acme/site")


def test_a_new_billing_type_resets_the_terms_it_cannot_keep(book: Cli) -> None:
    book.ok(
        "project",
        "edit",
        "acme/site",
        "--schedule",
        "instalments",
        "--lines",
        "2027-01-15:100%",
        "--co-billing",
        "with",
    )
    out = book.ok("project", "edit", "acme/site", "--billing", "retainer")
    assert out.strip() == (
        "Updated acme/site: billing fixed → retainer · schedule instalments → default · "
        "change orders with → default · schedule lines 2027-01-15 100% → —"
    )
    t = _terms(book, "acme/site")
    assert (t["fee_schedule"], t["co_billing"], t["bill_timing"], t["lines"]) == (
        None,
        "on-approval",
        "advance",
        [],
    )
    assert _lines_in_db(book) == []
    book.ok("project", "edit", "acme/site", "--timing", "arrears")
    out = book.ok(
        "project", "edit", "acme/site", "--billing", "fixed", "--schedule", "deposit", "--deposit", "25%"
    )
    assert "timing arrears → default" in out and "deposit — → 25%" in out
    # Other edits neither touch nor check the terms.
    assert (
        book.ok("project", "edit", "acme/site", "--name", "Site 2").strip()
        == "Updated acme/site: name Site → Site 2"
    )


def test_becoming_a_retainer_resets_pending_change_orders_that_join_the_fee(book: Cli) -> None:
    book.ok("add-change-order", "acme/site", "Pending", "--amount", "100", "--billing", "with")  # CO-1
    book.ok("add-change-order", "acme/site", "Apart", "--amount", "100", "--billing", "on-completion")  # CO-2
    book.ok("add-change-order", "acme/site", "Approved", "--amount", "100", "--billing", "with")  # CO-3
    book.ok("co", "send", "CO-3")
    book.ok("co", "approve", "CO-3")
    out = book.ok("project", "edit", "acme/site", "--billing", "retainer")
    assert out.strip() == "Updated acme/site: billing fixed → retainer · CO-1 billing with → project"
    listed = {
        c["number"]: (c["billing"], c["billing_effective"])
        for c in json.loads(book.ok("co", "list", "--json"))
    }
    assert listed == {
        "CO-1": (None, "on-approval"),
        "CO-2": ("on-completion", "on-completion"),
        "CO-3": ("with", "on-approval"),  # approved: its rule is locked, but a retainer's fee is monthly
    }


# ---------------------------------------------------------------------------------------------- refusals


@pytest.mark.parametrize(
    ("args", "fragment"),
    [
        (("project", "edit", "acme/site", "--timing", "advance"), "only a retainer bills in advance"),
        (("project", "edit", "acme/tm", "--timing", "advance"), "only a retainer bills in advance"),
        (("project", "edit", "acme/ret", "--timing", "weekly"), "billing timing must be one of"),
        (
            ("project", "edit", "acme/ret", "--schedule", "deposit", "--deposit", "50%"),
            "fee schedule is for fixed",
        ),
        (("project", "edit", "acme/tm", "--schedule", "progress"), "fee schedule is for fixed"),
        (("project", "edit", "acme/site", "--schedule", "weekly"), "fee schedule must be one of"),
        (("project", "edit", "acme/site", "--deposit", "50%"), "a deposit is for a fixed fee billed with"),
        (("project", "edit", "acme/site", "--schedule", "deposit"), "needs the deposit's share"),
        (("project", "edit", "acme/site", "--schedule", "deposit", "--deposit", "0%"), "more than 0%"),
        (("project", "edit", "acme/site", "--schedule", "deposit", "--deposit", "120%"), "at most 100%"),
        (("project", "edit", "acme/site", "--schedule", "deposit", "--deposit", "half"), "not a percentage"),
        (("project", "edit", "acme/ret", "--co-billing", "with"), "a retainer's fee is monthly"),
        (("project", "edit", "acme/site", "--co-billing", "later"), "change-order billing must be one of"),
        (("project", "edit", "acme/site", "--schedule", "instalments"), "needs its schedule lines"),
        (("project", "edit", "acme/site", "--schedule", "milestones"), "needs its schedule lines"),
        (
            ("project", "edit", "acme/site", "--lines", "2027-01-15:100%"),
            "schedule lines are for a fixed fee",
        ),
        (("project", "edit", "acme/ret", "--lines", "2027-01-15:100%"), "schedule lines are for a fixed fee"),
        (
            ("project", "edit", "acme/site", "--schedule", "progress", "--lines", "2027-01-15:100%"),
            "not by progress",
        ),
        (
            (
                "project",
                "edit",
                "acme/site",
                "--schedule",
                "instalments",
                "--lines",
                "2027-01-15:50%,2027-02-15:40%",
            ),
            "add up to 90%, not 100%",
        ),
        (
            (
                "project",
                "edit",
                "acme/site",
                "--schedule",
                "instalments",
                "--lines",
                "2027-01-15:60%,2027-02-15:60%",
            ),
            "add up to 120%, not 100%",
        ),
        (
            (
                "project",
                "edit",
                "acme/site",
                "--schedule",
                "instalments",
                "--lines",
                "2027-01-15:0%,2027-02-15:100%",
            ),
            "a line's share is more than 0%",
        ),
        (
            ("project", "edit", "acme/site", "--schedule", "instalments", "--lines", "2027-02-30:100%"),
            "not a real date",
        ),
        (("project", "edit", "acme/site", "--schedule", "instalments", "--lines", "soon:100%"), "not a date"),
        (
            ("project", "edit", "acme/site", "--schedule", "instalments", "--lines", "2027-01-15"),
            "WHEN:SHARE",
        ),
        (
            ("project", "edit", "acme/site", "--schedule", "instalments", "--lines", " , "),
            "no schedule lines",
        ),
        (
            ("project", "edit", "acme/site", "--schedule", "instalments", "--lines", "2027-01-15:100%,"),
            "line 2",
        ),
        (
            ("project", "edit", "acme/site", "--schedule", "instalments", "--lines", "M1:100%"),
            "due on a date",
        ),
        (
            ("project", "edit", "acme/site", "--schedule", "milestones", "--lines", "2027-01-15:100%"),
            "at milestones",
        ),
        (
            ("project", "edit", "acme/site", "--schedule", "milestones", "--lines", "M1:50%,M99:50%"),
            "no milestone M99",
        ),
        (
            ("project", "edit", "acme/site", "--schedule", "milestones", "--lines", "M1:50%,M3:50%"),
            "M3 is a milestone of another project",
        ),
        (
            ("project", "edit", "acme/site", "--schedule", "milestones", "--lines", "M1:50%,M1:50%"),
            "M1 is on the schedule twice",
        ),
        (
            (
                "project",
                "add",
                "acme/x",
                "X",
                "--budget",
                "1",
                "--schedule",
                "milestones",
                "--lines",
                "M1:100%",
            ),
            "no milestones yet",
        ),
        (
            ("project", "add", "acme/x", "X", "--budget", "1", "--billing", "tm", "--timing", "advance"),
            "only a retainer",
        ),
        (
            (
                "project",
                "add",
                "acme/x",
                "X",
                "--budget",
                "1",
                "--billing",
                "retainer",
                "--co-billing",
                "with",
            ),
            "retainer's fee",
        ),
        (
            ("project", "add", "acme/x", "X", "--budget", "1", "--schedule", "instalments"),
            "needs its schedule lines",
        ),
        (
            ("project", "add", "acme/x", "X", "--budget", "1", "--lines", "2027-01-15:100%"),
            "schedule lines are for",
        ),
    ],
)
def test_bad_terms_are_refused_with_one_line_and_nothing_written(
    book: Cli, args: tuple[str, ...], fragment: str
) -> None:
    assert_refused(book, args, 2, fragment)


def test_a_refused_edit_leaves_the_existing_schedule_alone(book: Cli) -> None:
    book.ok("project", "edit", "acme/site", "--schedule", "milestones", "--lines", "M1:30%,M2:70%")
    for args in (
        ("project", "edit", "acme/site", "--lines", "M1:30%,M2:60%"),
        ("project", "edit", "acme/site", "--schedule", "instalments"),  # the milestone lines do not fit
        ("project", "edit", "acme/site", "--schedule", "deposit", "--deposit", "0"),
    ):
        assert_refused(book, args, 2)
    assert [ln["milestone"] for ln in _terms(book, "acme/site")["lines"]] == ["M1", "M2"]


# ---------------------------------------------------------------------------------------------- change orders


def test_change_order_billing_round_trips_and_follows_the_project(book: Cli) -> None:
    out = book.ok("add-change-order", "acme/site", "Extra", "--amount", "500", "--billing", "on-completion")
    assert "· billed on completion (its own rule)" in out.splitlines()[0]
    co = json.loads(book.ok("co", "show", "CO-1", "--json"))["change_order"]
    assert (co["billing"], co["billing_effective"]) == ("on-completion", "on-completion")
    assert "Billing: billed on completion (its own rule)" in book.ok("co", "show", "CO-1")
    out = book.ok("co", "edit", "CO-1", "--billing", "project")
    assert out.startswith("CO-1 updated · joins the fee (the project's rule)")
    co = json.loads(book.ok("co", "show", "CO-1", "--json"))["change_order"]
    assert (co["billing"], co["billing_effective"]) == (None, "with")
    # The project's rule is what a change order without its own follows.
    book.ok("project", "edit", "acme/site", "--co-billing", "on-approval")
    listed = json.loads(book.ok("co", "list", "--json"))
    assert [(c["billing"], c["billing_effective"]) for c in listed] == [(None, "on-approval")]
    book.ok("co", "send", "CO-1")
    book.ok("co", "edit", "CO-1", "--billing", "with")  # sent: still editable
    assert json.loads(book.ok("co", "show", "CO-1", "--json"))["change_order"]["billing"] == "with"
    # A retainer's change order bills apart from the fee by default.
    book.ok("add-change-order", "acme/ret", "More", "--amount", "100")
    assert "Billing: billed on approval (the project's rule)" in book.ok("co", "show", "CO-2")


def test_change_order_billing_refusals(book: Cli) -> None:
    book.ok("add-change-order", "acme/ret", "More", "--amount", "100")  # CO-1
    book.ok("add-change-order", "acme/site", "Extra", "--amount", "500")  # CO-2
    book.ok("co", "send", "CO-2")
    book.ok("co", "approve", "CO-2")
    assert_refused(
        book, ("add-change-order", "acme/ret", "X", "--amount", "1", "--billing", "with"), 2, "retainer's fee"
    )
    assert_refused(
        book,
        ("add-change-order", "acme/site", "X", "--amount", "1", "--billing", "soon"),
        2,
        "must be one of",
    )
    assert_refused(book, ("co", "edit", "CO-1", "--billing", "with"), 2, "retainer's fee")
    assert_refused(book, ("co", "edit", "CO-1", "--billing", "never"), 2, "must be one of")
    assert_refused(book, ("co", "edit", "CO-2", "--billing", "on-approval"), 1, "is locked")


# ---------------------------------------------------------------------------------------------- invoices


def test_invoice_billed_through_round_trips(book: Cli) -> None:
    out = book.ok("invoice", "add", "acme/site", "4000", "--through", "2026-11-30", "--date", "2026-11-28")
    assert "for work through 2026-11-30" in out
    book.ok("invoice", "add", "acme/tm", "1500", "--for-month", "2026-10", "--date", "2026-11-01")
    number = json.loads(book.ok("invoice", "list", "acme/site", "--json"))[0]["number"]
    shown = json.loads(book.ok("invoice", "show", number, "--json"))
    assert (shown["billed_through"], shown["for_month"]) == ("2026-11-30", None)
    assert "Bills the work through 2026-11-30" in book.ok("invoice", "show", number)
    listing = book.ok("invoice", "list")
    header, *rows = listing.splitlines()
    assert "Bills" in header.split()
    assert any("to 2026-11-30" in r for r in rows) and any("2026-10" in r for r in rows)
    tm = json.loads(book.ok("invoice", "list", "acme/tm", "--json"))[0]
    assert (tm["for_month"], tm["billed_through"]) == ("2026-10", None)


def test_invoice_through_refusals(book: Cli) -> None:
    book.ok("add-change-order", "acme/site", "Extra", "--amount", "500")
    book.ok("co", "send", "CO-1")
    book.ok("co", "approve", "CO-1")
    base = ("invoice", "add", "acme/site", "1000")
    assert_refused(book, (*base, "--through", "2026-11-30", "--for-month", "2026-11"), 2, "bills one thing")
    assert_refused(book, (*base, "--through", "2026-11-30", "--change-order", "CO-1"), 2, "bills one thing")
    assert_refused(book, (*base, "--through", "2026-09-30"), 2, "before the project starts (2026-10-01)")
    assert_refused(book, (*base, "--through", "2026-13-01"), 2, "not a real date")
    assert_refused(book, ("invoice", "show", "INV-0000"), 1, "no invoice")
