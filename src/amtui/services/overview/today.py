"""Today: what needs the account manager now, most urgent first.

Today is a registry of *attention providers*: functions ``(db, ctx) -> Iterable[AttentionItem]``
registered with :func:`provider`; :func:`attention` runs them all and sorts what they found. A capability adds
its own worry (overdue milestones, escalations, KPI misses …) with one decorated function in its own module,
listed in :data:`PROVIDER_MODULES` so it is imported when Today is read.

Every provider reads through the store's SQL runner (:mod:`amtui.store.sql`): on a session, on a plain
``sqlite3`` connection or on a team database's psycopg one (:class:`amtui.store.sql.TeamRead`). So the TUI's
first screen and ``amtui today`` read Today without loading SQLAlchemy, and importing this module, or a
provider's, loads no ORM.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Hashable, Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any, TypeVar

from amtui.core.config import Settings, settings
from amtui.services.clients.am import keep
from amtui.store.sql import Db, day, rows

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


Provider = Callable[[Db, TodayContext], Iterable[AttentionItem]]
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
    db: Db,
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
    items = [item for p in PROVIDERS for item in p(db, ctx)]
    return sorted(keep(db, items, am, lambda i: i.account), key=lambda i: i.sort_key)


def book_is_empty(db: Db) -> bool:
    """True while the book has no account at all (a new user's first start: Today says what to do)."""
    return not rows(db, "SELECT 1 FROM account LIMIT 1")


# ---------------------------------------------------------------------------------------------- providers


@provider
def stale_contacts(db: Db, ctx: TodayContext) -> Iterable[AttentionItem]:
    """Active accounts nobody has spoken to in ``stale_contact_days`` (or ever)."""
    days = ctx.settings.stale_contact_days
    found = rows(
        db,
        "SELECT a.slug, a.name, max(i.occurred_on) FROM account a "
        "LEFT JOIN interaction i ON i.account_id = a.id WHERE a.status = 'active' "
        "GROUP BY a.id, a.slug, a.name HAVING max(i.occurred_on) IS NULL OR max(i.occurred_on) <= ?",
        [(ctx.today - timedelta(days=days)).isoformat()],
    )
    for slug, name, last in found:
        last_on = day(last)
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
def renewals(db: Db, ctx: TodayContext) -> Iterable[AttentionItem]:
    """Contracts renewing within ``renewal_window_days``."""
    window = ctx.settings.renewal_window_days
    found = rows(
        db,
        "SELECT slug, name, renewal_on FROM account WHERE status = 'active' AND renewal_on IS NOT NULL "
        "AND renewal_on >= ? AND renewal_on <= ?",
        [ctx.today.isoformat(), (ctx.today + timedelta(days=window)).isoformat()],
    )
    for slug, name, renewal_on in found:
        on = day(renewal_on)
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
def primary_left(db: Db, ctx: TodayContext) -> Iterable[AttentionItem]:
    """Accounts whose primary contact left and nobody replaced them."""
    found = rows(
        db,
        "SELECT a.slug, a.name, c.name, c.left_on FROM account a "
        "JOIN (SELECT account_id, max(from_date) AS from_date FROM primary_contact_period "
        "GROUP BY account_id) latest ON latest.account_id = a.id "
        "JOIN primary_contact_period pcp ON pcp.account_id = a.id AND pcp.from_date = latest.from_date "
        "JOIN contact c ON c.id = pcp.contact_id "
        "WHERE a.status = 'active' AND c.left_on IS NOT NULL AND a.id NOT IN "
        "(SELECT account_id FROM contact WHERE is_primary AND left_on IS NULL)",
    )
    for slug, name, who, left in found:
        left_on = day(left)
        assert left_on is not None
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
def budget_health(db: Db, ctx: TodayContext) -> Iterable[AttentionItem]:
    """Projects at watch, at risk or over budget, and work done outside the approved scope."""
    from amtui.core.money import format_money
    from amtui.services.money.budget import book_health
    from amtui.services.money.budget_health import describe

    severity = {"over": "critical", "at-risk": "critical", "watch": "medium"}
    STATUS_WORDS = {"over": "is over budget", "at-risk": "is at risk", "watch": "needs watching"}  # noqa: N806
    for h in ctx.memo(("book_health", ctx.today), lambda: book_health(db, as_of=ctx.today)):
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
def change_orders_waiting(db: Db, ctx: TodayContext) -> Iterable[AttentionItem]:
    """Change orders with the client (sent), undecided for more than ``co_waiting_days``."""
    from amtui.core.money import format_money
    from amtui.services.money.rules import CO_TRANSITIONS

    limit = ctx.settings.co_waiting_days
    with_client, _ = CO_TRANSITIONS["approve"]  # what the client decides on
    found = rows(
        db,
        "SELECT c.number, a.slug, a.name, p.slug, c.title, c.amount_cents, p.currency, c.sent_on "
        "FROM change_order c JOIN project p ON p.id = c.project_id JOIN account a ON a.id = p.account_id "
        f"WHERE c.status IN ({', '.join('?' * len(with_client))}) AND c.sent_on IS NOT NULL "
        "AND c.sent_on < ? ORDER BY c.number DESC",
        [*with_client, (ctx.today - timedelta(days=limit)).isoformat()],
    )
    for number, account, account_name, project, title, amount_cents, currency, sent in found:
        sent_on = day(sent)
        assert sent_on is not None
        days = (ctx.today - sent_on).days
        ref = f"CO-{number}"
        yield AttentionItem(
            "high" if days > 2 * limit else "medium",
            "change-order-waiting",
            account,
            ref,
            f"{ref} has been with {account_name} for {days} days",
            f"{title} ({format_money(int(amount_cents), currency, signed=True, whole=True)}) "
            f"on {account}/{project}",
            "change-orders",
            ref,
            rank=-days,
        )


@provider
def money_owed(db: Db, ctx: TodayContext) -> Iterable[AttentionItem]:
    """Overdue invoices, and work the billing terms make billable by today that nobody has invoiced."""
    from amtui.core.money import format_money
    from amtui.services.money.invoice_read import list_invoices
    from amtui.services.money.reconcile import reconcile

    for inv in list_invoices(db, status="overdue", today=ctx.today):
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
    for r in ctx.memo(("reconcile", ctx.today), lambda: reconcile(db, as_of=ctx.today)).projects:
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
