"""An estimate as Markdown for ``$EDITOR``: its title, contingency and one table of lines, round trip.

The format::

    # Spring Launch

    Contingency: 10%

    | Kind | Team or item | Hours | Price | Cost |
    | --- | --- | --- | --- | --- |
    | hours | creative | 80 | 13,200.00 | 5,600.00 |
    | fixed | Media buy |  | 20,000.00 | 20,000.00 |

An ``hours`` row names a team and its hours; its Price and Cost are shown for reading and priced again from
the rate card on the estimate's date when saved. A ``fixed`` row names an item with its price and cost (an
empty cost is the price: a pass-through). Lines outside the table that are not the title or the contingency
are notes for the reader and ignored. Anything that does not parse is an :class:`EstimateParseError` naming
the line: the caller keeps the text in a recovery file and saves nothing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from amtui.core.dates import format_hours, parse_hours
from amtui.core.errors import AmtuiError, InputError
from amtui.core.money import cents_to_decimal_str, parse_money
from amtui.services.estimates.arithmetic import LineInput, check_contingency
from amtui.services.estimates.rates import check_team
from amtui.services.estimates.read import EstimateDetail
from amtui.services.money.terms import parse_percent_bp, percent_text

HEADER = ("kind", "team or item", "hours", "price", "cost")
NOTE = (
    "Hours rows are priced from the rate card on the estimate's date when saved (their Price and Cost are "
    "shown, not read); a fixed row's empty Cost is its Price. Saving makes a new version."
)


class EstimateParseError(InputError):
    """The text is not an estimate table; nothing is saved."""


@dataclass(frozen=True)
class ParsedEstimate:
    title: str
    contingency_bp: int
    lines: tuple[LineInput, ...]


def _hours(minutes: int) -> str:
    return format_hours(minutes).removesuffix("h")


def render(d: EstimateDetail) -> str:
    out = [f"# {d.title}", "", f"Contingency: {percent_text(d.contingency_bp)}", ""]
    out += ["| Kind | Team or item | Hours | Price | Cost |", "| --- | --- | --- | --- | --- |"]
    for ln in d.lines:
        name = (ln.team or ln.label or "").replace("|", "/")
        hours = _hours(ln.minutes) if ln.minutes is not None else ""
        price, cost = cents_to_decimal_str(ln.amount_cents), cents_to_decimal_str(ln.cost_cents)
        out.append(f"| {ln.kind} | {name} | {hours} | {price} | {cost} |")
    out += ["", NOTE, ""]
    return "\n".join(out)


_CONTINGENCY = re.compile(r"^contingency\s*:\s*(.*)$", re.IGNORECASE)


def _cells(line: str) -> list[str]:
    body = line.strip()
    if body.startswith("|"):
        body = body[1:]
    if body.endswith("|"):
        body = body[:-1]
    return [c.strip() for c in body.split("|")]


def _row(n: int, cells: list[str]) -> LineInput:
    if len(cells) != len(HEADER):
        raise EstimateParseError(f"line {n}: a row has {len(cells)} cells, not {len(HEADER)}")
    kind, name, hours, price, cost = cells
    try:
        if kind.lower() == "hours":
            if not hours:
                raise InputError(f"the {name or '?'} row has no hours")
            minutes = parse_hours(hours)
            if minutes <= 0:
                raise InputError(f"hours for {name} must be more than zero")
            return LineInput(team=check_team(name), minutes=minutes)
        if kind.lower() == "fixed":
            if not name:
                raise InputError("a fixed row has no item name")
            if hours:
                raise InputError(f"the fixed item {name!r} has hours: give it kind hours and a team")
            if not price:
                raise InputError(f"the fixed item {name!r} has no price")
            return LineInput(
                label=name,
                price_cents=parse_money(price),
                cost_cents=parse_money(cost) if cost else None,
            )
        raise InputError(f"unknown kind {kind!r}; expected hours or fixed")
    except AmtuiError as exc:
        raise EstimateParseError(f"line {n}: {exc}") from exc


def parse(text: str) -> ParsedEstimate:
    """The estimate in ``text``, or an :class:`EstimateParseError` naming the first line that is wrong."""
    title = None
    bp = 0
    lines: list[LineInput] = []
    table = "before"  # before | header | rows | after
    for n, raw in enumerate(text.splitlines(), 1):
        s = raw.strip()
        if table == "rows" and not s.startswith("|"):
            table = "after"
        if s.startswith("# ") and title is None and table == "before":
            title = s[2:].strip()
            continue
        m = _CONTINGENCY.match(s)
        if m:
            try:
                bp = check_contingency(parse_percent_bp(m.group(1), "contingency") if m.group(1) else 0)
            except AmtuiError as exc:
                raise EstimateParseError(f"line {n}: {exc}") from exc
            continue
        if not s.startswith("|"):
            continue
        if table == "after":
            raise EstimateParseError(f"line {n}: a second table; keep every line in one table")
        if table == "before":
            if tuple(c.lower() for c in _cells(s)) != HEADER:
                raise EstimateParseError(
                    f"line {n}: the table's header must be | Kind | Team or item | Hours | Price | Cost |"
                )
            table = "header"
        elif table == "header":
            if not all(re.fullmatch(r":?-{3,}:?", c) for c in _cells(s)):
                raise EstimateParseError(
                    f"line {n}: expected the separator row | --- | --- | … under the header"
                )
            table = "rows"
        else:
            lines.append(_row(n, _cells(s)))
    if not title:
        raise EstimateParseError("no title: the first line must be '# Title'")
    if table == "before":
        raise EstimateParseError("no table of lines: | Kind | Team or item | Hours | Price | Cost |")
    return ParsedEstimate(title[:200], bp, tuple(lines))
