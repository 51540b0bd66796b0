"""Corrections of what was typed — ``contact edit``, ``log edit|delete``, ``escalation edit``, ``opp edit`` —
each undoable and refused as everywhere; and a name that is not found naming the nearest one with the
command that would work."""

from __future__ import annotations

import pytest

from tests.conftest import TODAY, Cli, assert_refused, connect, dump_data


@pytest.fixture
def book(cli: Cli) -> Cli:
    cli.ok("account", "add", "Helios", "--slug", "helios")
    cli.ok("project", "add", "helios/search", "Search", "--budget", "10000", "--rate", "100")
    cli.ok("contact", "add", "helios", "Marcus Bell", "--role", "CFO", "--email", "marcus@helios.example")
    cli.ok("contact", "add", "helios", "Olivia Tran")
    cli.ok("log", "helios", "Weekly status", "--kind", "call", "--contact", "Marcus Bell")  # log #1
    cli.ok("escalation", "add", "helios", "CPA too high", "--severity", "high", "--owner", "Maya")  # ESC-1
    cli.ok("opp", "add", "helios", "Retail media", "--value", "18000", "--probability", "40")  # OPP-1
    return cli


def _one(cli: Cli, sql: str) -> tuple[object, ...]:
    con = connect(cli.db)
    try:
        return con.execute(sql).fetchone()
    finally:
        con.close()


def test_contact_edit_and_undo(book: Cli) -> None:
    before = dump_data(book.db)
    out = book.ok(
        "contact", "edit", "helios", "marcus bell", "--email", "m.bell@helios.example", "--role", ""
    )
    assert out.strip() == (
        "Edited Marcus Bell at helios: role 'CFO' → —; "
        "email 'marcus@helios.example' → 'm.bell@helios.example'"
    )
    assert _one(book, "SELECT role, email FROM contact WHERE name = 'Marcus Bell'") == (
        None,
        "m.bell@helios.example",
    )
    book.ok("undo")
    assert dump_data(book.db) == before


def test_log_list_shows_ids_and_log_edit_delete_undo(book: Cli) -> None:
    assert "#1" in book.ok("log", "list", "helios")
    out = book.ok("log", "edit", "1", "--text", "Weekly status: CPA up", "--contact", "olivia tran")
    assert (
        "summary 'Weekly status' → 'Weekly status: CPA up'" in out
        and "with 'Marcus Bell' → 'Olivia Tran'" in out
    )
    before = dump_data(book.db)
    out = book.ok("log", "delete", "#1")
    assert out.startswith(f"Deleted log entry #1 (helios, {TODAY.isoformat()} call)")
    assert _one(book, "SELECT count(*) FROM interaction") == (0,)
    assert_refused(book, ("log", "edit", "1", "--kind", "note"), 1, "log entry #1 was deleted")
    book.ok("undo")
    assert dump_data(book.db) == before
    assert "Logged note with helios" in book.ok("log", "add", "helios", "spelled out")


def test_escalation_edit_with_a_dated_update(book: Cli) -> None:
    out = book.ok("escalation", "edit", "ESC-1", "--severity", "critical", "--note", "Called the CFO")
    assert out.strip() == (
        f"Edited ESC-1 (helios): severity 'high' → 'critical'; impact 4 → 5; "
        f"update '{TODAY.isoformat()}: Called the CFO'"
    )
    book.ok("escalation", "edit", "1", "--owner", "Tom", "--due", "2026-12-05")
    assert _one(book, "SELECT severity, impact, owner, due_on, plan FROM escalation") == (
        "critical",
        5,
        "Tom",
        "2026-12-05",
        None,  # the update is a row of its own, not a line in the plan
    )
    assert _one(book, "SELECT escalation_id, on_date, note FROM escalation_update") == (
        1,
        TODAY.isoformat(),
        "Called the CFO",
    )
    assert "Called the CFO" in book.ok("history", "--limit", "2")


def test_escalation_show_lists_the_dated_updates_and_undo_takes_one_back(book: Cli) -> None:
    import json

    assert "No updates yet" in book.ok("escalation", "show", "ESC-1")
    book.ok("escalation", "edit", "ESC-1", "--plan", "Pause broad match")
    book.ok("escalation", "edit", "ESC-1", "--note", "Called the CFO")
    book.ok("escalation", "edit", "1", "--note", "CPA back to $46")
    shown = book.ok("escalation", "show", "ESC-1")
    assert "Plan: Pause broad match" in shown
    assert f"{TODAY.isoformat()}  Called the CFO\n    {TODAY.isoformat()}  CPA back to $46" in shown
    d = json.loads(book.ok("escalation", "show", "1", "--json"))
    assert d["escalation"]["ref"] == "ESC-1" and d["escalation"]["plan"] == "Pause broad match"
    assert [(u["on_date"], u["note"]) for u in d["updates"]] == [
        (TODAY.isoformat(), "Called the CFO"),
        (TODAY.isoformat(), "CPA back to $46"),
    ]
    book.ok("undo")
    assert [u["note"] for u in json.loads(book.ok("escalation", "show", "1", "--json"))["updates"]] == [
        "Called the CFO"
    ]
    assert_refused(book, ("escalation", "show", "ESC-9"), 1, "no escalation ESC-9")
    assert_refused(book, ("escalation", "show", "nine"), 2)
    assert_refused(book, ("escalation", "edit", "ESC-1", "--note", "  "), 2)
    assert_refused(book, ("escalation", "edit", "ESC-1", "--note", "x" * 1001), 2)


def test_opp_expected_close(book: Cli) -> None:
    import json

    out = book.ok("opp", "edit", "OPP-1", "--close-by", "2027-01-15")
    assert "expected close — → 2027-01-15" in out
    book.ok("opp", "add", "helios", "CTV", "--value", "4000", "--probability", "20", "--close-by", "+30d")
    listed = json.loads(book.ok("opp", "list", "--json"))["opportunities"]
    assert {o["ref"]: o["expected_close"] for o in listed} == {"OPP-1": "2027-01-15", "OPP-2": "2026-12-28"}
    csv_rows = book.ok("opp", "list", "--csv").splitlines()
    assert csv_rows[0].endswith(",expected_close") and csv_rows[1].endswith(",2027-01-15")
    assert "2027-01-15" in book.ok("opp", "list")
    assert_refused(book, ("opp", "add", "helios", "X", "--value", "1", "--probability", "5", "--close-by",
                          "yesterday"), 2, "before today")  # fmt: skip
    assert_refused(book, ("opp", "edit", "1", "--close-by", "2026-01-01"), 2, "before it opened")
    assert_refused(book, ("opp", "edit", "1", "--close-by", "someday"), 2, "not a date")
    assert_refused(book, ("opp", "edit", "9", "--close-by", "2027-01-01"), 1, "OPP-9")
    book.ok("opp", "won", "1")
    assert_refused(book, ("opp", "edit", "1", "--close-by", "2027-02-01"), 1, "is won")


def test_opp_edit(book: Cli) -> None:
    out = book.ok(
        "opp", "edit", "OPP-1", "--value", "24000", "--probability", "60%", "--next-step", "Proposal"
    )
    assert "value $18,000.00 → $24,000.00; probability 40% → 60%; next step — → Proposal" in out
    assert _one(book, "SELECT value_cents, probability, next_step FROM opportunity") == (
        2_400_000,
        60,
        "Proposal",
    )
    book.ok("opp", "lost", "1", "--reason", "budget cut")
    assert_refused(book, ("opp", "edit", "1", "--closed-on", "today"), 2, "nothing to change")  # closed today
    assert_refused(book, ("opp", "edit", "1", "--closed-on", "tomorrow"), 2, "in the future")
    assert_refused(book, ("opp", "edit", "1", "--closed-on", "yesterday"), 2, "before it opened")


@pytest.mark.parametrize(
    ("args", "code", "fragment"),
    [
        (("contact", "edit", "helios", "Nobody", "--role", "x"), 1, "no contact 'Nobody'"),
        (("contact", "edit", "helios", "Marcus Bell", "--email", "nope"), 2, "not an email"),
        (("contact", "edit", "helios", "Marcus Bell", "--name", "olivia tran"), 1, "already has a contact"),
        (("contact", "edit", "helios", "Marcus Bell"), 2, "nothing to change"),
        (("log", "edit", "9", "--kind", "call"), 1, "no log entry #9"),
        (("log", "edit", "x", "--kind", "call"), 2, "not a log entry id"),
        (("log", "edit", "1", "--date", "notadate"), 2, "not a date"),
        (("log", "edit", "1", "--date", "tomorrow"), 2, "in the future"),
        (("log", "edit", "1", "--kind", "lunch"), 2, "unknown kind"),
        (("log", "delete", "9"), 1, "no log entry #9"),
        (("escalation", "edit", "ESC-9", "--owner", "x"), 1, "no escalation ESC-9"),
        (("escalation", "edit", "1", "--due", "notadate"), 2, "not a date"),
        (("escalation", "edit", "1", "--severity", "huge"), 2, "unknown severity"),
        (("escalation", "edit", "1"), 2, "nothing to change"),
        (("opp", "edit", "OPP-9", "--value", "1"), 1, "no opportunity OPP-9"),
        (("opp", "edit", "1", "--value", "0"), 2, "more than zero"),
        (("opp", "edit", "1", "--probability", "140"), 2, "not a probability"),
        (("opp", "edit", "1", "--next-date", "notadate"), 2, "not a date"),
        (("opp", "edit", "1", "--closed-on", "yesterday"), 1, "has no close date"),
    ],
)
def test_bad_corrections_are_refused(book: Cli, args: tuple[str, ...], code: int, fragment: str) -> None:
    assert_refused(book, args, code, fragment)


@pytest.mark.parametrize(
    ("args", "line"),
    [
        (
            ("log", "helios", "call", "--contact", "marcus"),
            "amtui: no contact 'marcus' at 'helios'; did you mean 'Marcus Bell'? "
            "— amtui log helios call --contact 'Marcus Bell'",
        ),
        (
            ("contact", "edit", "helios", "Olivia Trn", "--role", "CMO"),
            "amtui: no contact 'Olivia Trn' at 'helios'; did you mean 'Olivia Tran'? "
            "— amtui contact edit helios 'Olivia Tran' --role CMO",
        ),
        (
            ("budget", "heliox"),
            "amtui: no account or project 'heliox'; did you mean helios? — amtui budget helios",
        ),
        (
            ("time", "helios/serch", "1"),
            "amtui: no project 'serch' in account 'helios'; did you mean helios/search? "
            "— amtui time helios/search 1",
        ),
        (
            ("time", "heliox/search", "1"),
            "amtui: no account 'heliox'; did you mean helios? — amtui time helios/search 1",
        ),
        (
            ("time", "list", "searhc"),
            "amtui: no account or project 'searhc'; did you mean helios/search? "
            "— amtui time list helios/search",
        ),
    ],
)
def test_a_miss_names_the_nearest_and_the_command_that_works(
    book: Cli, args: tuple[str, ...], line: str
) -> None:
    assert_refused(book, args, 1)
    r = book(*args)
    assert r.stderr.strip() == line
    fixed = line.rsplit(" — amtui ", 1)[1]
    import shlex

    assert book(*shlex.split(fixed)).code == 0  # the suggested command works


def test_a_miss_with_nothing_near_says_so_plainly(book: Cli) -> None:
    r = book("budget", "zzzz")
    assert r.code == 1 and "did you mean" not in r.stderr and " — amtui" not in r.stderr
