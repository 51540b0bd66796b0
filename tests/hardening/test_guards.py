"""Invariants as the guard: a write, an undo or a redo that would break one is refused and rolls back;
``amtui check`` names every derived state that disagrees with what it derives from."""

from __future__ import annotations

import sqlite3

from tests.conftest import Cli, assert_refused, dump

SEED = [
    ("account", "add", "Acme", "--slug", "acme"),
    ("project", "add", "acme/web", "Web", "--budget", "10000"),
    ("invoice", "add", "acme/web", "3000"),
    ("invoice", "send", "INV-2026-0001"),
]


def _seed(cli: Cli) -> None:
    for args in SEED:
        cli.ok(*args)


def _last_action(cli: Cli) -> int:
    con = sqlite3.connect(cli.db)
    try:
        return int(con.execute("SELECT max(id) FROM audit_batch WHERE kind = 'action'").fetchone()[0])
    finally:
        con.close()


def test_undo_of_a_middle_payment_is_refused_naming_the_later_one(cli: Cli) -> None:
    """The issue's defect: three payments, undo the middle one (which changed no status itself) — the
    invoice stayed paid with money due. Now the payment that settled it is named."""
    _seed(cli)
    cli.ok("invoice", "paid", "INV-2026-0001", "--amount", "1000")
    cli.ok("invoice", "paid", "INV-2026-0001", "--amount", "1000")
    middle = _last_action(cli)
    cli.ok("invoice", "paid", "INV-2026-0001", "--amount", "1000")
    last = _last_action(cli)
    assert_refused(cli, ("undo", str(middle)), 1, f"changed later by #{last}")
    assert "ok" in cli.ok("check").splitlines()[0]


def test_undo_of_the_first_payment_is_refused_while_a_later_payment_stands(cli: Cli) -> None:
    _seed(cli)
    cli.ok("invoice", "paid", "INV-2026-0001", "--amount", "1000")
    first = _last_action(cli)
    cli.ok("invoice", "paid", "INV-2026-0001", "--amount", "500")
    assert_refused(cli, ("undo", str(first)), 1, "changed later")


def test_undo_in_order_keeps_status_and_balance_together(cli: Cli) -> None:
    _seed(cli)
    for amount in ("1000", "1000", "1000"):
        cli.ok("invoice", "paid", "INV-2026-0001", "--amount", amount)
    for _ in range(3):
        cli.ok("undo")
        r = cli("check")
        assert r.code == 0, r.stdout
    assert "sent" in cli.ok("invoice", "show", "INV-2026-0001")


def test_check_names_an_invoice_whose_status_contradicts_its_balance(cli: Cli) -> None:
    _seed(cli)
    cli.ok("invoice", "paid", "INV-2026-0001", "--amount", "1000")
    con = sqlite3.connect(cli.db)
    con.execute("UPDATE invoice SET status = 'paid' WHERE number = 'INV-2026-0001'")
    con.commit()
    con.close()
    r = cli("check")
    assert r.code == 1
    assert "invoice INV-2026-0001 is paid with $2,000.00 due (it should be partial)" in r.stdout


def test_check_names_an_invoiced_change_order_without_a_live_invoice(cli: Cli) -> None:
    cli.ok(*SEED[0])
    cli.ok(*SEED[1])
    cli.ok("add-change-order", "acme/web", "Banners", "--amount", "500")
    con = sqlite3.connect(cli.db)
    con.execute("UPDATE change_order SET status = 'invoiced', decided_on = '2026-11-01'")
    con.commit()
    con.close()
    r = cli("check")
    assert r.code == 1
    assert "CO-1 is invoiced but no sent invoice bills it" in r.stdout


def test_a_removal_that_takes_the_budget_below_zero_is_refused(cli: Cli) -> None:
    cli.ok(*SEED[0])
    cli.ok("project", "add", "acme/web", "Web", "--budget", "1000")
    cli.ok("add-change-order", "acme/web", "Drop it all", "--amount", "1500", "--type", "remove")
    cli.ok("co", "send", "CO-1")
    assert_refused(cli, ("co", "approve", "CO-1"), 1, "budget-not-negative")
    assert cli("check").code == 0


def test_a_budget_cut_below_approved_removals_is_refused(cli: Cli) -> None:
    cli.ok(*SEED[0])
    cli.ok("project", "add", "acme/web", "Web", "--budget", "1000")
    cli.ok("add-change-order", "acme/web", "Less", "--amount", "800", "--type", "remove")
    cli.ok("co", "send", "CO-1")
    cli.ok("co", "approve", "CO-1")
    assert_refused(cli, ("project", "edit", "acme/web", "--budget", "500"), 1, "-$300.00")


def test_a_contact_cannot_leave_before_joining(cli: Cli) -> None:
    cli.ok(*SEED[0])
    cli.ok("contact", "add", "acme", "Dana Ruiz", "--date", "2026-05-01")
    assert_refused(cli, ("contact", "leave", "acme", "Dana Ruiz", "--date", "2026-04-01"), 1)
    assert cli("check").code == 0


def test_an_older_books_problem_does_not_block_unrelated_writes(cli: Cli) -> None:
    """The guard refuses what a write brings, not what the book already had (check reports that)."""
    _seed(cli)
    cli.ok("invoice", "paid", "INV-2026-0001", "--amount", "1000")
    con = sqlite3.connect(cli.db)
    con.execute("UPDATE invoice SET status = 'sent' WHERE number = 'INV-2026-0001'")
    con.commit()
    con.close()
    before = dump(cli.db)
    cli.ok("invoice", "add", "acme/web", "100")
    assert dump(cli.db) != before
    assert cli("check").code == 1
