"""Refuse what cannot be true, warn on what is unlikely (issue 15, point 5), through the real CLI.

Payments and interactions dated after today are refused; one person's day over 24 h is refused, over 12 h
warns; time and costs outside the project's dates warn; a draft invoice marks no change order invoiced;
projects with no budget set are neither "over" nor scope creep.
"""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path

import pytest

from tests.conftest import TODAY, Cli, assert_refused, connect, dump

START = TODAY - timedelta(days=50)
END = TODAY + timedelta(days=50)


@pytest.fixture
def book(cli: Cli) -> Cli:
    """Two dated projects at $100/h (50 days either side of today) and one without dates."""
    cli.ok("account", "add", "Northwind", "--slug", "northwind")
    for slug in ("spring-launch", "summer-push"):
        cli.ok(
            "project", "add", f"northwind/{slug}", slug.replace("-", " ").title(), "--budget", "10000",
            "--rate", "100", "--start", START.isoformat(), "--end", END.isoformat(),
        )  # fmt: skip
    cli.ok("project", "add", "northwind/nodates", "No Dates", "--budget", "10000", "--rate", "100")
    return cli


def _q(cli: Cli, sql: str) -> list[tuple[object, ...]]:
    con = connect(cli.db)
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


# ---------------------------------------------------------------------------------------------- future dates


def test_a_payment_dated_after_today_is_refused(book: Cli) -> None:
    book.ok("invoice", "add", "spring-launch", "1000", "--date", "2026-11-01")
    book.ok("invoice", "send", "INV-2026-0001", "--date", "2026-11-01")
    for when in ("tomorrow", (TODAY + timedelta(days=30)).isoformat()):
        assert_refused(book, ("invoice", "paid", "INV-2026-0001", "--date", when), 2, "is in the future")
        assert_refused(
            book, ("invoice", "paid", "INV-2026-0001", "--amount", "500", "--date", when), 2, "in the future"
        )
    assert _q(book, "SELECT count(*) FROM payment") == [(0,)]
    # Today is fine: the money is in.
    assert "Recorded $1,000.00 paid on INV-2026-0001" in book.ok("invoice", "paid", "INV-2026-0001")
    assert _q(book, "SELECT paid_on FROM payment") == [(TODAY.isoformat(),)]


def test_an_interaction_dated_after_today_is_refused(book: Cli) -> None:
    assert_refused(
        book, ("log", "northwind", "QBR booked", "--kind", "qbr", "--date", "tomorrow"), 2, "in the future"
    )
    assert_refused(book, ("log", "northwind", "Call", "--date", "+1w"), 2, "interaction dated")
    assert _q(book, "SELECT count(*) FROM interaction") == [(0,)]
    book.ok("log", "northwind", "Call", "--date", "today")
    assert _q(book, "SELECT occurred_on FROM interaction") == [(TODAY.isoformat(),)]


# ------------------------------------------------------------------------------------------ one person's day


def test_more_than_24_hours_in_a_day_for_one_person_is_refused(book: Cli) -> None:
    day = (TODAY - timedelta(days=3)).isoformat()
    book.ok("time", "spring-launch", "10", "--person", "Maya Chen", "--date", day)
    book.ok("time", "summer-push", "10", "--person", "maya  CHEN", "--date", day)  # 20h, warned
    # Across projects, whatever the spelling: 20h + 5h is more than a day has.
    assert_refused(
        book,
        ("time", "nodates", "5", "--person", "Maya chen", "--date", day),
        2,
        f"Maya chen would have 25h logged on {day} (20h logged already); a day has 24 hours",
    )
    # One entry alone can be too much as well.
    assert_refused(book, ("time", "spring-launch", "24.25", "--person", "Luis"), 2, "a day has 24 hours")
    # Exactly 24 h is a (long) day; other people and other days are their own.
    book.ok("time", "nodates", "4", "--person", "Maya Chen", "--date", day)
    book.ok("time", "spring-launch", "20", "--person", "Luis Ortega", "--date", day)
    book.ok("time", "spring-launch", "20", "--person", "Maya Chen", "--date", "yesterday")
    assert _q(book, f"SELECT sum(minutes) FROM time_entry WHERE entry_date = '{day}'") == [(44 * 60,)]


def test_time_without_a_person_is_not_held_to_one_persons_day(book: Cli) -> None:
    """Time logged without a person may be a team's: its daily sum says nothing about anyone's day."""
    book.ok("time", "spring-launch", "30", "--team", "creative")
    r = book("time", "spring-launch", "30")
    assert r.code == 0 and r.stderr == ""


def test_more_than_12_hours_in_a_day_warns_and_saves(book: Cli) -> None:
    book.ok("time", "spring-launch", "8", "--person", "Maya Chen")
    r = book("time", "summer-push", "4.5", "--person", "Maya Chen")
    assert r.code == 0
    assert r.stdout.startswith("Logged 4.5h ($450.00) to northwind/summer-push on")
    assert r.stderr.splitlines() == [
        f"Warning: Maya Chen now has 12.5h logged on {TODAY.isoformat()} (more than 12h in a day)"
    ]
    assert _q(book, "SELECT count(*) FROM time_entry") == [(2,)]
    # 12 h exactly is not flagged; --json carries the warnings too (stdout stays JSON).
    r = book("time", "spring-launch", "12", "--person", "Luis", "--json")
    assert r.code == 0 and r.stderr == "" and json.loads(r.stdout)["warnings"] == []
    r = book("time", "spring-launch", "1", "--person", "Luis", "--json")
    assert json.loads(r.stdout)["warnings"] == [
        f"Luis now has 13h logged on {TODAY.isoformat()} (more than 12h in a day)"
    ]
    assert r.stderr.startswith("Warning: Luis now has 13h")


# ---------------------------------------------------------------------------------------------- project dates


def test_time_and_costs_outside_the_projects_dates_warn(book: Cli) -> None:
    before = (START - timedelta(days=1)).isoformat()
    span = f"{START.isoformat()} … {END.isoformat()}"
    r = book("time", "spring-launch", "2", "--date", before)
    assert r.code == 0 and r.stdout.startswith("Logged 2h ($200.00)")
    assert r.stderr.strip() == f"Warning: time dated {before}, outside the project's dates ({span})"
    r = book("cost", "spring-launch", "300", "--date", before, "--note", "deposit")
    assert r.code == 0 and r.stdout.startswith("Logged cost $300.00 (deposit)")
    assert r.stderr.strip() == f"Warning: cost dated {before}, outside the project's dates ({span})"
    assert _q(book, "SELECT count(*) FROM time_entry") == [(1,)]
    assert _q(book, "SELECT count(*) FROM cost_entry") == [(1,)]
    # Inside the dates, and on a project without dates: no warning.
    for args in (("time", "spring-launch", "1", "--date", START.isoformat()), ("cost", "nodates", "5")):
        r = book(*args)
        assert r.code == 0 and r.stderr == "", args
    # An open-ended project is checked against the end it has.
    book.ok(
        "project", "add", "northwind/open", "Open", "--budget", "100", "--rate", "100", "--end", "2026-11-01"
    )
    r = book("time", "open", "1", "--date", "2026-11-02")
    assert (
        r.stderr.strip() == "Warning: time dated 2026-11-02, outside the project's dates (until 2026-11-01)"
    )


# ---------------------------------------------------------------------------------------------- imports


def test_import_reports_rows_outside_the_projects_dates_and_long_days(book: Cli, tmp_path: Path) -> None:
    book.ok("project", "edit", "spring-launch", "--code", "NW-SPR")
    late1, late2 = END + timedelta(days=3), END + timedelta(days=9)
    busy = (TODAY - timedelta(days=2)).isoformat()
    book.ok("time", "summer-push", "10", "--person", "Maya Chen", "--date", busy)  # already in the book
    f = tmp_path / "t.csv"
    f.write_text(
        "Date,Client,Project,Project Code,Hours,First Name,Last Name\n"
        f"{START.isoformat()},Northwind,Spring Launch,NW-SPR,2,Maya,Chen\n"
        f"{late1.isoformat()},Northwind,Spring Launch,NW-SPR,2,Maya,Chen\n"
        f"{late2.isoformat()},Northwind,Spring Launch,NW-SPR,2,Luis,Ortega\n"
        f"{(START - timedelta(days=1)).isoformat()},Northwind,Spring Launch,NW-SPR,1,Luis,Ortega\n"
        f"{busy},Northwind,Spring Launch,NW-SPR,3,Maya,Chen\n"
        f"{busy},Northwind,Spring Launch,NW-SPR,14,Luis,Ortega\n"
        f"{busy},Northwind,No Dates,,15,,\n"  # two entries: one entry of more than 24h is refused
        f"{busy},Northwind,No Dates,,15,,\n"
    )
    out = book.ok("import", "time", str(f), "--dry-run")
    lines = out.splitlines()
    assert lines[1:3] == [
        "Warning: northwind/spring-launch: 3 rows dated outside the project's dates "
        f"({(START - timedelta(days=1)).isoformat()} … {late2.isoformat()}; "
        f"the project runs {START.isoformat()} … {END.isoformat()})",
        f"Warning: 2 days logged by one person over 12h: Luis Ortega {busy} (14h), Maya Chen {busy} (13h)",
    ]
    data = json.loads(book.ok("import", "time", str(f), "--json"))
    assert data["outside_dates"] == [
        {
            "project": "northwind/spring-launch",
            "rows": 3,
            "first_on": (START - timedelta(days=1)).isoformat(),
            "last_on": late2.isoformat(),
            "start_on": START.isoformat(),
            "end_on": END.isoformat(),
        }
    ]
    assert [(d["person"], d["minutes"], d["over_24h"]) for d in data["long_days"]] == [
        ("Luis Ortega", 14 * 60, False),
        ("Maya Chen", 13 * 60, False),
    ]
    # A warning, not a refusal: every row is in (the file has no rejected rows; it is all or nothing).
    assert _q(book, "SELECT count(*) FROM time_entry WHERE source = 'harvest'") == [(8,)]


@pytest.mark.parametrize(
    ("rows", "fragment"),
    [
        # Two entries of one person on one day, each fine alone: 14h + 11h in the file.
        (
            ("14,Luis,Ortega", "11,Luis,Ortega"),
            "Luis Ortega would have 25h logged on {busy} (25h in the file)",
        ),
        # The file's 15h on top of the book's 10h for Maya that day.
        (
            ("15,Maya,Chen",),
            "Maya Chen would have 25h logged on {busy} (15h in the file and 10h already in the book)",
        ),
        # Spelt differently, the same person (person_key): 8h + 8h + 9h.
        (("8,Luis,Ortega", "8,luis,ORTEGA", "9,Luis,Ortega"), "would have 25h logged on {busy}"),
    ],
    ids=["file-only", "file-and-book", "same-person-spelt-two-ways"],
)
def test_import_refuses_a_person_day_over_24h_across_the_file_and_the_book(
    book: Cli, tmp_path: Path, rows: tuple[str, ...], fragment: str
) -> None:
    book.ok("project", "edit", "spring-launch", "--code", "NW-SPR")
    busy = (TODAY - timedelta(days=2)).isoformat()
    book.ok("time", "summer-push", "10", "--person", "Maya Chen", "--date", busy)  # already in the book
    f = tmp_path / "t.csv"
    body = "".join(f"{busy},Northwind,Spring Launch,NW-SPR,{r}\n" for r in rows)
    f.write_text("Date,Client,Project,Project Code,Hours,First Name,Last Name\n" + body)
    for args in (("import", "time", str(f)), ("import", "time", str(f), "--dry-run")):
        assert_refused(book, args, 2, fragment.format(busy=busy))
    # Another person's day and the same person's other days are not summed in.
    ok = tmp_path / "ok.csv"
    ok.write_text(
        "Date,Client,Project,Project Code,Hours,First Name,Last Name\n"
        f"{busy},Northwind,Spring Launch,NW-SPR,14,Maya,Chen\n"
        f"{busy},Northwind,Spring Launch,NW-SPR,14,Luis,Ortega\n"
        f"{TODAY.isoformat()},Northwind,Spring Launch,NW-SPR,14,Maya,Chen\n"
    )
    assert "Imported 3" in book.ok("import", "time", str(ok))


def test_an_import_inside_the_dates_says_nothing_more(book: Cli, tmp_path: Path) -> None:
    f = tmp_path / "t.csv"
    f.write_text(
        "Date,Client,Project,Hours,First Name,Last Name\n"
        f"{TODAY.isoformat()},Northwind,Spring Launch,2,Maya,Chen\n"
    )
    out = book.ok("import", "time", str(f))
    assert "Warning" not in out


# ------------------------------------------------------------------------------------------- draft invoices


@pytest.fixture
def approved(book: Cli) -> Cli:
    # Billed on its own line (on approval), so reconcile lists it until an invoice bills it.
    book.ok("add-change-order", "spring-launch", "Banners", "--amount", "4500", "--billing", "on-approval")
    book.ok("co", "send", "CO-1", "--date", "2026-11-10")
    book.ok("co", "approve", "CO-1", "--date", "2026-11-12")
    return book


def _co(cli: Cli) -> tuple[str, str | None, str | None]:
    co = json.loads(cli.ok("co", "show", "CO-1", "--json"))["change_order"]
    return co["status"], co["invoiced_on"], co["invoice"]


def _unbilled(cli: Cli) -> list[str]:
    r = json.loads(cli.ok("reconcile", "northwind/spring-launch", "--json"))
    return list(r["projects"][0]["uninvoiced_change_orders"])


def test_a_draft_invoice_marks_nothing_invoiced(approved: Cli) -> None:
    out = approved.ok(
        "invoice", "add", "spring-launch", "4500", "--change-order", "CO-1", "--date", "2026-11-20"
    )
    assert "bills CO-1 (invoiced once sent)" in out
    assert _co(approved) == ("approved", None, "INV-2026-0001")
    assert _unbilled(approved) == ["CO-1"]  # reconcile still offers it: nothing was sent
    # One change order, one invoice: a second one is refused, and so is voiding the CO under the draft.
    assert_refused(
        approved,
        ("invoice", "add", "spring-launch", "4500", "--change-order", "CO-1"),
        1,
        "CO-1 is billed by INV-2026-0001 already",
    )
    assert_refused(approved, ("co", "void", "CO-1"), 1, "billed by draft invoice INV-2026-0001")
    # Sending it invoices the change order, on the day it is sent.
    approved.ok("invoice", "send", "INV-2026-0001", "--date", "2026-11-22")
    assert _co(approved) == ("invoiced", "2026-11-22", "INV-2026-0001")
    assert _unbilled(approved) == []
    # Voiding it puts the change order back to approved.
    approved.ok("invoice", "void", "INV-2026-0001")
    assert _co(approved) == ("approved", None, None)


def test_voiding_a_draft_leaves_the_change_order_approved_and_billable(approved: Cli) -> None:
    approved.ok("invoice", "add", "spring-launch", "4500", "--change-order", "CO-1", "--date", "2026-11-20")
    out = approved.ok("invoice", "void", "INV-2026-0001")
    assert _co(approved) == ("approved", None, None)
    assert "CO-1" not in out  # it never stopped being approved and unbilled
    approved.ok("invoice", "add", "spring-launch", "4500", "--change-order", "CO-1")
    assert _co(approved) == ("approved", None, "INV-2026-0002")


def test_a_draft_from_an_older_book_that_already_invoiced_its_co_can_still_be_sent(approved: Cli) -> None:
    approved.ok("invoice", "add", "spring-launch", "4500", "--change-order", "CO-1", "--date", "2026-11-20")
    con = connect(approved.db)  # what add did before drafts stopped marking change orders
    con.execute("UPDATE change_order SET status = 'invoiced', invoiced_on = '2026-11-20'")
    con.commit()
    con.close()
    approved.ok("invoice", "send", "INV-2026-0001", "--date", "2026-11-25")
    assert _co(approved) == ("invoiced", "2026-11-20", "INV-2026-0001")


# ---------------------------------------------------------------------------------------------- no budget set


def _created(cli: Cli, tmp_path: Path) -> None:
    f = tmp_path / "t.csv"
    f.write_text(
        "Date,Client,Project,Hours,Billable Rate\n"
        f"{(TODAY - timedelta(days=5)).isoformat()},Quokka Cloud,ABM Pilot,20,150\n"  # 40h as two entries
        f"{(TODAY - timedelta(days=5)).isoformat()},Quokka Cloud,ABM Pilot,20,150\n"
        f"{(TODAY - timedelta(days=4)).isoformat()},Quokka Cloud,ABM Pilot,20,150\n"
    )
    assert "created quokka-cloud/abm-pilot" in cli.ok("import", "time", str(f), "--create-missing")


def test_create_missing_projects_have_no_budget_set_and_are_not_scope_creep(cli: Cli, tmp_path: Path) -> None:
    _created(cli, tmp_path)
    h = json.loads(cli.ok("budget", "quokka-cloud/abm-pilot", "--json"))[0]
    assert (h["original_budget_cents"], h["actual_cents"]) == (0, 9_000_00)
    assert h["no_budget"] is True and h["status"] == "on-track" and h["burn"] is None
    assert h["unapproved_scope_cents"] == 0
    table = cli.ok("budget")
    assert "no budget set" in table and "over" not in table.split("\n")[-2]
    assert "1 project(s): 1 on-track" in table
    assert json.loads(cli.ok("scope", "--json")) == []
    assert cli.ok("scope").startswith("No unapproved scope")
    # Logging to it answers "no budget set", not "over".
    out = cli.ok("time", "quokka-cloud/abm-pilot", "1")
    assert "no budget set ($9,150 logged)" in out and "over" not in out and "unapproved" not in out
    # Work flagged out of scope is still unapproved scope: that is what the flag says.
    out = cli.ok("time", "quokka-cloud/abm-pilot", "2", "--out-of-scope")
    assert "unapproved scope $300" in out
    rows = json.loads(cli.ok("scope", "--json"))
    assert [(r["project"], r["unapproved_scope_cents"], r["over_estimate_cents"]) for r in rows] == [
        ("quokka-cloud/abm-pilot", 300_00, 0)
    ]


def test_a_budget_set_later_applies_the_usual_rules(cli: Cli, tmp_path: Path) -> None:
    _created(cli, tmp_path)
    cli.ok("project", "edit", "quokka-cloud/abm-pilot", "--budget", "5000")
    h = json.loads(cli.ok("budget", "quokka-cloud/abm-pilot", "--json"))[0]
    assert h["no_budget"] is False and h["status"] == "over"
    assert h["unapproved_scope_cents"] == 4_000_00


def test_refusals_leave_the_book_as_it_was(approved: Cli) -> None:
    """The whole set once more against a dump taken before all of them."""
    approved.ok("invoice", "add", "spring-launch", "100")
    approved.ok("invoice", "send", "INV-2026-0001")
    approved.ok("time", "spring-launch", "20", "--person", "Maya")
    before = dump(approved.db)
    for args in (
        ("invoice", "paid", "INV-2026-0001", "--date", "tomorrow"),
        ("log", "northwind", "x", "--date", "tomorrow"),
        ("time", "summer-push", "5", "--person", "Maya"),
    ):
        assert approved(*args).code == 2, args
    assert dump(approved.db) == before
