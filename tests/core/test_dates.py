from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from amtui.core.dates import add_months, format_hours, months_between, parse_date, parse_hours, parse_month
from amtui.core.errors import InputError

SAT = date(2026, 11, 28)  # a Saturday


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2026-12-04", date(2026, 12, 4)),
        ("today", SAT),
        ("Yesterday", date(2026, 11, 27)),
        ("tomorrow", date(2026, 11, 29)),
        ("fri", date(2026, 12, 4)),
        ("friday", date(2026, 12, 4)),
        ("sat", date(2026, 12, 5)),  # the next Saturday, never today
        ("mon", date(2026, 11, 30)),
        ("+3d", date(2026, 12, 1)),
        ("-2w", date(2026, 11, 14)),
        ("+1m", date(2026, 12, 28)),
        ("eom", date(2026, 11, 30)),
        ("som", date(2026, 11, 1)),
    ],
)
def test_parse_date(text: str, expected: date) -> None:
    assert parse_date(text, today=SAT) == expected


def test_month_offset_clamps_to_month_end() -> None:
    assert parse_date("+1m", today=date(2026, 1, 31)) == date(2026, 2, 28)


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("03/04/2026", "ambiguous"),
        ("4.3.2026", "ambiguous"),
        ("2026-02-30", "not a real date"),
        ("next week", "not a date"),
        ("", "empty"),
        ("+3y", "not a date"),
    ],
)
def test_parse_date_rejects(text: str, fragment: str) -> None:
    with pytest.raises(InputError, match=fragment):
        parse_date(text, today=SAT)


def test_parse_month() -> None:
    assert parse_month("2026-11") == (date(2026, 11, 1), date(2026, 11, 30))
    for bad in ("2026-13", "11-2026", "2026/11", ""):
        with pytest.raises(InputError):
            parse_month(bad)


@pytest.mark.parametrize(
    ("text", "minutes"),
    [
        ("2.5", 150),
        ("2", 120),
        ("1h30m", 90),
        ("1h", 60),
        ("45m", 45),
        ("1:30", 90),
        ("0.25", 15),
        ("0.1", 6),
    ],
)
def test_parse_hours(text: str, minutes: int) -> None:
    assert parse_hours(text) == minutes


@pytest.mark.parametrize("text", ["-1", "0", "abc", "1:75", "", "1.234", "2 hours"])
def test_parse_hours_rejects(text: str) -> None:
    with pytest.raises(InputError):
        parse_hours(text)


def test_format_hours() -> None:
    assert format_hours(150) == "2.5h"
    assert format_hours(120) == "2h"
    assert format_hours(20) == "0.33h"


@given(st.text(max_size=20))
def test_arbitrary_text_only_raises_input_error(text: str) -> None:
    for parser in (lambda t: parse_date(t, today=SAT), parse_hours, parse_month):
        try:
            parser(text)
        except InputError:
            pass


@given(
    start=st.dates(min_value=date(1990, 1, 1), max_value=date(2090, 12, 31)),
    days=st.integers(min_value=-400, max_value=40_000),
)
def test_months_between_is_the_largest_whole_month_count(start: date, days: int) -> None:
    """months_between(start, d) is the n a loop over add_months finds: add_months(start, n) <= d, and the next
    month is past d (0 before the first whole month)."""
    d = start + timedelta(days=days)
    n = 0
    while add_months(start, n + 1) <= d:
        n += 1
    assert months_between(start, d) == n
