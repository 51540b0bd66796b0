"""``amtui demo``: write a realistic demo book and open it."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from amtui.cli._common import out, state


def register(app: typer.Typer) -> None:
    app.command("demo", help="Write a realistic demo database and open amtui on it.")(demo)


def demo(
    ctx: typer.Context,
    db: Annotated[
        str | None, typer.Option("--db", help="Where to write it (default: ./amtui-demo.db).")
    ] = None,
    no_open: Annotated[bool, typer.Option("--no-open", help="Only write the file.")] = False,
    force: Annotated[bool, typer.Option("--force", help="Replace an existing file.")] = False,
) -> None:
    from amtui.core.errors import ConflictError
    from amtui.demo import build_demo
    from amtui.store import is_url

    url = db if is_url(db) else None if db else state(ctx).url
    if url is not None:
        _demo_team(url, no_open=no_open, force=force)
        return
    target = Path(db or state(ctx).db or "amtui-demo.db").expanduser().resolve()
    if target.exists() and target.stat().st_size > 0:
        if not force and not no_open:
            out(f"Opening the existing demo book {target} (--force writes it anew)")
        elif not force:
            raise ConflictError(f"{target} exists already; use --force to replace it")
        else:
            for suffix in ("", "-wal", "-shm"):
                Path(str(target) + suffix).unlink(missing_ok=True)
    if not target.exists() or target.stat().st_size == 0:
        counts = build_demo(target)
        summary = ", ".join(f"{n} {k}" for k, n in counts.items())
        out(f"Wrote demo book {target}: {summary}")
    if not no_open:
        from amtui.store import open_store
        from amtui.tui.app import run_tui

        run_tui(open_store(target))


def _demo_team(url: str, *, no_open: bool, force: bool) -> None:
    """The demo book written into an empty team database (PostgreSQL); one with accounts is opened, never
    emptied (``--force`` is refused there: drop the database on the server instead)."""
    from amtui.core.errors import ConflictError
    from amtui.demo import build_demo
    from amtui.store import open_store, redacted

    store = open_store(url)
    try:
        with store.read() as s:
            has = s.connection().exec_driver_sql("SELECT count(*) FROM account").scalar()
    finally:
        store.close()
    if has:
        if force:
            raise ConflictError(f"{redacted(url)} has accounts; --force never empties a team database")
        if no_open:
            raise ConflictError(f"{redacted(url)} has accounts already; the demo goes into an empty database")
        out(f"Opening the existing book {redacted(url)}")
    else:
        counts = build_demo(url)
        summary = ", ".join(f"{n} {k}" for k, n in counts.items())
        out(f"Wrote demo book {redacted(url)}: {summary}")
    if not no_open:
        from amtui.tui.app import run_tui

        run_tui(open_store(url))
