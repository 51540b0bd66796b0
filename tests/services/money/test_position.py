"""The small rules of :mod:`amtui.services.money.position`, each against dates worked out by hand."""

from __future__ import annotations

from datetime import date

import pytest

from amtui.core.errors import InputError
from amtui.services.base.refs import ProjectRow
from amtui.services.money.position import arrears_through, invoice_period_date, retainer_months_billable
from amtui.services.money.terms import check_terms, describe, terms_of

D = date.fromisoformat


@pytest.mark.parametrize(
    ("start", "end", "as_of", "advance", "arrears"),
    [
        ("2026-06-15", None, "2026-06-14", 0, 0),  # before the start: nothing
        ("2026-06-15", None, "2026-06-15", 1, 0),  # the first month begins
        ("2026-06-15", None, "2026-07-13", 1, 0),
        ("2026-06-15", None, "2026-07-14", 1, 1),  # its last day: billable in arrears
        ("2026-06-15", None, "2026-07-15", 2, 1),
        ("2026-09-01", None, "2026-11-30", 3, 3),  # calendar months: November ends on the 30th
        ("2026-09-01", None, "2026-12-01", 4, 3),
        ("2026-01-31", None, "2026-02-28", 2, 1),  # month 2 begins on 02-28 (clamped): month 1 ended 02-27
        ("2026-01-01", "2026-03-31", "2026-11-28", 3, 3),  # never past the term
    ],
)
def test_retainer_months(start: str, end: str | None, as_of: str, advance: int, arrears: int) -> None:
    e = D(end) if end else None
    assert retainer_months_billable(D(start), e, D(as_of), "advance") == advance
    assert retainer_months_billable(D(start), e, D(as_of), "arrears") == arrears


@pytest.mark.parametrize(
    ("as_of", "through"),
    [
        ("2026-11-30", "2026-11-30"),
        ("2026-12-06", "2026-11-30"),
        ("2026-12-31", "2026-12-31"),
        ("2027-03-01", "2027-02-28"),
    ],
)
def test_arrears_through_the_last_month_end(as_of: str, through: str) -> None:
    assert arrears_through(D(as_of)) == D(through)


def test_an_invoice_counts_for_what_it_bills() -> None:
    base = {"billed_through": None, "co_decided_on": None, "linked_to_co": False, "advance": False}
    issued = D("2026-12-01")
    assert invoice_period_date(**{**base, "for_month": "2026-11"}, issued_on=issued) == D("2026-11-30")
    adv = {**base, "advance": True}
    assert invoice_period_date(**{**adv, "for_month": "2026-12"}, issued_on=issued) == D("2026-12-01")
    thru = {**base, "billed_through": D("2026-10-15")}
    assert invoice_period_date(**{**thru, "for_month": None}, issued_on=issued) == D("2026-10-15")
    co = {**base, "linked_to_co": True, "co_decided_on": D("2026-10-05")}
    assert invoice_period_date(**{**co, "for_month": None}, issued_on=issued) == D("2026-10-05")
    assert invoice_period_date(**{**base, "for_month": None}, issued_on=issued) == issued


def _row(billing: str, **terms: object) -> ProjectRow:
    return ProjectRow(
        1, 1, "p", "P", billing, "USD", "active", 0, None, None, None, None, None, None, None, None, **terms
    )  # type: ignore[arg-type]


def test_default_terms_by_billing_type() -> None:
    assert (
        describe(terms_of(_row("tm"))) == "time & materials · monthly in arrears · change orders join the fee"
    )
    assert (
        describe(terms_of(_row("retainer")))
        == "retainer · monthly in advance · change orders billed on approval"
    )
    assert (
        describe(terms_of(_row("fixed")))
        == "fixed fee · by progress (% complete) · change orders join the fee"
    )
    deposit = terms_of(_row("fixed", fee_schedule="deposit", deposit_bp=5000, co_billing="on-completion"))
    assert (
        describe(deposit) == "fixed fee · 50% deposit, then by progress · change orders billed on completion"
    )


@pytest.mark.parametrize(
    ("billing", "terms", "fragment"),
    [
        ("tm", {"bill_timing": "advance"}, "only a retainer bills in advance"),
        ("retainer", {"co_billing": "with"}, "its change orders bill on approval"),
        ("tm", {"fee_schedule": "deposit"}, "fee schedule is for fixed-fee"),
        ("fixed", {"fee_schedule": "progress", "deposit_bp": 5000}, "deposit is for a fixed fee"),
        ("fixed", {"fee_schedule": "deposit", "deposit_bp": 0}, "more than 0%"),
        ("fixed", {"co_billing": "later"}, "must be one of"),
    ],
)
def test_terms_that_do_not_fit_are_refused(billing: str, terms: dict[str, object], fragment: str) -> None:
    full = {"bill_timing": None, "fee_schedule": None, "deposit_bp": None, "co_billing": None, **terms}
    with pytest.raises(InputError, match=fragment):
        check_terms(billing, **full)  # type: ignore[arg-type]


def test_a_change_order_never_joins_a_retainers_fee() -> None:
    from amtui.services.money.terms import co_rule

    assert co_rule("on-approval", "with", "retainer") == "on-approval"  # approved before it became a retainer
    assert co_rule("with", None, "fixed") == "with"
    assert co_rule("with", "on-completion", "tm") == "on-completion"
