"""The Timeline's load strip: one line per team, hours per week against its capacity, over-capacity weeks ▲.

It draws what :func:`amtui.services.timeline.load.team_load` returns — the same figures as ``amtui load``
(hours as :func:`~amtui.services.timeline.load.hours` gives them) — and computes nothing itself.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual.widgets import Static

if TYPE_CHECKING:
    from amtui.services.timeline.load import TeamLoad

#: Weeks the strip shows from this one (``amtui load``'s default).
LOAD_WEEKS = 8
#: Cells: the team's name and capacity, then one per week.
NAME_W, CAP_W, WEEK_W = 11, 9, 8


def load_text(load: TeamLoad) -> Text:
    """The strip: a header of the weeks' Mondays, then a line per team (``32h`` or ``48h▲`` in red)."""
    from amtui.services.timeline.load import hours

    out = Text()
    out.append("Load".ljust(NAME_W) + "capacity".rjust(CAP_W), style="bold")
    for w in load.weeks:
        out.append(w.strftime("%b %d").rjust(WEEK_W), style="bold")
    if not load.teams:
        out.append("\nNo hours on open milestones in these weeks — give one hours: i (edit) on it")
        return out
    for team in load.teams:
        cells = [load.cell(team, w) for w in load.weeks]
        cap = cells[0].capacity_minutes
        out.append("\n" + team[: NAME_W - 1].ljust(NAME_W))
        out.append((f"{hours(cap)}h" if cap is not None else "—").rjust(CAP_W), style="dim")
        for c in cells:
            if c.over:
                out.append(f"{hours(c.minutes)}h▲".rjust(WEEK_W), style="bold red")
            else:
                out.append(f"{hours(c.minutes)}h".rjust(WEEK_W), style="" if c.minutes else "dim")
    return out


class LoadStrip(Static):
    """Team load under the Gantt (the screen reads it in a worker and hands it over)."""

    DEFAULT_CSS = """
    LoadStrip {
        height: auto;
        max-height: 9;
        padding: 0 1;
    }
    """

    def show(self, load: TeamLoad) -> None:
        self.load = load
        self.update(load_text(load))
