"""A Gantt chart as rich ``Text``: one cell per day on a week grid, today marked, coloured by team and status.

Shared by ``amtui timeline`` (printed with rich) and the Timeline screen (DataTable cells take rich Text),
so the chart reads the same in both places.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta

from rich.text import Text

from amtui.services.timeline.read import MilestoneInfo

TEAM_COLOURS = {
    "creative": "magenta",
    "media": "dodger_blue2",
    "strategy": "cyan",
    "analytics": "green3",
    "production": "dark_orange",
    "account": "grey70",
    "client": "gold1",
}
# Status shows in the glyph, so it reads without colour too.
GLYPHS = {"planned": "▒", "in-progress": "█", "done": "█", "blocked": "╳"}
POINT = "◆"
LATE = "·"
TODAY = "│"
TODAY_BG = " on grey30"
BLANK = "grey23"  # empty days and the week rule share a style, so a row is a few spans


@dataclass(frozen=True)
class Window:
    """The days the chart shows: whole weeks from a Monday."""

    first: date
    weeks: int
    days: tuple[date, ...] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "days", tuple(self.first + timedelta(days=i) for i in range(self.weeks * 7)))

    @property
    def last(self) -> date:
        return self.first + timedelta(days=self.weeks * 7 - 1)


def monday(d: date) -> date:
    return d - timedelta(days=d.weekday())


def window_for(rows: Sequence[MilestoneInfo], today: date, *, max_weeks: int = 12) -> Window:
    """The weeks from the earliest start to the latest due date (today always in), capped to ``max_weeks``
    around today when the plan is longer."""
    begins = [r.start_on or r.due_on for r in rows] + [today]
    ends = [r.due_on for r in rows] + [today]
    first, last = monday(min(begins)), max(ends)
    weeks = (last - first).days // 7 + 1
    if weeks > max_weeks:
        # Keep a little of the past in view: two weeks, or one when the chart is narrow.
        first = max(first, monday(today) - timedelta(weeks=2 if max_weeks > 6 else 1))
        weeks = min(max_weeks, (last - first).days // 7 + 1)
    return Window(first, max(weeks, 1))


def header(window: Window, today: date) -> Text:
    """Week labels (``Nov 30 ``, seven cells each) over a line that marks today with ▼."""
    text = Text()
    for w in range(window.weeks):
        d = window.first + timedelta(weeks=w)
        text.append(f"{d:%b} {d.day:<3}"[:7].ljust(7), style="bold" if w % 2 == 0 else "bold dim")
    text.append("\n")
    for d in window.days:
        text.append(
            "▼" if d == today else ("┆" if d.weekday() == 0 else " "), style="yellow" if d == today else "dim"
        )
    return text


def bar(row: MilestoneInfo, window: Window, today: date) -> Text:
    """One milestone across the window: its span, its lateness (· up to today) and today's column."""
    colour = "red" if row.status == "blocked" else TEAM_COLOURS.get(row.team, "white")
    style = f"{colour} dim" if row.status == "done" else colour
    begins = row.start_on or row.due_on
    late_until = today if row.status != "done" and row.due_on < today else None
    cells: list[tuple[str, str]] = []
    for d in window.days:
        glyph, st = " ", BLANK
        if begins <= d <= row.due_on:
            glyph = POINT if row.start_on is None or row.start_on == row.due_on else GLYPHS[row.status]
            st = style
        elif late_until and row.due_on < d <= late_until:
            glyph, st = LATE, "bold red"
        elif d.weekday() == 0:
            glyph = "┆"
        if d == today:
            if glyph in (" ", "┆"):
                glyph, st = TODAY, "yellow"
            else:
                st += TODAY_BG
        cells.append((glyph, st))
    # One span per run of equal style: a whole book's rows render several times faster.
    text = Text()
    run, run_style = "", None
    for glyph, st in cells:
        if st != run_style and run:
            text.append(run, style=run_style or "")
            run = ""
        run += glyph
        run_style = st
    if run:
        text.append(run, style=run_style or "")
    return text


def legend() -> Text:
    text = Text("teams: ")
    for team, colour in TEAM_COLOURS.items():
        text.append("█", style=colour)
        text.append(f" {team}  ")
    text.append("\nstatus: ▒ planned  █ in progress  ")
    text.append("█", style="dim")
    text.append(" done  ")
    text.append("╳", style="red")
    text.append(" blocked  ◆ point  ")
    text.append("·", style="bold red")
    text.append(" late  ")
    text.append("│", style="yellow")
    text.append(" today")
    return text
