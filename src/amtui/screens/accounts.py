"""Accounts: the book at a glance; Enter opens an account's detail."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any, ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.widgets import DataTable, Input, Static

from amtui.screens.base import DataScreen

if TYPE_CHECKING:
    from sqlmodel import Session

    from amtui.services.accounts import AccountSummary
    from amtui.services.budget import ProjectHealth


@dataclass(frozen=True)
class AccountRow:
    summary: AccountSummary
    #: Money figures appear once the budget services are in the book (None: not known).
    health: str | None = None
    burn: float | None = None
    uninvoiced_cents: int | None = None


def ago(today: date, when: date | None) -> Text:
    if when is None:
        return Text("never", style="red")
    days = (today - when).days
    style = "red" if days >= 14 else ("yellow" if days >= 7 else "")
    return Text("today" if days == 0 else f"{days}d ago", style=style)


class AccountsScreen(DataScreen):
    """Every active account: contract, health, burn, primary contact, last contact, renewal."""

    TITLE = "Accounts"
    LOADING_TARGET = "#accounts"
    AUTO_FOCUS = "#accounts"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "open", "Open", id="accounts.open"),
        Binding("slash", "filter", "Filter", id="accounts.filter"),
        Binding("n", "log", "Log entry", id="accounts.log"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.rows: list[AccountRow] = []

    def body(self) -> ComposeResult:
        yield Static("Accounts", classes="title", id="accounts-title")
        yield Input(placeholder="filter accounts (name or slug) — / to focus", id="accounts-filter")
        yield DataTable(id="accounts", cursor_type="row", zebra_stripes=True)

    def on_mount(self) -> None:
        self.query_one("#accounts", DataTable).add_columns(
            "Account", "Name", "Contract", "Health", "Burn", "Uninvoiced", "Primary contact",
            "Last contact", "Renewal", "Projects",
        )  # fmt: skip
        super().on_mount()

    def fetch(self, session: Session) -> list[AccountRow]:
        from amtui.services.accounts import list_accounts
        from amtui.services.budget import STATUSES, book_health
        from amtui.services.reconcile import reconcile

        today, memo = self.today, self.am.reads.get
        by_account: dict[str, list[ProjectHealth]] = {}
        for h in memo(("book_health", today), lambda: book_health(session, as_of=today)):
            by_account.setdefault(h.account, []).append(h)
        # Delivered and not invoiced, per account in the account's own currency (reconcile's SQL rollups).
        uninvoiced: dict[tuple[str, str], int] = {}
        for r in memo(("reconcile", today), lambda: reconcile(session, as_of=today)).projects:
            key = (r.account, r.currency)
            uninvoiced[key] = uninvoiced.get(key, 0) + r.uninvoiced_cents
        rows = []
        for a in list_accounts(session):
            hs = by_account.get(a.slug, [])
            budget = sum(h.current_budget_cents for h in hs)
            rows.append(
                AccountRow(
                    a,
                    # The account's health is its worst project's.
                    health=max((h.status for h in hs), key=STATUSES.index) if hs else None,
                    burn=sum(h.actual_cents for h in hs) / budget if budget else None,
                    uninvoiced_cents=uninvoiced.get((a.slug, a.currency), 0),
                )
            )
        return rows

    def show(self, data: list[AccountRow]) -> None:
        self.rows = data
        self._fill()

    def _fill(self) -> None:
        table: DataTable[Any] = self.query_one("#accounts", DataTable)
        needle = self.query_one("#accounts-filter", Input).value.strip().lower()
        cursor_key = self.selected_slug()
        table.clear()
        for r in self.rows:
            a = r.summary
            if needle and needle not in a.slug and needle not in a.name.lower():
                continue
            table.add_row(
                a.slug,
                a.name,
                a.contract,
                Text(r.health or "—", style=HEALTH_STYLE.get(r.health or "", "dim")),
                f"{r.burn:.0%}" if r.burn is not None else "—",
                Text("—", style="dim")
                if r.uninvoiced_cents is None
                else _money(r.uninvoiced_cents, a.currency),
                Text(a.primary_contact) if a.primary_contact else Text("none", style="bold red"),
                ago(self.today, a.last_contact_on),
                a.renewal_on.isoformat() if a.renewal_on else "—",
                str(a.projects),
                key=a.slug,
            )
        if cursor_key is not None and cursor_key in {r.summary.slug for r in self.rows}:
            try:
                table.move_cursor(row=table.get_row_index(cursor_key))
            except Exception:  # noqa: BLE001 - the row was filtered away
                pass
        self.query_one("#accounts-title", Static).update(f"Accounts ({table.row_count})")

    def selected_slug(self) -> str | None:
        table: DataTable[Any] = self.query_one("#accounts", DataTable)
        if not table.row_count:
            return None
        key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key
        return str(key.value) if key.value is not None else None

    def on_input_changed(self, event: Input.Changed) -> None:
        if event.input.id == "accounts-filter":
            self._fill()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        if event.input.id == "accounts-filter":
            self.query_one("#accounts", DataTable).focus()

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
        from amtui.screens.account_detail import AccountDetailScreen

        self.app.push_screen(AccountDetailScreen(ref))

    def action_log(self) -> None:
        from amtui.screens.account_forms import InteractionForm

        slug = self.selected_slug()
        if slug:
            self.app.push_screen(InteractionForm(slug))


HEALTH_STYLE = {"on-track": "green", "watch": "yellow", "at-risk": "red", "over": "bold red"}


def _money(cents: int, currency: str) -> str:
    from amtui.money import format_money

    return format_money(cents, currency, whole=True)
