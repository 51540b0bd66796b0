"""What the Timeline's table and strip show, cell by cell: a project's header row, a milestone's row, the
status line; and the team load, read once per change of the book (ahead, by the prewarm, for the first
visit)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import TYPE_CHECKING, Any

from rich.text import Text

from amtui.tui.screens.timeline_detail import dep_label
from amtui.tui.widgets.load_strip import LOAD_WEEKS

if TYPE_CHECKING:
    from sqlmodel import Session

    from amtui.exporters.gantt import Window
    from amtui.services.timeline.load import TeamLoad
    from amtui.services.timeline.milestones import MilestoneInfo

STATUS_STYLE = {"planned": "", "in-progress": "bold", "done": "dim", "blocked": "bold red"}


def project_cells(m: MilestoneInfo) -> tuple[Any, ...]:
    """The header row of ``m``'s project (its name in the Milestone column)."""
    title = Text.assemble((m.project_name, "bold"), " ", (m.project, "dim"))
    return ("", title, "", "", "", "", "")


def milestone_cells(m: MilestoneInfo, window: Window, today: date) -> tuple[Any, ...]:
    """ID, Milestone, Team, Due, Status, After and the Gantt bar."""
    from amtui.exporters import gantt

    due = Text(m.due_on.strftime("%b %d"), style="red" if m.overdue_days else "")
    after = ", ".join(dep_label(d.label, d.lag_days) for d in m.after)
    status = Text(m.status, style=STATUS_STYLE.get(m.status, ""))
    name = Text(m.name + (" ⚑" if m.client_approval else ""), overflow="ellipsis", no_wrap=True)
    # ★ the critical path: the chain that sets the project's end (the one rule, edges.py's reads)
    ident = Text.assemble(m.label, (" ★", "bold yellow") if m.critical else "")
    return (ident, name, m.team, due, status, after, gantt.bar(m, window, today))


def status_line(rows: Sequence[MilestoneInfo], total: int, window: Window) -> Text:
    late = sum(1 for m in rows if m.overdue_days)
    shown = (
        f"first {len(rows)} of {total} milestones (filter to narrow)"
        if total > len(rows)
        else f"{len(rows)} milestones"
    )
    return Text(
        f"{shown} · {late} late · {window.first} → {window.last} · "
        "★ critical path · enter for detail · n new, k link, x unlink, i edit (keys below)"
    )


def load_key(today: date) -> tuple[str, date, int]:
    """The read cache's key for the team load from ``today``'s week (the strip's weeks)."""
    return ("team_load", today, LOAD_WEEKS)


def team_load_of(app: object, session: Session, today: date) -> TeamLoad:
    """Every team's load for the strip (``amtui load``'s figures), from the app's read cache when it has
    one (the shell's; a test app may not): read once per change of the book."""
    from amtui.services.timeline.load import team_load

    def read() -> TeamLoad:
        return team_load(session, weeks=LOAD_WEEKS, today=today)

    reads = getattr(app, "reads", None)
    return reads.get(load_key(today), read) if reads is not None else read()
