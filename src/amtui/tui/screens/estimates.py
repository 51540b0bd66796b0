"""Estimates: every estimate (account, title, version, status, total, margin); the highlighted one's lines
(team or item, hours, rates, amount, cost, margin, contingency) and what changed since its previous version.

Every write goes through the services ``amtui estimate …`` calls (:mod:`amtui.services.estimates`): ``n`` a
new estimate, ``i`` a line, ``x`` (or Delete) removes the line under the lines' cursor, ``v`` a new version,
``s`` the statement of work to a file (the one writer, ``write_private``), ``y`` accepts it into a project.
The forms are in :mod:`amtui.tui.screens.estimate_forms`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.widgets import DataTable, Static

from amtui.core.errors import AmtuiError
from amtui.tui.messages import EstimateRead, Refused, Written, fresh
from amtui.tui.screens.base import DataScreen

if TYPE_CHECKING:
    from sqlmodel import Session

    from amtui.services.estimates.read import EstimateDetail, EstimateDiff, EstimateSummary

LIST_COLUMNS = ("ID", "Account", "Estimate", "Version", "Status", "Hours", "Total", "Margin")
LINE_COLUMNS = ("#", "Team or item", "Hours", "Bill/cost per h", "Amount", "Cost", "Margin", "%")
EMPTY = (
    "No estimates yet: press n to start one (an account, a title, a template such as launch); "
    "hours are priced from the rate card (amtui rate set creative --bill 165 --cost 70)"
)


def _money(cents: int | None, currency: str) -> str:
    from amtui.core.money import format_money

    return "" if cents is None else format_money(cents, currency)


def _pct(ratio: float | None) -> str:
    from amtui.services.money.budget_health import pct

    return pct(ratio)


def _hours(minutes: int | None) -> str:
    from amtui.core.dates import format_hours

    return format_hours(minutes) if minutes else ""


def totals_text(d: EstimateDetail) -> str:
    """The totals line under the lines, as ``amtui estimate show`` ends."""
    t = d.totals
    hours = f" · {_hours(t.minutes)}" if t.minutes else ""
    return (
        f"Total {_money(t.amount_cents, d.currency)}{hours} · cost {_money(t.cost_cents, d.currency)} · "
        f"margin {_money(t.margin_cents, d.currency)} ({_pct(t.margin_pct)})"
    )


def diff_text(d: EstimateDiff | None) -> str:
    """What changed since the previous version, a line per team or item, as ``estimate diff`` says it."""
    if d is None or d.from_version == d.to_version:
        return "v1: the first version, nothing to compare"
    head = f"v{d.from_version} → v{d.to_version}: "
    if not d.changes:
        return head + "the same lines and totals"
    parts = []
    for c in d.changes:
        mark = {"added": "+", "removed": "-", "changed": "~"}[c.change]
        hours = ""
        if c.minutes_before != c.minutes_after:
            hours = f" {_hours(c.minutes_before) or '—'} → {_hours(c.minutes_after) or '—'}"
        parts.append(
            f"  {mark} {c.name}{hours} · {_money(c.amount_before_cents, d.currency)} → "
            f"{_money(c.amount_after_cents, d.currency)}"
        )
    delta = d.total_after_cents - d.total_before_cents
    total = (
        f"  Total {_money(d.total_before_cents, d.currency)} → {_money(d.total_after_cents, d.currency)} "
        f"({'+' if delta > 0 else ''}{_money(delta, d.currency)}) · margin {_pct(d.margin_before_pct)} → "
        f"{_pct(d.margin_after_pct)}"
    )
    return "\n".join([head.rstrip(": ") + ":", *parts, total])


class EstimatesScreen(DataScreen):
    """The book's estimates; the highlighted one's lines and its diff below."""

    TITLE = "Estimates"
    LOADING_TARGET = "#estimates"
    AUTO_FOCUS = "#estimates"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "open", "Lines", id="estimates.open", show=False),
        Binding("n", "new", "New estimate", id="estimates.new"),
        Binding("i", "add_line", "Add line", id="estimates.add_line"),
        Binding("x,delete", "remove_line", "Remove line", id="estimates.remove_line"),
        Binding("v", "new_version", "New version", id="estimates.new_version"),
        Binding("s", "export", "Export SOW", id="estimates.export"),
        Binding("y", "accept", "Accept", id="estimates.accept"),
        Binding("dollar_sign", "rate", "Set a rate", id="estimates.rate"),
        Binding("escape", "back", "Back", id="estimates.back", show=False),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.rows: list[EstimateSummary] = []
        self.detail: EstimateDetail | None = None
        self.diff: EstimateDiff | None = None
        self._want: int | None = None

    def body(self) -> ComposeResult:
        yield Static("Estimates", id="est-title", classes="title")
        yield DataTable(id="estimates", cursor_type="row", zebra_stripes=True)
        yield Static("", id="est-empty", classes="empty-hint")
        yield Static("", id="est-head", classes="title")
        yield DataTable(id="est-lines", cursor_type="row", zebra_stripes=True)
        yield Static("", id="est-totals", classes="summary")
        yield Static("", id="est-diff", classes="summary")

    # ------------------------------------------------------------------------------------------ reads

    def fetch(self, session: Session) -> list[EstimateSummary]:
        from amtui.services.estimates.read import list_estimates

        return list_estimates(session)

    def show(self, data: list[EstimateSummary]) -> None:
        from amtui.services.estimates.read import ACCEPTED

        self.rows = data
        table: DataTable[Any] = self.query_one("#estimates", DataTable)
        keep = self._want or self.selected_id()
        table.clear(columns=True)
        table.add_columns(*LIST_COLUMNS)
        for e in data:
            status = e.status + (f" → {e.project}" if e.project and e.status == ACCEPTED else "")
            table.add_row(
                str(e.id),
                e.account,
                e.title,
                f"v{e.version}",
                status,
                Text(_hours(e.minutes), justify="right"),
                Text(_money(e.amount_cents, e.currency), justify="right"),
                Text(_pct(e.margin_pct), justify="right"),
                key=str(e.id),
            )
        ids = [e.id for e in data]
        if keep in ids:
            table.move_cursor(row=ids.index(keep))
            self._want = None
        drafts = sum(1 for e in data if e.status != ACCEPTED)
        self.query_one("#est-title", Static).update(
            f"Estimates · {len(data)} · {drafts} draft" if data else "Estimates"
        )
        self.query_one("#est-empty", Static).update("" if data else EMPTY)
        chosen = self.selected_id()
        if chosen is None:
            self._show_detail(None, None)
        else:
            self._load_detail(chosen)

    def selected_id(self) -> int | None:
        table: DataTable[Any] = self.query_one("#estimates", DataTable)
        if not table.row_count:
            return None
        key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
        return int(key) if key is not None else None

    def open_ref(self, ref: str) -> None:
        """Highlight one estimate (a palette command's target): its number."""
        from amtui.services.estimates.read import parse_id

        try:
            self._want = parse_id(ref)
        except AmtuiError:
            return
        if self.rows:
            self.show(self.rows)

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        if event.data_table.id == "estimates" and event.row_key.value is not None:
            self._load_detail(int(event.row_key.value))

    @work(thread=True, exclusive=True, group="estimate-detail", exit_on_error=False)
    def _load_detail(self, estimate_id: int) -> None:
        from amtui.services.estimates.read import detail, diff

        with self.am.store.read() as session:
            d = detail(session, estimate_id)
            changed = diff(session, estimate_id) if d.version > 1 else None
        self.post_message(EstimateRead(d, changed))

    @on(EstimateRead)
    @fresh
    def _estimate_read(self, message: EstimateRead) -> None:
        self._show_detail(message.detail, message.diff)

    def _show_detail(self, d: EstimateDetail | None, changed: EstimateDiff | None) -> None:
        from amtui.services.estimates.arithmetic import CONTINGENCY

        self.detail, self.diff = d, changed
        lines: DataTable[Any] = self.query_one("#est-lines", DataTable)
        keep = lines.cursor_row
        lines.clear(columns=True)
        lines.add_columns(*LINE_COLUMNS)
        head = self.query_one("#est-head", Static)
        if d is None:
            head.update("")
            self.query_one("#est-totals", Static).update("")
            self.query_one("#est-diff", Static).update("")
            return
        project = f" · {d.project}" if d.project else ""
        head.update(
            f"Estimate {d.id} · {d.title} · {d.account}{project} · {d.status} · v{d.version} of "
            f"{len(d.versions)} · {d.billing} · priced on {d.on_date.isoformat()}"
        )
        for ln in d.shown_lines:
            rate = (
                f"{_money(ln.bill_rate_cents, d.currency)}/{_money(ln.cost_rate_cents, d.currency)}"
                if ln.bill_rate_cents is not None
                else ""
            )
            lines.add_row(
                str(ln.seq) if ln.kind != CONTINGENCY else "",
                ln.name,
                Text(_hours(ln.minutes), justify="right"),
                Text(rate, justify="right"),
                Text(_money(ln.amount_cents, d.currency), justify="right"),
                Text(_money(ln.cost_cents, d.currency), justify="right"),
                Text(_money(ln.margin_cents, d.currency), justify="right"),
                Text(_pct(ln.margin_pct), justify="right"),
                key=str(ln.seq) if ln.kind != CONTINGENCY else CONTINGENCY,
            )
        if lines.row_count:
            lines.move_cursor(row=min(keep, lines.row_count - 1))
        locked = " · accepted: locked (start a new estimate to change it)" if d.locked else ""
        none = "No lines yet: press i to add a team's hours or a fixed-price item · " if not d.lines else ""
        self.query_one("#est-totals", Static).update(none + totals_text(d) + locked)
        self.query_one("#est-diff", Static).update(diff_text(changed))

    def selected_line(self) -> int | None:
        """The line number (``estimate line rm``'s N) under the lines' cursor; None on contingency."""
        lines: DataTable[Any] = self.query_one("#est-lines", DataTable)
        if not lines.row_count:
            return None
        key = lines.coordinate_to_cell_key(lines.cursor_coordinate).row_key.value
        return int(key) if key is not None and str(key).isdigit() else None

    # ------------------------------------------------------------------------------------------ actions

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        if event.data_table.id == "estimates":
            self.action_open()

    def action_open(self) -> None:
        """Enter: to the highlighted estimate's lines (Escape or Tab goes back to the list)."""
        if self.detail is not None:
            self.query_one("#est-lines", DataTable).focus()

    def action_back(self) -> None:
        lines = self.query_one("#est-lines", DataTable)
        if lines.has_focus:
            self.query_one("#estimates", DataTable).focus()
        elif len(self.app.screen_stack) > 1:
            self.app.pop_screen()

    def _draft(self) -> EstimateDetail | None:
        """The highlighted estimate when it can still change (else a notification says why not)."""
        d = self.detail
        if d is None:
            self.notify("No estimate here: press n to start one", severity="warning")
            return None
        if d.locked:
            self.notify(
                f"Estimate {d.id} was accepted (v{d.accepted_version}); it is locked: start a new estimate",
                severity="error",
            )
            return None
        return d

    def action_rate(self) -> None:
        """A team's rates on the rate card (``amtui rate set``): what new estimates are priced at."""
        from amtui.tui.screens.rate_media_forms import RateForm

        self.app.push_screen(RateForm())

    def action_new(self) -> None:
        from amtui.tui.screens.estimate_forms import NewEstimateForm

        self.app.push_screen(NewEstimateForm(), self._after_form)

    def action_add_line(self) -> None:
        from amtui.tui.screens.estimate_forms import LineForm

        d = self._draft()
        if d is not None:
            self.app.push_screen(LineForm(d.id), self._after_form)

    def action_export(self) -> None:
        from amtui.tui.screens.estimate_forms import ExportForm

        if self.detail is None:
            self.notify("No estimate here: press n to start one", severity="warning")
            return
        self.app.push_screen(ExportForm(self.detail.id))

    def action_accept(self) -> None:
        from amtui.tui.screens.estimate_forms import AcceptForm

        d = self._draft()
        if d is not None:
            self.app.push_screen(AcceptForm(d.id, d.project or ""), self._after_form)

    def _after_form(self, said: str | None) -> None:
        if said:
            self._want = self.selected_id() if self._want is None else self._want

    def action_remove_line(self) -> None:
        from amtui.tui.screens.confirm import ConfirmModal

        d = self._draft()
        if d is None:
            return
        seq = self.selected_line()
        if seq is None:
            self.notify("Highlight a line first (Enter goes to the lines)", severity="warning")
            return
        ln = d.lines[seq - 1]

        def answered(yes: bool | None) -> None:
            if yes:
                self._write("remove", d.id, seq)

        self.app.push_screen(
            ConfirmModal(
                f"Remove line {seq} ({ln.name}, {_money(ln.amount_cents, d.currency)}) from estimate {d.id}?",
                detail="The lines after it move up; u takes it back.",
                yes="Remove",
            ),
            answered,
        )

    def action_new_version(self) -> None:
        d = self._draft()
        if d is not None:
            self._write("version", d.id, 0)

    @work(thread=True, exclusive=False, group="estimate-write", exit_on_error=False)
    def _write(self, what: str, estimate_id: int, seq: int) -> None:
        from amtui.services.estimates import service
        from amtui.store import unit_of_work

        command = (
            f"tui: estimate line rm {estimate_id} {seq}"
            if what == "remove"
            else f"tui: estimate version {estimate_id}"
        )
        try:
            with unit_of_work(self.am.store, command) as uow:
                if what == "remove":
                    gone, d = service.remove_line(uow, estimate_id, seq)
                    said = f"Estimate {d.id} v{d.version}: removed {gone.name} · {totals_text(d)}"
                else:
                    d = service.new_version(uow, estimate_id)
                    said = f"Estimate {d.id}: v{d.version} started from v{d.version - 1} · {totals_text(d)}"
            self.am.note_written(uow.batch_id)
        except AmtuiError as exc:
            self.post_message(Refused(str(exc), title="Not saved"))
            return
        self.post_message(Written(said))

    @on(Written)
    @fresh
    def _written(self, message: Written) -> None:
        self.notify(message.summary, title="Saved")
        self.reload()
        self.am.data_changed()
