"""``amtui todo …`` and ``log --next``: follow-ups through the real Typer app — dates, links, rituals, snooze,
history and undo, and every refusal (one line, exit code, database unchanged)."""

from __future__ import annotations

import csv
import io
import json
from datetime import date

import pytest

from tests.conftest import TODAY, Cli, assert_refused, connect, dump_data

# TODAY (2026-11-28) is a Saturday: "tue" is 2026-12-01, "thu" 2026-12-03, "mon" 2026-11-30.


@pytest.fixture
def book(cli: Cli) -> Cli:
    cli.ok("account", "add", "Helios", "--slug", "helios")
    cli.ok("account", "add", "Northwind", "--slug", "northwind")
    cli.ok("contact", "add", "helios", "Marcus Bell", "--role", "CMO")
    cli.ok("project", "add", "helios/site", "Site", "--budget", "10000")
    cli.ok("project", "add", "northwind/launch", "Launch", "--budget", "5000")
    cli.ok("escalation", "add", "helios", "CPA over limit", "--severity", "high")  # ESC-1
    cli.ok("escalation", "add", "northwind", "Wrong logo")  # ESC-2
    cli.ok("add-change-order", "helios/site", "Extra pages", "--amount", "1200")  # CO-1
    cli.ok("add-change-order", "northwind/launch", "More banners", "--amount", "800")  # CO-2
    return cli


def _list(cli: Cli, *args: str) -> list[dict]:
    return json.loads(cli.ok("todo", "list", *args, "--json"))


def _sql(cli: Cli, sql: str, params: tuple = ()) -> list[tuple]:
    con = connect(cli.db)
    try:
        found = con.execute(sql, params).fetchall()
        con.commit()
        return found
    finally:
        con.close()


def test_add_with_day_words_and_links_then_list(book: Cli) -> None:
    out = book.ok("todo", "add", "helios", "Send the recap", "--due", "tue", "--project", "site",
                  "--contact", "marcus bell", "--escalation", "ESC-1")  # fmt: skip
    assert out.strip() == (
        "T-1 helios: Send the recap · helios/site, Marcus Bell, ESC-1 · due 2026-12-01 (tue)"
    )
    book.ok("todo", "add", "helios", "Chase the PO", "--due", "+3d", "--co", "co-1")
    book.ok("todo", "add", "northwind", "Book the QBR", "--due", "2026-11-28")
    rows = _list(book)
    assert [(r["ref"], r["due_on"]) for r in rows] == [
        ("T-3", "2026-11-28"),
        ("T-1", "2026-12-01"),
        ("T-2", "2026-12-01"),
    ]
    t2 = rows[2]
    assert (t2["change_order"], t2["project"]) == ("CO-1", "helios/site")  # a CO names its project
    assert rows[0]["due_today"] and not rows[0]["overdue"]
    assert [r["ref"] for r in _list(book, "northwind")] == ["T-3"]
    text = book.ok("todo", "list")
    assert "Send the recap" in text and "(today)" in text


def test_overdue_csv_and_json_carry_the_same_rows(book: Cli) -> None:
    book.ok("todo", "add", "helios", "Send the recap", "--due", "today")
    book.ok("todo", "add", "helios", "Later", "--due", "fri")
    _sql(book, "UPDATE follow_up SET due_on = '2026-11-25' WHERE number = 1")
    rows = _list(book, "--overdue")
    assert [(r["ref"], r["overdue"], r["days_overdue"]) for r in rows] == [("T-1", True, 3)]
    assert "3d overdue" in book.ok("todo", "list")
    parsed = list(csv.DictReader(io.StringIO(book.ok("todo", "list", "--csv"))))
    as_json = _list(book)
    assert [r["ref"] for r in parsed] == [r["ref"] for r in as_json] == ["T-1", "T-2"]
    assert list(parsed[0]) == list(as_json[0])  # same keys, same order
    assert (parsed[0]["overdue"], parsed[0]["days_overdue"], parsed[0]["project"]) == ("true", "3", "")


def test_done_recurring_creates_the_next_on_its_cadence(book: Cli) -> None:
    book.ok("todo", "add", "helios", "Weekly status", "--due", "mon", "--every", "week", "--project", "site")
    out = book.ok("todo", "done", "T-1")
    assert out.splitlines() == [
        "T-1 done on 2026-11-28: Weekly status",
        "Next: T-2 due 2026-12-07 (every week)",
    ]
    rows = _list(book, "--done")
    assert [(r["ref"], r["status"], r["due_on"], r["project"]) for r in rows] == [
        ("T-2", "open", "2026-12-07", "helios/site"),
        ("T-1", "done", "2026-11-30", "helios/site"),
    ]
    # A monthly ritual on the 31st falls on each month's last day, the first one after today.
    book.ok("todo", "add", "northwind", "Monthly check-in", "--due", "2026-12-31", "--every", "month")
    _sql(book, "UPDATE follow_up SET due_on = '2026-08-31' WHERE number = 3")
    assert "Next: T-4 due 2026-11-30 (every month)" in book.ok("todo", "done", "T-3")
    # A one-off creates nothing.
    book.ok("todo", "add", "helios", "One-off", "--due", "today")
    assert book.ok("todo", "done", "5").strip() == "T-5 done on 2026-11-28: One-off"


def test_snooze_keeps_the_date_it_was_set_for_and_edit_replaces_it(book: Cli) -> None:
    book.ok("todo", "add", "helios", "Send the recap", "--due", "tue")
    out = book.ok("todo", "snooze", "T-1", "--to", "+1w")
    assert out.strip() == "T-1 snoozed to 2026-12-05 (+1w) (set for 2026-12-01): Send the recap"
    row = _list(book)[0]
    assert (row["due_on"], row["set_for"], row["snoozed_to"]) == ("2026-12-05", "2026-12-01", "2026-12-05")
    book.ok("todo", "edit", "T-1", "--title", "Send the deck", "--due", "thu", "--contact", "Marcus Bell",
            "--every", "month")  # fmt: skip
    row = _list(book)[0]
    assert (row["title"], row["due_on"], row["snoozed_to"], row["contact"], row["every"]) == (
        "Send the deck", "2026-12-03", None, "Marcus Bell", "month",
    )  # fmt: skip
    book.ok("todo", "edit", "T-1", "--contact", "none", "--every", "none")
    row = _list(book)[0]
    assert (row["contact"], row["every"]) == (None, None)


def test_log_next_creates_the_follow_up_with_the_interaction_in_one_action(book: Cli) -> None:
    out = book.ok("log", "helios", "QBR prep call", "--kind", "call", "--contact", "Marcus Bell",
                  "--next", "Send the deck to Marcus", "--due", "thu")  # fmt: skip
    assert out.splitlines() == [
        "Logged call with helios on 2026-11-28",
        "Next: T-1 Send the deck to Marcus · due 2026-12-03 (thu)",
    ]
    row = _list(book)[0]
    interaction = _sql(book, "SELECT id, summary FROM interaction")
    assert interaction == [(row["interaction_id"], "QBR prep call")] and row["contact"] == "Marcus Bell"
    batches = _sql(book, "SELECT command FROM audit_batch ORDER BY id DESC LIMIT 1")
    assert batches[0][0].startswith("amtui log helios")
    before_log = dump_data(book.db)
    book.ok("undo")  # one action: the interaction and the follow-up go together
    assert _sql(book, "SELECT count(*) FROM interaction") == [(0,)]
    assert _sql(book, "SELECT count(*) FROM follow_up") == [(0,)]
    book.ok("redo")
    assert dump_data(book.db) == before_log


def test_every_write_is_in_history_and_undoable(book: Cli) -> None:
    book.ok("todo", "add", "helios", "Weekly status", "--due", "mon", "--every", "week")
    states = [dump_data(book.db)]
    for args in (("todo", "snooze", "T-1", "--to", "fri"), ("todo", "edit", "T-1", "--title", "Status"),
                 ("todo", "done", "T-1")):  # fmt: skip
        book.ok(*args)
        states.append(dump_data(book.db))
    history = book.ok("history", "--limit", "4")
    assert "amtui todo done T-1" in history and "follow_up T-1" in history and "+ follow_up T-2" in history
    for want in reversed(states[:-1]):
        book.ok("undo")
        assert dump_data(book.db) == want


def test_refusals(book: Cli) -> None:
    add = ("todo", "add", "helios", "Send the recap")
    assert_refused(book, ("todo", "add", "nowhere", "Recap", "--due", "tue"), 1, "no account 'nowhere'")
    assert_refused(book, (*add, "--due", "soon"), 2, "not a date: 'soon'")
    assert_refused(book, (*add, "--due", "2026-02-30"), 2, "not a real date")
    assert_refused(book, (*add, "--due", "yesterday"), 2, "before today")
    assert_refused(book, (*add, "--due", "tue", "--every", "day"), 2, "unknown --every 'day'")
    assert_refused(book, (*add, "--due", "tue", "--project", "launch"), 1, "no project 'launch'")
    assert_refused(book, (*add, "--due", "tue", "--contact", "Nobody"), 1, "no contact 'Nobody'")
    assert_refused(book, (*add, "--due", "tue", "--escalation", "ESC-2"), 1, "another account's")
    assert_refused(book, (*add, "--due", "tue", "--escalation", "ESC-9"), 1, "no escalation ESC-9")
    assert_refused(book, (*add, "--due", "tue", "--co", "CO-2"), 1, "another account's")
    assert_refused(book, (*add, "--due", "tue", "--project", "none"), 2, "leave the option out")
    assert_refused(book, (*add, "--due", "  "), 2, "date is empty")
    assert_refused(book, ("todo", "add", "helios", "  ", "--due", "tue"), 2, "title is empty")
    assert_refused(book, ("log", "helios", "Call", "--next", "Send it"), 2, "--next and --due go together")
    assert_refused(book, ("log", "helios", "Call", "--next", "Send it", "--due", "nope"), 2, "not a date")
    # One transaction: a follow-up refused after the interaction was written leaves neither.
    assert_refused(book, ("log", "helios", "Call", "--next", "  ", "--due", "thu"), 2, "title is empty")
    assert_refused(book, ("log", "helios", "Call", "--next", "Send", "--due", "yesterday"), 2, "before today")
    assert _sql(book, "SELECT count(*) FROM interaction") == [(0,)]
    # Not one of them wrote a row (assert_refused compares the whole file; this names the table).
    assert _sql(book, "SELECT count(*) FROM follow_up") == [(0,)]

    book.ok("todo", "add", "helios", "Send the recap", "--due", "tue")
    for verb in (("done", "T-9"), ("snooze", "T-9", "--to", "fri"), ("edit", "T-9", "--title", "x")):
        assert_refused(book, ("todo", *verb), 1, "no follow-up T-9")
    assert_refused(book, ("todo", "done", "T-x"), 2, "not a follow-up reference: 'T-x'")
    assert_refused(book, ("todo", "snooze", "T-1", "--to", "2026-11-01"), 2, "in the past")
    assert_refused(book, ("todo", "snooze", "T-1", "--to", "mon"), 2, "snooze moves it later")
    assert_refused(book, ("todo", "snooze", "T-1", "--to", "whenever"), 2, "not a date")
    assert_refused(book, ("todo", "edit", "T-1"), 2, "nothing to change")
    assert_refused(book, ("todo", "edit", "T-1", "--every", "fortnight"), 2, "unknown --every")
    assert_refused(book, ("todo", "done", "T-1", "--date", "tomorrow"), 2, "in the future")
    assert_refused(book, ("todo", "list", "nowhere"), 1, "no account 'nowhere'")
    assert_refused(book, ("todo", "list", "--json", "--csv"), 2, "choose one")
    book.ok("todo", "done", "T-1")
    assert_refused(book, ("todo", "done", "T-1"), 1, "T-1 was done on 2026-11-28")
    assert_refused(book, ("todo", "snooze", "T-1", "--to", "fri"), 1, "was done")
    assert_refused(book, ("todo", "edit", "T-1", "--title", "x"), 1, "was done")


def test_calendar_export_includes_follow_ups_as_todos_or_events(book: Cli, tmp_path) -> None:  # noqa: ANN001
    from icalendar import Calendar

    book.ok("todo", "add", "helios", "Send the recap", "--due", "tue", "--project", "site")
    book.ok("todo", "add", "northwind", "Book the QBR", "--due", "fri")
    path = tmp_path / "cal.ics"
    out = book.ok("calendar", "export", "--todos", "--out", str(path))
    assert out.startswith("Wrote 0 milestones and 2 follow-ups to ")
    cal = Calendar.from_ical(path.read_bytes())
    todos = [c for c in cal.walk("VTODO")]
    assert [(str(t["summary"]), t.decoded("due")) for t in todos] == [
        ("T-1 Send the recap (helios)", date(2026, 12, 1)),
        ("T-2 Book the QBR (northwind)", date(2026, 12, 4)),
    ]
    uid, seq = str(todos[0]["uid"]), int(todos[0]["sequence"])
    book.ok("todo", "snooze", "T-1", "--to", "+1w")
    book.ok("calendar", "export", "helios/site", "--todos", "--todos-as", "event", "--out", str(path))
    events = list(Calendar.from_ical(path.read_bytes()).walk("VEVENT"))
    assert len(events) == 1 and str(events[0]["uid"]) == uid  # same item, updated
    assert events[0].decoded("dtstart") == date(2026, 12, 5) and int(events[0]["sequence"]) > seq
    assert_refused(book, ("calendar", "export", "--todos", "--todos-as", "task", "--out", str(path)), 2,
                   "unknown --todos-as")  # fmt: skip
    assert_refused(book, ("calendar", "export", "--out", str(path)), 2, "no milestones to export")


def test_the_clock_decides_the_day_words() -> None:
    from amtui.core.dates import parse_date

    assert TODAY.weekday() == 5  # the pinned day is a Saturday: the cases above rely on it
    assert parse_date("sat", today=TODAY) == date(2026, 12, 5)  # the next one, never today
