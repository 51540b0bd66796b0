from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from amtui.core.errors import InputError
from amtui.core.money import apply_rate, format_money, parse_money


@pytest.mark.parametrize(
    ("text", "cents"),
    [
        ("4500", 450000),
        ("4,500", 450000),
        ("4500.50", 450050),
        ("4500.5", 450050),
        ("$4,500.00", 450000),
        ("  $4,500.00 ", 450000),
        ("USD 4500", 450000),
        ("4500 usd", 450000),
        ("1,234,567.89", 123456789),
        ("0.01", 1),
        ("0", 0),
    ],
)
def test_parse_money_accepts_what_people_type(text: str, cents: int) -> None:
    assert parse_money(text) == cents


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("4.500,00", "use a dot for decimals"),
        ("1e3", "not an amount"),
        ("NaN", "not an amount"),
        ("inf", "not an amount"),
        ("4500.123", "not an amount"),
        ("", "empty"),
        ("   ", "empty"),
        ("45,00", "not an amount"),
        ("4,50,000", "not an amount"),
        ("$", "not an amount"),
        ("12abc", "not an amount"),
        ("-100", "negative"),
    ],
)
def test_parse_money_rejects_with_a_reason(text: str, fragment: str) -> None:
    with pytest.raises(InputError, match=fragment):
        parse_money(text)


def test_negative_and_zero_rules() -> None:
    assert parse_money("-1,200", allow_negative=True) == -120000
    assert parse_money("$-5", allow_negative=True) == -500
    with pytest.raises(InputError, match="more than zero"):
        parse_money("0", allow_zero=False)


def test_format_money() -> None:
    assert format_money(450000) == "$4,500.00"
    assert format_money(-123456789) == "-$1,234,567.89"
    assert format_money(5, signed=True) == "+$0.05"
    assert format_money(450050, "EUR") == "€4,500.50"
    assert format_money(100, "CHF") == "1.00 CHF"
    assert format_money(450050, whole=True) == "$4,501"


def test_apply_rate_rounds_half_up_to_the_cent() -> None:
    assert apply_rate(90, 15000) == 22500  # 1.5h × $150
    assert apply_rate(1, 100) == 2  # 1.666… cents → 2
    assert apply_rate(1, 90) == 2  # 1.5 cents → 2 (half up)
    assert apply_rate(1, 89) == 1


@given(st.integers(min_value=0, max_value=10**11))  # up to the input policy's 1,000,000,000.00
def test_format_then_parse_round_trips_exactly(cents: int) -> None:
    assert parse_money(format_money(cents)) == cents


@given(st.integers(min_value=10**11 + 1, max_value=10**24))
def test_an_amount_above_the_policy_is_refused(cents: int) -> None:
    with pytest.raises(InputError, match="too large"):
        parse_money(format_money(cents))


@pytest.mark.parametrize("text", ["EUR 45", "abc 45", "45 EUR", "€45", "£12"])
def test_a_currency_other_than_the_books_is_refused(text: str) -> None:
    with pytest.raises(InputError, match="but this is kept in USD"):
        parse_money(text)
    assert parse_money("USD 45") == parse_money("$45") == 4500


@given(st.decimals(min_value=0, max_value=10**9, places=2, allow_nan=False, allow_infinity=False))
def test_plain_decimal_text_parses_exactly(value: Decimal) -> None:
    assert parse_money(f"{value:.2f}") == int(value * 100)


@given(st.text(max_size=30))
def test_arbitrary_text_never_escapes_as_another_error(text: str) -> None:
    try:
        cents = parse_money(text)
    except InputError:
        return
    assert isinstance(cents, int)


@given(st.integers(min_value=-(10**11), max_value=10**11))  # within the input policy
def test_format_money_round_trips_through_parse(cents: int) -> None:
    """Every amount formats with thousands separators and exactly two places, and parses back to itself."""
    text = format_money(cents)
    body = text.lstrip("-").removeprefix("$")
    whole, _, frac = body.partition(".")
    assert len(frac) == 2 and whole.replace(",", "").isdigit()
    assert parse_money(text, allow_negative=True, allow_zero=True) == cents
