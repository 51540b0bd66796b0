"""Invoices: numbering, sending, partial payments, credit notes, voiding, billing change orders, bad input."""

from __future__ import annotations

import json

import pytest

from tests.conftest import Cli, assert_refused


@pytest.fixture
def book(cli: Cli) -> Cli:
    cli.ok("account", "add", "Northwind Outfitters", "--slug", "northwind")
    cli.ok("account", "add", "Helios Bank", "--slug", "helios")
    cli.ok("project", "add", "northwind/spring-launch", "Spring Launch", "--budget", "48000")
    cli.ok("project", "add", "helios/search", "Search", "--budget", "60000", "--billing", "tm")
    return cli


def inv(cli: Cli, number: str) -> dict:  # type: ignore[type-arg]
    rows = [r for r in json.loads(cli.ok("invoice", "list", "--json")) if r["number"] == number]
    assert len(rows) == 1
    return rows[0]


def test_add_numbers_by_year_and_defaults_net_30(book: Cli) -> None:
    out = book.ok(
        "invoice", "add", "spring-launch", "24,000", "--date", "2026-10-01", "--for-month", "2026-10"
    )
    assert out.splitlines()[0] == (
        "INV-2026-0001 drafted for northwind/spring-launch for 2026-10: $24,000.00 · dated 2026-10-01"
        " · due 2026-10-31"
    )
    assert book.ok("invoice", "add", "helios/search", "100", "--date", "2026-11-02").startswith(
        "INV-2026-0002 "
    )
    assert book.ok("invoice", "add", "helios/search", "100", "--date", "2027-01-05").startswith(
        "INV-2027-0001 "
    )
    book.ok("invoice", "add", "helios/search", "100", "--number", "HB-77", "--due", "2026-12-31")
    row = inv(book, "HB-77")
    assert (row["amount_cents"], row["due_on"], row["status"], row["currency"]) == (
        10_000,
        "2026-12-31",
        "draft",
        "USD",
    )
    assert [r["number"] for r in json.loads(book.ok("invoice", "list", "northwind", "--json"))] == [
        "INV-2026-0001"
    ]


def test_partial_payments_add_up_to_paid(book: Cli) -> None:
    book.ok("invoice", "add", "spring-launch", "24000", "--date", "2026-11-01")
    assert "sent on 2026-11-02" in book.ok("invoice", "send", "INV-2026-0001", "--date", "2026-11-02")
    out = book.ok("invoice", "paid", "inv-2026-0001", "--amount", "10000", "--date", "2026-11-10")
    assert out.strip() == (
        "Recorded $10,000.00 paid on INV-2026-0001 (2026-11-10): $14,000.00 still due on INV-2026-0001"
        " (due 2026-12-01)"
    )
    row = inv(book, "INV-2026-0001")
    assert (row["status"], row["paid_cents"], row["balance_cents"]) == ("partial", 10_000_00, 14_000_00)
    out = book.ok("invoice", "paid", "INV-2026-0001", "--date", "2026-11-20")  # the rest
    assert "Recorded $14,000.00" in out and "INV-2026-0001 is settled" in out
    row = inv(book, "INV-2026-0001")
    assert (row["status"], row["paid_cents"], row["balance_cents"]) == ("paid", 24_000_00, 0)


def test_credit_note_reduces_what_is_due_without_editing_the_invoice(book: Cli) -> None:
    book.ok("invoice", "add", "spring-launch", "12000", "--date", "2026-11-01")
    book.ok("invoice", "send", "INV-2026-0001", "--date", "2026-11-01")
    book.ok("invoice", "paid", "INV-2026-0001", "--amount", "5000", "--date", "2026-11-05")
    out = book.ok(
        "invoice", "credit", "INV-2026-0001", "1200", "--date", "2026-11-06", "--note", "late launch"
    )
    assert out.strip() == (
        "Credit note CN-2026-0001 for $1,200.00 against INV-2026-0001: $5,800.00 still due on INV-2026-0001"
        " (due 2026-12-01)"
    )
    original, note = inv(book, "INV-2026-0001"), inv(book, "CN-2026-0001")
    assert original["amount_cents"] == 12_000_00 and original["credited_cents"] == 1_200_00
    assert (note["amount_cents"], note["credit_of"], note["balance_cents"]) == (-1_200_00, "INV-2026-0001", 0)
    book.ok("invoice", "credit", "INV-2026-0001", "5800")
    assert inv(book, "INV-2026-0001")["status"] == "paid"
    # Voiding a credit note puts the amount back on the invoice it corrected.
    book.ok("invoice", "void", "CN-2026-0002")
    assert inv(book, "INV-2026-0001")["status"] == "partial"
    assert inv(book, "INV-2026-0001")["balance_cents"] == 5_800_00


def test_fully_credited_unpaid_invoice_is_credited(book: Cli) -> None:
    book.ok("invoice", "add", "spring-launch", "1000")
    book.ok("invoice", "send", "INV-2026-0001")
    book.ok("invoice", "credit", "INV-2026-0001", "1000")
    assert inv(book, "INV-2026-0001")["status"] == "credited"


def test_invoicing_a_change_order_and_voiding_it_again(book: Cli) -> None:
    book.ok("add-change-order", "spring-launch", "Banners", "--amount", "4500")
    book.ok("co", "send", "CO-1", "--date", "2026-11-10")
    book.ok("co", "approve", "CO-1", "--date", "2026-11-12")
    out = book.ok("invoice", "add", "spring-launch", "4500", "--change-order", "CO-1", "--date", "2026-11-20")
    assert "bills CO-1 (invoiced once sent)" in out
    out = book.ok("invoice", "send", "INV-2026-0001", "--date", "2026-11-21")
    assert out.rstrip().endswith("· CO-1 now invoiced")
    co = json.loads(book.ok("co", "show", "CO-1", "--json"))["change_order"]
    assert (co["status"], co["invoiced_on"], co["invoice"]) == ("invoiced", "2026-11-21", "INV-2026-0001")
    assert_refused(book, ("co", "void", "CO-1"), 1, "void its invoice first")
    out = book.ok("invoice", "void", "INV-2026-0001", "--reason", "wrong PO")
    assert "CO-1 is approved and not invoiced again" in out
    co = json.loads(book.ok("co", "show", "CO-1", "--json"))["change_order"]
    assert (co["status"], co["invoiced_on"], co["invoice"]) == ("approved", None, None)
    assert inv(book, "INV-2026-0001")["void_reason"] == "wrong PO"


def test_list_overdue(book: Cli) -> None:
    book.ok("invoice", "add", "spring-launch", "1000", "--date", "2026-01-01")
    book.ok("invoice", "send", "INV-2026-0001", "--date", "2026-01-01")
    book.ok("invoice", "add", "spring-launch", "2000", "--date", "today")
    book.ok("invoice", "send", "INV-2026-0002")
    late = json.loads(book.ok("invoice", "list", "--status", "overdue", "--json"))
    assert [r["number"] for r in late] == ["INV-2026-0001"] and late[0]["overdue"] is True
    assert "overdue" in book.ok("invoice", "list")


@pytest.mark.parametrize(
    ("args", "code", "fragment"),
    [
        (("invoice", "add", "ghost", "100"), 1, "no project"),
        (("invoice", "add", "spring-launch", "0"), 2, "more than zero"),
        (("invoice", "add", "spring-launch", "--", "-100"), 2, "negative"),
        (("invoice", "add", "spring-launch", "1.234"), 2, "not an amount"),
        (("invoice", "add", "spring-launch", "100", "--date", "31/12/2026"), 2, "ambiguous"),
        (
            ("invoice", "add", "spring-launch", "100", "--date", "2026-01-10", "--due", "2026-01-01"),
            2,
            "before",
        ),
        (("invoice", "add", "spring-launch", "100", "--for-month", "2026-13"), 2, "not a month"),
        (("invoice", "add", "spring-launch", "100", "--number", "INV-2026-0001"), 1, "exists already"),
        (("invoice", "add", "spring-launch", "100", "--number", "inv-2026-0001"), 1, "exists already"),
        (("invoice", "add", "spring-launch", "100", "--number", "bad number!"), 2, "bad invoice number"),
        (("invoice", "add", "spring-launch", "100", "--change-order", "CO-9"), 1, "no change order"),
        (("invoice", "add", "spring-launch", "100", "--change-order", "CO-1"), 1, "only an approved"),
        (("invoice", "add", "helios/search", "100", "--change-order", "CO-2"), 1, "another project"),
        (("invoice", "paid", "INV-9999"), 1, "no invoice"),
        (("invoice", "paid", "INV-2026-0001", "--amount", "30000"), 1, "more than the $24,000.00 still due"),
        (("invoice", "paid", "INV-2026-0002"), 1, "draft: send it first"),
        (("invoice", "paid", "INV-2026-0003"), 1, "nothing is left to pay"),
        (("invoice", "paid", "INV-2026-0001", "--amount", "0"), 2, "more than zero"),
        (("invoice", "paid", "INV-2026-0001", "--amount", "ten"), 2, "not an amount"),
        (("invoice", "paid", "INV-2026-0001", "--date", "2025-12-31"), 2, "before the invoice date"),
        (("invoice", "void", "INV-2026-0003"), 1, "credit it instead"),  # a paid invoice
        (("invoice", "void", "INV-2026-0004"), 1, "void already"),
        (("invoice", "send", "INV-2026-0001"), 1, "not a draft"),
        (("invoice", "credit", "INV-2026-0001", "25000"), 1, "more than the $24,000.00 still due"),
        (("invoice", "credit", "INV-2026-0002", "10"), 1, "draft"),
        (("invoice", "credit", "INV-2026-0004", "10"), 1, "void"),
        (("invoice", "list", "--status", "late"), 2, "unknown status"),
        (("invoice", "list", "ghost"), 1, "no account or project"),
    ],
)
def test_bad_input_is_refused(book: Cli, args: tuple[str, ...], code: int, fragment: str) -> None:
    book.ok("add-change-order", "spring-launch", "Draft CO", "--amount", "100")  # CO-1 (draft)
    book.ok("add-change-order", "spring-launch", "Approved CO", "--amount", "100")  # CO-2
    book.ok("co", "send", "CO-2")
    book.ok("co", "approve", "CO-2")
    book.ok("invoice", "add", "spring-launch", "24000", "--date", "2026-01-01")  # 0001 sent
    book.ok("invoice", "send", "INV-2026-0001", "--date", "2026-01-01")
    book.ok("invoice", "add", "spring-launch", "500", "--date", "2026-01-02")  # 0002 draft
    book.ok("invoice", "add", "spring-launch", "700", "--date", "2026-01-03")  # 0003 paid
    book.ok("invoice", "send", "INV-2026-0003", "--date", "2026-01-03")
    book.ok("invoice", "paid", "INV-2026-0003", "--date", "2026-01-04")
    book.ok("invoice", "add", "spring-launch", "900", "--date", "2026-01-05")  # 0004 void
    book.ok("invoice", "void", "INV-2026-0004")
    assert_refused(book, args, code, fragment)
