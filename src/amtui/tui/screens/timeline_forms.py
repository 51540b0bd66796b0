"""Timeline forms: move a milestone by N working days, and the preview every milestone form shows.

The move form parses as ``amtui milestone move M4 --by N`` does and calls the same service; its preview is
that service's dry run (in a worker: a long chain is read off the UI thread): the milestone's due date
before → after, each dependent that follows, and what now ends past the project's end or a fixed date.

:class:`PlanForm` is the base of the add, link, unlink and edit forms (:mod:`.milestone_forms`): its preview
runs the very change the save runs, in a unit of work that is rolled back (:func:`rehearse`), so what the
preview says is what saving does.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypeVar

from textual import work
from textual.widgets import Static

from amtui.core.errors import InputError
from amtui.tui.screens.forms import FormScreen
from amtui.tui.widgets.fields import FormField, WholeInput

if TYPE_CHECKING:
    from amtui.services.timeline.milestones import MoveResult, PlanEdge, Shift
    from amtui.store import Store, UnitOfWork

T = TypeVar("T")

#: Dependents listed in the preview; past this many it says how many more follow.
PREVIEW_LINES = 8


def _moves(n: int) -> None:
    """``--by 0`` moves nothing: refused under the field rather than saved as a no-op."""
    if n == 0:
        raise InputError("0 working days moves nothing")


def plan_lines(
    own: Shift | None,
    dependents: tuple[Shift, ...],
    edges: tuple[PlanEdge, ...],
    notes: tuple[str, ...] = (),
) -> list[str]:
    """What a change of the plan does, as the forms show it before saving (the CLI's lines, shortened): the
    milestone's own move, each dependent that follows, and what crosses the plan's edges."""
    lines = [f"{own.label} {own.name}: due {own.old_due} → {own.new_due} ({own.days:+d}d)"] if own else []
    if dependents:
        lines.append(f"{len(dependents)} dependent{'s' if len(dependents) != 1 else ''} follow:")
        lines += [f"  {d.label} {d.name}: {d.old_due} → {d.new_due}" for d in dependents[:PREVIEW_LINES]]
        if len(dependents) > PREVIEW_LINES:
            lines.append(f"  … and {len(dependents) - PREVIEW_LINES} more")
    else:
        lines.append("No dependent needs to move.")
    if edges:
        lines.append(f"⚠ {len(edges)} past the plan's edges:")
        lines += [f"  {e.message}" for e in edges]
    else:
        lines.append("The project's end date and every fixed date hold.")
    lines += [f"Note: {n}" for n in notes]
    return lines


def preview_text(r: MoveResult) -> str:
    """What a move does, as the form shows it before saving (and the CLI's lines, shortened)."""
    return "\n".join(plan_lines(r.milestone, r.dependents, r.edges))


class _RolledBack(Exception):  # noqa: N818 - not an error: how a rehearsal carries its result out
    def __init__(self, result: object) -> None:
        super().__init__("rehearsal")
        self.result = result


def rehearse(store: Store, change: Callable[[UnitOfWork], T]) -> T:
    """Run ``change`` in a unit of work that is always rolled back: what it would do, nothing written."""
    from amtui.store import unit_of_work

    try:
        with unit_of_work(store, "preview (rolled back)") as uow:
            raise _RolledBack(change(uow))
    except _RolledBack as done:
        return done.result  # type: ignore[return-value]


@dataclass(frozen=True)
class Planned:
    """What a milestone form's change did (or, rehearsed, would do)."""

    head: str  # the milestone as it ends up, one line
    own: Shift | None = None  # its own move, when it moves
    dependents: tuple[Shift, ...] = ()
    edges: tuple[PlanEdge, ...] = ()
    notes: tuple[str, ...] = ()

    def preview(self) -> str:
        return "\n".join([self.head, *plan_lines(self.own, self.dependents, self.edges, self.notes)])

    def summary(self) -> str:
        said = self.head
        if self.dependents:
            said += f" · {len(self.dependents)} follow"
        if self.edges:
            said += f" · ⚠ {len(self.edges)} past the plan's edges"
        return said


class PlanForm(FormScreen):
    """A form that changes the plan: :meth:`change` runs the service; the preview rehearses it (rolled back)
    while the user types, and the save runs it for real, in one transaction with the version check."""

    _asked = 0  # the latest preview asked for: an older one that finishes later is not shown

    def change(self, uow: UnitOfWork, values: dict[str, Any]) -> Planned:
        raise NotImplementedError

    def ready(self, values: dict[str, Any]) -> bool:
        """Whether the fields say enough to preview (the required ones are there)."""
        return True

    def preview(self, values: dict[str, Any]) -> str | None:
        if not self.ready(values):
            return None
        self._asked += 1
        self.dry_run(dict(values), self._asked)
        return "Working out what moves…"

    @work(thread=True, exclusive=True, group="preview", exit_on_error=False)
    def dry_run(self, values: dict[str, Any], asked: int) -> None:
        from amtui.core.errors import AmtuiError

        try:
            text = (
                "Saving would do this:\n"
                + rehearse(self.am.store, lambda uow: self.change(uow, values)).preview()
            )
        except AmtuiError as exc:
            text = f"Would be refused: {exc}"
        self.app.call_from_thread(self._show_preview, asked, text)

    def _show_preview(self, asked: int, text: str) -> None:
        if asked == self._asked:  # a later keystroke's preview replaces this one
            self.query_one("#form-preview", Static).update(text)

    def save(self, uow: UnitOfWork, values: dict[str, Any]) -> str:
        return self.change(uow, values).summary()


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
                WholeInput(id="by", required=True, check=_moves, example="3 or -2"),
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
        field = self.query_one("#by", WholeInput)
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
