"""Microsoft Advertising campaign reports (Reports → Campaign → Download CSV).

Quirks handled: a quoted preamble (``"Report Name: …"``, ``"Report Time: …"``, ``"Rows: 28"``) above the
header, a ``©… Microsoft Corporation`` footer, column names in the UI form (``Campaign name``, ``Spend``) or
the API form (``CampaignName``, ``TimePeriod``), US dates (``3/2/2026``: the report is written in the
account's US locale; other locales should export ISO dates) as well as ISO dates.
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

SOURCE = "microsoft-ads"
NAME = "Microsoft Ads"


def _key(h: str) -> str:
    """``CampaignName`` and ``Campaign name`` alike → ``campaignname``."""
    return re.sub(r"[^a-z0-9]", "", norm(h))


class _Cols(Columns):
    def __init__(self, header: list[str]) -> None:
        super().__init__(header)
        self.index = {}
        for i, h in enumerate(header):
            self.index.setdefault(_key(h), i)


def _is_header(cells: list[str]) -> bool:
    keys = {_key(c) for c in cells}
    return "spend" in keys and bool(keys & {"campaignname", "campaign"})


def looks_like(text: str) -> bool:
    head = [ln for ln in text.split("\n")[:14] if ln.strip()]
    if any(ln.strip().strip('"').lower().startswith("report name:") for ln in head[:2]):
        return True
    return any(_is_header(split_rows([ln], delimiter_of(ln))[0]) for ln in head)


def parse(text: str) -> ParsedReport:
    lines = text.split("\n")
    header_at = None
    for i, ln in enumerate(lines[:20]):
        if ln.strip() and _is_header(split_rows([ln], delimiter_of(ln))[0]):
            header_at = i
            break
    if header_at is None:
        raise InputError(
            "not a Microsoft Ads report: expected a header with Campaign name and Spend after the report "
            f"preamble, found {first_line(text)!r}"
        )
    table = split_rows(lines[header_at:], delimiter_of(lines[header_at]))
    header = table[0]
    cols = _Cols(header)
    i_campaign = require(cols.find("campaignname", "campaign"), NAME, "Campaign name", header)
    i_date = require(cols.find("gregoriandate", "timeperiod", "date", "day"), NAME, "Gregorian date", header)
    i_spend = require(cols.find("spend"), NAME, "Spend", header)
    i_impr = cols.find("impressions", "impr")
    i_clicks = cols.find("clicks")
    i_conv = cols.find("conversions", "conv", "allconversions")
    i_rev = cols.find("revenue", "allrevenue", "conversionvalue")
    i_cur = cols.find("currencycode", "currency")
    rows: list[CanonicalRow] = []
    currencies: set[str] = set()
    totals = 0
    for n, cells in enumerate(table[1:], start=header_at + 2):
        if not any(c.strip() for c in cells):
            continue
        first = cells[0].strip()
        if first.startswith("©") or first.lower().startswith("(c)") or is_total(first):
            totals += 1
            continue
        check_width(cells, header, n)
        campaign = campaign_cell(cells[i_campaign], n)
        if not campaign:
            raise InputError(f"line {n}: expected a campaign name, found an empty cell")
        if i_cur is not None and cells[i_cur].strip():
            currencies.add(cells[i_cur].strip().upper())
        day = date_cell(cells[i_date], "Gregorian date", n, us_slashes=True)
        row = CanonicalRow(
            metric_date=date.min,
            campaign=campaign,
            spend_cents=cents_cell(cells[i_spend], "Spend", n),
            impressions=int_cell(cells[i_impr], "Impressions", n) if i_impr is not None else 0,
            clicks=int_cell(cells[i_clicks], "Clicks", n) if i_clicks is not None else 0,
            conversions_milli=milli_cell(cells[i_conv], "Conversions", n) if i_conv is not None else 0,
            revenue_cents=cents_cell(cells[i_rev], "Revenue", n) if i_rev is not None else 0,
        )
        rows.extend(spread(row, day, day))
    return ParsedReport(
        source=SOURCE,
        rows=merge(rows),
        currency=check_currency(currencies, NAME),
        skipped_total_rows=totals,
    )
