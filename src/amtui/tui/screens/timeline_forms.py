"""Timeline forms: move a milestone by N working days, with a preview of what moves before it saves.

The form parses as ``amtui milestone move M4 --by N`` does and calls the same service; its preview is that
service's dry run (in a worker: a long chain is read off the UI thread): the milestone's due date before →
after, each dependent that follows, and what now ends past the project's end or a fixed date.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from textual import work
from textual.widgets import Static

from amtui.core.errors import InputError
from amtui.tui.screens.forms import FormScreen
from amtui.tui.widgets.fields import FormField, TextInput

if TYPE_CHECKING:
    from amtui.services.timeline.milestones import MoveResult
    from amtui.store import UnitOfWork

#: Dependents listed in the preview; past this many it says how many more follow.
PREVIEW_LINES = 8


class DaysInput(TextInput):
    """A whole number of working days, not 0 (negative: earlier), as ``--by`` takes it."""

    def parse(self) -> int | None:
        text = self.value.strip()
        if not text:
            if self.required:
                raise InputError(f"{self.what} is empty")
            return None
        try:
            n = int(text)
        except ValueError:
            raise InputError(f"{text!r} is not a whole number of working days (e.g. 3 or -2)") from None
        if n == 0:
            raise InputError("0 working days moves nothing")
        return n


def preview_text(r: MoveResult) -> str:
    """What a move does, as the form shows it before saving (and the CLI's lines, shortened)."""
    m = r.milestone
    lines = [f"{m.label} {m.name}: due {m.old_due} → {m.new_due} ({m.days:+d}d)"]
    if r.dependents:
        lines.append(f"{len(r.dependents)} dependent{'s' if len(r.dependents) != 1 else ''} follow:")
        lines += [f"  {d.label} {d.name}: {d.old_due} → {d.new_due}" for d in r.dependents[:PREVIEW_LINES]]
        if len(r.dependents) > PREVIEW_LINES:
            lines.append(f"  … and {len(r.dependents) - PREVIEW_LINES} more")
    else:
        lines.append("No dependent needs to move.")
    if r.edges:
        lines.append(f"⚠ {len(r.edges)} past the plan's edges:")
        lines += [f"  {e.message}" for e in r.edges]
    return "\n".join(lines)


class MoveMilestoneForm(FormScreen):
    """``amtui milestone move M4 --by N`` with its dry run shown as a preview."""

    TITLE_TEXT = "Move a milestone (working days)"

    def __init__(self, milestone_id: int, name: str = "") -> None:
        super().__init__()
        self.milestone_id = milestone_id
        self.milestone_name = name

    def fields(self) -> list[FormField]:
        return [
            FormField(
                f"M{self.milestone_id} {self.milestone_name}: move by N working days (negative: earlier)",
                DaysInput(id="by", required=True, what="working days", placeholder="e.g. 3 or -2"),
            )
        ]

    def command_text(self, values: dict[str, Any]) -> str:
        return f"tui: milestone move M{self.milestone_id} --by {values['by']}"

    def preview(self, values: dict[str, Any]) -> str | None:
        by = values.get("by")
        if by:
            self.dry_run(int(by))
            return "Working out what moves…"
        return None

    @work(thread=True, exclusive=True, group="preview", exit_on_error=False)
    def dry_run(self, by: int) -> None:
        from amtui.core.errors import AmtuiError
        from amtui.services.timeline.milestones import move_milestone
        from amtui.store import unit_of_work

        try:
            with unit_of_work(self.am.store, "preview") as uow:
                text = preview_text(move_milestone(uow, self.milestone_id, by_days=by, dry_run=True))
        except AmtuiError as exc:
            text = f"Would be refused: {exc}"
        self.app.call_from_thread(self._show_preview, by, text)

    def _show_preview(self, by: int, text: str) -> None:
        field = self.query_one("#by", DaysInput)
        try:
            current = field.parse()
        except InputError:
            current = None
        if current == by:  # a later keystroke's preview replaces this one
            self.query_one("#form-preview", Static).update(text)

    def save(self, uow: UnitOfWork, values: dict[str, Any]) -> str:
        from amtui.services.timeline.milestones import move_milestone

        r = move_milestone(uow, self.milestone_id, by_days=int(values["by"]))
        m = r.milestone
        said = f"{m.label} {m.name} moved: due {m.old_due} → {m.new_due} ({m.days:+d}d)"
        if r.dependents:
            said += f" · {len(r.dependents)} follow"
        if r.edges:
            said += f" · ⚠ {len(r.edges)} past the plan's edges"
        return said
