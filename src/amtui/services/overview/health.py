"""Account health: one 0–100 score per account that says what cost it points.

The score starts at 100; each factor costs at most its weight (from the ``[health]`` table of the config
file). Every factor is listed — with what it measured and what it cost — so the number is never a mystery.
Budget variance and unapproved scope come from :mod:`amtui.services.money.budget`, overdue milestones from
:mod:`amtui.services.timeline.milestones`. Open risks count by severity × probability, more as the renewal
nears; missing KPI results are "unknown" (not measured, no cost); an account with no contacts, or no
primary, pays the primary-contact weight.

History: :func:`snapshot` stores one score per account per day; :func:`account_health` returns the trend.

Longer than 400 lines because every factor reads the book its own way, and the score is only explainable
when all of them sit beside the weights that price them.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, timedelta
from typing import TYPE_CHECKING

from sqlalchemy import func
from sqlmodel import Session, col, select

from amtui.core import clock
from amtui.core.errors import InputError
from amtui.services.base.refs import get_account
from amtui.services.money.budget_health import ProjectHealth
from amtui.store.models import (
    Account,
    ChangeOrder,
    Contact,
    Escalation,
    HealthSnapshot,
    Interaction,
    Project,
)
from amtui.store.uow import UnitOfWork

if TYPE_CHECKING:
    from amtui.services.timeline.read import MilestoneInfo

DEFAULT_WEIGHTS: dict[str, int] = {
    "budget": 20,
    "scope": 15,
    "milestones": 15,
    "escalations": 30,
    "risks": 25,
    "kpi": 15,
    "contact": 10,
    "primary_left": 10,
    "renewal": 10,
}
SEVERITY_POINTS = {"low": 2, "medium": 5, "high": 10, "critical": 20}
MAX_PROBABILITY = 5
KPI_WINDOW_DAYS = 30


@dataclass(frozen=True)
class BookFacts:
    """What the factors read from the book, for one account or for every account at once (a list of
    scores reads each of these once, not once per account). Keyed by account id, milestones by slug."""

    #: Change orders with the client for longer than ``co_waiting_days``: (how many, their sum).
    waiting: dict[int, tuple[int, int]]
    #: Overdue milestones (as the timeline lists them), by account slug.
    late: dict[str, list[MilestoneInfo]]
    #: Open escalations and risks opened on or before the date.
    open_items: dict[int, list[Escalation]]
    #: The last interaction on or before the date.
    last_contact: dict[int, date]
    #: Every contact, former ones included.
    contacts: dict[int, list[Contact]]
    #: The primary contact who left unreplaced, by name.
    primary_gone: dict[int, str]


def book_facts(session: Session, as_of: date, account: Account | None = None) -> BookFacts:
    """Read :class:`BookFacts` for ``account``, or for the whole book when it is None."""
    from amtui.core.config import settings
    from amtui.services.clients.accounts import primaries_left_unreplaced
    from amtui.services.timeline.milestones import list_milestones

    one = account.id if account is not None else None
    stale_before = as_of - timedelta(days=settings().co_waiting_days)
    waiting_q = (
        select(Project.account_id, func.count(), func.coalesce(func.sum(ChangeOrder.amount_cents), 0))
        .join(ChangeOrder, col(ChangeOrder.project_id) == col(Project.id))
        .where(ChangeOrder.status == "sent", col(ChangeOrder.sent_on) <= stale_before)
        .group_by(col(Project.account_id))
    )
    items_q = select(Escalation).where(Escalation.status == "open", Escalation.opened_on <= as_of)
    contact_q = (
        select(Interaction.account_id, func.max(Interaction.occurred_on))
        .where(Interaction.occurred_on <= as_of)
        .group_by(col(Interaction.account_id))
    )
    contacts_q = select(Contact)
    if one is not None:
        waiting_q = waiting_q.where(Project.account_id == one)
        items_q = items_q.where(Escalation.account_id == one)
        contact_q = contact_q.where(Interaction.account_id == one)
        contacts_q = contacts_q.where(Contact.account_id == one)
    late: dict[str, list[MilestoneInfo]] = {}
    for m in list_milestones(session, account.slug if account else None, overdue=True, today=as_of):
        late.setdefault(m.account, []).append(m)
    open_items: dict[int, list[Escalation]] = {}
    for e in session.exec(items_q):
        open_items.setdefault(e.account_id, []).append(e)
    contacts: dict[int, list[Contact]] = {}
    for c in session.exec(contacts_q):
        contacts.setdefault(c.account_id, []).append(c)
    return BookFacts(
        waiting={aid: (int(n), int(total)) for aid, n, total in session.exec(waiting_q)},
        late=late,
        open_items=open_items,
        last_contact={aid: on for aid, on in session.exec(contact_q) if on is not None},
        contacts=contacts,
        primary_gone=primaries_left_unreplaced(session, None if one is None else [one]),
    )


@dataclass(frozen=True)
class HealthFactor:
    key: str
    label: str
    cost: int
    weight: int
    detail: str
    measured: bool = True


@dataclass(frozen=True)
class TrendPoint:
    on: date
    score: int


@dataclass(frozen=True)
class AccountHealth:
    account: str
    name: str
    as_of: date
    score: int
    band: str  # healthy | watch | at-risk
    factors: list[HealthFactor]
    trend: list[TrendPoint]
    change: int | None  # against the latest earlier snapshot
    previous_on: date | None


def weights() -> dict[str, int]:
    """Weights from the config file's ``[health]`` table, defaults for the rest."""
    from amtui.core.config import settings

    raw = settings().raw.get("health", {})
    if not isinstance(raw, dict):
        raise InputError("config [health] must be a table of weights, e.g. escalations = 30")
    out = dict(DEFAULT_WEIGHTS)
    for k, v in raw.items():
        if k not in DEFAULT_WEIGHTS:
            raise InputError(
                f"config [health] has an unknown factor {k!r}; known: {', '.join(DEFAULT_WEIGHTS)}"
            )
        if not isinstance(v, int) or isinstance(v, bool) or not 0 <= v <= 100:
            raise InputError(f"config [health] {k} must be a whole number from 0 to 100, not {v!r}")
        out[k] = v
    return out


def band(score: int) -> str:
    return "healthy" if score >= 75 else "watch" if score >= 50 else "at-risk"


def factor_line(f: HealthFactor) -> str:
    """One factor as ``amtui health ACCOUNT`` and the account screen both print it: ``-12  Budget: …``."""
    cost = f"-{f.cost}" if f.cost else "  0"
    return f"{cost:>4}  {f.label}: {f.detail}"


def _money(cents: int, currency: str) -> str:
    from amtui.core.money import format_money

    return format_money(cents, currency, whole=True)


# ---------------------------------------------------------------------------------------------- factors


def _budget(projects: list[ProjectHealth], acc: Account, w: int) -> HealthFactor:
    """The worst project's variance (EAC over current budget): 20% over, or actuals past budget, cost all."""
    judged = [p for p in projects if p.variance_pct is not None or p.status == "over"]
    if not judged:
        return HealthFactor("budget", "Budget variance", 0, w, "no active projects with a budget")

    def badness(p: ProjectHealth) -> float:
        return 1.0 if p.status == "over" else min(1.0, max(0.0, (p.variance_pct or 0.0) / 0.20))

    worst = max(judged, key=badness)
    share = badness(worst)
    if share <= 0:
        return HealthFactor("budget", "Budget variance", 0, w, f"{len(judged)} project(s) on track")
    var = f"EAC {worst.variance_pct:+.0%}" if worst.variance_pct is not None else "actuals past budget"
    return HealthFactor(
        "budget", "Budget variance", round(w * share), w, f"{worst.project} {var} ({worst.status})"
    )


def _scope(facts: BookFacts, acc: Account, projects: list[ProjectHealth], w: int) -> HealthFactor:
    """Unapproved scope (as the budget service defines it) plus change orders waiting too long."""
    waiting_n, waiting_sum = facts.waiting.get(acc.id or 0, (0, 0))
    budget = sum(p.current_budget_cents for p in projects)
    uncovered = sum(p.unapproved_scope_cents for p in projects)
    exposed = uncovered + int(waiting_sum)
    if exposed <= 0:
        return HealthFactor("scope", "Unapproved scope", 0, w, "no unapproved scope")
    share = exposed / (budget * 0.10) if budget else 1.0
    parts = []
    if uncovered:
        parts.append(f"{_money(uncovered, acc.currency)} of work without an approved change order")
    if waiting_n:
        parts.append(
            f"{waiting_n} change order(s) worth {_money(int(waiting_sum), acc.currency)} with the client"
        )
    return HealthFactor("scope", "Unapproved scope", round(w * min(1.0, share)), w, "; ".join(parts))


def _milestones(facts: BookFacts, acc: Account, w: int) -> HealthFactor:
    """Overdue milestones: 5 points each plus 1 per week of the worst delay."""
    late = facts.late.get(acc.slug, [])
    if not late:
        return HealthFactor("milestones", "Overdue milestones", 0, w, "none overdue")
    worst = max(late, key=lambda m: m.overdue_days)
    cost = min(w, 5 * len(late) + worst.overdue_days // 7)
    detail = f"{len(late)} overdue (worst: {worst.name}, {worst.project}, {worst.overdue_days}d late)"
    return HealthFactor("milestones", "Overdue milestones", cost, w, detail)


def _escalations(facts: BookFacts, acc: Account, as_of: date, w: int) -> HealthFactor:
    rows = [e for e in facts.open_items.get(acc.id or 0, []) if e.kind == "escalation"]
    if not rows:
        return HealthFactor("escalations", "Open escalations", 0, w, "none open")
    points = 0
    worst = max(rows, key=lambda e: SEVERITY_POINTS.get(e.severity, 0))
    overdue = 0
    for e in rows:
        points += SEVERITY_POINTS.get(e.severity, 5) + (as_of - e.opened_on).days // 7
        if e.due_on is not None and e.due_on < as_of:
            overdue += 1
            points += 3
    oldest = max((as_of - e.opened_on).days for e in rows)
    detail = f"{len(rows)} open (worst {worst.severity}, oldest {oldest}d"
    detail += f", {overdue} overdue)" if overdue else ")"
    return HealthFactor("escalations", "Open escalations", min(w, points), w, detail)


def _risks(facts: BookFacts, acc: Account, as_of: date, w: int) -> HealthFactor:
    """Open risks: severity points × probability / 5, weighed up as the renewal nears (up to twice the
    points on the renewal date, from the start of the renewal window)."""
    from amtui.core.config import settings

    found = [e for e in facts.open_items.get(acc.id or 0, []) if e.kind != "escalation"]
    if not found:
        return HealthFactor("risks", "Open risks", 0, w, "none open")
    window = settings().renewal_window_days
    nearness = 0.0
    renewal = ""
    if acc.renewal_on is not None and window > 0:
        days = (acc.renewal_on - as_of).days
        if 0 <= days <= window:
            nearness = 1 - days / window
            renewal = f", renewal in {days}d"
    points = sum(SEVERITY_POINTS.get(e.severity, 5) * e.probability / MAX_PROBABILITY for e in found)
    cost = min(w, round(points * (1 + nearness)))
    worst = max(found, key=lambda e: (SEVERITY_POINTS.get(e.severity, 0), e.probability))
    detail = f"{len(found)} open (worst {worst.severity}, probability {worst.probability}/5{renewal})"
    return HealthFactor("risks", "Open risks", cost, w, detail)


def _attainment(session: Session, as_of: date) -> dict[str, tuple[int, int]]:
    from amtui.services.growth.performance import attainment_by_account

    return attainment_by_account(session, as_of - timedelta(days=KPI_WINDOW_DAYS - 1), as_of)


def _kpi(
    session: Session, acc: Account, as_of: date, w: int, attainment: dict[str, tuple[int, int]] | None = None
) -> HealthFactor:
    met, judged = (attainment if attainment is not None else _attainment(session, as_of)).get(
        acc.slug, (0, 0)
    )
    if not judged:
        # Unknown, not a penalty: no target, or no results imported for the window.
        return HealthFactor(
            "kpi",
            "KPI attainment",
            0,
            w,
            "unknown: no targets with results in the last 30 days",
            measured=False,
        )
    missed = judged - met
    return HealthFactor(
        "kpi", "KPI attainment", round(w * missed / judged), w, f"{met} of {judged} targets met (30 days)"
    )


def _contact(facts: BookFacts, acc: Account, as_of: date, w: int) -> HealthFactor:
    from amtui.core.config import settings

    stale = settings().stale_contact_days
    last = facts.last_contact.get(acc.id or 0)
    if last is None:
        return HealthFactor("contact", "Days since last contact", w, w, "never contacted")
    days = (as_of - last).days
    if days <= stale:
        return HealthFactor("contact", "Days since last contact", 0, w, f"{days}d ago")
    cost = round(w * min(1.0, (days - stale) / stale))
    return HealthFactor("contact", "Days since last contact", cost, w, f"{days}d ago (over {stale}d)")


def _primary(facts: BookFacts, acc: Account, as_of: date, w: int) -> HealthFactor:
    """No one to call is a risk: no contacts at all, no current primary, or a primary who left unreplaced."""
    assert acc.id is not None
    gone = facts.primary_gone.get(acc.id)
    if gone:
        return HealthFactor("primary_left", "Primary contact", w, w, f"{gone} left; no new primary contact")
    current = [c for c in facts.contacts.get(acc.id, []) if c.left_on is None or c.left_on > as_of]
    if not current:
        return HealthFactor("primary_left", "Primary contact", w, w, "no contacts")
    if not any(c.is_primary for c in current):
        return HealthFactor(
            "primary_left", "Primary contact", w, w, f"no primary among {len(current)} contact(s)"
        )
    return HealthFactor("primary_left", "Primary contact", 0, w, "in place")


def _renewal(acc: Account, as_of: date, w: int) -> HealthFactor:
    from amtui.core.config import settings

    window = settings().renewal_window_days
    if acc.renewal_on is None:
        return HealthFactor("renewal", "Renewal proximity", 0, w, "no renewal date")
    days = (acc.renewal_on - as_of).days
    if days > window:
        return HealthFactor("renewal", "Renewal proximity", 0, w, f"in {days}d")
    if days < 0:
        return HealthFactor("renewal", "Renewal proximity", w, w, f"renewal date passed {-days}d ago")
    return HealthFactor("renewal", "Renewal proximity", round(w * (1 - days / window)), w, f"in {days}d")


def factors(
    session: Session,
    acc: Account,
    as_of: date,
    *,
    projects: list[ProjectHealth] | None = None,
    attainment: dict[str, tuple[int, int]] | None = None,
    facts: BookFacts | None = None,
    w: dict[str, int] | None = None,
) -> list[HealthFactor]:
    """Every factor of one account's score. A caller scoring the whole book passes what is read once for
    every account (the budget's project health, the KPI attainment, :func:`book_facts`, the weights): the
    same figures, read once."""
    from amtui.services.money.budget import book_health as budget_health

    w = w if w is not None else weights()
    if projects is None:
        projects = budget_health(session, account=acc.slug, as_of=as_of)
    if facts is None:
        facts = book_facts(session, as_of, acc)
    return [
        _budget(projects, acc, w["budget"]),
        _scope(facts, acc, projects, w["scope"]),
        _milestones(facts, acc, w["milestones"]),
        _escalations(facts, acc, as_of, w["escalations"]),
        _risks(facts, acc, as_of, w["risks"]),
        _kpi(session, acc, as_of, w["kpi"], attainment),
        _contact(facts, acc, as_of, w["contact"]),
        _primary(facts, acc, as_of, w["primary_left"]),
        _renewal(acc, as_of, w["renewal"]),
    ]


# ---------------------------------------------------------------------------------------------- results


def _trend(session: Session, account_id: int, as_of: date, limit: int = 12) -> list[TrendPoint]:
    rows = session.exec(
        select(col(HealthSnapshot.taken_on), col(HealthSnapshot.score))
        .where(HealthSnapshot.account_id == account_id, HealthSnapshot.taken_on <= as_of)
        .order_by(col(HealthSnapshot.taken_on).desc())
        .limit(limit)
    )
    return [TrendPoint(on, score) for on, score in reversed(list(rows))]


def _health(session: Session, acc: Account, as_of: date) -> AccountHealth:
    assert acc.id is not None
    fs = factors(session, acc, as_of)
    score = max(0, 100 - sum(f.cost for f in fs))
    trend = _trend(session, acc.id, as_of)
    earlier = [t for t in trend if t.on < as_of]
    return AccountHealth(
        account=acc.slug,
        name=acc.name,
        as_of=as_of,
        score=score,
        band=band(score),
        factors=fs,
        trend=trend,
        change=score - earlier[-1].score if earlier else None,
        previous_on=earlier[-1].on if earlier else None,
    )


def account_health(session: Session, slug: str, as_of: date | None = None) -> AccountHealth:
    """One account's score, its factors (what each cost) and its trend — for ``account show`` and screens."""
    return _health(session, get_account(session, slug), as_of or clock.today())


def book_health(session: Session, as_of: date | None = None) -> list[AccountHealth]:
    """Every active account, least healthy first."""
    day = as_of or clock.today()
    accs = session.exec(select(Account).where(Account.status != "archived").order_by(Account.slug))
    return sorted((_health(session, a, day) for a in accs), key=lambda h: (h.score, h.account))


def book_scores(
    session: Session, as_of: date, projects: list[ProjectHealth] | None = None
) -> dict[str, tuple[int, str]]:
    """Every active account's score and band, by slug — the number :func:`account_health` gives, for a list
    (no trend, no factor text kept). ``projects`` is the whole book's budget health for ``as_of`` when the
    caller has it already (the TUI reads it once for every screen)."""
    from amtui.services.money.budget import book_health as budget_health

    by_account: dict[str, list[ProjectHealth]] = {}
    for p in projects if projects is not None else budget_health(session, as_of=as_of):
        by_account.setdefault(p.account, []).append(p)
    attainment = _attainment(session, as_of)
    facts, w = book_facts(session, as_of), weights()
    out: dict[str, tuple[int, str]] = {}
    for acc in session.exec(select(Account).where(Account.status != "archived")):
        fs = factors(
            session,
            acc,
            as_of,
            projects=by_account.get(acc.slug, []),
            attainment=attainment,
            facts=facts,
            w=w,
        )
        score = max(0, 100 - sum(f.cost for f in fs))
        out[acc.slug] = (score, band(score))
    return out


def snapshot(uow: UnitOfWork, as_of: date | None = None) -> list[AccountHealth]:
    """Store today's score per active account (a second snapshot the same day replaces the first)."""
    s = uow.session
    day = as_of or clock.today()
    result = book_health(s, day)
    for h in result:
        acc = get_account(s, h.account)
        row = s.exec(
            select(HealthSnapshot).where(HealthSnapshot.account_id == acc.id, HealthSnapshot.taken_on == day)
        ).first()
        payload = json.dumps([{"key": f.key, "cost": f.cost, "detail": f.detail} for f in h.factors])
        if row is None:
            assert acc.id is not None
            row = HealthSnapshot(account_id=acc.id, taken_on=day, score=h.score, factors=payload)
        else:
            row.score, row.factors = h.score, payload
        s.add(row)
    s.flush()
    return book_health(s, day)


def record_history(uow: UnitOfWork, account: str, points: list[tuple[date, int]]) -> int:
    """Store past scores (the demo's history; an import of scores kept elsewhere)."""
    s = uow.session
    acc = get_account(s, account)
    assert acc.id is not None
    for on, score in points:
        if not 0 <= score <= 100:
            raise InputError(f"a health score is from 0 to 100, not {score}")
        s.add(HealthSnapshot(account_id=acc.id, taken_on=on, score=score, factors="[]"))
    s.flush()
    return len(points)
