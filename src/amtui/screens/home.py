"""Home: the accounts in the book, loaded in a worker."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from textual import work
from textual.app import ComposeResult
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Header, Static

if TYPE_CHECKING:
    from amtui.app import AmApp
    from amtui.services.accounts import AccountSummary


class HomeScreen(Screen[None]):
    """Lists accounts with their primary contact, last contact and renewal."""

    def compose(self) -> ComposeResult:
        yield Header(show_clock=False)
        yield Static("Accounts", classes="title")
        table: DataTable[str] = DataTable(id="accounts", cursor_type="row", zebra_stripes=True)
        table.loading = True
        yield table
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one("#accounts", DataTable)
        table.add_columns(
            "Account", "Name", "Contract", "Primary contact", "Last contact", "Renewal", "Projects"
        )
        self.load()

    @work(thread=True, exclusive=True, group="load")
    def load(self) -> None:
        from amtui.services.accounts import list_accounts

        app: AmApp = self.app  # type: ignore[assignment]
        with app.store.read() as session:
            rows = list_accounts(session)
        self.app.call_from_thread(self.show, rows)

    def show(self, rows: list[AccountSummary]) -> None:
        table = self.query_one("#accounts", DataTable)
        table.clear()
        today = date.today()
        for a in rows:
            last = f"{(today - a.last_contact_on).days}d ago" if a.last_contact_on else "never"
            table.add_row(
                a.slug,
                a.name,
                a.contract,
                a.primary_contact or "— none —",
                last,
                a.renewal_on.isoformat() if a.renewal_on else "—",
                str(a.projects),
                key=a.slug,
            )
        table.loading = False
