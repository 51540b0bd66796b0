"""The one input policy: what amtui accepts from a person, a file or an older book, wherever it comes in
(the CLI's parsing, the TUI's forms, every importer), and the one way text goes out to a terminal or a
document.

- **Money**: at most :data:`MAX_CENTS` (1,000,000,000.00) per amount, either sign
  (:func:`check_cents`; :func:`amtui.core.money.parse_money` applies it).
- **Dates**: years :data:`MIN_YEAR`–:data:`MAX_YEAR` (:func:`check_date`;
  :func:`amtui.core.dates.parse_date` applies it, offsets included).
- **Text**: valid UTF-8 (no lone surrogates, which is how Python hands over undecodable bytes), no control
  characters — C0 except tab and, in a multi-line field, newline; DEL; C1 — and a length limit
  (:func:`clean_text`).
- **Output**: :func:`sanitize` shows any control character still stored (an older book, a file) as a
  visible ``\\x1b`` instead of sending it to the terminal. In documents, a single-line field (a name, a
  title) goes through one function per format — :func:`md_text` (Markdown) and :func:`html_text` (HTML) —
  so a line break, Markdown or HTML in it never becomes a heading, a link or markup in a client document.
"""

from __future__ import annotations

import html
import re
from datetime import date

from amtui.core.errors import InputError

#: The largest amount (in cents) any single figure may hold: 1,000,000,000.00. Sums of many stay far from
#: SQLite's 64-bit integers.
MAX_CENTS = 100_000_000_000
MIN_YEAR = 1900
MAX_YEAR = 2100
#: Default length limits: a name or a title, and a note or a description.
LINE_MAX = 200
NOTE_MAX = 5000
#: Hours one person can work in a day (importers and time entries).
MAX_MINUTES_PER_DAY = 24 * 60

# C0 controls but tab/newline/CR, DEL, C1, and lone surrogates (undecodable bytes). CR is refused too in a
# single-line field; a multi-line one keeps tab and newline only (CRLF is folded to LF first).
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff]")
_CONTROL_LINE = re.compile(r"[\x00-\x1f\x7f-\x9f\ud800-\udfff]")
_UNSAFE_OUT = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff]")


def check_cents(cents: int, what: str = "amount") -> int:
    """``cents`` within ±:data:`MAX_CENTS`, else :class:`InputError`."""
    if abs(cents) > MAX_CENTS:
        raise InputError(f"{what} is too large: at most 1,000,000,000.00")
    return cents


def check_date(d: date, what: str = "date") -> date:
    """A date within :data:`MIN_YEAR`–:data:`MAX_YEAR`, else :class:`InputError`."""
    if not MIN_YEAR <= d.year <= MAX_YEAR:
        raise InputError(f"{what} {d.isoformat()} is out of range: use a year from {MIN_YEAR} to {MAX_YEAR}")
    return d


def year_ok(year: int) -> bool:
    return MIN_YEAR <= year <= MAX_YEAR


def _describe(ch: str) -> str:
    code = ord(ch)
    if 0xD800 <= code <= 0xDFFF:
        return "bytes that are not UTF-8"
    return f"a control character (U+{code:04X})"


def text_problem(value: str, *, multiline: bool = False) -> str | None:
    """What is wrong with ``value`` as stored text (None: nothing): not UTF-8, or a control character."""
    m = (_CONTROL if multiline else _CONTROL_LINE).search(value.replace("\r\n", "\n") if multiline else value)
    if m is None:
        return None
    return f"{_describe(m.group())} at character {m.start() + 1}"


def clean_text(
    value: str,
    what: str,
    *,
    max_len: int = LINE_MAX,
    multiline: bool = False,
    allow_empty: bool = False,
) -> str:
    """``value`` stripped and checked against the text policy (see the module); :class:`InputError`
    naming ``what`` and the problem otherwise."""
    v = value.replace("\r\n", "\n").strip() if multiline else value.strip()
    if not v and not allow_empty:
        raise InputError(f"{what} is empty")
    problem = text_problem(v, multiline=multiline)
    if problem:
        raise InputError(f"{what} has {problem}; remove it")
    if len(v) > max_len:
        raise InputError(f"{what} is longer than {max_len} characters")
    return v


def sanitize(text: str, *, multiline: bool = True) -> str:
    """``text`` safe to print: every control character (but tab and newline when ``multiline``) shown as a
    visible ``\\xNN`` escape, undecodable bytes as ``\\udcNN``. Plain text passes unchanged (and fast)."""
    pattern = _UNSAFE_OUT if multiline else _CONTROL_LINE
    if not pattern.search(text):
        return text
    return pattern.sub(lambda m: m.group().encode("unicode_escape").decode("ascii"), text)


# Line breaks of every kind (a single-line field is shown on one line), and what Markdown reads as markup
# anywhere in a line, or at its start.
_BREAKS = re.compile(r"[\r\n\v\f\x85\u2028\u2029]+")
_MD_ANYWHERE = re.compile(r"([\\`*_\[\]<>|~&])")
_MD_LINE_START = re.compile(r"^(\s*)([#+=>-]|\d+(?=[.)]))")


def one_line(text: str | None) -> str:
    """``text`` on one line: line breaks as spaces, control characters shown (:func:`sanitize`), trimmed."""
    return sanitize(_BREAKS.sub(" ", text or ""), multiline=False).strip()


def md_text(text: str | None) -> str:
    """A single-line field (a name, a title, a figure) as literal Markdown text: one line, every character
    Markdown could read as markup (emphasis, links, raw HTML, tables, code) backslash-escaped, and a
    heading, list or quote marker at its start too. What a client reads is the text as typed."""
    t = _MD_ANYWHERE.sub(r"\\\1", one_line(text))
    return _MD_LINE_START.sub(
        lambda m: (
            f"{m.group(1)}\\{m.group(2)}" if not m.group(2).isdigit() else f"{m.group(1)}{m.group(2)}\\"
        ),
        t,
    )


def html_text(text: str | None) -> str:
    """A single-line field as HTML text: on one line (:func:`one_line`), ``& < > " '`` escaped."""
    return html.escape(one_line(text), quote=True)
