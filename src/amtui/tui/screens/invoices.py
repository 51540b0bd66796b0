"""Invoices: every invoice by status, overdue first — what each bills, amount, paid, still due, due date —
filtered by account (``/``) and status (``f``); Enter opens one (its payments and credit notes). Raise, send,
pay, credit and void are the book forms (:mod:`amtui.tui.screens.book_forms`), the same services as
``amtui invoice …``."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any, ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import DataTable, Header, Input, Static

from amtui.tui.messages import ScreenRead, fresh
from amtui.tui.screens.base import ListScreen, error_text
from amtui.tui.widgets.key_bar import KeyBar
from amtui.tui.widgets.paged_table import PAGE_SIZE, PagedTable

if TYPE_CHECKING:
    from sqlmodel import Session

    from amtui.services.base.paging import Page
    from amtui.services.money.invoice_book import InvoiceDetail
    from amtui.services.money.invoices import InvoiceInfo
    from amtui.tui.readcache import ReadCache
    from amtui.tui.widgets.paged_table import Fetch

STATUS_STYLE = {"overdue": "bold red", "partly paid": "yellow", "issued": "", "draft": "cyan", "void": "dim"}
#: The invoice actions: key, action, and what the key line says.
ACTIONS = (("s", "send", "Send"), ("y", "pay", "Pay"), ("k", "credit", "Credit"), ("v", "void", "Void"))


class InvoicesScreen(ListScreen):
    """Every invoice and credit note, overdue first; the highlighted one's actions on single keys."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "open", "Open", id="invoices.open"),
        Binding("n", "raise_invoice", "Raise", id="invoices.raise"),
        *(Binding(k, f"act('{a}')", label, id=f"invoices.{a}") for k, a, label in ACTIONS),
        Binding("slash", "filter", "Account", id="invoices.filter"),
        Binding("f", "status", "Status", id="invoices.status"),
        Binding("f5", "reload", "Reload", id="invoices.reload"),
        Binding("escape", "back", "Back", id="invoices.back"),
    ]

    def __init__(self, *, today: date | None = None) -> None:
        super().__init__(today=today)
        #: The status shown (None: every one); ``f`` steps through ``invoice list --status``'s choices.
        self.status: str | None = None

    @property
    def table(self) -> PagedTable:
        return self.query_one("#invoices", PagedTable)

    @property
    def rows(self) -> list[InvoiceInfo]:
        """The invoices shown (the pages read so far)."""
        return self.table.items

    def compose(self) -> ComposeResult:
        yield Header(show_clock=False)
        yield Static("Invoices", id="invoices-title", classes="title")
        yield Input(placeholder="filter by account (name or slug) — / to focus", id="invoices-filter")
        yield Static("", id="invoices-empty", classes="empty-hint")
        yield PagedTable(self._add_row, id="invoices", cursor_type="row", zebra_stripes=True)
        yield KeyBar()

    def on_mount(self) -> None:
        self.table.add_columns(
            "Number", "Account", "Project", "Status", "Amount", "Paid", "Due", "Due date", "Bills"
        )
        self.table.focus()
        self.load()

    @classmethod
    def prefetch(cls, app: Any, session: Session) -> None:
        """Read the first visit's page while the AM reads Today (called by the app's prewarm worker)."""
        _page(session, 0, PAGE_SIZE, today=app.today, account="", status=None, reads=app.reads)

    def _fetcher(self) -> Fetch:
        from functools import partial

        text = self.query_one("#invoices-filter", Input).value
        return partial(_page, today=self.today, account=text, status=self.status, reads=self.app.reads)

    def load(self, *, keep: bool = True) -> None:
        self.table.load(self._fetcher(), keep=keep)

    def action_reload(self) -> None:
        self.load()

    def action_status(self) -> None:
        from amtui.services.money.rules import INVOICE_LISTABLE

        choices: list[str | None] = [None, *INVOICE_LISTABLE]
        self.status = choices[(choices.index(self.status) + 1) % len(choices)]
        self.load(keep=False)

    def action_filter(self) -> None:
        self.query_one("#invoices-filter", Input).focus()

    def on_input_changed(self, event: Input.Changed) -> None:
        if event.input.id == "invoices-filter":
            self.table.load_later(self._fetcher())

    def on_input_submitted(self, event: Input.Submitted) -> None:
        if event.input.id == "invoices-filter":
            self.table.load(self._fetcher())
            self.table.focus()

    def on_paged_table_paged(self, event: PagedTable.Paged) -> None:
        from amtui.services.money.rules import INVOICE_WORDS

        shown = f" · {INVOICE_WORDS[self.status]}" if self.status else ""
        self.query_one("#invoices-title", Static).update(f"Invoices{shown} · {event.label}")
        hint = ""
        if not event.total:
            filtered = self.status or self.query_one("#invoices-filter", Input).value.strip()
            hint = (
                "No invoice matches — f changes the status, / the account"
                if filtered
                else "No invoices yet — press n to raise one"
            )
        self.query_one("#invoices-empty", Static).update(hint)

    def _add_row(self, table: PagedTable, i: InvoiceInfo) -> None:
        from amtui.core.money import format_money
        from amtui.services.money.rules import invoice_word

        word = invoice_word(i.status, i.overdue)
        table.add_row(
            i.number,
            i.account,
            i.project.partition("/")[2],
            Text(word, style=STATUS_STYLE.get(word, "")),
            format_money(i.amount_cents, i.currency),
            format_money(i.paid_cents, i.currency) if i.paid_cents else "",
            format_money(i.balance_cents, i.currency) if i.balance_cents else "",
            i.due_on.isoformat() if i.due_on else "—",
            f"credits {i.credit_of}" if i.credit_of else _bills(i),
            key=i.number,
        )

    # ------------------------------------------------------------------------------------------ actions

    def selected(self) -> InvoiceInfo | None:
        table = self.table
        if not table.row_count:
            return None
        key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
        return next((i for i in self.rows if i.number == key), None)

    def open_ref(self, ref: str) -> None:
        """Put the cursor on the invoice ``ref`` (a palette command or a Today line opened this screen)."""
        self.table.show_key(ref.upper())

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.action_open()

    def action_open(self) -> None:
        inv = self.selected()
        if inv is not None:
            self.app.push_screen(InvoiceDetailScreen(inv.number, today=self.today), self._after_detail)

    def _after_detail(self, action: str | None) -> None:
        if action:
            self.action_act(action)

    def action_raise_invoice(self) -> None:
        from amtui.tui.screens.book_forms import InvoiceForm

        inv = self.selected()
        self.app.push_screen(InvoiceForm(inv.project if inv else ""))

    def action_act(self, action: str) -> None:
        """Send, pay, credit or void the highlighted invoice (the form says why, when it cannot be)."""
        from amtui.tui.screens.book_forms import InvoiceActionForm

        inv = self.selected()
        if inv is None:
            self.notify("No invoice highlighted: press n to raise one", severity="warning")
            return
        self.app.push_screen(InvoiceActionForm(inv.number, action, inv))


class InvoiceDetailScreen(ModalScreen[str | None]):
    """One invoice: what it bills, its figures, the payments received and the credit notes against it."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "close", "Close", id="invoice.close"),
        *(Binding(k, f"act('{a}')", label, id=f"invoice.{a}") for k, a, label in ACTIONS),
    ]

    def __init__(self, number: str, *, today: date) -> None:
        super().__init__(classes="brief-modal")
        self.number, self.today = number, today
        self.detail: InvoiceDetail | None = None

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="invoice-dialog"):
            yield Static(f"{self.number} …", id="invoice-detail")
            yield Static("s send · y pay · k credit · v void · Esc close", classes="muted", id="invoice-keys")

    def on_mount(self) -> None:
        self._read()

    @work(thread=True, exclusive=True, group="invoice", exit_on_error=False)
    def _read(self) -> None:
        from amtui.services.money.invoice_book import invoice_detail

        with self.app.store.read() as session:  # type: ignore[attr-defined]
            self.post_message(ScreenRead(invoice_detail(session, self.number, today=self.today)))

    @on(ScreenRead)
    @fresh
    def _shown(self, message: ScreenRead) -> None:
        self.detail = message.data
        self.query_one("#invoice-detail", Static).update(detail_text(message.data))

    def on_worker_state_changed(self, event: object) -> None:
        from textual.worker import Worker, WorkerState

        worker = getattr(event, "worker", None)
        if isinstance(worker, Worker) and worker.state == WorkerState.ERROR:
            text = f"Could not read {self.number}: {error_text(worker.error)}"
            self.query_one("#invoice-detail", Static).update(text)

    def action_close(self) -> None:
        self.dismiss(None)

    def action_act(self, action: str) -> None:
        self.dismiss(action)


def detail_text(d: InvoiceDetail) -> str:
    """The detail as the modal shows it (plain text with Rich markup)."""
    from amtui.core.money import format_money
    from amtui.services.money.rules import invoice_word

    i = d.invoice

    def m(cents: int) -> str:
        return format_money(cents, i.currency)

    kind = f"credit note against {i.credit_of}" if i.credit_of else "invoice"
    lines = [
        f"[b]{i.number}[/b] · {kind} · {invoice_word(i.status, i.overdue)} · {i.project}",
        f"Amount {m(i.amount_cents)} · dated {i.issued_on.isoformat()}"
        + (f" · due {i.due_on.isoformat()}" if i.due_on else ""),
    ]
    bills = _bills(i)
    lines.append(f"Bills: {bills}" if bills else "Bills: the project (no month, period or change order)")
    if i.sent_on:
        lines.append(f"Sent {i.sent_on.isoformat()}")
    if i.voided_on:
        lines.append(f"Void {i.voided_on.isoformat()}" + (f": {i.void_reason}" if i.void_reason else ""))
    if not i.credit_of:
        lines.append(
            f"Paid {m(i.paid_cents)} · credited {m(i.credited_cents)} · still due {m(i.balance_cents)}"
        )
    lines.append("")
    lines.append("[b]Payments[/b]" if d.payments else "No payments")
    lines += [f"  {p.paid_on.isoformat()}  {m(p.amount_cents)}" for p in d.payments]
    lines.append("[b]Credit notes[/b]" if d.credits else "No credit notes")
    lines += [
        f"  {c.number}  {c.issued_on.isoformat()}  {m(c.amount_cents)}  {invoice_word(c.status, False)}"
        for c in d.credits
    ]
    return "\n".join(lines)


def _bills(i: InvoiceInfo) -> str:
    from amtui.services.money.invoice_book import bills

    return bills(i)


def _page(
    session: Session,
    offset: int,
    limit: int,
    *,
    today: date,
    account: str,
    status: str | None,
    reads: ReadCache | None = None,
) -> Page[InvoiceInfo]:
    """A page of invoices; the unfiltered first page comes from the app's read cache (read ahead by
    :meth:`InvoicesScreen.prefetch`, dropped on any write)."""
    from amtui.services.money.invoice_book import page_invoices

    def read() -> Page[InvoiceInfo]:
        return page_invoices(session, today=today, account=account, status=status, offset=offset, limit=limit)

    if reads is not None and offset == 0 and not account.strip() and status is None:
        return reads.get(("invoices", today, limit), read)
    return read()
