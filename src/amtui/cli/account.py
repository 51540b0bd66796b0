"""``amtui account …`` and ``amtui contact …``: the client relationship."""

from __future__ import annotations

from typing import Annotated

import typer

from amtui.cli._common import AmOption, console, date_echo, emit_json, out, pdate, reading, writing
from amtui.core import clock

account_app = typer.Typer(help="Client accounts.", no_args_is_help=True)
contact_app = typer.Typer(help="People at a client: roles, who is primary, who left.", no_args_is_help=True)

Json = Annotated[bool, typer.Option("--json", help="Machine-readable output.")]


def register(app: typer.Typer) -> None:
    app.add_typer(account_app, name="account")
    app.add_typer(contact_app, name="contact")


@account_app.command("add")
def account_add(
    ctx: typer.Context,
    name: Annotated[str, typer.Argument(help="Client name, e.g. 'Northwind Outfitters'.")],
    slug: Annotated[str | None, typer.Option(help="Short reference (default: from the name).")] = None,
    industry: Annotated[str | None, typer.Option(help="e.g. Retail, Financial services.")] = None,
    contract: Annotated[str, typer.Option(help="retainer | project | aor")] = "project",
    renewal: Annotated[str | None, typer.Option(help="Contract renewal date.")] = None,
    currency: Annotated[str, typer.Option(help="Billing currency (ISO code).")] = "USD",
    am: Annotated[
        str | None, typer.Option("--am", help="The account's AM (default: you, as history names you).")
    ] = None,
    json: Json = False,
) -> None:
    """Add a client account."""
    from amtui.services.clients import accounts

    renewal_on = pdate(renewal)
    with writing(ctx) as uow:
        acc = accounts.add_account(
            uow,
            name,
            slug=slug,
            industry=industry,
            contract=contract,
            renewal_on=renewal_on,
            currency=currency,
            am=am,
        )
    if json:
        emit_json(acc)
        return
    extra = f" · renewal {date_echo(renewal, renewal_on)}" if renewal_on else ""
    out(f"Added account {acc.slug} ({acc.name}) · {acc.contract}{extra} · AM {acc.am or '—'}")


@account_app.command("list")
def account_list(
    ctx: typer.Context,
    archived: Annotated[bool, typer.Option("--archived", help="Include archived accounts.")] = False,
    am: AmOption = None,
    json: Json = False,
) -> None:
    """List accounts with their AM, primary contact and last contact."""
    from amtui.services.clients import accounts

    with reading(ctx) as s:
        rows = accounts.list_accounts(s, include_archived=archived, am=am)
    if json:
        emit_json(rows)
        return
    from rich.table import Table

    t = Table(box=None, header_style="bold")
    for c in ("Account", "Name", "AM", "Contract", "Primary contact", "Last contact", "Renewal", "Projects"):
        t.add_column(c, justify="right" if c == "Projects" else "left")
    for a in rows:
        t.add_row(
            a.slug + (" (archived)" if a.status == "archived" else ""),
            a.name,
            a.am or "—",
            a.contract,
            a.primary_contact or "—",
            a.last_contact_on.isoformat() if a.last_contact_on else "never",
            a.renewal_on.isoformat() if a.renewal_on else "—",
            str(a.projects),
        )
    if not rows:
        out(f"No accounts with AM {am}" if am else 'No accounts yet: amtui account add "Client name"')
        return
    console().print(t)


@account_app.command("show")
def account_show(
    ctx: typer.Context,
    slug: str,
    as_of: Annotated[
        str | None, typer.Option("--as-of", help="Health as of this date (default today).")
    ] = None,
    json: Json = False,
) -> None:
    """An account: health and what it cost, contacts (current and former), primary history, interactions."""
    from dataclasses import asdict

    from amtui.services.clients import accounts
    from amtui.services.overview import health

    when = pdate(as_of) or clock.today()
    with reading(ctx) as s:
        d = accounts.account_detail(s, slug, interactions=10)
        h = health.account_health(s, d.summary.slug, as_of=when)
    if json:
        emit_json(asdict(d) | {"health": h.score, "health_band": h.band, "health_factors": h.factors})
        return
    a = d.summary
    c = console()
    c.print(f"[bold]{a.name}[/] ({a.slug}) · {a.industry or 'industry not set'} · {a.contract}")
    c.print(f"Health {h.score}/100 ({h.band}) as of {h.as_of.isoformat()}")
    for f in h.factors:
        cost = f"[red]{-f.cost:>3}[/]" if f.cost else "[dim]  0[/]"
        c.print(f"  {cost} {f.label}: {f.detail}" + ("" if f.measured else " [dim](not measured)[/]"))
    if a.renewal_on:
        c.print(f"Renewal {a.renewal_on.isoformat()}")
    if d.primary_left:
        c.print(f"[red]Primary contact {d.primary_left} left and no new primary contact is set[/]")
    c.print("\n[bold]Contacts[/]")
    for ct in d.contacts:
        tag = " [green]primary[/]" if ct.primary and ct.current else ""
        gone = f" [dim](left {ct.left_on.isoformat()})[/]" if ct.left_on else ""
        c.print(f"  {ct.name} · {ct.role or '—'}{tag}{gone}")
    if d.primary_history:
        c.print("\n[bold]Primary contact history[/]")
        for p in d.primary_history:
            c.print(
                f"  {p.from_date.isoformat()} → {p.to_date.isoformat() if p.to_date else 'now'}  {p.contact}"
            )
    c.print("\n[bold]Recent interactions[/]")
    for i in d.interactions:
        c.print(f"  {i.occurred_on.isoformat()}  {i.kind:<12} {i.summary}")
    if not d.interactions:
        c.print("  none logged")


@account_app.command("edit")
def account_edit(
    ctx: typer.Context,
    slug: str,
    name: Annotated[str | None, typer.Option()] = None,
    new_slug: Annotated[str | None, typer.Option("--slug")] = None,
    industry: Annotated[str | None, typer.Option()] = None,
    contract: Annotated[str | None, typer.Option(help="retainer | project | aor")] = None,
    renewal: Annotated[str | None, typer.Option()] = None,
    notes: Annotated[str | None, typer.Option()] = None,
    client_sees: Annotated[
        str | None,
        typer.Option(
            "--client-sees",
            help="Optional report sections the client version shows: burn, actuals, margin, risks, "
            "escalations, pipeline, notes, health (comma-separated; 'none' clears).",
        ),
    ] = None,
    am: Annotated[
        str | None, typer.Option("--am", help="The account's AM (a person's name or role).")
    ] = None,
) -> None:
    """Change an account's name, slug, industry, contract, renewal date, notes, or what its client sees."""
    from amtui.services.clients import accounts

    renewal_on = pdate(renewal)
    with writing(ctx) as uow:
        acc = accounts.edit_account(
            uow,
            slug,
            name=name,
            new_slug=new_slug,
            industry=industry,
            contract=contract,
            renewal_on=renewal_on,
            notes=notes,
            client_sees=client_sees,
            am=am,
        )
    line = f"Updated account {acc.slug} ({acc.name})"
    if am is not None:
        line += f"; AM {acc.am}"
    if client_sees is not None:
        sees = accounts.client_sees_of(client_sees)  # checked by the write already
        line += f"; the client's reports show {', '.join(sorted(sees)) if sees else 'no optional sections'}"
    out(line)


@account_app.command("archive")
def account_archive(ctx: typer.Context, slug: str) -> None:
    """Archive an account (its history stays; it leaves lists and Today)."""
    from amtui.services.clients import accounts

    with writing(ctx) as uow:
        acc = accounts.archive_account(uow, slug)
    out(f"Archived account {acc.slug}")


@contact_app.command("add")
def contact_add(
    ctx: typer.Context,
    account: str,
    name: str,
    role: Annotated[str | None, typer.Option(help="e.g. 'Marketing Director'.")] = None,
    email: Annotated[str | None, typer.Option()] = None,
    phone: Annotated[str | None, typer.Option()] = None,
    primary: Annotated[bool, typer.Option("--primary", help="Make them the primary contact.")] = False,
    date_: Annotated[str | None, typer.Option("--date", help="When they joined / became primary.")] = None,
) -> None:
    """Add a contact at a client."""
    from amtui.services.clients import accounts

    on = pdate(date_)
    with writing(ctx) as uow:
        c = accounts.add_contact(
            uow, account, name, role=role, email=email, phone=phone, primary=primary, joined_on=on
        )
    extra = " · now the primary contact" if c.primary else ""
    out(f"Added {c.name} ({c.role or 'no role'}) to {account.lower()}{extra}")


@contact_app.command("list")
def contact_list(
    ctx: typer.Context,
    account: str,
    current: Annotated[bool, typer.Option("--current", help="Only people still there.")] = False,
    json: Json = False,
) -> None:
    """List an account's contacts, current first."""
    from amtui.services.clients import accounts

    with reading(ctx) as s:
        rows = accounts.list_contacts(s, account, include_former=not current)
    if json:
        emit_json(rows)
        return
    from rich.table import Table

    t = Table(box=None, header_style="bold")
    for col in ("Name", "Role", "Email", "Phone", "Primary", "Left"):
        t.add_column(col)
    for c in rows:
        t.add_row(
            c.name,
            c.role or "—",
            c.email or "—",
            c.phone or "—",
            "yes" if c.primary else "",
            c.left_on.isoformat() if c.left_on else "",
        )
    console().print(t)


@contact_app.command("edit")
def contact_edit(
    ctx: typer.Context,
    account: str,
    name: Annotated[str, typer.Argument(help="The contact's name as it is now.")],
    new_name: Annotated[str | None, typer.Option("--name", help="Their name, corrected.")] = None,
    role: Annotated[str | None, typer.Option(help="Their role ('' clears it).")] = None,
    email: Annotated[str | None, typer.Option(help="Their email ('' clears it).")] = None,
    phone: Annotated[str | None, typer.Option(help="Their phone ('' clears it).")] = None,
) -> None:
    """Correct a contact's name, role, email or phone (undoable)."""
    from amtui.services.clients import corrections

    with writing(ctx) as uow:
        e = corrections.edit_contact(
            uow, account, name, new_name=new_name, role=role, email=email, phone=phone
        )
    out(f"Edited {e.contact.name} at {account.strip().lower()}: {'; '.join(e.changes)}")


@contact_app.command("leave")
def contact_leave(
    ctx: typer.Context,
    account: str,
    name: str,
    date_: Annotated[str | None, typer.Option("--date", help="Their last day (default: today).")] = None,
) -> None:
    """Record that a contact left the client (who was primary when is kept)."""
    from amtui.services.clients import accounts

    on = pdate(date_)
    with writing(ctx) as uow:
        c = accounts.contact_leave(uow, account, name, on=on)
        gap = accounts.primary_left_unreplaced(uow.session, accounts.get_account(uow.session, account).id)  # type: ignore[arg-type]
    assert c.left_on is not None
    out(f"{c.name} left {account.lower()} on {date_echo(date_, c.left_on)}")
    if gap:
        out(f'No primary contact at {account.lower()} now: amtui contact primary {account.lower()} "NAME"')


@contact_app.command("primary")
def contact_primary(
    ctx: typer.Context,
    account: str,
    name: str,
    date_: Annotated[str | None, typer.Option("--date", help="From when (default: today).")] = None,
) -> None:
    """Make a current contact the primary contact."""
    from amtui.services.clients import accounts

    on = pdate(date_)
    with writing(ctx) as uow:
        c = accounts.set_primary(uow, account, name, on=on)
    out(f"{c.name} is now the primary contact at {account.lower()}")


@account_app.command("share")
def account_share(
    ctx: typer.Context,
    account: Annotated[str, typer.Argument(help="The account, e.g. helios.")],
    with_: Annotated[str, typer.Option("--with", help="The person's database role, e.g. dana.")],
    role: Annotated[str, typer.Option("--role", help="editor (reads and changes) | viewer (reads).")],
) -> None:
    """Share an account with a person on a team database: an editor or a viewer (the server enforces it)."""
    from amtui.services.clients import members

    with writing(ctx) as uow:
        res = members.share(uow, account, with_, role)
    if res.previous is None:
        out(f"Shared {res.account} with {res.role_name} as {res.access}")
    elif res.previous == res.access:
        out(f"{res.role_name} is already {res.access} of {res.account}")
    else:
        out(f"{res.role_name} is now {res.access} of {res.account} (was {res.previous})")
