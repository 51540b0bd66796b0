"""What a new brief knows before the AM types a word: client, project, budget, dates, people.

Facts come from the book (the project, its approved change orders, the account's contacts); anything the book
cannot know is left as ``TBC`` so the placeholder check asks for it. Other capabilities add facts through
:func:`register_prefill` (KPI targets, milestones) without this module knowing about their tables.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from sqlmodel import Session, col, select

from amtui.core import clock
from amtui.core.inputs import md_text
from amtui.core.money import format_money
from amtui.services.briefs.facts import kpi_target_lines, timeline_lines
from amtui.services.clients.accounts import primary_left_unreplaced
from amtui.services.money.budget import current_budget
from amtui.services.money.rules import approved_change_orders
from amtui.store.models import Account, Contact, Project

# A hook returns Markdown lines per part of the brief: "kpis", "timeline", "budget", "header", "stakeholders".
PrefillHook = Callable[[Session, Project], dict[str, list[str]]]
_HOOKS: list[PrefillHook] = [kpi_target_lines]


def register_prefill(hook: PrefillHook) -> None:
    """Let another capability add lines to new briefs, e.g. KPI targets: ``{"kpis": ["- CPA ≤ $45"]}``."""
    if hook not in _HOOKS:
        _HOOKS.append(hook)


def kpi_lines(session: Session, project: Project) -> list[str]:
    """KPI targets for the project, from whatever capability registered them (KPI targets built in)."""
    return [ln for hook in _HOOKS for ln in hook(session, project).get("kpis", [])]


@dataclass(frozen=True)
class ApprovedChange:
    number: int
    title: str
    amount_cents: int
    decided_by: str | None
    decided_on: date | None


@dataclass(frozen=True)
class ProjectBudget:
    original_cents: int
    approved_changes_cents: int
    current_cents: int
    currency: str
    changes: list[ApprovedChange]


def project_budget(session: Session, project: Project, as_of: date | None = None) -> ProjectBudget:
    """Original budget plus the change orders approved as of ``as_of`` (default today), as
    :mod:`amtui.services.money.rules` counts them; the list says who approved what."""
    assert project.id is not None
    as_of = as_of or clock.today()
    # The one current budget (budget health's): a retainer set up by its fee counts fee × months, not $0.
    b = current_budget(session, project, as_of=as_of)
    changes = [
        ApprovedChange(co.number, co.title, co.amount_cents, co.decided_by, co.decided_on)
        for co in approved_change_orders(session, [project.id], as_of=as_of)
    ]
    return ProjectBudget(
        original_cents=b.original_cents,
        approved_changes_cents=b.approved_change_orders_cents,
        current_cents=b.current_cents,
        currency=project.currency,
        changes=changes,
    )


def _part_of(section: str) -> str | None:
    low = section.casefold()
    if "budget" in low:
        return "budget"
    if "timeline" in low or "milestone" in low:
        return "timeline"
    if "kpi" in low or "success metric" in low:
        return "kpis"
    if "stakeholder" in low or "approval" in low:
        return "stakeholders"
    if "client" in low or "contact" in low:
        return "header"
    return None


def prefill(session: Session, project: Project, today: date) -> dict[str, str]:
    """Markdown per part of the brief ("header", "budget", "timeline", "kpis", "stakeholders")."""
    acc = session.get(Account, project.account_id)
    assert acc is not None and project.id is not None and acc.id is not None
    contacts = list(
        session.exec(
            select(Contact)
            .where(Contact.account_id == acc.id, col(Contact.left_on).is_(None))
            .order_by(col(Contact.is_primary).desc(), Contact.name)
        )
    )
    primary = next((c for c in contacts if c.is_primary), None)
    gone = primary_left_unreplaced(session, acc.id)
    m = md_text  # names from the book as literal Markdown: never a heading, a link or raw HTML
    people = (
        ", ".join(f"{m(c.name)} ({m(c.role)})" if c.role else m(c.name) for c in contacts) or "none recorded"
    )
    if primary:
        prim = f"{m(primary.name)}, {m(primary.role)}" if primary.role else m(primary.name)
    else:
        prim = f"none set — {m(gone)} left" if gone else "none set"
    span = f"{_d(project.start_on)} → {_d(project.end_on)}"
    parts: dict[str, list[str]] = {
        "header": [
            f"- **Client:** {m(acc.name)}",
            f"- **Project:** {m(project.name)} ({acc.slug}/{project.slug})",
            f"- **Date:** {today.isoformat()}",
            f"- **Project dates:** {span}",
            f"- **Primary contact:** {prim}",
            f"- **Contacts:** {people}",
        ]
    }
    # The book's current budget, the figure the brief's checks hold it to (not as of a backdated ``today``).
    b = project_budget(session, project)
    money = lambda c: format_money(c, b.currency)  # noqa: E731
    budget = [f"- **Budget:** {money(b.current_cents)}"]
    if b.changes:
        budget.append(f"- **Original budget:** {money(b.original_cents)}")
        for ch in b.changes:
            who = f", approved by {m(ch.decided_by)}" if ch.decided_by else ""
            when = f" on {ch.decided_on.isoformat()}" if ch.decided_on else ""
            amount = format_money(ch.amount_cents, b.currency, signed=True)
            budget.append(f"- **CO-{ch.number}** {m(ch.title)}: {amount}{who}{when}")
    approvers = [ch.decided_by for ch in b.changes if ch.decided_by]
    budget.append(f"- **Approved by:** {m(approvers[-1]) if approvers else 'TBC'}")
    parts["budget"] = budget
    parts["timeline"] = timeline_lines(session, project)
    parts["stakeholders"] = [
        *(
            f"- {m(c.name)}"
            + (f", {m(c.role)}" if c.role else "")
            + (" (primary contact)" if c.is_primary else "")
            for c in contacts
        ),
    ]
    parts["kpis"] = []
    for hook in _HOOKS:
        for part, lines in hook(session, project).items():
            parts.setdefault(part, []).extend(lines)
    return {k: "\n".join(v) for k, v in parts.items() if v}


def prefill_sections(session: Session, project: Project, names: list[str], today: date) -> dict[str, str]:
    """Section name → prefilled body, for the template sections this module knows how to fill."""
    parts = prefill(session, project, today)
    out = {}
    for name in names:
        part = _part_of(name)
        if part and part in parts:
            out[name] = parts[part]
    return out


def _d(d: date | None) -> str:
    return d.isoformat() if d else "TBC"
