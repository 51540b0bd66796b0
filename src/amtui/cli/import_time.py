"""``amtui import time FILE.csv``: a Harvest detailed time export, all or nothing, never twice."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from amtui.cli._common import emit_json, out, reading, writing
from amtui.cli._grid import Cell, grid

if TYPE_CHECKING:
    from amtui.services.money.time_import import TimeImport


def register_import(import_app: typer.Typer) -> None:
    import_app.command("time", help="Import a Harvest detailed time export (CSV).")(import_time)


def import_time(
    ctx: typer.Context,
    file: Annotated[Path, typer.Argument(help="Harvest detailed time export, CSV.")],
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Show what would be imported; write nothing.")
    ] = False,
    create_missing: Annotated[
        bool,
        typer.Option(
            "--create-missing", help="Create accounts and projects the file names but the book lacks."
        ),
    ] = False,
    json: Annotated[bool, typer.Option("--json", help="Machine-readable output.")] = False,
) -> None:
    """Import time from Harvest; projects match by code, else by client + project name."""
    from amtui.core.errors import InputError
    from amtui.importers.harvest import read_harvest
    from amtui.services.money.time_import import import_time as run_import

    if not file.is_file():
        raise InputError(f"no such file: {file}")
    parsed = read_harvest(file)
    if dry_run:
        with reading(ctx) as s:
            result = run_import(
                s,
                parsed.rows,
                file=file.name,
                source="harvest",
                skipped_zero=parsed.skipped_zero,
                create_missing=create_missing,
            )
    else:
        with writing(ctx) as uow:
            result = run_import(
                uow.session,
                parsed.rows,
                file=file.name,
                source="harvest",
                skipped_zero=parsed.skipped_zero,
                create_missing=create_missing,
                uow=uow,
            )
    if json:
        emit_json(result)
        return
    _report(result)


def _listed(items: list[str], limit: int = 5) -> str:
    more = f" and {len(items) - limit} more" if len(items) > limit else ""
    return ", ".join(items[:limit]) + more


def warnings(r: TimeImport) -> list[str]:
    """What the import let in but an AM should look at: rows outside their project's dates, long days."""
    from amtui.core.dates import format_hours
    from amtui.services.money.actuals import project_span

    lines = []
    for o in r.outside_dates:
        rows = f"{o.rows:,} row{'s' if o.rows != 1 else ''}"
        when = o.first_on.isoformat() if o.first_on == o.last_on else project_span(o.first_on, o.last_on)
        lines.append(
            f"{o.project}: {rows} dated outside the project's dates ({when}; "
            f"the project runs {project_span(o.start_on, o.end_on)})"
        )
    for over_24h, what in ((True, "over 24h: more than a day has, check the file"), (False, "over 12h")):
        days = [d for d in r.long_days if d.over_24h == over_24h]
        if days:
            listed = _listed([f"{d.person} {d.on.isoformat()} ({format_hours(d.minutes)})" for d in days])
            n = len(days)
            lines.append(f"{n:,} day{'s' if n != 1 else ''} logged by one person {what}: {listed}")
    return lines


def _report(r: TimeImport) -> None:
    from amtui.core.dates import format_hours
    from amtui.core.money import format_money

    verb = "Would import" if r.dry_run else "Imported"
    extra = []
    if r.already_imported:
        extra.append(f"{r.already_imported:,} already imported")
    if r.skipped_zero:
        extra.append(f"{r.skipped_zero:,} with 0 hours skipped")
    if r.created_projects:
        made = "would create" if r.dry_run else "created"
        extra.append(f"{made} {', '.join(r.created_projects)}")
    tail = f" · {' · '.join(extra)}" if extra else ""
    dry = " · nothing written (--dry-run)" if r.dry_run else ""
    out(
        f"{verb} {r.imported:,} time entries ({format_hours(r.minutes)}) from {r.file}"
        f" into {sum(1 for p in r.projects if p.rows)} project(s){tail}{dry}"
    )
    for line in warnings(r):
        out(f"Warning: {line}")
    if not r.projects:
        return
    rows: list[list[Cell]] = [
        [
            (p.project + (" (new)" if p.created else ""), None),
            (f"{p.rows:,}", None),
            (format_hours(p.minutes), None),
            (format_money(p.amount_cents, p.currency), None),
        ]
        for p in r.projects
    ]
    grid("", ["Project", "Entries", "Hours", "Value"], rows, right={1, 2, 3})
