"""Google Analytics 4 exports (Reports → Share → Download file → CSV).

Quirks handled: ``#`` comment lines (with ``# Start date: 20260302`` / ``# End date: …``), ``YYYYMMDD``
dates, several tables in one file (the first one with a campaign column is read, the others ignored),
``Key events`` (new name) or ``Conversions`` (old name). GA4's placeholder "campaigns" in parentheses —
``(direct)``, ``(organic)``, ``(not set)`` … — are not campaigns and are skipped. A table without a ``Date``
column covers the header's start and end dates and is spread over them. GA4 has no currency in its CSV.
"""

from __future__ import annotations

import re
from datetime import date

from amtui.core.errors import InputError
from amtui.importers.metrics.common import (
    CanonicalRow,
    Columns,
    ParsedReport,
    campaign_cell,
    cents_cell,
    check_width,
    date_cell,
    delimiter_of,
    first_line,
    int_cell,
    is_total,
    merge,
    milli_cell,
    split_rows,
    spread,
)

SOURCE = "ga4"
NAME = "GA4"
CAMPAIGN = (
    "session campaign",
    "campaign",
    "session manual campaign name",
    "session google ads campaign",
    "first user campaign",
    "first user manual campaign name",
)
_PLACEHOLDER = re.compile(r"^\(.*\)$")


def looks_like(text: str) -> bool:
    head = [ln for ln in text.split("\n")[:12] if ln.strip()]
    return (
        bool(head)
        and head[0].startswith("#")
        and any("start date" in ln.lower() or "property" in ln.lower() for ln in head if ln.startswith("#"))
    )


def _tables(lines: list[str]) -> list[tuple[int, list[str]]]:
    """Blocks of consecutive non-comment lines: (line number of the header, lines)."""
    out: list[tuple[int, list[str]]] = []
    block: list[str] = []
    at = 0
    for n, ln in enumerate(lines, start=1):
        if ln.strip() and not ln.lstrip().startswith("#"):
            if not block:
                at = n
            block.append(ln)
        elif block:
            out.append((at, block))
            block = []
    if block:
        out.append((at, block))
    return out


def _comment_date(lines: list[str], label: str) -> date | None:
    for n, ln in enumerate(lines, start=1):
        m = re.match(rf"#\s*{label}\s*:\s*(\S+)", ln.strip(), re.I)
        if m:
            return date_cell(m.group(1), label, n)
    return None


def parse(text: str) -> ParsedReport:
    lines = text.split("\n")
    chosen = None
    for at, block in _tables(lines):
        header = split_rows(block[:1], delimiter_of(block[0]))[0]
        cols = Columns(header)
        if cols.find(*CAMPAIGN) is not None:
            chosen = (at, block, header, cols)
            break
    if chosen is None:
        raise InputError(
            "not a GA4 campaign export: expected a table with a 'Session campaign' (or 'Campaign') column, "
            f"found {first_line(text)!r}"
        )
    at, block, header, cols = chosen
    table = split_rows(block, delimiter_of(block[0]))
    i_campaign = cols.find(*CAMPAIGN)
    assert i_campaign is not None
    i_date = cols.find("date")
    i_conv = cols.find("key events", "conversions")
    if i_conv is None:
        raise InputError(
            "GA4 export: expected a 'Key events' or 'Conversions' column, "
            f"found columns {', '.join(header[:8])}"
        )
    i_rev = cols.find("total revenue", "purchase revenue", "revenue")
    i_cost = cols.find("ads cost", "google ads cost")
    i_clicks = cols.find("ads clicks", "google ads clicks")
    i_impr = cols.find("ads impressions", "google ads impressions")
    period = None
    if i_date is None:
        first, last = _comment_date(lines, "start date"), _comment_date(lines, "end date")
        if first is None or last is None:
            raise InputError(
                "GA4 export without a Date column: expected '# Start date:' and '# End date:' lines, "
                "found none"
            )
        period = (first, last)
    rows: list[CanonicalRow] = []
    skipped = spread_rows = 0
    for n, cells in enumerate(table[1:], start=at + 1):
        if not any(c.strip() for c in cells):
            continue
        check_width(cells, header, n)
        campaign = campaign_cell(cells[i_campaign], n)
        if not campaign or is_total(campaign) or _PLACEHOLDER.match(campaign):
            skipped += 1
            continue
        row = CanonicalRow(
            metric_date=date.min,
            campaign=campaign,
            spend_cents=cents_cell(cells[i_cost], "Ads cost", n) if i_cost is not None else 0,
            impressions=int_cell(cells[i_impr], "Ads impressions", n) if i_impr is not None else 0,
            clicks=int_cell(cells[i_clicks], "Ads clicks", n) if i_clicks is not None else 0,
            conversions_milli=milli_cell(cells[i_conv], header[i_conv].strip(), n),
            revenue_cents=cents_cell(cells[i_rev], "revenue", n) if i_rev is not None else 0,
        )
        if i_date is not None:
            day = date_cell(cells[i_date], "Date", n)
            rows.extend(spread(row, day, day))
        else:
            assert period is not None
            rows.extend(spread(row, *period))
            spread_rows += 1
    return ParsedReport(
        source=SOURCE, rows=merge(rows), currency=None, spread_rows=spread_rows, skipped_total_rows=skipped
    )
