"""``amtui team setup URL``: a team database ready in one command (its schema, roles and row security)."""

from __future__ import annotations

from typing import Annotated

import typer

from amtui.cli._common import out, subgroup


def register(app: typer.Typer) -> None:
    team_app = subgroup(app, "team", "A team book on PostgreSQL.")
    team_app.command(
        "setup", help="Migrate a team database and create its people's roles (run as its owner)."
    )(setup)


def setup(
    url: Annotated[str, typer.Argument(help="The team database: postgresql://owner@host/agency.")],
    admin: Annotated[
        list[str] | None, typer.Option("--admin", help="A person who sees every account (repeat).")
    ] = None,
    user: Annotated[
        list[str] | None, typer.Option("--user", help="A person who sees the accounts shared with them.")
    ] = None,
) -> None:
    from amtui.core.errors import InputError
    from amtui.store import check_team, is_url, open_store, redacted, setup_team

    if not is_url(url):
        raise InputError(f"team setup: {url!r} is not a team database URL (postgresql://owner@host/agency)")
    check_team(admin or [], user or [])  # before the schema is created: a refusal leaves nothing behind
    store = open_store(url.strip())  # the schema, the group roles and the row-level security (0810)
    try:
        done = setup_team(store.engine, admin or [], user or [])
    finally:
        store.close()
    out(f"{redacted(url)} is ready (schema at the head, row-level security on)")
    for line in done:
        out(f"  {line}")
