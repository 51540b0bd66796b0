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
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from amtui.core.errors import InputError

BILL_TIMINGS = ("advance", "arrears")
FEE_SCHEDULES = ("progress", "deposit", "instalments", "milestones")
CO_BILLINGS = ("with", "on-approval", "on-completion")
#: Change orders billed on their own line (the others join the fee).
CO_SEPARATE = ("on-approval", "on-completion")


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


def co_rule(project_rule: str, override: str | None) -> str:
    """How one change order bills: its own rule when set, else the project's."""
    return override or project_rule


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
    co = {
        "with": "change orders join the fee",
        "on-approval": "change orders billed on approval",
        "on-completion": "change orders billed on completion",
    }[t.co_billing]
    return f"{head} · {co}"


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
