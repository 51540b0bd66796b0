"""The Timeline's detail modal: one milestone in full (dates, people, status history, what it waits for and
what waits for it)."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Static

if TYPE_CHECKING:
    from amtui.services.timeline.milestones import MilestoneInfo


class MilestoneDetail(ModalScreen[None]):
    """One milestone in full: dates, people, status history, what it waits for and what waits for it."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "dismiss", "Close", id="timeline.detail.close"),
        Binding("enter", "dismiss", "Close", show=False, id="timeline.detail.close_enter"),
    ]

    def __init__(self, milestone: MilestoneInfo, followers: list[str]) -> None:
        super().__init__()
        self.milestone = milestone
        self.followers = followers

    def compose(self) -> ComposeResult:
        m = self.milestone
        lines = [
            f"[bold]{m.label} {m.name}[/]",
            f"{m.project_name} [dim]({m.project})[/]",
            "",
            f"Team      {m.team}",
            f"Owner     {m.owner or '—'}",
            f"Status    {m.status}",
            f"Dates     {m.start_on} → {m.due_on}" if m.start_on else f"Due       {m.due_on}",
        ]
        if m.overdue_days:
            lines.append(f"[red]Late      {m.overdue_days} days overdue[/]")
        lines.append("After     " + (", ".join(dep_label(d.label, d.lag_days) for d in m.after) or "—"))
        lines.append("Followed  " + (", ".join(self.followers) or "—"))
        if m.client_approval:
            lines.append(f"Client    approval, {m.approval_days} days agreed")
        for what, on_ in (("Started", m.started_on), ("Blocked", m.blocked_on), ("Done", m.done_on)):
            if on_:
                lines.append(f"{what:<10}{on_}")
        if m.note:
            lines.append(f"Note      {m.note}")
        weight = (
            f"{m.estimated_minutes // 60}h estimated" if m.estimated_minutes else f"weight {m.weight or 1}"
        )
        lines += [f"% weight  {weight}", "", "[dim]esc to close[/]"]
        with Vertical(id="milestone-detail"):
            yield Static("\n".join(lines), id="milestone-detail-body")


def dep_label(lbl: str, lag: int) -> str:
    return lbl + (f" +{lag}d" if lag else "")
