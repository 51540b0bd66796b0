"""The estimate's Markdown table: what render writes, parse reads back; what does not parse names its line."""

from __future__ import annotations

import pytest

from amtui.services.estimates.markdown import EstimateParseError, parse

GOOD = """# Spring Launch

Contingency: 12.5%

| Kind | Team or item | Hours | Price | Cost |
| --- | --- | --- | --- | --- |
| hours | creative | 80 | 13,200.00 | 5,600.00 |
| hours | media | 1h30m |  |  |
| fixed | Media buy |  | 20,000.00 | 19,000 |
| fixed | Licence |  | 1,200 |  |

A note for the reader.
"""


def test_a_good_table_parses() -> None:
    doc = parse(GOOD)
    assert doc.title == "Spring Launch" and doc.contingency_bp == 1250
    assert [(x.team, x.minutes) for x in doc.lines[:2]] == [("creative", 4800), ("media", 90)]
    assert (doc.lines[2].label, doc.lines[2].price_cents, doc.lines[2].cost_cents) == (
        "Media buy",
        2_000_000,
        1_900_000,
    )
    assert doc.lines[3].cost_cents is None  # an empty cost is the price: a pass-through


@pytest.mark.parametrize(
    ("old", "new", "fragment"),
    [
        ("| hours | creative | 80 |", "| hourz | creative | 80 |", "line 7: unknown kind"),
        ("| hours | creative | 80 |", "| hours | design | 80 |", "line 7: unknown team"),
        ("| hours | creative | 80 |", "| hours | creative | -80 |", "line 7"),
        ("| hours | creative | 80 |", "| hours | creative | 0 |", "more than zero"),
        ("| hours | creative | 80 |", "| hours | creative |  |", "no hours"),
        ("| 20,000.00 | 19,000 |", "| 20.000,00 | 19,000 |", "line 9: not an amount"),
        ("| 20,000.00 | 19,000 |", "| 20,000.00 |", "cells"),
        ("| fixed | Licence |  |", "| fixed | Licence | 3 |", "has hours"),
        ("Contingency: 12.5%", "Contingency: 120%", "line 3"),
        ("| Kind | Team or item |", "| Sort | Team or item |", "header"),
        ("| --- | --- | --- | --- | --- |", "| x | y | z | w | v |", "separator"),
        ("# Spring Launch", "Spring Launch", "title"),
        ("A note for the reader.", "A note.\n\n| fixed | More |  | 1 |  |", "second table"),
    ],
)
def test_what_does_not_parse_names_its_line(old: str, new: str, fragment: str) -> None:
    assert old in GOOD
    with pytest.raises(EstimateParseError, match=fragment):
        parse(GOOD.replace(old, new))


def test_no_table_is_refused() -> None:
    with pytest.raises(EstimateParseError, match="no table"):
        parse("# Title\n\nContingency: 5%\n")
