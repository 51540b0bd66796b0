"""Google Analytics 4 exports (Reports → Share → Download file → CSV).

Quirks handled: the ``#`` comment preamble (with ``# Start date: 20260302`` / ``# End date: …``),
``YYYYMMDD`` dates, ``Key events`` (new name) or ``Conversions`` (old name), and any primary dimension the
standard reports offer: campaign (Traffic acquisition by session campaign, the Campaigns report), source /
medium, source, medium, or default / primary channel group (Traffic and User acquisition); each value of the
dimension becomes one "campaign" row. Several tables in one file: the first table with a campaign dimension is
read, else the first with another primary dimension; the others (GA4 adds small summary tables) are
ignored, never added (that would count the same sessions twice). GA4's placeholders in parentheses —
``(direct)``, ``(organic)``, ``(not set)`` … — are not campaigns and are skipped. A table without a ``Date``
column covers the header's start and end dates and is spread over them. GA4 has no currency in its CSV. A
file without a usable table is refused naming the header rows it found and the columns it needs.
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
    header_preview,
    int_cell,
    is_total,
    merge,
    milli_cell,
    norm,
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
# Other primary dimensions (Traffic / User acquisition), preferred in this order; or one matching _DIMENSION.
OTHER_DIMENSIONS = (
    "session source / medium",
    "session primary channel group (default channel group)",
    "session default channel group",
    "session source",
    "session medium",
    "first user source / medium",
    "first user primary channel group (default channel group)",
    "first user default channel group",
    "first user source",
    "first user medium",
    "source / medium",
    "default channel group",
    "primary channel group (default channel group)",
    "source",
    "medium",
)
_DIMENSION = re.compile(r"^(session|first user) .*(campaign|source|medium|channel group)")
NEEDED = "a primary dimension (Session campaign, Session source / medium or a channel group) and Key events"
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


def _dimension(cols: Columns) -> tuple[int, int] | None:
    """(preference, column index) of the table's primary dimension: 0 for a campaign, 1 for another."""
    i = cols.find(*CAMPAIGN)
    if i is not None:
        return 0, i
    i = cols.find(*OTHER_DIMENSIONS)
    if i is not None:
        return 1, i
    for j, h in enumerate(cols.header):
        if _DIMENSION.match(norm(h)):
            return 1, j
    return None


def _choose(text: str, lines: list[str]) -> tuple[int, list[str], list[str], Columns, int]:
    """The table to read: (header line, its lines, the header, its columns, the dimension's index)."""
    found: list[tuple[int, int, list[str], list[str], Columns, int]] = []
    headers: list[str] = []
    for at, block in _tables(lines):
        header = split_rows(block[:1], delimiter_of(block[0]))[0]
        cols = Columns(header)
        headers.append(f"line {at}: {header_preview(header, 5)}")
        dim = _dimension(cols)
        if dim is not None and cols.find("key events", "conversions") is not None:
            found.append((dim[0], at, block, header, cols, dim[1]))
    if found:
        _, at, block, header, cols, i = min(found, key=lambda t: (t[0], t[1]))
        return at, block, header, cols, i
    seen = "; ".join(headers[:3]) if headers else f"no header row, only {first_line(text)!r} and comments"
    raise InputError(f"not a GA4 export this can read: expected a table with {NEEDED}; found {seen}")


def parse(text: str) -> ParsedReport:
    lines = text.split("\n")
    chosen = _choose(text, lines)
    at, block, header, cols, i_campaign = chosen
    table = split_rows(block, delimiter_of(block[0]))
    i_date = cols.find("date")
    i_conv = cols.find("key events", "conversions")
    assert i_conv is not None  # _choose keeps only tables with one
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
