"""``amtui report status ACCOUNT``: the weekly status report and reporting-call agenda."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from amtui.cli._common import out, reading_sql

report_app = typer.Typer(help="Reports built from the book.", no_args_is_help=True)


def register(app: typer.Typer) -> None:
    app.add_typer(report_app, name="report")


SUFFIX_FORMAT = {".html": "html", ".htm": "html", ".pptx": "pptx", ".json": "json", ".md": "md"}


def _format(given: str | None, out_file: Path | None, allowed: tuple[str, ...]) -> str:
    """``--format``, or the one ``--out``'s suffix says (x.html → html), else Markdown."""
    from amtui.core.errors import InputError
    from amtui.services.base.common import check_choice

    if given is None:
        given = SUFFIX_FORMAT.get(out_file.suffix.lower(), "md") if out_file is not None else "md"
    fmt = check_choice(given, allowed, "format")
    if fmt == "pptx" and out_file is None:
        raise InputError("--format pptx writes a file: add --out deck.pptx")
    return fmt


@report_app.command("status")
def report_status(
    ctx: typer.Context,
    account: Annotated[str, typer.Argument(help="Account slug.")],
    start: Annotated[str | None, typer.Option("--from", help="First day of the period.")] = None,
    end: Annotated[str | None, typer.Option("--to", help="Last day (default: today).")] = None,
    week: Annotated[bool, typer.Option("--week", help="The last 7 days (the default).")] = False,
    month: Annotated[bool, typer.Option("--month", help="This month to date.")] = False,
    format_: Annotated[
        str | None,
        typer.Option("--format", help="md | html | json (default: from --out's suffix, else md)."),
    ] = None,
    audience: Annotated[
        str | None,
        typer.Option(
            "--for",
            help="client | internal. Default: client when --out is a document (.md, .html, .pdf, .pptx, "
            ".docx, .txt), internal on screen and for JSON.",
        ),
    ] = None,
    out_file: Annotated[
        Path | None, typer.Option("--out", help="Write to this file instead of stdout.")
    ] = None,
    force: Annotated[bool, typer.Option("--force", help="Replace an existing --out file.")] = False,
) -> None:
    """Status report / call agenda: results vs KPIs, budget, timeline, change orders, decisions; the
    internal version adds escalations, risks, pipeline, notes, actuals, burn, cost and margin."""
    from amtui.cli._period import resolve_period
    from amtui.core.errors import InputError
    from amtui.services.overview.audience import as_json, check_audience, default_audience
    from amtui.services.overview.reports import status_report

    fmt = _format(format_, out_file, ("md", "html", "json"))
    who = (
        check_audience(audience)
        if audience is not None
        else default_audience(out_file.name if out_file else None)
    )
    first, last = resolve_period(start, end, week, month, default_days=7)
    if out_file is not None and out_file.exists() and out_file.is_dir():
        raise InputError(f"--out {str(out_file)!r} is a folder; give a file name")
    with reading_sql(ctx) as con:
        report = status_report(con, account, first, last, audience=who)
    if fmt == "json":
        import json as jsonlib

        text = jsonlib.dumps(as_json(report, who), indent=2, ensure_ascii=False) + "\n"
        if out_file is None:
            out(text.rstrip("\n"))
            return
    elif fmt == "html":
        from amtui.exporters.report_html import status_html

        text = status_html(report)
        if out_file is None:
            out(text.rstrip("\n"))
            return
    else:
        from amtui.exporters.status_report import render_markdown

        text = render_markdown(report)
        if out_file is None:
            out(text.rstrip("\n"))
            return
    from amtui.store import write_private

    write_private(out_file, text, force=force)
    out(
        f"Wrote the {who} version of the {report.account} status report "
        f"({first.isoformat()} → {last.isoformat()}) to {out_file}"
    )


@report_app.command("qbr")
def report_qbr(
    ctx: typer.Context,
    account: Annotated[str, typer.Argument(help="Account slug.")],
    quarter: Annotated[
        str | None, typer.Option("--quarter", help="e.g. 2026Q4 (default: this quarter).")
    ] = None,
    format_: Annotated[
        str | None,
        typer.Option(
            "--format",
            help="md | html | pptx | json (default: from --out's suffix, else md; pptx needs --out).",
        ),
    ] = None,
    audience: Annotated[
        str | None,
        typer.Option("--for", help="client | internal (default as for report status)."),
    ] = None,
    out_file: Annotated[
        Path | None, typer.Option("--out", help="Write to this file instead of stdout.")
    ] = None,
    force: Annotated[bool, typer.Option("--force", help="Replace an existing --out file.")] = False,
) -> None:
    """Quarterly business review: results by month, delivered, change orders, billing, wins, next quarter."""
    from amtui.core import clock
    from amtui.core.errors import InputError
    from amtui.services.overview.audience import as_json, check_audience, default_audience
    from amtui.services.overview.qbr import parse_quarter, qbr

    fmt = _format(format_, out_file, ("md", "html", "pptx", "json"))
    who = (
        check_audience(audience)
        if audience is not None
        else default_audience(out_file.name if out_file else None)
    )
    parse_quarter(quarter, clock.today())  # refuse a bad quarter before opening the book
    if out_file is not None and out_file.exists() and out_file.is_dir():
        raise InputError(f"--out {str(out_file)!r} is a folder; give a file name")
    with reading_sql(ctx) as con:
        report = qbr(con, account, quarter, today=clock.today(), audience=who)
    if fmt == "json":
        import json as jsonlib

        text: str | bytes = jsonlib.dumps(as_json(report, who), indent=2, ensure_ascii=False) + "\n"
    elif fmt == "html":
        from amtui.exporters.report_html import qbr_html

        text = qbr_html(report)
    elif fmt == "pptx":
        from amtui.exporters.qbr_pptx import qbr_pptx

        text = qbr_pptx(report)
    else:
        from amtui.exporters.qbr_md import render_qbr

        text = render_qbr(report)
    if out_file is None:
        assert isinstance(text, str)  # pptx needs --out (refused above)
        out(text.rstrip("\n"))
        return
    from amtui.store import write_private

    write_private(out_file, text, force=force)
    out(f"Wrote the {who} version of the {report.account} QBR {report.quarter} to {out_file}")
