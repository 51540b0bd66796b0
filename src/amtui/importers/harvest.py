"""Harvest's detailed time export (CSV) → canonical time rows.

Real files vary, so columns are found by name, not position: a UTF-8 BOM, any column order, extra columns and
a few header spellings (``Billable?`` / ``Billable``, ``Spent Date`` / ``Date``) are all fine. Required:
``Date``, ``Client``, ``Project``, ``Hours``. Used when present: ``Project Code``, ``Task``, ``Notes``,
``Billable?`` (Yes/No), ``Billable Rate``, ``First Name`` + ``Last Name`` (or ``Person``), ``Roles``
(mapped to a team when it names one), ``Currency`` (``United States Dollar - USD`` or ``USD``).
``Billable Amount`` is not trusted: the value is recomputed as ``apply_rate(minutes, rate)`` so every sum
stays an exact integer. ``Cost Rate`` and ``Cost Amount`` (what the hour and the row cost the agency) are read
when present: the row's cost is its ``Cost Amount`` (Harvest's own figure, which may use rounded hours), else
minutes × ``Cost Rate``; a blank cell means not known (the config file's default may apply on import).

A broken row (a bad date, hours, rate or Yes/No, a missing client or project, the wrong number of fields)
stops the whole import with one error naming the line and the column.

Each row gets a stable ``source_key``: a 128-bit BLAKE2b hash of its identifying content plus its
occurrence index among identical rows of the same file, so importing the same file (or an overlapping
export) twice imports nothing the second time.
"""

from __future__ import annotations

import csv
import hashlib
import io
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from pathlib import Path

from amtui.core.errors import InputError
from amtui.core.inputs import MAX_MINUTES_PER_DAY, MAX_YEAR, MIN_YEAR, one_line, text_problem, year_ok
from amtui.core.money import apply_rate, parse_money
from amtui.store.models.budget import TEAMS

REQUIRED = ("date", "client", "project", "hours")
ALIASES = {
    "date": ("date", "spent date", "spent_date"),
    "client": ("client", "client name"),
    "project": ("project", "project name"),
    "code": ("project code", "code"),
    "task": ("task", "task name"),
    "notes": ("notes", "note"),
    "hours": ("hours",),
    "billable": ("billable?", "billable"),
    "rate": ("billable rate",),
    "first": ("first name",),
    "last": ("last name",),
    "person": ("person", "user", "user name"),
    "roles": ("roles", "role"),
    "currency": ("currency",),
    "cost_rate": ("cost rate",),
    "cost_amount": ("cost amount",),
}
LABELS = {
    "date": "Date",
    "client": "Client",
    "project": "Project",
    "hours": "Hours",
    "billable": "Billable?",
    "rate": "Billable Rate",
    "currency": "Currency",
}
_YES = {"yes", "y", "true", "1"}
_NO = {"no", "n", "false", "0", ""}
_CURRENCY = re.compile(r"\b([A-Z]{3})\s*$")
_HHMM = re.compile(r"^(\d{1,4}):([0-5]\d)$")


# Not frozen: a frozen dataclass sets each field through object.__setattr__, a quarter of the parse at
# 200,000 rows. Nothing changes a row once read.
@dataclass(slots=True)
class HarvestRow:
    line: int
    entry_date: date
    client: str
    project: str
    code: str | None
    minutes: int
    billable: bool
    rate_cents: int | None  # None: no rate in the file (the project's rate applies)
    cost_rate_cents: int | None  # None: no cost rate in the file
    cost_cents: int | None  # the file's Cost Amount, else minutes × cost rate; None: not known
    person: str | None
    team: str | None
    note: str | None
    currency: str | None
    source_key: str


@dataclass(frozen=True)
class HarvestFile:
    rows: list[HarvestRow]
    skipped_zero: int  # rows with 0 hours (running or empty timers)


def _norm(header: str) -> str:
    return " ".join(header.replace("\ufeff", "").strip().lower().split())


def _columns(header: list[str], name: str) -> dict[str, int]:
    where = {_norm(h): i for i, h in reversed(list(enumerate(header)))}
    found: dict[str, int] = {}
    for key, names in ALIASES.items():
        for n in names:
            if n in where:
                found[key] = where[n]
                break
    for i in found.values():
        again = next((j for j in range(i + 1, len(header)) if _norm(header[j]) == _norm(header[i])), None)
        if again is not None:
            raise InputError(
                f"{name}, line 1, column {again + 1}: the header {header[i].strip()!r} appears twice (also "
                f"column {i + 1}); the file is not imported"
            )
    missing = [LABELS[k] for k in REQUIRED if k not in found]
    if missing:
        raise InputError(
            f"{name}: not a Harvest time export: missing column{'s' if len(missing) > 1 else ''} "
            f"{', '.join(missing)} (found: {_shown(header)})"
        )
    return found


def _shown(header: list[str], most: int = 12, width: int = 40) -> str:
    """A header as the refusal names it, on one line: a quoted field can hold line breaks, or the rest of
    the file when a quote is never closed, so each name is cut to ``width`` and at most ``most`` are named."""
    names = [one_line(h) for h in header if h.strip()]
    cut = [n if len(n) <= width else n[: width - 1] + "…" for n in names[:most]]
    more = f" and {len(names) - most} more" if len(names) > most else ""
    return ", ".join(cut) + more if cut else "nothing"


def parse_harvest_hours(text: str) -> int:
    """Harvest hours (``1.5``, ``0.25``, ``1.3333``, ``1:30``) → whole minutes, rounded half up."""
    s = text.strip()
    m = _HHMM.match(s)
    if m:
        return int(m.group(1)) * 60 + int(m.group(2))
    try:
        value = Decimal(s)
    except InvalidOperation as exc:
        raise ValueError(f"not hours: {s!r}") from exc
    if not value.is_finite():
        raise ValueError(f"not hours: {s!r}")
    if value < 0:
        raise ValueError(f"hours must not be negative: {s!r}")
    return int((value * 60).to_integral_value(rounding=ROUND_HALF_UP))


def parse_currency_label(text: str) -> str | None:
    """``United States Dollar - USD`` or ``USD`` → ``USD``; blank → None."""
    s = text.strip()
    if not s:
        return None
    m = _CURRENCY.search(s.upper())
    if not m:
        raise ValueError(f"not a currency: {s!r}")
    return m.group(1)


def _team(roles: str) -> str | None:
    for part in re.split(r"[,;/]", roles.lower()):
        if part.strip() in TEAMS:
            return part.strip()
    return None


def _lines(source: Path | str | Iterable[str]) -> tuple[str, Iterable[str]]:
    if isinstance(source, Path):
        try:
            text = source.read_bytes().decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise InputError(f"{source.name}: not UTF-8 text ({exc.reason} at byte {exc.start})") from exc
        return source.name, io.StringIO(text, newline="")
    if isinstance(source, str):
        return "input", io.StringIO(source.lstrip("\ufeff"), newline="")
    return "input", source


def read_harvest(source: Path | str | Iterable[str]) -> HarvestFile:
    """Read and validate a whole export; raise :class:`InputError` naming the first broken line."""
    name, lines = _lines(source)
    reader = csv.reader(lines)
    try:
        header = next(reader)
    except StopIteration:
        raise InputError(f"{name}: the file is empty") from None
    except csv.Error as exc:
        raise InputError(f"{name}: not a CSV file: {exc}") from exc
    col = _columns(header, name)
    return HarvestFile(*_rows(reader, col, len(header), name))


def _rows(
    reader: Iterator[list[str]], col: dict[str, int], width: int, name: str
) -> tuple[list[HarvestRow], int]:
    rates: dict[str, int | None] = {}
    costs: dict[tuple[str, str], tuple[int | None, int | None]] = {}  # (Cost Rate, Cost Amount) cells
    currencies: dict[str, str | None] = {}
    dates: dict[str, date] = {}
    hours: dict[str, int] = {}
    teams: dict[str, str | None] = {}
    seen: dict[str, int] = {}
    out: list[HarvestRow] = []
    skipped = 0
    i_date, i_client, i_project, i_hours = col["date"], col["client"], col["project"], col["hours"]
    i_code, i_task, i_notes = col.get("code"), col.get("task"), col.get("notes")
    i_bill, i_rate, i_cur = col.get("billable"), col.get("rate"), col.get("currency")
    i_cost_rate, i_cost_amount = col.get("cost_rate"), col.get("cost_amount")
    has_cost = i_cost_rate is not None or i_cost_amount is not None
    i_first, i_last, i_person, i_roles = (
        col.get("first"),
        col.get("last"),
        col.get("person"),
        col.get("roles"),
    )
    line = 1
    column = ""
    try:
        for row in reader:
            line = reader.line_num  # type: ignore[attr-defined]
            if not row or (len(row) == 1 and not row[0].strip()):
                continue
            if len(row) != width:
                raise InputError(f"{name}, line {line}: expected {width} fields, found {len(row)}")
            column = "Date"
            d_text = row[i_date].strip()
            d = dates.get(d_text)
            if d is None:
                try:
                    d = date.fromisoformat(d_text)
                except ValueError:
                    raise ValueError(f"not a date: {d_text!r} (expected YYYY-MM-DD)") from None
                if not year_ok(d.year):
                    raise ValueError(f"{d_text} is out of range (years {MIN_YEAR}–{MAX_YEAR})")
                dates[d_text] = d
            column = "Client"
            client = row[i_client].strip()
            if not client:
                raise ValueError("empty")
            column = "Project"
            project = row[i_project].strip()
            if not project:
                raise ValueError("empty")
            column = "Hours"
            hours_text = row[i_hours].strip()
            minutes = hours.get(hours_text, -1)
            if minutes < 0:
                minutes = hours[hours_text] = parse_harvest_hours(hours_text)
                if minutes > MAX_MINUTES_PER_DAY:
                    raise ValueError(f"{hours_text} hours in one entry is more than a day")
            column = "Billable?"
            billable = True
            if i_bill is not None:
                b = row[i_bill].strip().lower()
                if b in _YES:
                    billable = True
                elif b in _NO:
                    billable = False
                else:
                    raise ValueError(f"expected Yes or No, found {row[i_bill].strip()!r}")
            column = "Billable Rate"
            rate: int | None = None
            if i_rate is not None:
                r_text = row[i_rate].strip()
                if r_text in rates:
                    rate = rates[r_text]
                else:
                    rate = parse_money(r_text) if r_text else None
                    rate = rate or None
                    rates[r_text] = rate
            cost_rate: int | None = None
            cost: int | None = None
            if has_cost:
                cells = (
                    row[i_cost_rate] if i_cost_rate is not None else "",
                    row[i_cost_amount] if i_cost_amount is not None else "",
                )
                try:
                    cost_rate, cost = costs[cells]
                except KeyError:
                    column = "Cost Rate"
                    cost_rate = parse_money(cells[0]) if cells[0].strip() else None
                    column = "Cost Amount"
                    cost = parse_money(cells[1]) if cells[1].strip() else None
                    costs[cells] = (cost_rate, cost)
                if cost is None and cost_rate is not None:
                    cost = apply_rate(minutes, cost_rate)
            column = "Currency"
            currency: str | None = None
            if i_cur is not None:
                c_text = row[i_cur]
                if c_text in currencies:
                    currency = currencies[c_text]
                else:
                    currency = currencies[c_text] = parse_currency_label(c_text)
            if minutes == 0:
                skipped += 1
                continue
            code = row[i_code].strip() or None if i_code is not None else None
            task = row[i_task].strip() if i_task is not None else ""
            notes = row[i_notes].strip() if i_notes is not None else ""
            if i_first is not None or i_last is not None:
                first = row[i_first].strip() if i_first is not None else ""
                last = row[i_last].strip() if i_last is not None else ""
                person = f"{first} {last}".strip()
            elif i_person is not None:
                person = row[i_person].strip()
            else:
                person = ""
            team = None
            if i_roles is not None:
                roles = row[i_roles]
                team = teams.get(roles, "?")
                if team == "?":
                    team = teams[roles] = _team(roles)
            for field, text, multiline in (
                ("Client", client, False),
                ("Project", project, False),
                ("Task", task, False),
                ("Notes", notes, True),
                ("Person", person, False),
            ):
                problem = text_problem(text, multiline=multiline)
                if problem:
                    column = field
                    raise ValueError(f"{problem}; the file is not imported")
            note = f"{task}: {notes}" if task and notes else (task or notes)
            ident = "\x1f".join(
                (d_text, client.lower(), project.lower(), code or "", task, notes, hours_text, person)
            ) + ("\x1fb" if billable else "\x1fn")
            n = seen.get(ident, 0)
            seen[ident] = n + 1
            key = hashlib.blake2b(f"harvest\x1e{ident}\x1e{n}".encode(), digest_size=16).hexdigest()
            out.append(
                HarvestRow(  # positional: at 200,000 rows keyword arguments cost a tenth of a second
                    line,
                    d,
                    client,
                    project,
                    code,
                    minutes,
                    billable,
                    rate,
                    cost_rate,
                    cost,
                    person[:120] or None,
                    team,
                    note or None,
                    currency,
                    key,
                )
            )
    except InputError as exc:
        if ", line " in str(exc) or column == "":
            raise
        raise InputError(f"{name}, line {line}, column {column}: {exc}") from exc
    except ValueError as exc:
        raise InputError(f"{name}, line {line}, column {column}: {exc}") from exc
    except csv.Error as exc:
        raise InputError(f"{name}, line {line}: not valid CSV: {exc}") from exc
    return out, skipped
