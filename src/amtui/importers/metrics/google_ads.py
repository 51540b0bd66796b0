"""Google Ads campaign reports (Reports → Download → CSV, or "CSV for Excel": UTF-16, tab-separated).

Quirks handled: a title and a date-range line above the header, ``Total: …`` footer rows, ``--`` for none,
percent cells (never read: ratios are computed), quoted thousands (``"1,204"``), ``Cost / conv.`` beside
``Cost``. A report without a ``Day`` column covers the preamble's date range and is spread over it; a
``Week`` column is spread over its seven days.
"""

from __future__ import annotations

import re
from datetime import date, timedelta

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

SOURCE = "google-ads"
NAME = "Google Ads"
_IMPR = ("impr.", "impressions")


def _is_header(cells: list[str]) -> bool:
    keys = {norm(c) for c in cells}
    return "campaign" in keys and "cost" in keys and bool(keys & {"impr.", "impressions", "clicks"})


def looks_like(text: str) -> bool:
    lines = [ln for ln in text.split("\n")[:6] if ln.strip()]
    for ln in lines:
        if _is_header(split_rows([ln], delimiter_of(ln))[0] if ln else []):
            return True
    return False


def _range(lines: list[str]) -> tuple[date, date] | None:
    for ln in lines:
        text = ln.strip().strip('"').strip()
        parts = re.split(r"\s+[-–]\s+", text)
        if len(parts) == 2:
            try:
                return date_cell(parts[0], "report start", 2), date_cell(parts[1], "report end", 2)
            except InputError:
                continue
    return None


def parse(text: str) -> ParsedReport:
    lines = text.split("\n")
    header_at = None
    for i, ln in enumerate(lines[:8]):
        if ln.strip() and _is_header(split_rows([ln], delimiter_of(ln))[0]):
            header_at = i
            break
    if header_at is None:
        raise InputError(
            "not a Google Ads report: expected a header with Campaign, Impr. and Cost within the first lines "
            f"(after the title and date range), found {first_line(text)!r}"
        )
    delim = delimiter_of(lines[header_at])
    table = split_rows(lines[header_at:], delim)
    header = table[0]
    cols = Columns(header, header_at + 1)
    i_campaign = require(cols.find("campaign"), NAME, "Campaign", header)
    i_day = cols.find("day", "date")
    i_week = cols.find("week")
    i_cost = require(cols.find("cost"), NAME, "Cost", header)
    i_impr = cols.find(*_IMPR)
    i_clicks = cols.find("clicks")
    i_conv = cols.find("conversions")
    i_value = cols.find("conv. value", "conversion value", "total conv. value")
    i_cur = cols.find("currency code", "currency")
    period = _range(lines[:header_at]) if i_day is None and i_week is None else None
    if i_day is None and i_week is None and period is None:
        raise InputError(
            "Google Ads report without a Day column: expected the date range on the line above the header "
            f"(e.g. 'March 2, 2026 - March 15, 2026'), found {first_line(text)!r}"
        )
    rows: list[CanonicalRow] = []
    currencies: set[str] = set()
    spread_rows = totals = 0
    for n, cells in enumerate(table[1:], start=header_at + 2):
        if not any(c.strip() for c in cells):
            continue
        if is_total(cells[0]) or (len(cells) > i_campaign and is_total(cells[i_campaign])):
            totals += 1
            continue
        check_width(cells, header, n)
        campaign = campaign_cell(cells[i_campaign], n)
        if not campaign:
            raise InputError(f"line {n}: expected a campaign name, found an empty cell")
        if i_cur is not None and cells[i_cur].strip() not in ("", "--"):
            currencies.add(cells[i_cur].strip().upper())
        row = CanonicalRow(
            metric_date=date.min,
            campaign=campaign,
            spend_cents=cents_cell(cells[i_cost], "Cost", n),
            impressions=int_cell(cells[i_impr], "Impr.", n) if i_impr is not None else 0,
            clicks=int_cell(cells[i_clicks], "Clicks", n) if i_clicks is not None else 0,
            conversions_milli=milli_cell(cells[i_conv], "Conversions", n) if i_conv is not None else 0,
            revenue_cents=cents_cell(cells[i_value], "Conv. value", n) if i_value is not None else 0,
        )
        if i_day is not None:
            rows.extend(spread(row, *(2 * (date_cell(cells[i_day], "Day", n),))))
        elif i_week is not None:
            start = date_cell(cells[i_week], "Week", n)
            rows.extend(spread(row, start, start + timedelta(days=6)))
            spread_rows += 1
        else:
            assert period is not None
            rows.extend(spread(row, *period))
            spread_rows += 1
    return ParsedReport(
        source=SOURCE,
        rows=merge(rows),
        currency=check_currency(currencies, NAME),
        spread_rows=spread_rows,
        skipped_total_rows=totals,
    )
