"""Money at the edges: parse user text to integer cents, format cents for people.

Amounts are stored as integer cents plus an ISO currency code. ``Decimal`` is used only while parsing and
formatting, always with explicit rounding; no float ever touches an amount.
"""

from __future__ import annotations

import re
from decimal import ROUND_HALF_EVEN, ROUND_HALF_UP, Decimal, InvalidOperation

from amtui.core.errors import InputError
from amtui.core.inputs import check_cents

#: What a project is kept in unless it says otherwise.
DEFAULT_CURRENCY = "USD"

SYMBOLS = {"USD": "$", "EUR": "€", "GBP": "£", "CAD": "CA$", "AUD": "A$", "JPY": "¥"}
_SYMBOL_CHARS = "$€£¥"
# A symbol that names one currency (``$`` is shared by several dollars: it names none).
_SYMBOL_CURRENCY = {"€": "EUR", "£": "GBP", "¥": "JPY"}

# 4500 | 4,500 | 4500.50 | 4,500.00 | 1,234,567.8 ; thousands separators must be in groups of three.
_AMOUNT = re.compile(r"^(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d{1,2})?$", re.ASCII)
_CODE_PREFIX = re.compile(r"^([A-Za-z]{3})\s+")
_CODE_SUFFIX = re.compile(r"\s+([A-Za-z]{3})$")


def parse_money(
    text: str | int,
    *,
    allow_negative: bool = False,
    allow_zero: bool = True,
    currency: str = DEFAULT_CURRENCY,
) -> int:
    """Parse an amount typed by a person into integer cents.

    Accepts ``4500``, ``4,500``, ``4500.50``, ``$4,500.00``, ``USD 4500``; rejects ``4.500,00``, ``1e3``,
    ``NaN``, more than two decimals and empty text, each with a message that says what was expected. A
    currency written in the amount (``EUR 45``, ``€45``) must be ``currency`` (the project's); an amount is
    at most 1,000,000,000.00 (:data:`amtui.core.inputs.MAX_CENTS`).
    """
    if isinstance(text, int):
        return check_cents(text * 100)
    raw = text
    s = text.strip()
    if not s:
        raise InputError("amount is empty: give a number such as 4500 or 4,500.00")
    negative = False
    if s.startswith("-"):
        negative = True
        s = s[1:].strip()
    elif s.startswith("+"):
        s = s[1:].strip()
    written: str | None = None
    m = _CODE_PREFIX.match(s) or _CODE_SUFFIX.search(s)
    if m:
        written = m.group(1).upper()
        s = (s[: m.start()] + s[m.end() :]).strip()
    if s and s[0] in _SYMBOL_CHARS:
        written = written or _SYMBOL_CURRENCY.get(s[0])
        s = s[1:].strip()
    if written is not None and written != currency.upper():
        raise InputError(
            f"{raw.strip()!r} is in {written}, but this is kept in {currency.upper()}; give the amount in "
            f"{currency.upper()} (or without a currency)"
        )
    if s.startswith("-") and not negative:
        negative = True
        s = s[1:].strip()
    if not _AMOUNT.match(s):
        if re.fullmatch(r"[\d.,]+", s) and re.search(r"\.\d{3}", s) or re.search(r",\d{1,2}$", s):
            hint = " (use a dot for decimals and commas for thousands, e.g. 4,500.00)"
        elif re.fullmatch(r"\d+(?:,\d{3})*\.\d{3,}", s):
            hint = " (at most two decimals)"
        else:
            hint = ""
        raise InputError(f"not an amount: {raw.strip()!r}{hint}; expected e.g. 4500, 4,500 or $4,500.00")
    try:
        value = Decimal(s.replace(",", ""))
    except InvalidOperation as exc:  # pragma: no cover - the regex already guarantees a number
        raise InputError(f"not an amount: {raw.strip()!r}") from exc
    cents = int((value * 100).to_integral_value(rounding=ROUND_HALF_EVEN))
    check_cents(cents)
    if negative:
        cents = -cents
    if cents < 0 and not allow_negative:
        raise InputError(f"amount must not be negative: {raw.strip()!r}")
    if cents == 0 and not allow_zero:
        raise InputError(f"amount must be more than zero: {raw.strip()!r}")
    return cents


def format_money(cents: int, currency: str = "USD", *, signed: bool = False, whole: bool = False) -> str:
    """Format integer cents for people: ``$4,500.00`` (``+$4,500.00`` when ``signed``)."""
    sign = "-" if cents < 0 else ("+" if signed and cents > 0 else "")
    value = Decimal(abs(cents)).scaleb(-2)  # exact: the cents, two places to the right
    if whole:
        body = f"{value.quantize(Decimal(1), rounding=ROUND_HALF_UP):,}"
    else:
        body = f"{value:,.2f}"
    symbol = SYMBOLS.get(currency.upper())
    return f"{sign}{symbol}{body}" if symbol else f"{sign}{body} {currency.upper()}"


def cents_to_decimal_str(cents: int) -> str:
    """Plain decimal text with two places and no grouping (for CSV / Markdown tables)."""
    sign = "-" if cents < 0 else ""
    return f"{sign}{abs(cents) // 100}.{abs(cents) % 100:02d}"


def apply_rate(minutes: int, rate_cents: int) -> int:
    """Value of ``minutes`` at an hourly ``rate_cents``, rounded half up to the cent (integers only)."""
    total = minutes * rate_cents
    q, r = divmod(total, 60)
    return q + (1 if r * 2 >= 60 else 0)


def parse_currency(text: str) -> str:
    code = text.strip().upper()
    if not re.fullmatch(r"[A-Z]{3}", code):
        raise InputError(f"not a currency code: {text!r}; expected three letters such as USD or EUR")
    return code
