"""Meta Ads Manager exports (Reports → Export table data → CSV).

Quirks handled: a byte-order mark; the currency in the header (``Amount spent (USD)``, ``(EUR)``); ratio
columns such as ``Cost per result`` / ``Cost per results`` and ``CPM (…)`` (never read); empty cells for none;
a summary row with no campaign name. A report broken down by day has a ``Day`` column (or equal
``Reporting starts``/``Reporting ends``); a report with one row per campaign for the whole reporting period is
spread evenly over the period's days rather than booked on its first day.
"""

from __future__ import annotations

from datetime import date

from amtui.core.errors import InputError
from amtui.importers.metrics.common import (
    CanonicalRow,
    Columns,
    ParsedReport,
    campaign_cell,
    cents_cell,
    check_currency,
    check_width,
    date_cell,
    delimiter_of,
    first_line,
    int_cell,
    is_total,
    merge,
    milli_cell,
    norm,
    require,
    split_rows,
    spread,
)

SOURCE = "meta"
NAME = "Meta Ads Manager"


def _header_line(text: str) -> str:
    for ln in text.split("\n"):
        if ln.strip():
            return ln
    return ""


def looks_like(text: str) -> bool:
    head = norm(_header_line(text))
    return "amount spent" in head or ("reporting starts" in head and "campaign name" in head)


def parse(text: str) -> ParsedReport:
    lines = [ln for ln in text.split("\n")]
    start = next((i for i, ln in enumerate(lines) if ln.strip()), None)
    if start is None:
        raise InputError("not a Meta Ads Manager export: expected a header line, found an empty file")
    table = split_rows(lines[start:], delimiter_of(lines[start]))
    header = table[0]
    cols = Columns(header, start + 1)
    spent = cols.find_prefix("amount spent")
    if spent is None:
        raise InputError(
            "not a Meta Ads Manager export: expected an 'Amount spent (USD)' column, "
            f"found {first_line(text)!r}"
        )
    i_spent, currency = spent
    i_campaign = require(cols.find("campaign name", "campaign"), NAME, "Campaign name", header)
    i_day = cols.find("day")
    i_start = cols.find("reporting starts")
    i_end = cols.find("reporting ends")
    if i_day is None and (i_start is None or i_end is None):
        raise InputError(
            "Meta Ads Manager export without dates: expected a Day column or Reporting starts/ends, "
            f"found columns {', '.join(repr(h) for h in header[:8])}"
        )
    i_impr = cols.find("impressions")
    i_clicks = cols.find("link clicks", "clicks (all)", "clicks")
    i_results = cols.find("results", "purchases", "website purchases", "conversions")
    value = cols.find_prefix("purchases conversion value") or cols.find_prefix("purchase conversion value")
    value = value or cols.find_prefix("website purchases conversion value")
    i_value = value[0] if value else None
    currencies = {currency} | ({value[1]} if value else set())
    rows: list[CanonicalRow] = []
    spread_rows = totals = 0
    for n, cells in enumerate(table[1:], start=start + 2):
        if not any(c.strip() for c in cells):
            continue
        check_width(cells, header, n)
        campaign = campaign_cell(cells[i_campaign], n)
        if not campaign or is_total(campaign):
            totals += 1  # the summary row Ads Manager adds above or below the campaigns
            continue
        row = CanonicalRow(
            metric_date=date.min,
            campaign=campaign,
            spend_cents=cents_cell(cells[i_spent], header[i_spent].strip(), n),
            impressions=int_cell(cells[i_impr], "Impressions", n) if i_impr is not None else 0,
            clicks=int_cell(cells[i_clicks], "Link clicks", n) if i_clicks is not None else 0,
            conversions_milli=milli_cell(cells[i_results], "Results", n) if i_results is not None else 0,
            revenue_cents=cents_cell(cells[i_value], "conversion value", n) if i_value is not None else 0,
        )
        if i_day is not None:
            day = date_cell(cells[i_day], "Day", n)
            rows.extend(spread(row, day, day))
            continue
        assert i_start is not None and i_end is not None
        first = date_cell(cells[i_start], "Reporting starts", n)
        last = date_cell(cells[i_end], "Reporting ends", n)
        rows.extend(spread(row, first, last))
        spread_rows += first != last
    return ParsedReport(
        source=SOURCE,
        rows=merge(rows),
        currency=check_currency(currencies, NAME),
        spread_rows=spread_rows,
        skipped_total_rows=totals,
    )
