"""Billing terms: when a project's work may be invoiced. Each term is written here once, with its default.

A project's terms are four columns on its row (``None`` = the default for its billing type) and, for a
fixed fee billed by instalments or milestones, the lines of ``billing_line``:

- **Time & materials** bills monthly in arrears: the work of a month becomes billable on its last day.
  ``bill_timing`` is always ``arrears``.
- **Retainer** bills its monthly fee ``advance`` (default: each retainer month is billable on its first
  day) or ``arrears`` (on its last day). Months run from the start date, within the term.
- **Fixed fee** bills by ``fee_schedule``:
  ``progress`` (default) — % complete × the fee, as % complete stood on the date;
  ``deposit`` — ``deposit_bp`` of the fee from the start date, then progress once it passes the deposit;
  ``instalments`` — each line's share of the fee on its date;
  ``milestones`` — each line's share of the fee once its milestone is done.
- **Change orders** bill ``with`` the project (default for fixed fee and T&M: an approved change order
  joins the fee the schedule or progress applies to, or raises a T&M cap), or separately, in full,
  ``on-approval`` (default for retainers, whose fee is monthly) or ``on-completion`` (once the project is
  100% complete). One rule per project (``co_billing``), overridable per change order (``billing``), so a
  change order is counted once: in the fee, or on its own line, never both.

**Schedule lines** are typed ``WHEN:SHARE[:LABEL]``, comma-separated: ``2027-01-15:50%,2027-03-01:50%:Launch``
(instalments, a date each) or ``M12:30%,M14:70%`` (milestones, ``M-12`` works too). Shares are more than 0%
and add up to exactly 100%; a label may not contain a comma. :func:`parse_lines` reads the text,
:func:`check_lines` the rules that need no database; that a milestone exists and belongs to the project is
checked where the lines are written (:mod:`amtui.services.money.schedule`).

**Changing the billing type** keeps the terms that still fit the new type and resets the others to their
defaults (a fee schedule, its deposit and its lines leave with the fixed fee; a retainer's timing leaves
with the retainer; "change orders join the fee" leaves when the project becomes a retainer, from the project
and from its pending change orders), and says so in the edit's answer: a type change is never refused for
its old terms. Approved change orders are locked and keep the rule they were approved under.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Protocol

from amtui.core.dates import end_of_month
from amtui.core.errors import InputError
from amtui.services.base.common import check_text
from amtui.services.base.refs import MILESTONE
from amtui.services.timeline.read import label as milestone_label


def arrears_through(as_of: date) -> date:
    """Monthly in arrears: the last month end on or before ``as_of``."""
    return as_of if end_of_month(as_of) == as_of else as_of.replace(day=1) - timedelta(days=1)


BILL_TIMINGS = ("advance", "arrears")
FEE_SCHEDULES = ("progress", "deposit", "instalments", "milestones")
CO_BILLINGS = ("with", "on-approval", "on-completion")
#: Change orders billed on their own line (the others join the fee).
CO_SEPARATE = ("on-approval", "on-completion")
#: How one change order bills, in words (``co show``; ``project show`` says it of them all).
CO_BILLING_TEXT = {
    "with": "joins the fee",
    "on-approval": "billed on approval",
    "on-completion": "billed on completion",
}
#: What ``co edit --billing`` takes to drop a change order's own rule and follow its project's again.
CO_FOLLOW_PROJECT = "project"
#: Fee schedules billed by lines, and what each line is due on.
SCHEDULES_WITH_LINES = ("instalments", "milestones")
#: Every share and percentage is in basis points: 10,000 = 100%.
WHOLE_BP = 10_000


class TermsLike(Protocol):
    """What the terms read of a project (an ORM row or a :class:`~amtui.services.base.refs.ProjectRow`)."""

    @property
    def billing(self) -> str: ...
    @property
    def bill_timing(self) -> str | None: ...
    @property
    def fee_schedule(self) -> str | None: ...
    @property
    def deposit_bp(self) -> int | None: ...
    @property
    def co_billing(self) -> str | None: ...


@dataclass(frozen=True)
class StoredTerms:
    """Terms as stored or typed (``None`` = the default), for code without a project row at hand."""

    billing: str
    bill_timing: str | None = None
    fee_schedule: str | None = None
    deposit_bp: int | None = None
    co_billing: str | None = None


@dataclass(frozen=True)
class Terms:
    """A project's terms with every default filled in."""

    billing: str
    bill_timing: str  # advance | arrears
    fee_schedule: str | None  # fixed fee only
    deposit_bp: int | None  # fee_schedule == "deposit"
    co_billing: str  # with | on-approval | on-completion


def default_timing(billing: str) -> str:
    return "advance" if billing == "retainer" else "arrears"


def default_co_billing(billing: str) -> str:
    return "on-approval" if billing == "retainer" else "with"


def terms_of(p: TermsLike) -> Terms:
    """The terms a project bills under, defaults filled in."""
    billing = p.billing
    timing = p.bill_timing if billing == "retainer" and p.bill_timing else default_timing(billing)
    schedule = (p.fee_schedule or "progress") if billing == "fixed" else None
    co = p.co_billing or default_co_billing(billing)
    return Terms(billing, timing, schedule, p.deposit_bp if schedule == "deposit" else None, co)


def co_rule(project_rule: str, override: str | None, billing: str | None = None) -> str:
    """How one change order bills: its own rule when set, else the project's. On a retainer (``billing``) a
    change order never joins the fee, which is monthly: one approved as ``with`` before the project became a
    retainer bills on approval."""
    rule = override or project_rule
    return "on-approval" if billing == "retainer" and rule == "with" else rule


def check_co_billing(project_billing: str, value: str) -> str | None:
    """A change order's own billing rule as given (``project`` = none: follow the project's), checked
    against its project's billing type: a retainer's change orders never join its monthly fee."""
    v = value.strip().lower()
    if v == CO_FOLLOW_PROJECT:
        return None
    check_terms(project_billing, bill_timing=None, fee_schedule=None, deposit_bp=None, co_billing=v)
    return v


def describe(t: Terms) -> str:
    """``fixed fee · 50% deposit, then by progress · change orders with the fee`` (``project show``)."""
    if t.billing == "tm":
        head = "time & materials · monthly in arrears"
    elif t.billing == "retainer":
        head = f"retainer · monthly in {t.bill_timing}"
    elif t.fee_schedule == "deposit":
        head = f"fixed fee · {(t.deposit_bp or 0) / 100:g}% deposit, then by progress"
    elif t.fee_schedule == "instalments":
        head = "fixed fee · by instalments"
    elif t.fee_schedule == "milestones":
        head = "fixed fee · by milestones"
    else:
        head = "fixed fee · by progress (% complete)"
    co = "join the fee" if t.co_billing == "with" else CO_BILLING_TEXT[t.co_billing]
    return f"{head} · change orders {co}"


def check_terms(
    billing: str,
    *,
    bill_timing: str | None,
    fee_schedule: str | None,
    deposit_bp: int | None,
    co_billing: str | None,
) -> None:
    """Refuse terms that do not fit the billing type (:class:`~amtui.core.errors.InputError`, one line)."""
    if bill_timing is not None:
        if bill_timing not in BILL_TIMINGS:
            raise InputError(f"billing timing must be one of {', '.join(BILL_TIMINGS)}, not {bill_timing!r}")
        if billing != "retainer" and bill_timing != "arrears":
            raise InputError(
                "only a retainer bills in advance; time & materials and fixed fees bill in arrears"
            )
    if fee_schedule is not None:
        if fee_schedule not in FEE_SCHEDULES:
            raise InputError(f"fee schedule must be one of {', '.join(FEE_SCHEDULES)}, not {fee_schedule!r}")
        if billing != "fixed":
            raise InputError("a fee schedule is for fixed-fee projects")
    if deposit_bp is not None:
        if billing != "fixed" or (fee_schedule or "progress") != "deposit":
            raise InputError("a deposit is for a fixed fee billed with --schedule deposit")
        if not 0 < deposit_bp <= 10_000:
            raise InputError("a deposit is more than 0% and at most 100% of the fee")
    if co_billing is not None:
        if co_billing not in CO_BILLINGS:
            raise InputError(
                f"change-order billing must be one of {', '.join(CO_BILLINGS)}, not {co_billing!r}"
            )
        if billing == "retainer" and co_billing == "with":
            raise InputError(
                "a retainer's fee is monthly: its change orders bill on approval or on completion"
            )


# ------------------------------------------------------------------------------------------ percentages

_PERCENT = re.compile(r"^(\d{1,3})(?:\.(\d{1,2}))?\s*%?$")


def parse_percent_bp(text: str, what: str = "a percentage") -> int:
    """``40%``, ``40``, ``12.5%`` → basis points (4000, 4000, 1250); 0–100% only (``what`` names it)."""
    m = _PERCENT.match(text.strip())
    if not m:
        raise InputError(f"not a percentage: {text.strip()!r}; expected e.g. 40% or 12.5%")
    bp = int(m.group(1)) * 100 + int((m.group(2) or "0").ljust(2, "0"))
    if bp > WHOLE_BP:
        raise InputError(f"{what} is at most 100%: {text.strip()!r}")
    return bp


def percent_text(bp: int) -> str:
    """Basis points as a percentage: 5000 → ``50%``, 1250 → ``12.5%``."""
    return f"{bp // 100}%" if bp % 100 == 0 else f"{bp / 100:g}%"


def parse_deposit(text: str) -> int:
    """A deposit, ``50%`` → 5000 basis points: more than 0%, at most 100%."""
    bp = parse_percent_bp(text, "a deposit")
    if bp == 0:
        raise InputError("a deposit is more than 0% and at most 100% of the fee")
    return bp


# ------------------------------------------------------------------------------------------ schedule lines


@dataclass(frozen=True)
class LineSpec:
    """One schedule line as typed: a share of the fee, due on a date or when a milestone is done."""

    share_bp: int
    due_on: date | None = None
    milestone_id: int | None = None
    label: str | None = None

    @property
    def when(self) -> str:
        return self.due_on.isoformat() if self.due_on else milestone_label(self.milestone_id or 0)


_MILESTONE_REF = re.compile(r"^m-?\d{1,9}$", re.IGNORECASE)
LINES_EXAMPLE = "2027-01-15:50%,2027-03-01:50% or M12:30%,M14:70%"


def parse_lines(text: str) -> list[LineSpec]:
    """``2027-01-15:50%,2027-03-01:50%:Launch`` or ``M12:30%,M14:70%`` → the lines, in the order typed."""
    from amtui.core.dates import parse_date

    entries = [e.strip() for e in text.split(",")]
    if not any(entries):
        raise InputError(f"no schedule lines given; expected e.g. {LINES_EXAMPLE}")
    lines: list[LineSpec] = []
    for n, entry in enumerate(entries, 1):
        where = f"schedule line {n} ({entry!r})" if entry else f"schedule line {n}"
        parts = entry.split(":", 2)
        if len(parts) < 2 or not parts[0].strip() or not parts[1].strip():
            raise InputError(f"{where}: expected WHEN:SHARE[:LABEL], e.g. {LINES_EXAMPLE}")
        when, share = parts[0].strip(), parts[1].strip()
        try:
            bp = parse_percent_bp(share, "a line's share")
            if bp == 0:
                raise InputError("a line's share is more than 0%")
            label = check_text(parts[2], "label", max_len=120) if len(parts) == 3 else None
            if _MILESTONE_REF.match(when):
                lines.append(LineSpec(bp, milestone_id=MILESTONE.parse(when), label=label))
            else:
                lines.append(LineSpec(bp, due_on=parse_date(when), label=label))
        except InputError as exc:
            raise InputError(f"{where}: {exc}") from None
    return lines


def check_lines(fee_schedule: str | None, lines: Sequence[LineSpec]) -> None:
    """The rules of a schedule's lines that need no database: they fit the schedule, every share is more than
    0%, no milestone twice, and the shares add up to exactly 100%."""
    if fee_schedule not in SCHEDULES_WITH_LINES:
        raise InputError(
            "schedule lines are for a fixed fee billed by instalments or milestones"
            + (f", not by {fee_schedule}" if fee_schedule else "")
        )
    if not lines:
        raise InputError(
            f"a fixed fee billed by {fee_schedule} needs its schedule lines, e.g. {LINES_EXAMPLE}"
        )
    for n, line in enumerate(lines, 1):
        if line.share_bp <= 0:
            raise InputError(f"schedule line {n}: a line's share is more than 0%")
        if fee_schedule == "instalments" and line.due_on is None:
            raise InputError(
                f"schedule line {n} ({line.when}): an instalment is due on a date, e.g. 2027-01-15:50%"
            )
        if fee_schedule == "milestones" and line.milestone_id is None:
            raise InputError(
                f"schedule line {n} ({line.when}): a milestone schedule bills at milestones, e.g. M12:30%"
            )
    ids = [line.milestone_id for line in lines if line.milestone_id is not None]
    twice = sorted({i for i in ids if ids.count(i) > 1})
    if twice:
        raise InputError(f"{milestone_label(twice[0])} is on the schedule twice")
    total = sum(line.share_bp for line in lines)
    if total != WHOLE_BP:
        raise InputError(f"the schedule lines add up to {percent_text(total)}, not 100%")


def lines_text(lines: Sequence[LineSpec]) -> str:
    """``2027-01-15 50% (Kick-off), 2027-03-01 50%``: a schedule in one line (edit answers, history)."""
    if not lines:
        return "—"
    return ", ".join(
        f"{line.when} {percent_text(line.share_bp)}" + (f" ({line.label})" if line.label else "")
        for line in lines
    )
