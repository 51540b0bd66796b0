"""``amtui holidays …`` and ``amtui load``: the working calendar and the teams' load."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from amtui.cli._common import console, emit_json, out, reading_sql, writing

holidays_app = typer.Typer(help="Holidays in the working calendar.", no_args_is_help=True)

Json = Annotated[bool, typer.Option("--json", help="Machine-readable output.")]
TEAM_HELP = "creative | media | strategy | analytics | production | account | client"


def register(app: typer.Typer) -> None:
    app.add_typer(holidays_app, name="holidays")
    app.command(
        "load",
        help="Hours on milestones per team per week against capacity: amtui load [--team] [--weeks 8].",
    )(load)


@holidays_app.command("import")
def holidays_import(
    ctx: typer.Context, path: Annotated[Path, typer.Argument(help="An iCalendar (.ics) file of days off.")]
) -> None:
    """Add the days of an .ics file (a country's or the agency's calendar) to the book's holidays."""
    from amtui.services.timeline.holidays import import_holidays

    with writing(ctx) as uow:
        r = import_holidays(uow, path)
    had = f" ({r.already} already in the book)" if r.already else ""
    out(
        f"Imported {r.added} holiday{'s' if r.added != 1 else ''} from {path.name}, {r.first} → {r.last}{had}"
    )


@holidays_app.command("list")
def holidays_list(ctx: typer.Context, json: Json = False) -> None:
    """The holidays the scheduler skips: the book's and the config's, and the working week."""
    from amtui.core.config import DAY_NAMES, settings
    from amtui.services.timeline.holidays import HolidayInfo, list_holidays

    with reading_sql(ctx) as s:
        book = list_holidays(s)
    cfg = settings()
    have = {h.on_date for h in book}
    every = sorted(
        [*book, *(HolidayInfo(d, "(config)") for d in cfg.holidays if d not in have)], key=lambda h: h.on_date
    )
    week = [DAY_NAMES[i] for i in sorted(cfg.working_days)]
    if json:
        emit_json({"working_days": week, "holidays": every})
        return
    out(f"Working week: {', '.join(week)}")
    if not every:
        out("No holidays — import some: amtui holidays import FILE.ics")
    for h in every:
        out(f"  {h.on_date} {h.on_date.strftime('%a')}  {h.name}")


def load(
    ctx: typer.Context,
    team: Annotated[str | None, typer.Option(help=TEAM_HELP)] = None,
    weeks: Annotated[int, typer.Option(help="How many weeks from this one.", min=1, max=52)] = 8,
    json: Json = False,
) -> None:
    from rich.table import Table

    from amtui.services.timeline.load import team_load

    with reading_sql(ctx) as s:
        r = team_load(s, team=team, weeks=weeks)
    if json:
        emit_json(
            {
                "weeks": r.weeks,
                "teams": [
                    {
                        "team": t,
                        "capacity_hours": _hours(r.cell(t, r.weeks[0]).capacity_minutes),
                        "weeks": [
                            {
                                "week": c.week,
                                "hours": _hours(c.minutes),
                                "milestones": c.milestones,
                                "over": c.over,
                            }
                            for c in (r.cell(t, w) for w in r.weeks)
                        ],
                    }
                    for t in r.teams
                ],
            }
        )
        return
    if not r.teams:
        out("No hours on open milestones in these weeks — estimate one: amtui milestone edit M3 --hours 20")
        return
    t = Table(box=None, header_style="bold")
    t.add_column("Team")
    t.add_column("Capacity", justify="right")
    for w in r.weeks:
        t.add_column(w.strftime("%b %d"), justify="right")
    for team_name in r.teams:
        cells = [r.cell(team_name, w) for w in r.weeks]
        cap = cells[0].capacity_minutes
        t.add_row(
            team_name,
            f"{_hours(cap)}h" if cap is not None else "—",
            *(f"[red]{_hours(c.minutes)}h ▲[/]" if c.over else f"{_hours(c.minutes)}h" for c in cells),
        )
    console().print(t)
    over = r.over
    if over:
        worst = max(over, key=lambda c: c.minutes - (c.capacity_minutes or 0))
        out(
            f"{len(over)} week{'s' if len(over) != 1 else ''} over capacity (▲); worst: {worst.team} "
            f"the week of {worst.week}, {_hours(worst.minutes)}h against {_hours(worst.capacity_minutes)}h"
        )


def _hours(minutes: int | None) -> float | int | None:
    from amtui.services.timeline.load import hours

    return hours(minutes)
