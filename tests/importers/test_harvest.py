"""Reading Harvest exports as real files vary: BOM, column order, extra columns, hours forms, broken rows."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from amtui.core.errors import InputError
from amtui.importers.harvest import parse_currency_label, parse_harvest_hours, read_harvest

SAMPLE = Path(__file__).parents[1] / "fixtures" / "harvest-time-export.csv"
HEAD = (
    "Date,Client,Project,Project Code,Task,Notes,Hours,Billable?,Billable Rate,"
    "First Name,Last Name,Roles,Currency"
)


COST_HEAD = "Date,Client,Project,Hours,Person,Cost Rate,Cost Amount"


def _csv(*rows: str, head: str = HEAD) -> str:
    return "\n".join([head, *rows]) + "\n"


def test_reads_a_standard_row() -> None:
    f = read_harvest(
        _csv(
            "2026-03-02,Northwind Outfitters,Spring Launch,NW-SPR,Design,Key visual,1.5,Yes,150.00,Maya,Chen,"
            "Creative,United States Dollar - USD"
        )  # fmt: skip
    )
    (r,) = f.rows
    assert (r.line, r.entry_date, r.client, r.project, r.code) == (
        2,
        date(2026, 3, 2),
        "Northwind Outfitters",
        "Spring Launch",
        "NW-SPR",
    )
    assert (r.minutes, r.billable, r.rate_cents, r.person, r.team, r.currency) == (
        90,
        True,
        15000,
        "Maya Chen",
        "creative",
        "USD",
    )
    assert r.note == "Design: Key visual" and len(r.source_key) == 32


def test_bom_other_order_extra_columns_and_header_spellings() -> None:
    text = (
        "\ufeffHours,Extra,Billable,Spent Date,Project,Client,Person,Notes\n"
        '1:45,x,no,2026-04-01,Site,Acme,"Lee, Ann","multi\nline note"\n'
    )
    (r,) = read_harvest(text).rows
    assert (r.minutes, r.billable, r.entry_date, r.client, r.person, r.rate_cents, r.code) == (
        105,
        False,
        date(2026, 4, 1),
        "Acme",
        "Lee, Ann",
        None,
        None,
    )
    assert r.note == "multi\nline note"


def test_the_shared_sample_reads_whole() -> None:
    f = read_harvest(SAMPLE)
    assert len(f.rows) == 60 and f.skipped_zero == 0
    assert sum(r.minutes for r in f.rows) == 120 * 60
    assert {r.code for r in f.rows} == {"NW-SPR"} and {r.currency for r in f.rows} == {"USD"}
    assert len({r.source_key for r in f.rows}) == 60


def test_the_shared_sample_keeps_its_cost_rate_and_cost_amount() -> None:
    f = read_harvest(SAMPLE)
    assert {r.cost_rate_cents for r in f.rows} == {70_00}
    # Cost Amount as the file gives it: 1.5 h at $70 = $105.00
    assert (f.rows[0].minutes, f.rows[0].cost_cents) == (90, 105_00)
    assert sum(r.cost_cents or 0 for r in f.rows) == 120 * 70_00


@pytest.mark.parametrize(
    ("rate_cell", "amount_cell", "cost_rate", "cost"),
    [
        ("70.00", "105.00", 70_00, 105_00),  # both: the file's amount
        ("70.00", "100.00", 70_00, 100_00),  # Harvest's amount may rest on rounded hours: kept as given
        ("70.00", "", 70_00, 105_00),  # no amount: minutes × cost rate
        (" $1,070.50 ", "", 1_070_50, 1_605_75),  # symbols, thousands, spaces: as Billable Rate reads them
        ("", "$1,105.00", None, 1_105_00),  # an amount without a rate
        ("", " ", None, None),  # neither: not known
        ("0", "0", 0, 0),  # a real zero is not a blank
    ],
)
def test_cost_rate_and_cost_amount_cells(
    rate_cell: str, amount_cell: str, cost_rate: int | None, cost: int | None
) -> None:
    row = f'2026-03-02,Acme,Site,1.5,Ann Lee,"{rate_cell}","{amount_cell}"'
    (r,) = read_harvest(_csv(row, head=COST_HEAD)).rows
    assert (r.cost_rate_cents, r.cost_cents) == (cost_rate, cost)


def test_files_without_cost_columns_have_no_cost() -> None:
    (r,) = read_harvest(_csv("2026-03-02,Acme,Site,,Design,,1,Yes,100,A,B,,USD")).rows
    assert (r.cost_rate_cents, r.cost_cents) == (None, None)
    (r,) = read_harvest(_csv("2026-03-02,Acme,Site,2,50", head="Date,Client,Project,Hours,Cost Rate")).rows
    assert (r.cost_rate_cents, r.cost_cents) == (50_00, 100_00)


def test_identical_rows_get_distinct_stable_keys() -> None:
    row = "2026-03-02,Acme,Site,,Design,,1,Yes,100,A,B,,USD"
    one = read_harvest(_csv(row, row))
    two = read_harvest(_csv(row, row, row))
    assert len({r.source_key for r in one.rows}) == 2
    assert [r.source_key for r in two.rows[:2]] == [r.source_key for r in one.rows]


def test_zero_hours_are_skipped_and_counted() -> None:
    f = read_harvest(
        _csv("2026-03-02,Acme,Site,,Design,,0,Yes,100,A,B,,USD", "2026-03-02,Acme,Site,,D,,0.5,No,,A,B,,")
    )
    assert f.skipped_zero == 1 and [r.minutes for r in f.rows] == [30]


@pytest.mark.parametrize(
    ("rows", "head", "fragment"),
    [
        ((), "Date,Client,Project", "missing column Hours"),
        ((), "Client,Project", "missing columns Date, Hours"),
        (
            ("2026-03-02,Acme,Site,,D,,1,Yes,100,A,B,,USD", "2026-03-32,Acme,Site,,D,,1,Yes,100,A,B,,USD"),
            HEAD,
            "line 3, column Date: not a date: '2026-03-32'",
        ),
        (("03/02/2026,Acme,Site,,D,,1,Yes,100,A,B,,USD",), HEAD, "column Date"),
        (
            ("2026-03-02,Acme,Site,,D,,-1,Yes,100,A,B,,USD",),
            HEAD,
            "line 2, column Hours: hours must not be negative",
        ),
        (("2026-03-02,Acme,Site,,D,,lots,Yes,100,A,B,,USD",), HEAD, "line 2, column Hours: not hours"),
        (("2026-03-02,Acme,Site,,D,,NaN,Yes,100,A,B,,USD",), HEAD, "column Hours"),
        (
            ("2026-03-02,Acme,Site,,D,,1,Maybe,100,A,B,,USD",),
            HEAD,
            "line 2, column Billable?: expected Yes or No",
        ),
        (
            ("2026-03-02,Acme,Site,,D,,1,Yes,1.2.3,A,B,,USD",),
            HEAD,
            "line 2, column Billable Rate: not an amount",
        ),
        (
            ("2026-03-02,Acme,Site,,D,,1,Yes,100,A,B,,Dollars",),
            HEAD,
            "line 2, column Currency: not a currency",
        ),
        (("2026-03-02,,Site,,D,,1,Yes,100,A,B,,USD",), HEAD, "line 2, column Client: empty"),
        (("2026-03-02,Acme, ,,D,,1,Yes,100,A,B,,USD",), HEAD, "line 2, column Project: empty"),
        (("2026-03-02,Acme,Site,,D,,1,Yes",), HEAD, "line 2: expected 13 fields, found 8"),
        (("2026-03-02,Acme,Site,1,A,lots,",), COST_HEAD, "line 2, column Cost Rate: not an amount"),
        (
            ("2026-03-02,Acme,Site,1,A,-70,",),
            COST_HEAD,
            "line 2, column Cost Rate: amount must not be negative",
        ),
        (("2026-03-02,Acme,Site,1,A,70,1.234",), COST_HEAD, "line 2, column Cost Amount: not an amount"),
        (("2026-03-02,Acme,Site,1,A,70,-70",), COST_HEAD, "line 2, column Cost Amount: amount must not be"),
    ],
)
def test_broken_files_name_the_line_and_column(rows: tuple[str, ...], head: str, fragment: str) -> None:
    with pytest.raises(InputError) as exc:
        read_harvest(_csv(*rows, head=head))
    assert fragment in str(exc.value)


def test_empty_and_non_utf8_files(tmp_path: Path) -> None:
    empty = tmp_path / "e.csv"
    empty.write_text("")
    with pytest.raises(InputError, match="empty"):
        read_harvest(empty)
    latin = tmp_path / "l.csv"
    latin.write_bytes("Date,Client,Project,Hours\n2026-01-01,Caf\xe9,X,1\n".encode("latin-1"))
    with pytest.raises(InputError, match="not UTF-8"):
        read_harvest(latin)


@pytest.mark.parametrize(
    ("text", "minutes"),
    [("1.5", 90), ("0.25", 15), ("1.3333", 80), ("2", 120), ("1:30", 90), ("0.0083", 0), ("0.01", 1)],
)
def test_hours_forms(text: str, minutes: int) -> None:
    assert parse_harvest_hours(text) == minutes


@given(st.integers(min_value=0, max_value=100_000))
def test_whole_minutes_round_trip_through_hh_mm_and_decimals(minutes: int) -> None:
    assert parse_harvest_hours(f"{minutes // 60}:{minutes % 60:02d}") == minutes
    assert parse_harvest_hours(str(round(minutes / 60, 4))) == minutes


@pytest.mark.parametrize(
    ("text", "code"),
    [("United States Dollar - USD", "USD"), ("Euro - EUR", "EUR"), ("gbp", "GBP"), ("", None)],
)
def test_currency_labels(text: str, code: str | None) -> None:
    assert parse_currency_label(text) == code
