"""``amtui report status ACCOUNT``: the weekly status report and reporting-call agenda."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from amtui.cli._common import emit_json, out, reading_sql

report_app = typer.Typer(help="Reports built from the book.", no_args_is_help=True)


def register(app: typer.Typer) -> None:
    app.add_typer(report_app, name="report")


@report_app.command("status")
def report_status(
    ctx: typer.Context,
    account: Annotated[str, typer.Argument(help="Account slug.")],
    start: Annotated[str | None, typer.Option("--from", help="First day of the period.")] = None,
    end: Annotated[str | None, typer.Option("--to", help="Last day (default: today).")] = None,
    week: Annotated[bool, typer.Option("--week", help="The last 7 days (the default).")] = False,
    month: Annotated[bool, typer.Option("--month", help="This month to date.")] = False,
    format_: Annotated[str, typer.Option("--format", help="md | json")] = "md",
    out_file: Annotated[
        Path | None, typer.Option("--out", help="Write to this file instead of stdout.")
    ] = None,
    force: Annotated[bool, typer.Option("--force", help="Replace an existing --out file.")] = False,
) -> None:
    """Status report / call agenda: results vs KPIs, budget, change orders, escalations, decisions."""
    from amtui.cli._period import resolve_period
    from amtui.core.errors import InputError
    from amtui.services.base.common import check_choice
    from amtui.services.overview.reports import status_report

    fmt = check_choice(format_, ("md", "json"), "format")
    first, last = resolve_period(start, end, week, month, default_days=7)
    if out_file is not None and out_file.exists() and out_file.is_dir():
        raise InputError(f"--out {str(out_file)!r} is a folder; give a file name")
    with reading_sql(ctx) as con:
        report = status_report(con, account, first, last)
    if fmt == "json":
        if out_file is None:
            emit_json(report)
            return
        import json as jsonlib

        from amtui.core.jsonable import to_jsonable

        text = jsonlib.dumps(to_jsonable(report), indent=2, ensure_ascii=False) + "\n"
    else:
        from amtui.exporters.status_report import render_markdown

        text = render_markdown(report)
        if out_file is None:
            out(text.rstrip("\n"))
            return
    from amtui.store import write_private

    write_private(out_file, text, force=force)
    out(f"Wrote the {report.account} status report ({first.isoformat()} → {last.isoformat()}) to {out_file}")
