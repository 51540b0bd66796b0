"""Today: what needs the account manager now, most urgent first.

Today is a registry of *attention providers*: functions ``(session, ctx) -> Iterable[AttentionItem]``
registered with :func:`provider`; :func:`attention` runs them all and sorts what they found. A capability adds
its own worry (overdue milestones, escalations, KPI misses …) with one decorated function in its own module,
listed in :data:`PROVIDER_MODULES` so it is imported when Today is read.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Hashable, Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any, TypeVar

from sqlalchemy import func
from sqlalchemy import select as sa_select
from sqlmodel import Session, col, select

from amtui.core.config import Settings, settings
from amtui.services.clients.am import keep
from amtui.store.models import Account, Contact, Interaction, PrimaryContactPeriod

#: Most urgent first. ``critical``: money or the relationship is being lost now; ``high``: will be soon;
#: ``medium``: needs a decision this week; ``low``: good to know ahead of time.
SEVERITIES = ("critical", "high", "medium", "low")
T = TypeVar("T")


def direct(_key: Hashable, compute: Callable[[], T]) -> T:
    """No cache (the CLI, tests): compute every time. The TUI passes its shared read cache instead."""
    return compute()


@dataclass(frozen=True)
class AttentionItem:
    """One thing that needs the AM. ``target``/``target_id`` name the screen and the row that opens it."""

    severity: str
    kind: str
    account: str
    ref: str
    title: str
    detail: str
    target: str
    target_id: str
    #: Order inside a severity: smaller comes first (e.g. minus days overdue, days until a renewal).
    rank: int = 0

    @property
    def sort_key(self) -> tuple[int, int, str, str]:
        return (SEVERITIES.index(self.severity), self.rank, self.account, self.title)


@dataclass(frozen=True)
class TodayContext:
    today: date
    settings: Settings = field(default_factory=settings)
    #: ``memo(key, compute)``: whole-book reads the TUI shares between screens (see amtui.tui.readcache).
    memo: Callable[[Hashable, Callable[[], Any]], Any] = direct


Provider = Callable[[Session, TodayContext], Iterable[AttentionItem]]
PROVIDERS: list[Provider] = []

#: Modules whose import registers more providers (each capability appends its module here).
PROVIDER_MODULES: list[str] = [
    "amtui.services.overview.today_delivery",
    "amtui.services.overview.today_followups",
    "amtui.services.overview.today_estimates",
]


def provider(fn: Provider) -> Provider:
    """Register ``fn`` as an attention provider (use as a decorator)."""
    if fn not in PROVIDERS:
        PROVIDERS.append(fn)
    return fn


def attention(
    session: Session,
    *,
    today: date,
    config: Settings | None = None,
    memo: Callable[[Hashable, Callable[[], Any]], Any] = direct,
    am: str | None = None,
) -> list[AttentionItem]:
    """Everything every provider found (about one AM's accounts, with ``am``), most urgent first."""
    for name in PROVIDER_MODULES:
        importlib.import_module(name)
    ctx = TodayContext(today=today, settings=config or settings(), memo=memo)
    items = [item for p in PROVIDERS for item in p(session, ctx)]
    return sorted(keep(session, items, am, lambda i: i.account), key=lambda i: i.sort_key)


# ---------------------------------------------------------------------------------------------- providers


@provider
def stale_contacts(session: Session, ctx: TodayContext) -> Iterable[AttentionItem]:
    """Active accounts nobody has spoken to in ``stale_contact_days`` (or ever)."""
    days = ctx.settings.stale_contact_days
    last = func.max(Interaction.occurred_on)
    q = (
        select(Account.slug, Account.name, last)
        .join(Interaction, col(Interaction.account_id) == Account.id, isouter=True)
        .where(Account.status == "active")
        .group_by(col(Account.id))
        .having((last.is_(None)) | (last <= ctx.today - timedelta(days=days)))
    )
    for slug, name, last_on in session.exec(q):
        if last_on is None:
            yield AttentionItem(
                "medium",
                "stale-contact",
                slug,
                slug,
                f"No contact with {name} yet",
                "no interaction logged",
                "account",
                slug,
                rank=-10_000,
            )
            continue
        ago = (ctx.today - last_on).days
        yield AttentionItem(
            "medium",
            "stale-contact",
            slug,
            slug,
            f"No contact with {name} in {ago} days",
            f"last on {last_on.isoformat()}",
            "account",
            slug,
            rank=-ago,
        )


@provider
def renewals(session: Session, ctx: TodayContext) -> Iterable[AttentionItem]:
    """Contracts renewing within ``renewal_window_days``."""
    window = ctx.settings.renewal_window_days
    q = sa_select(col(Account.slug), col(Account.name), col(Account.renewal_on)).where(
        col(Account.status) == "active",
        col(Account.renewal_on).is_not(None),
        col(Account.renewal_on) >= ctx.today,
        col(Account.renewal_on) <= ctx.today + timedelta(days=window),
    )
    for slug, name, on in session.execute(q):
        assert on is not None
        days = (on - ctx.today).days
        severity = "high" if days <= 14 else "low"
        yield AttentionItem(
            severity,
            "renewal",
            slug,
            slug,
            f"{name} renews in {days} days",
            f"renewal on {on.isoformat()}",
            "account",
            slug,
            rank=days,
        )


@provider
def primary_left(session: Session, ctx: TodayContext) -> Iterable[AttentionItem]:
    """Accounts whose primary contact left and nobody replaced them."""
    current = select(Contact.account_id).where(Contact.is_primary, col(Contact.left_on).is_(None))
    latest = (
        select(PrimaryContactPeriod.account_id, func.max(PrimaryContactPeriod.from_date).label("from_date"))
        .group_by(col(PrimaryContactPeriod.account_id))
        .subquery()
    )
    q = (
        sa_select(col(Account.slug), col(Account.name), col(Contact.name), col(Contact.left_on))
        .join(latest, latest.c.account_id == Account.id)
        .join(
            PrimaryContactPeriod,
            (col(PrimaryContactPeriod.account_id) == Account.id)
            & (col(PrimaryContactPeriod.from_date) == latest.c.from_date),
        )
        .join(Contact, col(Contact.id) == PrimaryContactPeriod.contact_id)
        .where(
            col(Account.status) == "active",
            col(Contact.left_on).is_not(None),
            col(Account.id).not_in(current),
        )
    )
    for slug, name, who, left_on in session.execute(q):
        ago = (ctx.today - left_on).days
        yield AttentionItem(
            "high",
            "primary-left",
            slug,
            slug,
            f"{name} has no primary contact",
            f"{who} left {ago} days ago ({left_on.isoformat()}); nobody replaced them",
            "account",
            slug,
            rank=-ago,
        )


@provider
def budget_health(session: Session, ctx: TodayContext) -> Iterable[AttentionItem]:
    """Projects at watch, at risk or over budget, and work done outside the approved scope."""
    from amtui.core.money import format_money
    from amtui.services.money.budget import book_health
    from amtui.services.money.budget_health import describe

    severity = {"over": "critical", "at-risk": "critical", "watch": "medium"}
    STATUS_WORDS = {"over": "is over budget", "at-risk": "is at risk", "watch": "needs watching"}  # noqa: N806
    for h in ctx.memo(("book_health", ctx.today), lambda: book_health(session, as_of=ctx.today)):
        if h.status in severity:
            yield AttentionItem(
                severity[h.status],
                "budget",
                h.account,
                h.project,
                f"{h.name} {STATUS_WORDS[h.status]}",
                describe(h),
                "budget",
                h.project,
                rank=-int((h.variance_pct or 0) * 1000),
            )
        if h.unapproved_scope_cents > 0:
            amount = format_money(h.unapproved_scope_cents, h.currency, whole=True)
            yield AttentionItem(
                "high",
                "unapproved-scope",
                h.account,
                h.project,
                f"{amount} of unapproved scope on {h.name}",
                "work outside the approved budget: draft a change order",
                "budget",
                h.project,
                rank=-h.unapproved_scope_cents,
            )


@provider
def change_orders_waiting(session: Session, ctx: TodayContext) -> Iterable[AttentionItem]:
    """Change orders with the client, undecided for more than ``co_waiting_days``."""
    from amtui.core.money import format_money
    from amtui.services.money.change_orders import list_change_orders

    limit = ctx.settings.co_waiting_days
    for c in list_change_orders(session, status="sent"):
        if c.sent_on is None:
            continue
        days = (ctx.today - c.sent_on).days
        if days <= limit:
            continue
        yield AttentionItem(
            "high" if days > 2 * limit else "medium",
            "change-order-waiting",
            c.account,
            c.number,
            f"{c.number} has been with {c.account_name} for {days} days",
            f"{c.title} ({format_money(c.amount_cents, c.currency, signed=True, whole=True)}) on {c.project}",
            "change-orders",
            c.number,
            rank=-days,
        )


@provider
def money_owed(session: Session, ctx: TodayContext) -> Iterable[AttentionItem]:
    """Overdue invoices, and work the billing terms make billable by today that nobody has invoiced."""
    from amtui.core.money import format_money
    from amtui.services.money.invoices import list_invoices
    from amtui.services.money.reconcile import reconcile

    for inv in list_invoices(session, status="overdue", today=ctx.today):
        late = (ctx.today - inv.due_on).days if inv.due_on else 0
        yield AttentionItem(
            "critical",
            "invoice-overdue",
            inv.account,
            inv.number,
            f"Invoice {inv.number} is {late} days overdue",
            f"{format_money(inv.balance_cents, inv.currency, whole=True)} outstanding on {inv.project}",
            "invoice",  # Enter opens the Invoices screen on it: pay, credit or chase it from there
            inv.number,
            rank=-late,
        )
    # The same figure as the Accounts screen and ``amtui reconcile``: what the terms make billable by today
    # and no invoice bills yet (one function, :mod:`amtui.services.money.position`).
    for r in ctx.memo(("reconcile", ctx.today), lambda: reconcile(session, as_of=ctx.today)).projects:
        owed = r.uninvoiced_cents
        if owed <= 0:
            continue
        cos = f" (incl. {', '.join(r.uninvoiced_change_orders)})" if r.uninvoiced_change_orders else ""
        yield AttentionItem(
            "high",
            "uninvoiced",
            r.account,
            r.project,
            f"{format_money(owed, r.currency, whole=True)} of {r.name} not invoiced",
            f"billable by {ctx.today.isoformat()} under its terms{cos}: {r.billable_basis}",
            "budget",
            r.project,
            rank=-owed,
        )
