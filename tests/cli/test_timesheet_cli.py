"""``amtui time list|edit|delete`` and ``amtui cost list|edit|delete``: the timesheet, corrections of one
entry (audited, undoable), what an invoice already billed, and every refusal (one line, exit code, book
unchanged)."""

from __future__ import annotations

import csv
import io
import json
from datetime import timedelta

import pytest

from tests.conftest import TODAY, Cli, assert_refused, connect, dump_data

MON = TODAY - timedelta(days=TODAY.weekday())  # the Monday of the pinned week
YESTERDAY = TODAY - timedelta(days=1)


@pytest.fixture
def book(cli: Cli) -> Cli:
    """Two projects of one account at $100/h, with time from two people over two days and one cost."""
    cli.ok("account", "add", "Northwind", "--slug", "northwind")
    cli.ok("account", "add", "Helios", "--slug", "helios")
    for ref in ("northwind/site", "northwind/ads", "helios/search"):
        cli.ok("project", "add", ref, ref.split("/")[1].title(), "--budget", "10000", "--rate", "100")
    cli.ok("time", "northwind/site", "3", "--person", "Maya Chen", "--date", YESTERDAY.isoformat())  # 1
    cli.ok("time", "northwind/site", "2", "--person", "Maya Chen", "--team", "creative")  # 2
    cli.ok("time", "northwind/ads", "1.5", "--person", "Tom Reyes", "--non-billable")  # 3
    cli.ok("time", "helios/search", "4", "--person", "maya  chen")  # 4
    cli.ok("cost", "northwind/site", "1200", "--note", "stock photos")  # cost 1
    return cli


def _one(cli: Cli, sql: str) -> tuple[object, ...]:
    con = connect(cli.db)
    try:
        return con.execute(sql).fetchone()
    finally:
        con.close()


# ---------------------------------------------------------------------------------------------- list


def test_time_list_of_an_account_has_ids_and_totals_by_day_and_project(book: Cli) -> None:
    out = book.ok("time", "list", "northwind")
    assert "helios" not in out
    lines = out.splitlines()
    assert any(ln.startswith("#1 ") and YESTERDAY.isoformat() in ln and "3h" in ln for ln in lines)
    assert any(ln.startswith("#3 ") and "non-billable" in ln for ln in lines)
    assert "By day" in out and "By project" in out
    assert f"{TODAY.isoformat()} {TODAY.strftime('%a').lower()}" in out
    by_project = out.split("By project", 1)[1]
    assert "northwind/ads" in by_project and "northwind/site" in by_project
    assert "Total: 6.5h (5h billable) · $650.00 · 3 entries" in out


def test_time_list_json_totals(book: Cli) -> None:
    data = json.loads(book.ok("time", "list", "--json"))
    assert [e["id"] for e in data["entries"]] == [1, 4, 3, 2]  # by date, then account/project
    assert data["minutes"] == 630 and data["billable_minutes"] == 540
    assert data["amounts"] == [{"currency": "USD", "amount_cents": 105000}]
    assert data["by_day"] == [
        {"entry_date": YESTERDAY.isoformat(), "minutes": 180, "billable_minutes": 180},
        {"entry_date": TODAY.isoformat(), "minutes": 450, "billable_minutes": 360},
    ]
    site = next(p for p in data["by_project"] if p["project"] == "northwind/site")
    assert (site["minutes"], site["amount_cents"]) == (300, 50000)


def test_time_list_filters_person_team_and_period(book: Cli) -> None:
    maya = json.loads(book.ok("time", "list", "--person", "MAYA CHEN", "--json"))
    assert [e["id"] for e in maya["entries"]] == [1, 4, 2]  # "maya  chen" is the same person
    creative = json.loads(book.ok("time", "list", "--team", "creative", "--json"))
    assert [e["id"] for e in creative["entries"]] == [2]
    today = json.loads(book.ok("time", "list", "--from", "today", "--json"))
    assert [e["id"] for e in today["entries"]] == [4, 3, 2]
    project = json.loads(book.ok("time", "list", "northwind/ads", "--month", "--json"))
    assert [e["id"] for e in project["entries"]] == [3]
    old = book.ok("time", "list", "--from", "2026-01-01", "--to", "2026-01-31")
    assert old.startswith("No time logged 2026-01-01 … 2026-01-31")


def test_csv_has_the_json_rows_and_keys(book: Cli) -> None:
    data = json.loads(book.ok("time", "list", "--json"))["entries"]
    rows = list(csv.DictReader(io.StringIO(book.ok("time", "list", "--csv"))))
    assert list(rows[0]) == list(data[0])  # the header row is the JSON's keys, in order
    assert len(rows) == len(data)
    for r, d in zip(rows, data, strict=True):
        assert int(r["amount_cents"]) == d["amount_cents"] and int(r["minutes"]) == d["minutes"]
        assert r["billable"] == ("true" if d["billable"] else "false")
        assert r["team"] == (d["team"] or "")
    costs = list(csv.DictReader(io.StringIO(book.ok("cost", "list", "--csv"))))
    assert costs == [
        {
            "id": "1",
            "project": "northwind/site",
            "entry_date": TODAY.isoformat(),
            "amount_cents": "120000",
            "currency": "USD",
            "billable": "true",
            "out_of_scope": "false",
            "note": "stock photos",
        }
    ]


def test_csv_with_no_rows_is_still_a_header(book: Cli) -> None:
    out = book.ok("time", "list", "--from", "2026-01-01", "--to", "2026-01-02", "--csv")
    assert out.splitlines() == [
        "id,project,entry_date,minutes,rate_cents,amount_cents,cost_cents,currency,team,person,billable,"
        "out_of_scope,note"
    ]


@pytest.mark.parametrize(
    "args",
    [("budget",), ("reconcile",), ("invoice", "list"), ("opp", "list", "--all")],
)
def test_csv_and_json_have_the_same_rows_everywhere(demo_cli: Cli, args: tuple[str, ...]) -> None:
    data = json.loads(demo_cli.ok(*args, "--json"))
    if isinstance(data, dict):  # a report: its rows are its list of projects or opportunities
        data = data.get("projects", data.get("opportunities"))
    rows = list(csv.DictReader(io.StringIO(demo_cli.ok(*args, "--csv"))))
    assert len(rows) == len(data) > 0
    assert list(rows[0]) == list(data[0])
    for r, d in zip(rows, data, strict=True):
        for k, v in d.items():
            if isinstance(v, bool):
                assert r[k] == ("true" if v else "false")
            elif isinstance(v, int):
                assert int(r[k]) == v, (k, r[k], v)  # cents stay integers
            elif v is None:
                assert r[k] == ""
            elif isinstance(v, str):
                assert r[k] == v


def test_csv_and_json_together_are_refused(book: Cli) -> None:
    assert_refused(book, ("time", "list", "--json", "--csv"), 2, "--json or --csv")
    assert_refused(book, ("budget", "--json", "--csv"), 2, "--json or --csv")


# ---------------------------------------------------------------------------------------------- edit


def test_time_edit_values_again_records_and_undoes(book: Cli) -> None:
    before = dump_data(book.db)
    out = book.ok(
        "time", "edit", "#2", "--hours", "2.5", "--rate", "120", "--note", "wireframes", "--non-billable"
    )
    assert out.startswith(f"Edited time entry #2 (northwind/site, {TODAY.isoformat()}): hours 2h → 2.5h;")
    assert "rate $100.00 → $120.00" in out and "billable → non-billable" in out
    assert _one(
        book, "SELECT minutes, rate_cents, amount_cents, billable, note FROM time_entry WHERE id = 2"
    ) == (
        150,
        12000,
        30000,
        0,
        "wireframes",
    )
    history = book.ok("history", "--limit", "1")
    assert "amtui time edit '#2' --hours 2.5" in history and "minutes 2h → 2.5h" in history
    book.ok("undo")
    assert dump_data(book.db) == before


def test_time_edit_date_scope_team_person_json(book: Cli) -> None:
    data = json.loads(
        book.ok(
            "time",
            "edit",
            "3",
            "--date",
            "yesterday",
            "--out-of-scope",
            "--team",
            "media",
            "--billable",
            "--json",
        )
    )
    assert data["entry"]["entry_date"] == YESTERDAY.isoformat()
    assert data["entry"]["out_of_scope"] is True and data["entry"]["billable"] is True
    assert data["entry"]["team"] == "media"
    assert data["health"]["unapproved_scope_cents"] == 15000


def test_time_edit_counts_the_day_without_the_entry_itself(book: Cli) -> None:
    # Maya has 2h (#2) + 4h (#4) today: #2 may become 20h (20 + 4 = 24), not 20.5h.
    book.ok("time", "edit", "2", "--hours", "20")
    assert_refused(book, ("time", "edit", "2", "--hours", "20.5"), 2, "a day has 24 hours")
    assert_refused(book, ("time", "edit", "1", "--date", "today", "--hours", "1"), 2, "a day has 24 hours")


def test_time_delete_is_undoable(book: Cli) -> None:
    before = dump_data(book.db)
    out = book.ok("time", "delete", "3")
    assert out.startswith(f"Deleted time entry #3 (northwind/ads, {TODAY.isoformat()}): 1.5h ($150.00)")
    assert _one(book, "SELECT count(*) FROM time_entry WHERE id = 3") == (0,)
    book.ok("undo")
    assert dump_data(book.db) == before


def test_cost_edit_and_delete(book: Cli) -> None:
    out = book.ok("cost", "edit", "1", "--amount", "1350", "--note", "stock + fonts", "--out-of-scope")
    assert "amount $1,200.00 → $1,350.00" in out and "in scope → out of scope" in out
    assert _one(book, "SELECT amount_cents, note, out_of_scope FROM cost_entry") == (
        135000,
        "stock + fonts",
        1,
    )
    out = book.ok("cost", "delete", "1")
    assert out.startswith("Deleted cost #1 (northwind/site")
    assert _one(book, "SELECT count(*) FROM cost_entry") == (0,)
    book.ok("undo")
    assert _one(book, "SELECT count(*) FROM cost_entry") == (1,)


def test_logging_still_answers_without_the_word_log(book: Cli) -> None:
    assert "Logged 1h ($100.00) to northwind/site" in book.ok("time", "northwind/site", "1")
    assert "Logged 1h ($100.00) to northwind/site" in book.ok("time", "log", "northwind/site", "1")
    assert "Logged cost $50.00 to northwind/site" in book.ok("cost", "northwind/site", "50")


# ---------------------------------------------------------------------------------------------- invoices


@pytest.fixture
def invoiced(book: Cli) -> Cli:
    """An issued invoice for northwind/site billing work through yesterday (entry #1's day)."""
    book.ok(
        "invoice", "add", "northwind/site", "300", "--through", YESTERDAY.isoformat(), "--number", "INV-1"
    )
    book.ok("invoice", "send", "INV-1")
    return book


def test_editing_invoiced_time_warns_with_the_invoice(invoiced: Cli) -> None:
    r = invoiced("time", "edit", "1", "--hours", "2")
    assert r.code == 0
    assert "Warning: INV-1 already billed this entry's period" in r.stderr
    # after the invoice's period: no warning
    r = invoiced("time", "edit", "2", "--hours", "1")
    assert r.code == 0 and r.stderr == ""


def test_deleting_invoiced_time_needs_force(invoiced: Cli) -> None:
    assert_refused(invoiced, ("time", "delete", "1"), 1, "INV-1 already billed")
    r = invoiced("time", "delete", "1", "--force")
    assert r.code == 0 and "INV-1" in r.stderr
    assert _one(invoiced, "SELECT count(*) FROM time_entry WHERE id = 1") == (0,)
    invoiced.ok("time", "delete", "2")  # today's: after the billed period


def test_deleting_an_invoiced_cost_needs_force(invoiced: Cli) -> None:
    invoiced.ok("cost", "edit", "1", "--date", "yesterday")
    assert_refused(invoiced, ("cost", "delete", "1"), 1, "INV-1")
    invoiced.ok("cost", "delete", "1", "--force")


# ---------------------------------------------------------------------------------------------- refusals


@pytest.mark.parametrize(
    ("args", "code", "fragment"),
    [
        (("time", "edit", "99", "--hours", "1"), 1, "no time entry #99"),
        (("time", "delete", "99"), 1, "no time entry #99"),
        (("time", "edit", "abc", "--hours", "1"), 2, "not a time entry id"),
        (("time", "edit", "1", "--date", "notadate"), 2, "not a date"),
        (("time", "edit", "1", "--date", "tomorrow"), 2, "in the future"),
        (("time", "edit", "1", "--hours", "0"), 2, None),
        (("time", "edit", "1", "--hours", "lots"), 2, None),
        (("time", "edit", "1", "--hours", "25"), 2, "a day has 24 hours"),
        (("time", "edit", "1", "--team", "sales"), 2, "unknown team"),
        (("time", "edit", "1", "--rate", "-5"), 2, None),
        (("time", "edit", "1"), 2, "nothing to change"),
        (("time", "list", "--from", "notadate"), 2, "not a date"),
        (("time", "list", "nowhere"), 1, "nowhere"),
        (("time", "list", "--team", "sales"), 2, "unknown team"),
        (("time", "list", "--week", "--month"), 2, "choose one period"),
        (("cost", "edit", "7", "--amount", "5"), 1, "no cost #7"),
        (("cost", "edit", "1", "--amount", "0"), 2, None),
        (("cost", "edit", "1", "--date", "notadate"), 2, "not a date"),
        (("cost", "delete", "7"), 1, "no cost #7"),
    ],
)
def test_bad_corrections_are_refused(
    book: Cli, args: tuple[str, ...], code: int, fragment: str | None
) -> None:
    assert_refused(book, args, code, fragment)


def test_a_deleted_entry_cannot_be_edited(book: Cli) -> None:
    book.ok("time", "delete", "3")
    assert_refused(book, ("time", "edit", "3", "--hours", "1"), 1, "was deleted (by `amtui time delete 3`)")
    assert_refused(book, ("time", "delete", "3"), 1, "was deleted")
    book.ok("cost", "delete", "1")
    assert_refused(book, ("cost", "edit", "1", "--amount", "5"), 1, "cost #1 was deleted")


def test_time_on_an_archived_project_is_not_edited(book: Cli) -> None:
    book.ok("project", "edit", "northwind/ads", "--status", "archived")
    assert_refused(book, ("time", "edit", "3", "--hours", "1"), 1, "archived")
    assert_refused(book, ("time", "delete", "3"), 1, "archived")
