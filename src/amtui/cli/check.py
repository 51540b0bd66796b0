"""``amtui check``: SQLite's integrity checks and the domain invariants; exit 1 with the list on failure."""

from __future__ import annotations

from typing import Annotated

import typer

from amtui.cli._common import emit_json, err, out, state


def register(app: typer.Typer) -> None:
    app.command("check", help="Check the book: SQLite integrity, foreign keys, domain invariants.")(check)


def check(
    ctx: typer.Context,
    json: Annotated[bool, typer.Option("--json", help="Machine-readable output.")] = False,
) -> None:
    from amtui.services.trust.checks import run_checks

    results = run_checks(state(ctx).store())
    failed = [r for r in results if not r.ok]
    if json:
        emit_json({"ok": not failed, "checks": results})
    else:
        for r in results:
            out(f"{'ok  ' if r.ok else 'FAIL'}  {r.name}: {r.description}")
            for p in r.problems:
                out(f"        {p}")
    if failed:
        problems = sum(len(r.problems) for r in failed)
        err(f"amtui: the book fails {len(failed)} check(s) with {problems} problem(s)")
        raise typer.Exit(1)
