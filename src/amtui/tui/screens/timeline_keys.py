"""The Timeline's keys on the highlighted milestone: move it a day or a week, start it, finish it, and open
the forms that move, add, link, unlink and edit milestones (:mod:`.timeline_forms`, :mod:`.milestone_forms`).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from rich.text import Text

if TYPE_CHECKING:
    from textual.screen import ModalScreen

    from amtui.services.timeline.read import MilestoneInfo


class TimelineKeys:
    """The Timeline's keys that act on the highlighted milestone: a day or a week later or earlier, start,
    done, and the forms. A mixin of :class:`~amtui.tui.screens.timeline.TimelineScreen`, which gives
    :meth:`_selected`, :meth:`_cursor_key`, :meth:`_say`, :meth:`load`, :meth:`move`, :meth:`change_status`.
    """

    if TYPE_CHECKING:
        app: Any

        def _selected(self) -> MilestoneInfo | None: ...
        def _say(self, text: str | Text) -> None: ...
        def load(self, keep: int | None = None) -> Any: ...
        def move(self, milestone_id: int, days: int) -> Any: ...
        def change_status(self, milestone_id: int, what: str) -> Any: ...
        def _cursor_key(self) -> str: ...
        @property
        def filters(self) -> tuple[str | None, str | None, str | None]: ...

    def row_project(self) -> str | None:
        """The project of the highlighted row (a milestone or a project's header), else the filter's."""
        m, key = self._selected(), self._cursor_key()
        return m.project if m is not None else key[2:] if key.startswith("p:") else self.filters[1]

    def _pick(self) -> MilestoneInfo | None:
        m = self._selected()
        if m is None:
            self.app.notify("Pick a milestone row first", severity="warning")
        return m

    def _form(self, make: Callable[[MilestoneInfo], ModalScreen[str | None]]) -> None:
        """Open a form on the highlighted milestone; once it saves, say what it did and show it."""
        m = self._pick()
        if m is None:
            return

        def saved(summary: str | None) -> None:
            if summary:
                self._say(Text(summary))
                self.load(keep=m.id)

        self.app.push_screen(make(m), saved)

    def action_move_form(self) -> None:
        """Move the highlighted milestone by N working days, seeing what follows before it saves."""
        from amtui.tui.screens.timeline_forms import MoveMilestoneForm

        self._form(lambda m: MoveMilestoneForm(m.id, m.name))

    def action_link_form(self) -> None:
        """Make the highlighted milestone come after others (it and its dependents shift if they must)."""
        from amtui.tui.screens.milestone_forms import LinkMilestoneForm

        self._form(LinkMilestoneForm)

    def action_unlink_form(self) -> None:
        """Make the highlighted milestone stop waiting for one of its predecessors."""
        from amtui.tui.screens.milestone_forms import UnlinkMilestoneForm

        self._form(UnlinkMilestoneForm)

    def action_edit_form(self) -> None:
        """Edit the highlighted milestone: name, owner, team, length, dates, hours, fixed."""
        from amtui.tui.screens.milestone_forms import EditMilestoneForm

        self._form(EditMilestoneForm)

    def action_add_form(self) -> None:
        """Add a milestone to the highlighted row's project (or the one the filter selects, or any)."""
        from amtui.tui.screens.milestone_forms import AddMilestoneForm

        project = self.row_project() or ""

        def saved(summary: str | None) -> None:
            if summary:
                self._say(Text(summary))
                self.load()

        self.app.push_screen(AddMilestoneForm(project), saved)

    def action_shift(self, days: int) -> None:
        m = self._pick()
        if m is None:
            return
        self.move(m.id, days)

    def action_set_status(self, what: str) -> None:
        m = self._pick()
        if m is None:
            return
        self.change_status(m.id, what)
