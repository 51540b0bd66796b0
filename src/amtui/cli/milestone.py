"""``amtui milestone …``, ``amtui timeline`` and ``amtui calendar export``: delivery dates across teams.

Milestones are ``M12`` (or ``12``). Moving one shows which dependents follow and by how much.

Longer than 400 lines because a one-liner builds only its own command module: the three groups share the
filters (account, project, team) and the Gantt rendering options.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from amtui.cli._common import console, date_echo, emit_json, out, pdate, reading_sql, writing
from amtui.core import clock

if TYPE_CHECKING:
    from amtui.services.timeline.milestones import MilestoneInfo, PlanEdge, Shift

milestone_app = typer.Typer(help="Milestones: dates, teams, dependencies, status.", no_args_is_help=True)
calendar_app = typer.Typer(help="Calendar files for the milestones.", no_args_is_help=True)

Json = Annotated[bool, typer.Option("--json", help="Machine-readable output.")]
TEAM_HELP = "creative | media | strategy | analytics | production | account | client"


def register(app: typer.Typer) -> None:
    app.add_typer(milestone_app, name="milestone")
    app.add_typer(calendar_app, name="calendar")
    app.command("timeline", help="A Gantt chart by week, today marked: amtui timeline [REF] [--weeks 12].")(
        timeline
    )


def _after(m: MilestoneInfo) -> str:
    return ", ".join(d.label + (f" +{d.lag_days}d" if d.lag_days else "") for d in m.after)


def _shift_line(s: Shift) -> str:
    return f"  {s.label} {s.name}: {s.old_due} → {s.new_due} ({s.days:+d}d)"


def _shifts(shifts: tuple[Shift, ...] | list[Shift], verb: str = "follow") -> None:
    if shifts:
        out(f"{len(shifts)} dependent{'s' if len(shifts) != 1 else ''} {verb}:")
        for s in shifts:
            out(_shift_line(s))


@milestone_app.command("add")
def milestone_add(
    ctx: typer.Context,
    ref: Annotated[str, typer.Argument(help="Project: account/project, or the project slug alone.")],
    name: Annotated[str, typer.Argument(help="What is delivered, e.g. 'Storyboards to client'.")],
    due: Annotated[
        str | None, typer.Option(help="Due date (default with --after: the earliest allowed).")
    ] = None,
    start: Annotated[str | None, typer.Option(help="Start date (none: a point in time).")] = None,
    days: Annotated[
        int | None, typer.Option("--days", help="Length in working days (with --after, --start or --due).")
    ] = None,
    team: Annotated[str, typer.Option(help=TEAM_HELP)] = "account",
    owner: Annotated[str | None, typer.Option(help="Who is accountable.")] = None,
    after: Annotated[
        str | None, typer.Option(help="Finish-to-start after these milestones, e.g. M3,M4.")
    ] = None,
    lag: Annotated[
        int, typer.Option(help="Working days between the --after milestones finishing and this starting.")
    ] = 0,
    client_approval: Annotated[
        bool, typer.Option("--client-approval", help="The client approves it (they are the blocker).")
    ] = False,
    approval_days: Annotated[
        int | None,
        typer.Option(
            "--approval-days", help="Working days the client agreed to take (default: the config's, 5)."
        ),
    ] = None,
    fixed: Annotated[
        bool, typer.Option("--fixed", help="A date that must not move (a launch, a flight).")
    ] = False,
    weight: Annotated[int | None, typer.Option(help="Weight for % complete (default 1).")] = None,
    hours: Annotated[
        str | None, typer.Option(help="Estimated hours (weighs % complete when all have them).")
    ] = None,
    json: Json = False,
) -> None:
    """Add a milestone to a project."""
    from amtui.core.dates import parse_hours
    from amtui.services.timeline import milestones as timeline

    due_on, start_on = pdate(due), pdate(start)
    minutes = parse_hours(hours) if hours else None
    with writing(ctx) as uow:
        m = timeline.add_milestone(
            uow,
            ref,
            name,
            due_on=due_on,
            start_on=start_on,
            days=days,
            team=team,
            owner=owner,
            after=timeline.split_refs(after),
            lag_days=lag,
            client_approval=client_approval,
            approval_days=approval_days,
            fixed=fixed,
            weight=weight,
            estimated_minutes=minutes,
        )
        notes = timeline.date_notes(uow.session, start_on, due_on)
        edges = timeline.milestone_edges(uow.session, m)
    if json:
        emit_json(m)
        return
    parts = [f"Added {m.label} {m.name} to {m.project}", m.team]
    if m.start_on:
        parts.append(f"{date_echo(start, m.start_on)} → {date_echo(due, m.due_on)}")
    else:
        parts.append(f"due {date_echo(due, m.due_on)}")
    if m.after:
        parts.append(f"after {_after(m)}")
    if m.client_approval:
        parts.append(f"client approval ({m.approval_days} working days agreed)")
    if m.fixed:
        parts.append("fixed")
    out(" · ".join(parts))
    for note in notes:
        out(f"Note: {note}")
    _edges(edges)


@milestone_app.command("list")
def milestone_list(
    ctx: typer.Context,
    ref: Annotated[str | None, typer.Argument(help="A project (account/project) or an account.")] = None,
    overdue: Annotated[
        bool, typer.Option("--overdue", help="Only milestones past due and not done.")
    ] = False,
    team: Annotated[str | None, typer.Option(help=TEAM_HELP)] = None,
    status: Annotated[str | None, typer.Option(help="planned | in-progress | done | blocked")] = None,
    json: Json = False,
) -> None:
    """List milestones by project and due date."""
    from amtui.services.timeline import read as timeline

    with reading_sql(ctx) as s:
        rows = timeline.list_milestones(s, ref, team=team, status=status, overdue=overdue, critical=True)
    if json:
        emit_json(rows)
        return
    if not rows:
        out(
            "No milestones"
            + (" overdue" if overdue else "")
            + ' — add one: amtui milestone add REF "Name" --due fri'
        )
        return
    from rich.table import Table

    t = Table(box=None, header_style="bold")
    for c in ("ID", "Project", "Milestone", "Team", "Owner", "Start", "Due", "Status", "After"):
        t.add_column(c)
    for m in rows:
        due = m.due_on.isoformat() + (f" [red]({m.overdue_days}d late)[/]" if m.overdue_days else "")
        t.add_row(
            m.label,
            m.project,
            m.name
            + (" [dim](client)[/]" if m.client_approval else "")
            + (" [bold](fixed)[/]" if m.fixed else "")
            + (" [yellow]★[/]" if m.critical and m.status != "done" else ""),
            m.team,
            m.owner or "—",
            m.start_on.isoformat() if m.start_on else "—",
            due,
            m.status,
            _after(m) or "—",
        )
    console().print(t)
    if any(m.critical and m.status != "done" for m in rows):
        out("★ on the critical path: the chain that sets the end date")


@milestone_app.command("show")
def milestone_show(ctx: typer.Context, ref: str, json: Json = False) -> None:
    """One milestone: dates, team, owner, status history, dependencies."""
    from amtui.services.timeline import read as timeline

    with reading_sql(ctx) as s:
        m = timeline.milestone_info(s, ref)
    if json:
        emit_json(m)
        return
    out(f"{m.label} {m.name} · {m.project} ({m.project_name})")
    out(f"Team {m.team} · owner {m.owner or '—'} · {m.status}")
    span = f"{m.start_on} → {m.due_on}" if m.start_on else f"due {m.due_on}"
    out(f"Dates {span}" + (f" · {m.overdue_days}d overdue" if m.overdue_days else ""))
    if m.after:
        out(f"After {_after(m)}")
    if m.client_approval:
        out(f"Client approval · {m.approval_days} working days agreed")
    if m.fixed:
        out("Fixed: this date does not move; pushes into it are reported")
    for what, on in (("started", m.started_on), ("blocked", m.blocked_on), ("done", m.done_on)):
        if on:
            out(f"{what.capitalize()} {on}")
    if m.note:
        out(f"Note {m.note}")


@milestone_app.command("edit")
def milestone_edit(
    ctx: typer.Context,
    ref: str,
    name: Annotated[str | None, typer.Option(help="New name.")] = None,
    team: Annotated[str | None, typer.Option(help=TEAM_HELP)] = None,
    owner: Annotated[str | None, typer.Option(help="Who is accountable ('' for nobody).")] = None,
    start: Annotated[str | None, typer.Option(help="New start date ('none': a point in time).")] = None,
    due: Annotated[
        str | None, typer.Option(help="New due date: moves it (its length kept), and its dependents follow.")
    ] = None,
    weight: Annotated[int | None, typer.Option(help="Weight for % complete.")] = None,
    hours: Annotated[str | None, typer.Option(help="Estimated hours.")] = None,
    approval_days: Annotated[
        int | None, typer.Option("--approval-days", help="Working days the client agreed to take.")
    ] = None,
    fixed: Annotated[
        bool | None, typer.Option("--fixed/--not-fixed", help="A date that must not move, or not any more.")
    ] = None,
    days: Annotated[
        int | None,
        typer.Option("--days", help="Length in working days: the due date follows, and so do dependents."),
    ] = None,
) -> None:
    """Change a milestone's name, team, owner, start, due date, length, weight or hours."""
    from amtui.core.dates import parse_hours
    from amtui.services.timeline import milestones as timeline

    no_start = start is not None and start.strip().lower() == "none"
    start_on = None if no_start else pdate(start)
    minutes = parse_hours(hours) if hours else None
    with writing(ctx) as uow:
        m, moved = timeline.change_milestone(
            uow,
            ref,
            name=name,
            team=team,
            owner=owner,
            start_on=start_on,
            no_start=no_start,
            due_on=pdate(due),
            days=days,
            weight=weight,
            estimated_minutes=minutes,
            approval_days=approval_days,
            fixed=fixed,
        )
    span = f"{m.start_on} → {m.due_on}" if m.start_on else f"due {m.due_on}"
    out(f"Updated {m.label} {m.name} · {m.team} · owner {m.owner or '—'} · {span}")
    if moved is not None:
        for note in moved.notes:
            out(f"Note: {note}")
        if moved.dependents:
            _shifts(moved.dependents, "follow")
        _edges(moved.edges)


@milestone_app.command("start")
def milestone_start(ctx: typer.Context, ref: str) -> None:
    """Work has begun (for a client approval: it is with the client; the agreed days start counting)."""
    from amtui.services.timeline import milestones as timeline
    from amtui.services.timeline.workdays import calendar_for

    with writing(ctx) as uow:
        m = timeline.start_milestone(uow, ref)
        cal = calendar_for(uow.session)
    extra = ""
    if m.client_approval and m.started_on and m.approval_days:
        answer = cal.add_working_days(m.started_on, m.approval_days)
        extra = f" · with the client; answer due {answer} ({m.approval_days} working days)"
    out(f"{m.label} {m.name} in progress since {m.started_on}{extra}")


@milestone_app.command("done")
def milestone_done(
    ctx: typer.Context, ref: str, date_: Annotated[str | None, typer.Option("--date", help="When.")] = None
) -> None:
    """Mark a milestone done (and see the project's % complete)."""
    from amtui.services.timeline import milestones as timeline

    on = pdate(date_)
    with writing(ctx) as uow:
        m = timeline.done_milestone(uow, ref, on=on)
        from amtui.services.base.refs import get_project

        bp = timeline.milestone_complete_bp(uow.session, get_project(uow.session, m.project).id or 0)
    assert m.done_on is not None
    pct = f" · {m.project} {bp / 100:.0f}% complete" if bp is not None else ""
    late = (m.done_on - m.due_on).days
    when = f" ({late}d after due)" if late > 0 else ""
    out(f"{m.label} {m.name} done on {date_echo(date_, m.done_on)}{when}{pct}")


@milestone_app.command("block")
def milestone_block(
    ctx: typer.Context,
    ref: str,
    reason: Annotated[str | None, typer.Option(help="What it waits for.")] = None,
) -> None:
    """Mark a milestone blocked (a client approval blocked counts its waiting days)."""
    from amtui.services.timeline import milestones as timeline

    with writing(ctx) as uow:
        m = timeline.block_milestone(uow, ref, reason=reason)
    out(f"{m.label} {m.name} blocked since {m.blocked_on}" + (f": {m.note}" if m.note else ""))


@milestone_app.command("move")
def milestone_move(
    ctx: typer.Context,
    ref: str,
    to: Annotated[str | None, typer.Option("--to", help="New due date (its start moves with it).")] = None,
    by: Annotated[int | None, typer.Option("--by", help="Working days later (negative: earlier).")] = None,
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Show what would move; change nothing.")] = False,
    json: Json = False,
) -> None:
    """Move a milestone; dependents follow by the minimum needed, and you see which and by how much."""
    from amtui.services.timeline import milestones as timeline

    to_on = pdate(to)
    with writing(ctx) as uow:
        r = timeline.move_milestone(uow, ref, to=to_on, by_days=by, dry_run=dry_run)
    if json:
        emit_json(r)
        return
    m = r.milestone
    verb = "would move" if dry_run else "moved"
    new = date_echo(to, m.new_due) if to else m.new_due.isoformat()
    out(f"{m.label} {m.name} {verb}: due {m.old_due} → {new} ({m.days:+d}d)")
    for note in r.notes:
        out(f"Note: {note}")
    if r.dependents:
        _shifts(r.dependents, "would follow" if dry_run else "follow")
    else:
        out("No dependent needs to move.")
    _edges(r.edges)


def _edges(edges: tuple[PlanEdge, ...]) -> None:
    """What a move leaves past the plan's edges: the project's end, a fixed date."""
    if edges:
        out(f"⚠ {len(edges)} past the plan's edges:")
        for e in edges:
            out(f"  {e.message}")


@milestone_app.command("link")
def milestone_link(
    ctx: typer.Context,
    ref: Annotated[str, typer.Argument(help="The milestone that waits.")],
    after: Annotated[str, typer.Option(help="The milestones it comes after, e.g. M3,M4.")],
    lag: Annotated[int, typer.Option(help="Working days between them.")] = 0,
) -> None:
    """Make a milestone come after others (finish-to-start); it and its dependents shift if they must."""
    from amtui.services.timeline import milestones as timeline

    with writing(ctx) as uow:
        r = timeline.link_milestones(uow, ref, timeline.split_refs(after), lag_days=lag)
    m = r.milestone
    out(f"{m.label} {m.name} now comes after {_after(m)}")
    _shifts(r.moved, "moved to keep the dependencies")
    _edges(r.edges)


@milestone_app.command("unlink")
def milestone_unlink(
    ctx: typer.Context,
    ref: str,
    after: Annotated[str, typer.Option(help="The milestone it no longer waits for.")],
) -> None:
    """Remove a dependency."""
    from amtui.services.timeline import milestones as timeline

    with writing(ctx) as uow:
        r = timeline.unlink_milestones(uow, ref, after)
    m = r.milestone
    out(f"{m.label} {m.name} no longer waits for {after.upper()}")
    _shifts(r.moved, "moved back towards their plan")


def timeline(
    ctx: typer.Context,
    ref: Annotated[str | None, typer.Argument(help="A project (account/project) or an account.")] = None,
    weeks: Annotated[int, typer.Option(help="At most this many weeks.", min=1, max=52)] = 12,
    team: Annotated[str | None, typer.Option(help=TEAM_HELP)] = None,
) -> None:

    from rich.table import Table

    from amtui.exporters import gantt
    from amtui.services.timeline import read as svc
    from amtui.services.timeline.edges import plan_edges

    today = clock.today()
    with reading_sql(ctx) as s:
        rows = svc.list_milestones(s, ref, team=team, today=today, critical=True)
        shown = {m.id for m in rows}
        edges = [e for e in plan_edges(s) if e.milestone_id in shown]
    if not rows:
        out('No milestones to chart — add one: amtui milestone add REF "Name" --due fri')
        return
    c = console()
    # The chart fits the terminal: narrow ones drop the team (the bar's colour says it) and the dependencies;
    # the milestone name takes what is left (16 to 34 cells).
    wide = c.width >= 120
    fixed = [4, 11] + ([10, 16] if wide else [])
    gaps = 2 * (len(fixed) + 1) + 2
    fit = max(3, (c.width - sum(fixed) - gaps - 16) // 7)
    window = gantt.window_for(rows, today, max_weeks=min(weeks, fit))
    name_w = max(12, min(34, c.width - sum(fixed) - gaps - window.weeks * 7))
    t = Table(box=None, header_style="bold", pad_edge=False)
    t.add_column("ID", no_wrap=True, width=4)
    t.add_column("Milestone", width=name_w, no_wrap=True, overflow="ellipsis")
    if wide:
        t.add_column("Team", no_wrap=True, width=10, overflow="ellipsis")
    t.add_column("Due", no_wrap=True, width=11)
    if wide:
        t.add_column("After", no_wrap=True, width=16, overflow="ellipsis")
    t.add_column(gantt.header(window, today), no_wrap=True, width=window.weeks * 7)
    project = None
    past = {e.milestone_id for e in edges}
    for m in rows:
        if m.project != project:
            project = m.project
            title = f"[bold]{m.project_name}[/] [dim]{m.project}[/]"
            t.add_row("", title, *([""] * (5 if wide else 3)))
        due = m.due_on.strftime("%b %d") + (" [red]late[/]" if m.overdue_days else "")
        mark = ("[red]⚠[/]" if m.id in past else "") + (
            "[yellow]★[/]" if m.critical and m.status != "done" else ""
        )
        name = f"{mark} {m.name}" if mark else m.name
        cells = [m.label, name, m.team, due, _after(m)] if wide else [m.label, name, due]
        t.add_row(*cells, gantt.bar(m, window, today))
    c.print(f"[bold]Timeline[/] {window.first} → {window.last} · today {today}")
    c.print(t)
    c.print(gantt.legend())
    c.print("[yellow]★[/] on the critical path  [red]⚠[/] past the plan's edges (project end, a fixed date)")
    for e in edges:
        c.print(f"[red]⚠[/] {e.message}", highlight=False)


@calendar_app.command("export")
def calendar_export(
    ctx: typer.Context,
    ref: Annotated[
        str | None, typer.Argument(help="A project or an account (default: the whole book).")
    ] = None,
    out_path: Annotated[Path, typer.Option("--out", help="The .ics file to write.")] = Path("milestones.ics"),
    open_only: Annotated[
        bool, typer.Option("--open", help="Leave out milestones (and follow-ups) that are done.")
    ] = False,
    todos: Annotated[bool, typer.Option("--todos", help="Include the follow-ups (T-n).")] = False,
    todos_as: Annotated[
        str, typer.Option("--todos-as", help="todo (VTODO) | event (all-day, for calendars without to-dos)")
    ] = "todo",
    force: Annotated[
        bool, typer.Option("--force", help="Replace an existing file that is not an amtui calendar.")
    ] = False,
) -> None:
    """Write the milestones as all-day events (and, with --todos, the follow-ups); re-export updates the same
    items (stable UIDs)."""
    from amtui.core.errors import InputError
    from amtui.exporters.ics import is_amtui_calendar, write_ics
    from amtui.services.timeline import read as timeline_read

    if out_path.exists() and out_path.is_dir():
        raise InputError(f"{out_path} is a folder; give a file name such as milestones.ics")
    todo_as = todos_as.strip().lower()
    if todo_as not in ("todo", "event"):
        raise InputError(f"unknown --todos-as {todos_as!r}; choose one of: todo, event")
    follow_ups: list = []
    with reading_sql(ctx) as s:
        rows = timeline_read.list_milestones(s, ref)
        if todos:
            from amtui.services.clients.followups import list_follow_ups

            follow_ups = list_follow_ups(s, ref=ref, include_done=not open_only)
    if open_only:
        rows = [r for r in rows if r.status != "done"]
    if not rows and not follow_ups:
        what = "milestones or follow-ups" if todos else "milestones"
        raise InputError(f"no {what} to export" + (f" for {ref}" if ref else ""))
    write_ics(
        rows,
        out_path,
        follow_ups=follow_ups,
        todo_as="event" if todo_as == "event" else "todo",
        force=force or is_amtui_calendar(out_path),
    )
    n, t = len(rows), len(follow_ups)
    also = f" and {t} follow-up{'s' if t != 1 else ''}" if todos else ""
    out(
        f"Wrote {n} milestone{'s' if n != 1 else ''}{also} to {out_path} "
        "(import it again: same events, updated)"
    )
