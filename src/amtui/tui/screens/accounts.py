"""Accounts: the book at a glance; Enter opens an account's detail."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import partial
from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.widgets import DataTable, Input, Static

from amtui.tui.messages import ScoresRead, fresh
from amtui.tui.screens.base import DataScreen
from amtui.tui.widgets.paged_table import PagedTable

if TYPE_CHECKING:
    from sqlmodel import Session

    from amtui.services.base.paging import Page
    from amtui.services.clients.accounts import AccountSummary
    from amtui.services.money.budget_health import ProjectHealth
    from amtui.tui.app import AmApp
    from amtui.tui.readcache import ReadCache


@dataclass(frozen=True)
class Money:
    """Per account, from the budget and reconcile services (the whole book's rollups, read once a load)."""

    #: The worst project's status, per account slug.
    health: dict[str, str]
    #: Σ actual / Σ current budget of the account's active projects.
    burn: dict[str, float]
    #: Delivered and not invoiced, per (account, currency).
    uninvoiced: dict[tuple[str, str], int]


def ago(today: date, when: date | None) -> Text:
    if when is None:
        return Text("never", style="red")
    days = (today - when).days
    style = "red" if days >= 14 else ("yellow" if days >= 7 else "")
    return Text("today" if days == 0 else f"{days}d ago", style=style)


class AccountsScreen(DataScreen):
    """Every active account: contract, health, burn, primary contact, last contact, renewal."""

    TITLE = "Accounts"
    AUTO_FOCUS = "#accounts"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "open", "Open", id="accounts.open"),
        Binding("slash", "filter", "Filter", id="accounts.filter"),
        Binding("n", "add", "New account", id="accounts.add"),
        Binding("g", "log", "Log entry", id="accounts.log"),
        Binding("R", "status_report", "Status report", id="accounts.status_report"),
        Binding("A", "am_filter", "AM", id="accounts.am_filter"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.money: Money | None = None
        #: The 0–100 health score and its band per account (amtui health's one measure), read after the
        #: money columns: "…" until then.
        self.scores: dict[str, tuple[int, str]] | None = None

    def body(self) -> ComposeResult:
        yield Static("Accounts", classes="title", id="accounts-title")
        yield Input(placeholder="filter accounts (name or slug) — / to focus", id="accounts-filter")
        yield Static("", id="accounts-empty", classes="empty-hint")
        yield PagedTable(self._add_row, id="accounts", cursor_type="row", zebra_stripes=True)

    def on_mount(self) -> None:
        self.table.add_columns(
            "Account", "Name", "Contract", "Health", "Budget", "Burn", "Uninvoiced", "Primary contact",
            "Last contact", "Renewal", "Projects", "AM",
        )  # fmt: skip

    @property
    def table(self) -> PagedTable:
        return self.query_one("#accounts", PagedTable)

    def reload(self) -> None:
        super().reload()
        self.table.load(self._fetcher(), keep=True)

    def _fetcher(self) -> partial[Page[AccountSummary]]:
        text = self.query_one("#accounts-filter", Input).value
        return partial(_page, text=text, am=self.am.am_filter, reads=self.am.reads)

    def fetch(self, session: Session) -> Money:
        """The money columns for every account (the list itself is read a page at a time by the table)."""
        return _money_columns(self.am, session, self.today)

    def show(self, data: Money) -> None:
        self.money = data
        # Scores read ahead (or by an earlier load of this generation) go in with the money: one fill.
        scores = self.am.reads.peek(_scores_key(self.today))
        if scores is not None:
            self.scores = scores
        self.table.refill()
        if scores is None:
            self._read_scores()

    @classmethod
    def prefetch(cls, app: AmApp, session: Session) -> None:
        """Read the first visit while the AM reads Today (called by the app's prewarm worker): the scores,
        the money columns and the first page, so the first visit shows them all in its first paint instead
        of computing them while the AM looks at the table."""
        from amtui.tui.widgets.paged_table import PAGE_SIZE

        today = app.today
        _scores(app, session, today)
        _money_columns(app, session, today)
        _page(session, 0, PAGE_SIZE, text="", am=None, reads=app.reads)

    def show_read_ahead(self) -> bool:
        """The first visit, when the prewarm read all of it (the unfiltered first page, the money columns
        and the scores of this generation of the book): filled now, before the first paint, with no worker
        and no second fill."""
        from amtui.tui.widgets.paged_table import PAGE_SIZE

        reads, today = self.am.reads, self.today
        fetch = self._fetcher()
        if fetch.keywords["text"].strip() or fetch.keywords["am"] is not None:
            return False
        page = reads.peek(_page_key(PAGE_SIZE))
        money = reads.peek(("accounts_money", today))
        scores = reads.peek(_scores_key(today))
        if page is None or money is None or scores is None:
            return False
        self.money, self.scores = money, scores
        self.table.show_first(fetch, page)
        return True

    @work(thread=True, exclusive=True, group="scores", exit_on_error=False)
    def _read_scores(self) -> None:
        """Every account's health score, read in the background after the money columns (or read ahead)."""
        with self.am.store.read() as session:
            scores = _scores(self.am, session, self.today)
        self.post_message(ScoresRead(scores))

    @on(ScoresRead)
    @fresh
    def _scores_read(self, message: ScoresRead) -> None:
        self.scores = message.scores
        self.table.refill()

    def _add_row(self, table: PagedTable, a: AccountSummary) -> None:
        m = self.money
        health = m.health.get(a.slug) if m else None
        score = self.scores.get(a.slug) if self.scores is not None else None
        burn = m.burn.get(a.slug) if m else None
        uninvoiced = m.uninvoiced.get((a.slug, a.currency), 0) if m else None
        table.add_row(
            a.slug,
            a.name,
            a.contract,
            _score(score, waiting=self.scores is None),
            Text(health or "—", style=HEALTH_STYLE.get(health or "", "dim")),
            f"{burn:.0%}" if burn is not None else "—",
            Text("—", style="dim") if uninvoiced is None else _money(uninvoiced, a.currency),
            Text(a.primary_contact) if a.primary_contact else Text("none", style="bold red"),
            ago(self.today, a.last_contact_on),
            a.renewal_on.isoformat() if a.renewal_on else "—",
            str(a.projects),
            a.am or "—",
            key=a.slug,
        )

    def on_paged_table_paged(self, event: PagedTable.Paged) -> None:
        self.query_one("#accounts-title", Static).update(f"Accounts · {event.label}{self.am_note()}")
        hint = ""
        if not event.total:
            typed = self.query_one("#accounts-filter", Input).value.strip() or self.am.am_filter
            hint = "No account matches the filter" if typed else "No accounts yet — press n to add one"
        self.query_one("#accounts-empty", Static).update(hint)

    def selected_slug(self) -> str | None:
        table = self.table
        if not table.row_count:
            return None
        key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key
        return str(key.value) if key.value is not None else None

    def on_input_changed(self, event: Input.Changed) -> None:
        if event.input.id == "accounts-filter":
            self.table.load_later(self._fetcher())

    def on_input_submitted(self, event: Input.Submitted) -> None:
        if event.input.id == "accounts-filter":
            self.table.load(self._fetcher())
            self.table.focus()

    def action_filter(self) -> None:
        self.query_one("#accounts-filter", Input).focus()

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.action_open()

    def action_open(self) -> None:
        slug = self.selected_slug()
        if slug:
            self.open_ref(slug)

    def open_ref(self, ref: str) -> None:
        """Open one account's detail (the target of Today lines and of the command palette)."""
        from amtui.tui.screens.account_detail import AccountDetailScreen

        self.app.push_screen(AccountDetailScreen(ref))

    def action_add(self) -> None:
        from amtui.tui.screens.book_forms import AccountForm

        self.app.push_screen(AccountForm())

    def action_log(self) -> None:
        from amtui.tui.screens.account_forms import InteractionForm

        slug = self.selected_slug()
        if slug:
            self.app.push_screen(InteractionForm(slug))

    def action_status_report(self) -> None:
        """The selected account's status report (client version first; v switches)."""
        from amtui.tui.screens.status_report import StatusReportScreen

        slug = self.selected_slug()
        if slug:
            self.app.push_screen(StatusReportScreen(slug))


HEALTH_STYLE = {"on-track": "green", "watch": "yellow", "at-risk": "red", "over": "bold red"}
BAND_STYLE = {"healthy": "green", "watch": "yellow", "at-risk": "red", "critical": "bold red"}


def _score(score: tuple[int, str] | None, *, waiting: bool) -> Text:
    if score is None:
        return Text("…" if waiting else "—", style="dim")
    return Text(f"{score[0]} {score[1]}", style=BAND_STYLE.get(score[1], ""))


def _scores_key(today: date) -> tuple[str, date]:
    return ("account_scores", today)


def _scores(app: AmApp, session: Session, today: date) -> dict[str, tuple[int, str]]:
    """Every account's health score for ``today``, from the app's read cache (the budget's project health
    is the memo the money columns use)."""
    from amtui.services.money.budget import book_health
    from amtui.services.overview.health import book_scores

    memo = app.reads.get
    projects = memo(("book_health", today), lambda: book_health(session, as_of=today))
    return memo(_scores_key(today), lambda: book_scores(session, today, projects))


def _money_columns(app: AmApp, session: Session, today: date) -> Money:
    """The money columns for ``today``, from the app's read cache (one computation per change of the book;
    the project health and the reconciliation are the memos Today and Budget use)."""

    def compute() -> Money:
        from amtui.services.money.budget import book_health
        from amtui.services.money.budget_health import STATUSES
        from amtui.services.money.reconcile import reconcile, uninvoiced_by_account

        memo = app.reads.get
        by_account: dict[str, list[ProjectHealth]] = {}
        for h in memo(("book_health", today), lambda: book_health(session, as_of=today)):
            by_account.setdefault(h.account, []).append(h)
        health, burn = {}, {}
        for slug, hs in by_account.items():
            # The account's health is its worst project's.
            health[slug] = max((h.status for h in hs), key=STATUSES.index)
            budget = sum(h.current_budget_cents for h in hs)
            if budget:
                burn[slug] = sum(h.actual_cents for h in hs) / budget
        # Billable under the terms and not invoiced, per account in the account's own currency: the same
        # figure Today and ``amtui reconcile`` give (one function).
        recon = memo(("reconcile", today), lambda: reconcile(session, as_of=today))
        return Money(health, burn, uninvoiced_by_account(recon))

    return app.reads.get(("accounts_money", today), compute)


def _money(cents: int, currency: str) -> str:
    from amtui.core.money import format_money

    return format_money(cents, currency, whole=True)


def _page_key(limit: int) -> tuple[str, int]:
    return ("accounts_page", limit)


def _page(
    session: Session,
    offset: int,
    limit: int,
    *,
    text: str,
    am: str | None,
    reads: ReadCache | None = None,
) -> Page[AccountSummary]:
    """A page of accounts; the unfiltered first page comes from the app's read cache (read ahead by
    :meth:`AccountsScreen.prefetch`, dropped on any write)."""
    from amtui.services.clients.accounts import page_accounts

    def read() -> Page[AccountSummary]:
        return page_accounts(session, text=text, am=am, offset=offset, limit=limit)

    if reads is not None and offset == 0 and not text.strip() and am is None:
        return reads.get(_page_key(limit), read)
    return read()
