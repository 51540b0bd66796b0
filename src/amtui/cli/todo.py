"""``amtui todo …``: follow-ups (``T-n``), the next actions from every call, with due dates and rituals."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

from amtui.cli._common import console, date_echo, emit_csv, emit_json, out, pdate, reading_sql, writing

if TYPE_CHECKING:
    from amtui.services.clients.followups import FollowUpInfo

todo_app = typer.Typer(
    help="Follow-ups: your next actions, due dates, weekly and monthly rituals.", no_args_is_help=True
)

DUE_HELP = "YYYY-MM-DD, today, tomorrow, a weekday (tue = the next one), +3d, +1w"
EVERY_HELP = "Repeat: week | month (the next one is created when this one is done)."


def register(app: typer.Typer) -> None:
    app.add_typer(todo_app, name="todo")


def _line(f: FollowUpInfo) -> str:
    links = [x for x in (f.project, f.contact, f.escalation, f.change_order) if x]
    extra = (f" · {', '.join(links)}" if links else "") + (f" · every {f.every}" if f.every else "")
    return f"{f.ref} {f.account}: {f.title}{extra}"


@todo_app.command("add")
def todo_add(
    ctx: typer.Context,
    account: Annotated[str, typer.Argument(help="Account slug.")],
    title: Annotated[str, typer.Argument(help="What to do, e.g. 'Send the recap'.")],
    due: Annotated[str, typer.Option(help=f"When it is due: {DUE_HELP}.")],
    project: Annotated[str | None, typer.Option(help="The project it is about.")] = None,
    contact: Annotated[str | None, typer.Option(help="The contact it is with.")] = None,
    escalation: Annotated[str | None, typer.Option(help="The escalation it answers (ESC-n).")] = None,
    co: Annotated[str | None, typer.Option("--co", help="The change order it chases (CO-n).")] = None,
    every: Annotated[str | None, typer.Option(help=EVERY_HELP)] = None,
) -> None:
    """Add a follow-up due on a date."""
    from amtui.services.clients import followups

    due_on = pdate(due)
    assert due_on is not None
    with writing(ctx) as uow:
        f = followups.add_follow_up(
            uow, account, title, due_on=due_on, project=project, contact=contact, escalation=escalation,
            change_order=co, every=every,
        )  # fmt: skip
    out(f"{_line(f)} · due {date_echo(due, f.due_on)}")


@todo_app.command("list")
def todo_list(
    ctx: typer.Context,
    account: Annotated[str | None, typer.Argument(help="Account slug (default: all).")] = None,
    overdue: Annotated[bool, typer.Option("--overdue", help="Only those past their due date.")] = False,
    done: Annotated[bool, typer.Option("--done", help="Include the done ones (after the open).")] = False,
    json: Annotated[bool, typer.Option("--json", help="Machine-readable output.")] = False,
    csv: Annotated[bool, typer.Option("--csv", help="CSV with a header row (the --json keys).")] = False,
) -> None:
    """Open follow-ups, soonest due first, overdue ones marked."""
    from amtui.core.errors import InputError
    from amtui.services.clients import followups

    if json and csv:
        raise InputError("choose one of --json and --csv")
    with reading_sql(ctx) as s:
        rows = followups.list_follow_ups(s, account, include_done=done, overdue_only=overdue)
    if json:
        emit_json(rows)
        return
    if csv:
        from amtui.services.clients.followups import FollowUpInfo

        emit_csv(rows, FollowUpInfo)
        return
    if not rows:
        out("Nothing to follow up." if overdue else 'No follow-ups: amtui todo add ACCOUNT "…" --due tue')
        return
    from rich.table import Table

    t = Table(box=None, header_style="bold")
    for c in ("Ref", "Due", "Account", "Follow-up", "About", "Every"):
        t.add_column(c)
    for f in rows:
        due = f.due_on.isoformat()
        if f.status == "done":
            due = f"[dim]done {f.done_on}[/]"
        elif f.overdue:
            due += f" [red]({f.days_overdue}d overdue)[/]"
        elif f.due_today:
            due += " [yellow](today)[/]"
        if f.snoozed_to and f.status == "open":
            due += f" [dim]snoozed from {f.set_for.isoformat()}[/]"
        about = ", ".join(x for x in (f.project, f.contact, f.escalation, f.change_order) if x)
        t.add_row(f.ref, due, f.account, f.title, about or "—", f.every or "")
    console().print(t)


@todo_app.command("done")
def todo_done(
    ctx: typer.Context,
    ref: Annotated[str, typer.Argument(help="T-4 or 4.")],
    date_: Annotated[str | None, typer.Option("--date", help="When (default: today).")] = None,
) -> None:
    """Mark a follow-up done; a recurring one gets its next occurrence."""
    from amtui.services.clients import followups

    on = pdate(date_)
    with writing(ctx) as uow:
        d = followups.complete_follow_up(uow, ref, on=on)
    out(f"{d.done.ref} done on {d.done.done_on}: {d.done.title}")
    if d.next is not None:
        out(f"Next: {d.next.ref} due {d.next.due_on.isoformat()} (every {d.next.every})")


@todo_app.command("snooze")
def todo_snooze(
    ctx: typer.Context,
    ref: Annotated[str, typer.Argument(help="T-4 or 4.")],
    to: Annotated[str, typer.Option("--to", help=f"The new date: {DUE_HELP}.")],
) -> None:
    """Move a follow-up to a later date (the date it was set for is kept)."""
    from amtui.services.clients import followups

    when = pdate(to)
    assert when is not None
    with writing(ctx) as uow:
        f = followups.snooze_follow_up(uow, ref, when)
    out(f"{f.ref} snoozed to {date_echo(to, f.due_on)} (set for {f.set_for.isoformat()}): {f.title}")


@todo_app.command("edit")
def todo_edit(
    ctx: typer.Context,
    ref: Annotated[str, typer.Argument(help="T-4 or 4.")],
    title: Annotated[str | None, typer.Option(help="A new title.")] = None,
    due: Annotated[str | None, typer.Option(help=f"A new due date (replaces a snooze): {DUE_HELP}.")] = None,
    project: Annotated[str | None, typer.Option(help="The project ('none' clears it).")] = None,
    contact: Annotated[str | None, typer.Option(help="The contact ('none' clears it).")] = None,
    escalation: Annotated[str | None, typer.Option(help="ESC-n ('none' clears it).")] = None,
    co: Annotated[str | None, typer.Option("--co", help="CO-n ('none' clears it).")] = None,
    every: Annotated[str | None, typer.Option(help="week | month | none.")] = None,
) -> None:
    """Change an open follow-up."""
    from amtui.services.clients import followups

    due_on = pdate(due)
    with writing(ctx) as uow:
        f = followups.edit_follow_up(
            uow, ref, title=title, due_on=due_on, project=project, contact=contact, escalation=escalation,
            change_order=co, every=every,
        )  # fmt: skip
    out(f"{_line(f)} · due {f.due_on.isoformat()}")
