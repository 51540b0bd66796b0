"""The account screen's edits: change the account, a contact, a project or a log entry where it is listed,
delete a log entry, archive the account (each the one-liner's service, recorded as its one-liner).

Enter on a row of Contacts, Projects, Open follow-ups or the Interaction log opens its edit form (``z``
snoozes the highlighted follow-up); ``d`` edits the account,
``J`` the highlighted project, ``P`` / ``L`` make the highlighted contact primary / say they left, ``x``
deletes the highlighted log entry and ``X`` archives the account, each after a question. A delete refuses
when the entry changed since the screen showed it, as every edit form does.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from textual import on
from textual.widgets import DataTable

from amtui.tui.screens.base import DataScreen
from amtui.tui.widgets.paged_table import PagedTable

if TYPE_CHECKING:
    from amtui.services.clients.accounts import ContactInfo, InteractionInfo
    from amtui.services.clients.followups import FollowUpInfo
    from amtui.store import UnitOfWork
    from amtui.tui.screens.account_detail import DetailData


class AccountEdits(DataScreen):
    """Mixed into :class:`~amtui.tui.screens.account_detail.AccountDetailScreen` (which gives ``slug`` and
    keeps the last ``data`` it showed)."""

    slug: str
    data: DetailData | None = None

    # ------------------------------------------------------------------------------------ the rows

    def _highlighted_contact(self) -> ContactInfo | None:
        table: DataTable[Any] = self.query_one("#contacts", DataTable)
        contacts = self.data.detail.contacts if self.data else []
        row = table.cursor_row
        return contacts[row] if table.row_count and 0 <= row < len(contacts) else None

    def _highlighted_project(self) -> str | None:
        table: DataTable[Any] = self.query_one("#projects", DataTable)
        if not table.row_count:
            return None
        key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
        return str(key) if key is not None else None

    def _highlighted_entry(self) -> InteractionInfo | None:
        table = self.query_one("#interactions", PagedTable)
        row = table.cursor_row
        return table.items[row] if table.row_count and 0 <= row < len(table.items) else None

    @on(DataTable.RowSelected, "#contacts")
    def _edit_contact(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.action_contact("edit")

    @on(DataTable.RowSelected, "#projects")
    def _edit_project(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.action_edit_project()

    def _highlighted_follow_up(self) -> FollowUpInfo | None:
        table: DataTable[Any] = self.query_one("#follow-ups", DataTable)
        follow_ups = self.data.follow_ups if self.data else []
        row = table.cursor_row
        return follow_ups[row] if table.row_count and 0 <= row < len(follow_ups) else None

    @on(DataTable.RowSelected, "#follow-ups")
    def _edit_follow_up(self, event: DataTable.RowSelected) -> None:
        from amtui.tui.screens.followup_forms import FollowUpEditForm

        event.stop()
        f = self._highlighted_follow_up()
        if f is not None:
            self.app.push_screen(FollowUpEditForm(f))

    def action_snooze(self) -> None:
        from amtui.tui.screens.followup_forms import FollowUpSnoozeForm

        f = self._highlighted_follow_up()
        if f is None:
            self.notify("No open follow-up here: f adds one")
        else:
            self.app.push_screen(FollowUpSnoozeForm(f))

    @on(DataTable.RowSelected, "#interactions")
    def _edit_entry(self, event: DataTable.RowSelected) -> None:
        from amtui.tui.screens.account_edit_forms import LogEditForm

        event.stop()
        entry = self._highlighted_entry()
        if entry is not None:
            self.app.push_screen(LogEditForm(self.slug, entry))

    def action_contact(self, action: str = "add") -> None:
        """k adds a contact; on the highlighted one, Enter edits, P makes them primary, L says they left."""
        from amtui.tui.screens.account_edit_forms import ContactEditForm, ContactMoveForm
        from amtui.tui.screens.account_forms import ContactForm

        if action == "add":
            self.app.push_screen(ContactForm(self.slug))
            return
        contact = self._highlighted_contact()
        if contact is None:
            self.notify("No contact here yet: k adds one")
        elif action == "edit":
            self.app.push_screen(ContactEditForm(self.slug, contact))
        else:
            self.app.push_screen(ContactMoveForm(self.slug, contact, action))

    # ------------------------------------------------------------------------------------ the forms

    def action_edit_account(self) -> None:
        from amtui.tui.screens.account_edit_forms import AccountEditForm

        if self.data is None or self.data.settings is None:
            return
        form = AccountEditForm(self.data.settings)

        def follow(_said: str | None) -> None:  # a new slug: this screen follows the account to it
            if form.saved_slug and form.saved_slug != self.slug:
                self.slug = form.saved_slug
                self.reload()

        self.app.push_screen(form, follow)

    def action_edit_project(self) -> None:
        from amtui.tui.screens.project_edit_form import open_project_edit

        ref = self._highlighted_project()
        if ref is None:
            self.notify("No project here yet: j adds one")
            return
        open_project_edit(self.app, ref)

    # ------------------------------------------------------------------------------ delete, archive

    def action_delete_log(self) -> None:
        from amtui.tui.screens.account_edit_forms import log_now, log_seen

        entry = self._highlighted_entry()
        if entry is None:
            self.notify("No log entry highlighted")
            return

        def delete(uow: UnitOfWork) -> str:
            from amtui.services.base.versions import check_unchanged
            from amtui.services.clients.corrections import delete_interaction

            check_unchanged(f"log entry #{entry.id}", log_seen(entry), log_now(uow, entry.id))
            c = delete_interaction(uow, entry.id)
            i = c.interaction
            return (
                f"Deleted log entry #{i.id} ({c.account}, {i.occurred_on.isoformat()} {i.kind}): {i.summary}"
            )

        self._ask(
            f"Delete log entry #{entry.id} ({entry.occurred_on.isoformat()} {entry.kind}: {entry.summary})?",
            "amtui undo puts it back.",
            "Delete",
            f"tui: log delete {entry.id}",
            delete,
        )

    def action_archive(self) -> None:
        def archive(uow: UnitOfWork) -> str:
            from amtui.services.clients.accounts import archive_account

            return f"Archived account {archive_account(uow, self.slug).slug}"

        self._ask(
            f"Archive {self.slug}?",
            "Its history stays; it leaves the lists and Today. amtui undo brings it back.",
            "Archive",
            f"tui: account archive {self.slug}",
            archive,
        )

    def _ask(self, question: str, detail: str, yes: str, command: str, write: Callable[[Any], str]) -> None:
        from amtui.tui.screens.form_open import write_after_confirm

        write_after_confirm(self.app, question, detail, yes, command, write)
