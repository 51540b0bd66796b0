"""An estimate's arithmetic, pure and in integer cents: line amounts, contingency, totals and margin.

- An **hours line** is a team's minutes at the bill and cost rate valid on the estimate's date:
  amount = minutes × bill rate, cost = minutes × cost rate, each rounded half up to the cent once
  (:func:`amtui.core.money.apply_rate`, the same rounding as logged time).
- A **fixed line** (media, production, licences) carries its price and its cost as given.
- **Contingency** is a share of the lines' price, in basis points, rounded half up to the cent; it has no
  cost (it is margin held against risk until it is spent) and is shown as a line of its own.
- **Totals** are the plain sum of the lines, contingency included: the total always equals the sum of the
  lines a client sees, to the cent. **Margin** = price − cost; margin % = margin / price.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from amtui.core.errors import InputError
from amtui.core.money import apply_rate

KINDS = ("hours", "fixed")
CONTINGENCY = "contingency"
MAX_CONTINGENCY_BP = 10_000  # 100%


@dataclass(frozen=True)
class LineInput:
    """A line as typed: a team's minutes, or an item's price and cost (no cost: a pass-through)."""

    team: str | None = None
    minutes: int | None = None
    label: str | None = None
    price_cents: int | None = None
    cost_cents: int | None = None


def line_input(
    *,
    team: str | None = None,
    minutes: int | None = None,
    item: str | None = None,
    price_cents: int | None = None,
    cost_cents: int | None = None,
) -> LineInput:
    """A line as typed on ``estimate line add`` or the Estimates screen's form: a team with its hours, or an
    item with its price (and optionally its cost); anything else is refused with what to give."""
    if (team is None) == (item is None):
        raise InputError("give a team with --hours, or an --item with --price")
    if team is not None:
        if minutes is None:
            raise InputError(f"give the hours for {team}: --hours 40")
        if price_cents is not None or cost_cents is not None:
            raise InputError("a team's hours are priced from the rate card: no --price or --cost")
        return LineInput(team=team, minutes=minutes)
    if minutes is not None:
        raise InputError("an item has a price, not hours: use --team for hours")
    if price_cents is None:
        raise InputError(f"give the price of {item!r}: --price 20000")
    return LineInput(label=item, price_cents=price_cents, cost_cents=cost_cents)


@dataclass(frozen=True)
class Line:
    """One priced line: ``team`` for hours lines, ``label`` for fixed items (and the contingency line)."""

    kind: str  # hours | fixed | contingency
    team: str | None
    label: str | None
    minutes: int | None
    bill_rate_cents: int | None
    cost_rate_cents: int | None
    amount_cents: int
    cost_cents: int
    seq: int = 0  # its place in the version (``line rm`` takes it); 0 for the contingency line

    @property
    def name(self) -> str:
        return self.team or self.label or self.kind

    @property
    def margin_cents(self) -> int:
        return self.amount_cents - self.cost_cents

    @property
    def margin_pct(self) -> float | None:
        return margin_pct(self.amount_cents, self.cost_cents)


@dataclass(frozen=True)
class Totals:
    minutes: int
    subtotal_cents: int  # the lines before contingency
    contingency_bp: int
    contingency_cents: int
    amount_cents: int  # subtotal + contingency = the sum of every line shown
    cost_cents: int
    margin_cents: int
    margin_pct: float | None


def margin_pct(amount_cents: int, cost_cents: int) -> float | None:
    return None if amount_cents <= 0 else round((amount_cents - cost_cents) / amount_cents, 4)


def hours_line(team: str, minutes: int, bill_rate_cents: int, cost_rate_cents: int) -> Line:
    if minutes <= 0:
        raise InputError(f"hours for {team} must be more than zero")
    return Line(
        "hours",
        team,
        None,
        minutes,
        bill_rate_cents,
        cost_rate_cents,
        apply_rate(minutes, bill_rate_cents),
        apply_rate(minutes, cost_rate_cents),
    )


def fixed_line(label: str, amount_cents: int, cost_cents: int) -> Line:
    if amount_cents < 0 or cost_cents < 0:
        raise InputError(f"a fixed item's price and cost must not be negative ({label})")
    return Line("fixed", None, label, None, None, None, amount_cents, cost_cents)


def contingency_cents(subtotal_cents: int, bp: int) -> int:
    """``bp`` basis points of the subtotal, rounded half up to the cent (integers only)."""
    q, r = divmod(subtotal_cents * bp, 10_000)
    return q + (1 if r * 2 >= 10_000 else 0)


def contingency_line(lines: Sequence[Line], bp: int) -> Line | None:
    if bp <= 0:
        return None
    amount = contingency_cents(sum(ln.amount_cents for ln in lines), bp)
    label = f"Contingency {bp / 100:g}%"
    return Line(CONTINGENCY, None, label, None, None, None, amount, 0)


def with_contingency(lines: Sequence[Line], bp: int) -> list[Line]:
    """The lines a client sees: the given ones, then the contingency line when there is one."""
    extra = contingency_line(lines, bp)
    return [*lines, extra] if extra else list(lines)


def totals(lines: Sequence[Line], bp: int) -> Totals:
    shown = with_contingency(lines, bp)
    amount = sum(ln.amount_cents for ln in shown)
    cost = sum(ln.cost_cents for ln in shown)
    subtotal = sum(ln.amount_cents for ln in lines)
    return Totals(
        minutes=sum(ln.minutes or 0 for ln in lines),
        subtotal_cents=subtotal,
        contingency_bp=bp,
        contingency_cents=amount - subtotal,
        amount_cents=amount,
        cost_cents=cost,
        margin_cents=amount - cost,
        margin_pct=margin_pct(amount, cost),
    )


def check_contingency(bp: int) -> int:
    if bp < 0 or bp > MAX_CONTINGENCY_BP:
        raise InputError(f"contingency must be between 0% and 100%, not {bp / 100:g}%")
    return bp
