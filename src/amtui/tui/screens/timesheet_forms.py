"""The Timesheet's modals: the entries of one cell, and the form that corrects one entry (``time edit``)."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any, ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Label, OptionList, Static
from textual.widgets.option_list import Option

from amtui.tui.screens.actual_forms import TEAMS, _warnings, typed_hours
from amtui.tui.screens.forms import FormScreen
from amtui.tui.widgets.fields import ChoiceInput, DateInput, FormField, HoursInput, MoneyInput, TextInput

if TYPE_CHECKING:
    from amtui.services.money.entry_edits import TimeChanged
    from amtui.services.money.timesheet import TimeRow
    from amtui.store import UnitOfWork


def describe_entry(e: TimeRow) -> str:
    """``time entry #12 (2h30m on helios/search, 2026-11-24)``."""
    from amtui.core.dates import format_hours

    return f"time entry #{e.id} ({format_hours(e.minutes)} on {e.project}, {e.entry_date.isoformat()})"


def deleted_line(c: TimeChanged) -> str:
    """What a delete tells the user (its warnings as the CLI's, one line each)."""
    from amtui.core.money import format_money

    e = c.entry
    return f"Deleted {describe_entry(e)}, {format_money(e.amount_cents, e.currency)}" + _warnings(c.warnings)


def _entry_line(e: TimeRow, invoice: str | None) -> str:
    from amtui.core.dates import format_hours

    bits = [f"#{e.id}", format_hours(e.minutes), e.person or "—", e.team or "—"]
    bits.append("billable" if e.billable else "non-billable")
    if e.out_of_scope:
        bits.append("out of scope")
    if invoice:
        bits.append(f"billed by {invoice}")
    return " · ".join(bits) + (f" · {e.note}" if e.note else "")


class CellEntries(ModalScreen[tuple[str, "TimeRow"] | None]):
    """One cell's entries: Enter edits the highlighted one, ``x`` deletes it (after a question)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "close", "Close", id="cell.close"),
        Binding("x,delete", "delete", "Delete", id="cell.delete"),
    ]

    def __init__(self, project: str, on: date, entries: list[TimeRow], invoiced: dict[int, str]) -> None:
        super().__init__(classes="brief-modal")
        self.project, self.on, self.entries, self.invoiced = project, on, entries, invoiced

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(f"{self.project} · {self.on:%a %d %b %Y}", classes="question")
            yield OptionList(
                *(Option(_entry_line(e, self.invoiced.get(e.id)), id=str(e.id)) for e in self.entries),
                id="cell-entries",
            )
            yield Static("Enter edits · x deletes · Esc closes", classes="muted")

    def on_mount(self) -> None:
        ol = self.query_one("#cell-entries", OptionList)
        ol.highlighted = 0
        ol.focus()

    def _highlighted(self) -> TimeRow | None:
        i = self.query_one("#cell-entries", OptionList).highlighted
        return self.entries[i] if i is not None and i < len(self.entries) else None

    @on(OptionList.OptionSelected, "#cell-entries")
    def _edit(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.dismiss(("edit", self.entries[event.option_index]))

    def action_delete(self) -> None:
        e = self._highlighted()
        if e is not None:
            self.dismiss(("delete", e))

    def action_close(self) -> None:
        self.dismiss(None)


def _yes(flag: bool) -> str:
    return "yes" if flag else "no"


class EditTimeForm(FormScreen):
    """``amtui time edit ID --hours … --date … --rate … --note … --team … --person … --billable/--non-billable
    --in-scope/--out-of-scope``, prefilled with the entry as it is."""

    def __init__(self, entry: TimeRow, invoice: str | None = None) -> None:
        super().__init__()
        self.entry, self.invoice = entry, invoice
        self.TITLE_TEXT = f"Edit {describe_entry(entry)}"

    def fields(self) -> list[FormField]:
        from amtui.core.money import cents_to_decimal_str

        e = self.entry
        return [
            FormField("Hours", HoursInput(value=typed_hours(e.minutes), id="hours", required=True)),
            FormField(
                "When",
                DateInput(
                    value=e.entry_date.isoformat(), id="on", today=lambda: self.am.today, required=True
                ),
            ),
            FormField("Note", TextInput(value=e.note or "", id="note")),
            FormField("Team (optional)", ChoiceInput(TEAMS, value=e.team or "", id="team", what="team")),
            FormField("Who (optional)", TextInput(value=e.person or "", id="person")),
            FormField("Rate", MoneyInput(value=cents_to_decimal_str(e.rate_cents), id="rate", required=True)),
            FormField(
                "Billable? (yes / no)", ChoiceInput(("yes", "no"), value=_yes(e.billable), id="billable")
            ),
            FormField(
                "In scope? (yes / no)",
                ChoiceInput(("yes", "no"), value=_yes(not e.out_of_scope), id="in_scope"),
            ),
        ]

    def preview(self, values: dict[str, Any]) -> str | None:
        if self.invoice is None:
            return None
        return f"{self.invoice} already billed this entry's period and is not changed by an edit"

    def command_text(self, values: dict[str, Any]) -> str:
        return f"tui: time edit {self.entry.id}"

    def save(self, uow: UnitOfWork, values: dict[str, Any]) -> str:
        from amtui.services.money.budget_health import describe
        from amtui.services.money.entry_edits import edit_time

        c = edit_time(
            uow,
            self.entry.id,
            minutes=values["hours"],
            on=values["on"],
            rate_cents=values["rate"],
            note=values["note"] or "",
            team=values["team"] or "",
            person=values["person"] or "",
            billable=values["billable"] != "no",
            out_of_scope=values["in_scope"] == "no",
            today=self.am.today,
        )
        return f"Edited time entry #{c.entry.id}: {'; '.join(c.changes)} · {describe(c.health)}" + _warnings(
            c.warnings
        )
