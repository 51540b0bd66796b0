"""``amtui import metrics FILE``: campaign results from Meta, Google Ads, GA4 and Microsoft Ads exports."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from amtui.cli._common import emit_json, money, out, reading, writing

MAX_BYTES = 50 * 1024 * 1024


def register_import(import_app: typer.Typer) -> None:
    import_app.command("metrics")(import_metrics)


def _read(path: Path) -> bytes:
    from amtui.core.errors import InputError, NotFoundError

    if not path.exists():
        raise NotFoundError(f"no file {str(path)!r}")
    if not path.is_file():
        raise InputError(f"{str(path)!r} is not a file")
    if path.stat().st_size > MAX_BYTES:
        raise InputError(f"{str(path)!r} is larger than 50 MB; export a shorter period")
    return path.read_bytes()


def import_metrics(
    ctx: typer.Context,
    file: Annotated[Path, typer.Argument(help="The exported CSV / tab-separated file.")],
    project: Annotated[
        str | None,
        typer.Option(help="account/project the results belong to (default: the project holding them)."),
    ] = None,
    source: Annotated[
        str, typer.Option(help="auto | meta | google-ads | ga4 | microsoft-ads (default: detect).")
    ] = "auto",
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Show what would be imported; save nothing.")
    ] = False,
    json: Annotated[bool, typer.Option("--json", help="Machine-readable output.")] = False,
) -> None:
    """Import an ad platform's campaign report; re-imported days replace earlier ones (no double count)."""
    import hashlib

    from amtui.importers.metrics import read_metrics
    from amtui.services.growth import metrics

    data = _read(file)
    report = read_metrics(data, source)
    key = hashlib.sha256(data).hexdigest()[:16]
    if dry_run:
        with reading(ctx) as s:
            result = metrics.preview_import(s, report, project=project)
    else:
        with writing(ctx) as uow:
            result = metrics.import_metrics(uow, report, project=project, import_key=key, file_name=file.name)
    if json:
        emit_json(result)
        return
    verb = "Would import" if dry_run else "Imported"
    conv = result.conversions_milli / 1000
    out(
        f"{verb} {result.rows} day rows from {result.source} into {result.project}: "
        f"{len(result.campaigns)} campaign(s), "
        f"{result.first_date.isoformat()} → {result.last_date.isoformat()}, "
        f"spend {money(result.spend_cents, result.currency)}, {conv:,.2f} conversions"
    )
    notes = []
    if result.replaced_rows:
        notes.append(
            f"{result.replaced_rows} day rows {'would replace' if dry_run else 'replaced'} earlier imports"
        )
    if result.spread_rows:
        notes.append(f"{result.spread_rows} period row(s) spread evenly over their days")
    if result.skipped_total_rows:
        notes.append(f"{result.skipped_total_rows} total/summary row(s) skipped")
    for n in notes:
        out(f"  {n}")
