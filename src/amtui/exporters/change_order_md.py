"""The client-facing change order document, in Markdown.

It says who and what (agency, client, project, number, date), what changes and why, what stays the same, the
fee / hours / timeline impact, the revised project total, and leaves lines for both signatures. Everything
comes from a :class:`~amtui.services.money.change_order_impact.ChangeOrderView`: no query here.
"""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path

from amtui.core.dates import format_hours
from amtui.core.inputs import md_text
from amtui.core.money import format_money
from amtui.services.money.change_order_impact import ChangeOrderView
from amtui.services.money.rules import CO_DECIDED
from amtui.store.files import write_private as private_file

KIND_WORDS = {"add": "Addition to scope", "remove": "Removal from scope", "modify": "Change to scope"}


def _cell(text: str | None) -> str:
    """Any text from the book as literal Markdown on one line (:func:`amtui.core.inputs.md_text`)."""
    return md_text(" ".join((text or "").split())) or "—"


def _hours(minutes: int) -> str:
    return ("-" if minutes < 0 else "") + format_hours(abs(minutes)) if minutes else "0h"


def _signed_hours(minutes: int) -> str:
    return ("+" if minutes > 0 else "") + _hours(minutes)


def render(v: ChangeOrderView, *, agency: str | None, on: date) -> str:
    c, i = v.change_order, v.impact
    cur = i.currency
    lines: list[str] = [f"# Change order {c.number}: {_cell(c.title)}", ""]
    status = c.status
    if c.sent_on and c.status == "sent":
        status += f" (sent {c.sent_on.isoformat()}" + (f" to {_cell(c.sent_to)})" if c.sent_to else ")")
    elif c.decided_on and c.status in CO_DECIDED:
        verb = "rejected" if c.status == "rejected" else "approved"
        status += f" ({verb} {c.decided_on.isoformat()}" + (
            f" by {_cell(c.decided_by)})" if c.decided_by else ")"
        )
    lines += [
        "| | |",
        "| --- | --- |",
        f"| Agency | {_cell(agency or 'Your agency')} |",
        f"| Client | {_cell(c.account_name)} |",
        f"| Project | {_cell(c.project_name)} ({c.project}) |",
        f"| Change order | {c.number} · {KIND_WORDS.get(c.kind, c.kind)} |",
        f"| Date | {on.isoformat()} |",
        f"| Status | {status} |",
    ]
    if c.requested_by:
        lines.append(f"| Requested by | {_cell(c.requested_by)} |")
    lines += ["", "## What changes", "", f"{_cell(c.title)}.".replace("..", "."), ""]
    lines += ["## Why", "", c.reason.strip() if c.reason else "_No reason recorded._", ""]
    # Change orders approved before this one: part of the "before" figures.
    prior = i.budget_without_cents - i.original_budget_cents
    approved_note = (
        f" Change orders approved earlier ({format_money(prior, cur)}) stay in force." if prior else ""
    )
    lines += [
        "## What stays the same",
        "",
        f"Everything else in the agreed scope of {_cell(c.project_name)} — deliverables, rates, terms and "
        f"dates not named in this change order — stays as agreed.{approved_note}",
        "",
        "## Impact",
        "",
        "| | Before | With this change | Change |",
        "| --- | ---: | ---: | ---: |",
        f"| Fee | {format_money(i.budget_without_cents, cur)} | {format_money(i.budget_with_cents, cur)} "
        f"| {format_money(i.delta_cents, cur, signed=True)} |",
    ]
    if c.minutes:
        if i.minutes_without is not None and i.minutes_with is not None:
            before_h, after_h = _hours(i.minutes_without), _hours(i.minutes_with)
            lines.append(f"| Hours | {before_h} | {after_h} | {_signed_hours(c.minutes)} |")
        else:
            lines.append(f"| Hours | — | — | {_signed_hours(c.minutes)} |")
    if c.days:
        before = i.end_without.isoformat() if i.end_without else "—"
        after = i.end_with.isoformat() if i.end_with else "—"
        word = "day" if abs(c.days) == 1 else "days"
        lines.append(f"| End date | {before} | {after} | {c.days:+d} {word} |")
    else:
        lines.append("| Timeline | unchanged | unchanged | — |")
    lines += [
        "",
        "## Revised project total",
        "",
        f"Original fee {format_money(i.original_budget_cents, cur)}"
        + (f" + approved change orders {format_money(prior, cur)}" if prior else "")
        + f" {'+' if c.amount_cents >= 0 else '−'} this change order {format_money(abs(c.amount_cents), cur)}"
        + f" = **{format_money(i.budget_with_cents, cur)}**",
        "",
        "## Approval",
        "",
        f"Signing below approves {c.number} as described: the work, the fee and the timeline change above.",
        "",
        f"| | {_cell(c.account_name)} | {_cell(agency or 'Agency')} |",
        "| --- | --- | --- |",
        f"| Name | {_cell(c.decided_by or c.sent_to) if c.decided_by or c.sent_to else ' '} | |",
        "| Title | | |",
        "| Signature | | |",
        "| Date | | |",
        "",
    ]
    return "\n".join(lines)


def write_private(target: str | os.PathLike[str], text: str, *, force: bool = False) -> Path:
    """Write a client document readable only by its owner (0600): :func:`amtui.store.files.write_private`
    (an existing file only with ``force``, never through a link)."""
    return private_file(target, text, force=force).resolve()
