"""What every metrics importer shares: decoding, CSV tables, cell parsing, spreading a period over its days.

Every parser produces :class:`CanonicalRow` values, one per campaign and day. Anything a parser cannot
understand raises :class:`~amtui.core.errors.InputError` naming what it expected and what it found, so a
file is
either read completely or not at all.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from decimal import ROUND_HALF_EVEN, Decimal, InvalidOperation

from amtui.core.errors import InputError
from amtui.core.inputs import MAX_YEAR, MIN_YEAR, text_problem, year_ok

MAX_SPAN_DAYS = 366
NONE_MARKERS = {"", "--", "-", "—", "n/a", "na"}


@dataclass(frozen=True)
class CanonicalRow:
    """One campaign's results on one day; money in cents, conversions in thousandths."""

    metric_date: date
    campaign: str
    spend_cents: int = 0
    impressions: int = 0
    clicks: int = 0
    conversions_milli: int = 0
    revenue_cents: int = 0
    span_days: int = 1


@dataclass(frozen=True)
class ParsedReport:
    source: str
    rows: list[CanonicalRow]
    currency: str | None
    # Rows that covered a whole period and were spread over its days (Meta period rows, Google range reports).
    spread_rows: int = 0
    skipped_total_rows: int = 0


# ---------------------------------------------------------------------------------------------- text


def decode(data: bytes) -> str:
    """Bytes → text: UTF-8 (with or without BOM) or UTF-16 (Google Ads' "CSV for Excel")."""
    if data.startswith(b"\xef\xbb\xbf"):
        codec = "utf-8-sig"
    elif data.startswith((b"\xff\xfe", b"\xfe\xff")):
        codec = "utf-16"
    elif len(data) >= 4 and data[1] == 0 and data[3] == 0 and data[0] != 0:
        codec = "utf-16-le"
    else:
        codec = "utf-8"
    try:
        text = data.decode(codec)
    except UnicodeDecodeError as exc:
        raise InputError(
            f"expected a UTF-8 or UTF-16 text export (CSV or tab-separated), found bytes that are neither "
            f"(at byte {exc.start})"
        ) from exc
    if "\x00" in text:
        raise InputError("expected a text export (CSV or tab-separated), found binary data (NUL characters)")
    return text.replace("\r\n", "\n").replace("\r", "\n")


def norm(header: str) -> str:
    """Header key for matching: lower case, spaces collapsed, BOM and quotes stripped."""
    h = header.replace("\ufeff", "").strip().strip('"').strip().lower()
    return re.sub(r"\s+", " ", h)


def delimiter_of(line: str) -> str:
    return "\t" if line.count("\t") > line.count(",") else ","


def split_rows(lines: list[str], delimiter: str) -> list[list[str]]:
    try:
        return [row for row in csv.reader(io.StringIO("\n".join(lines)), delimiter=delimiter)]
    except csv.Error as exc:
        raise InputError(f"expected CSV rows, found text the CSV reader cannot parse: {exc}") from exc


def header_preview(row: Iterable[str], n: int = 8) -> str:
    cells = [c.strip() for c in row][:n]
    text = ", ".join(repr(c) for c in cells)
    return text[:300] or "an empty line"


def first_line(text: str) -> str:
    for line in text.split("\n"):
        if line.strip():
            return line.strip()[:120]
    return ""


class Columns:
    """Finds columns by any of their known names (exact, normalised: ``Cost / conv.`` is never ``Cost``)."""

    def __init__(self, header: list[str], line: int = 1) -> None:
        self.header = header
        self.index: dict[str, int] = {}
        for i, h in enumerate(header):
            key = norm(h)
            if key and key in self.index:
                # Which of the two is meant is unknown: reading the first would be a guess.
                raise InputError(
                    f"line {line}, column {i + 1}: the header {h.strip()[:40]!r} appears twice "
                    f"(also column {self.index[key] + 1}); the file is not imported"
                )
            self.index.setdefault(key, i)

    def find(self, *names: str) -> int | None:
        for n in names:
            if n in self.index:
                return self.index[n]
        return None

    def find_prefix(self, prefix: str) -> tuple[int, str] | None:
        """A column named ``prefix`` or ``prefix (CUR)``; returns its index and the currency (or '')."""
        for key, i in self.index.items():
            if key == prefix:
                return i, ""
            m = re.fullmatch(re.escape(prefix) + r" \(([a-z]{3})\)", key)
            if m:
                return i, m.group(1).upper()
        return None


def check_width(cells: list[str], header: list[str], line: int) -> None:
    """A row has exactly the header's cells (trailing empty ones aside): an unquoted ``1,204`` would
    otherwise shift every later column. Refuses the whole file naming the line and the column."""
    if len(cells) < len(header):
        missing = header[len(cells)].strip()[:40]
        raise InputError(
            f"line {line}, column {len(cells) + 1} ({missing!r}): expected {len(header)} columns as in the "
            f"header, found {len(cells)}; the file is not imported"
        )
    extra = next((i for i in range(len(header), len(cells)) if cells[i].strip()), None)
    if extra is not None:
        raise InputError(
            f"line {line}, column {extra + 1}: expected {len(header)} columns as in the header, found "
            f"{len(cells)} (an unquoted thousands separator?); the file is not imported"
        )


# ---------------------------------------------------------------------------------------------- cells


_NUMBER = re.compile(r"-?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?%?")
_PLAIN = re.compile(r"\d+(?:\.\d+)?")
_NOISE = str.maketrans("", "", "\u00a0 $€£¥")


def _clean_number(cell: str) -> str | None:
    s = cell.strip()
    if _PLAIN.fullmatch(s):  # the common case, fast
        return s
    s = s.strip('"').strip()
    if s.lower() in NONE_MARKERS:
        return None
    s = s.translate(_NOISE)
    if s.startswith("<") or s.startswith(">"):  # Google's "< 10%" for impression share
        s = s[1:]
    if _NUMBER.fullmatch(s):
        return s.replace(",", "")
    return "bad"


def decimal_cell(cell: str, what: str, line: int) -> Decimal | None:
    s = _clean_number(cell)
    if s is None:
        return None
    if s == "bad" or s.endswith("%"):
        raise InputError(f"line {line}: expected a number for {what}, found {cell.strip()[:40]!r}")
    try:
        value = Decimal(s)
    except InvalidOperation as exc:  # pragma: no cover - the regex guarantees a number
        raise InputError(f"line {line}: expected a number for {what}, found {cell.strip()[:40]!r}") from exc
    if value < 0:
        raise InputError(f"line {line}: {what} is negative ({cell.strip()[:40]!r})")
    if value > Decimal(10) ** 12:
        raise InputError(f"line {line}: {what} {cell.strip()[:40]!r} is implausibly large")
    return value


def cents_cell(cell: str, what: str, line: int) -> int:
    v = decimal_cell(cell, what, line)
    return 0 if v is None else int((v * 100).to_integral_value(rounding=ROUND_HALF_EVEN))


def milli_cell(cell: str, what: str, line: int) -> int:
    v = decimal_cell(cell, what, line)
    return 0 if v is None else int((v * 1000).to_integral_value(rounding=ROUND_HALF_EVEN))


def int_cell(cell: str, what: str, line: int) -> int:
    v = decimal_cell(cell, what, line)
    if v is None:
        return 0
    if v != v.to_integral_value():
        raise InputError(f"line {line}: expected a whole number for {what}, found {cell.strip()[:40]!r}")
    return int(v)


_MONTHS = "%B %d, %Y", "%b %d, %Y"


def date_cell(cell: str, what: str, line: int, *, us_slashes: bool = False) -> date:
    """ISO ``2026-03-02``, GA4's ``20260302``, ``March 2, 2026``; ``3/2/2026`` only where a source is US.
    Years 1900–2100 only (the input policy)."""
    d = _date_cell(cell, what, line, us_slashes=us_slashes)
    if not year_ok(d.year):
        raise InputError(f"line {line}: {what} {d.isoformat()} is out of range (years {MIN_YEAR}–{MAX_YEAR})")
    return d


def _date_cell(cell: str, what: str, line: int, *, us_slashes: bool) -> date:
    s = cell.strip().strip('"').strip()
    try:
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", s):
            return date.fromisoformat(s)
        if re.fullmatch(r"\d{8}", s):
            return date(int(s[:4]), int(s[4:6]), int(s[6:]))
        if us_slashes and re.fullmatch(r"\d{1,2}/\d{1,2}/\d{4}", s):
            m, d, y = s.split("/")
            return date(int(y), int(m), int(d))
        for fmt in _MONTHS:
            try:
                return datetime.strptime(s, fmt).date()
            except ValueError:
                continue
    except ValueError:
        pass
    raise InputError(f"line {line}: expected a date for {what} (YYYY-MM-DD or YYYYMMDD), found {s[:40]!r}")


def campaign_cell(cell: str, line: int) -> str:
    name = " ".join(cell.split())
    problem = text_problem(name)
    if problem:
        raise InputError(f"line {line}: the campaign name has {problem}; the file is not imported")
    if len(name) > 200:
        raise InputError(f"line {line}: campaign name is longer than 200 characters")
    return name


# ---------------------------------------------------------------------------------------------- rows


def _split(total: int, n: int) -> list[int]:
    base, rest = divmod(total, n)
    return [base + (1 if i < rest else 0) for i in range(n)]


def spread(row: CanonicalRow, start: date, end: date) -> list[CanonicalRow]:
    """A period row as daily rows with the same totals (integers split evenly; sums are exact).

    A report that covers a whole period has no daily figures; booking it on its first day would make
    that day look enormous and every other day empty, so it is spread evenly instead.
    """
    if end < start:
        raise InputError(f"report period ends ({end.isoformat()}) before it starts ({start.isoformat()})")
    n = (end - start).days + 1
    if n > MAX_SPAN_DAYS:
        raise InputError(f"report period {start.isoformat()} → {end.isoformat()} is longer than a year")
    if n == 1:
        return [row if row.metric_date == start else replace(row, metric_date=start)]
    parts = {
        k: _split(getattr(row, k), n)
        for k in ("spend_cents", "impressions", "clicks", "conversions_milli", "revenue_cents")
    }
    return [
        CanonicalRow(
            metric_date=start + timedelta(days=i),
            campaign=row.campaign,
            span_days=n,
            **{k: v[i] for k, v in parts.items()},
        )
        for i in range(n)
    ]


def merge(rows: Iterable[CanonicalRow]) -> list[CanonicalRow]:
    """Sum rows of the same campaign and day (a report broken down by ad group, device, ad set …)."""
    acc: dict[tuple[str, date], CanonicalRow] = {}
    for r in rows:
        key = (r.campaign, r.metric_date)
        prev = acc.get(key)
        if prev is None:
            acc[key] = r
        else:
            acc[key] = CanonicalRow(
                metric_date=r.metric_date,
                campaign=r.campaign,
                spend_cents=prev.spend_cents + r.spend_cents,
                impressions=prev.impressions + r.impressions,
                clicks=prev.clicks + r.clicks,
                conversions_milli=prev.conversions_milli + r.conversions_milli,
                revenue_cents=prev.revenue_cents + r.revenue_cents,
                span_days=max(prev.span_days, r.span_days),
            )
    return sorted(acc.values(), key=lambda r: (r.campaign, r.metric_date))


def is_total(first_cell: str) -> bool:
    c = first_cell.strip().lower()
    return c.startswith("total") or c.startswith("grand total")


def require(found: int | None, source: str, what: str, header: list[str]) -> int:
    if found is None:
        raise InputError(
            f"not a {source} export: expected a {what} column, found columns {header_preview(header)}"
        )
    return found


def check_currency(found: set[str], source: str) -> str | None:
    codes = {c for c in found if c}
    if len(codes) > 1:
        raise InputError(
            f"{source} export mixes currencies ({', '.join(sorted(codes))}); import one at a time"
        )
    code = next(iter(codes), None)
    if code is not None and not re.fullmatch(r"[A-Z]{3}", code):
        raise InputError(f"{source} export: expected a currency code such as USD, found {code[:20]!r}")
    return code
