"""``amtui brief …``: briefs from templates, checked while written, versioned, approved and exported."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from amtui.cli._common import console, emit_json, out, reading, state, writing

if TYPE_CHECKING:
    from amtui.services.briefs.checks import Finding
    from amtui.services.briefs.service import SaveResult

brief_app = typer.Typer(
    help="Creative and media briefs: templates, checks, versions, approvals.", no_args_is_help=True
)
Json = Annotated[bool, typer.Option("--json", help="Machine-readable output.")]
BriefId = Annotated[int, typer.Argument(help="The brief's number (see amtui brief list).", metavar="ID")]


def register(app: typer.Typer) -> None:
    app.add_typer(brief_app, name="brief")


def _checks_line(blocking: int, warnings: int) -> str:
    if not blocking and not warnings:
        return "checks pass"
    return f"{blocking} blocking, {warnings} warning{'s' if warnings != 1 else ''}"


def _saved(r: SaveResult) -> str:
    if not r.changed:
        return f"Brief {r.id}: no changes (v{r.version}, {r.status})"
    if r.was_approved:
        head = (
            f"Brief {r.id} saved as v{r.version}, back in draft: the approved v{r.version - 1} is unchanged"
        )
        tail = f"and this version needs approving again (amtui brief submit {r.id})"
        return f"{head} {tail} · {_checks_line(r.blocking, r.warnings)}"
    kind = "as new version" if r.new_version else "in"
    return f"Brief {r.id} saved {kind} v{r.version} ({r.status}) · {_checks_line(r.blocking, r.warnings)}"


@brief_app.command("new")
def brief_new(
    ctx: typer.Context,
    ref: Annotated[str, typer.Argument(help="The project: account/project, or its slug when unambiguous.")],
    template: Annotated[str, typer.Option(help="creative | media | a custom template's name.")] = "creative",
    title: Annotated[str | None, typer.Option(help="Title (default: from the template and project).")] = None,
    json: Json = False,
) -> None:
    """Start a brief for a project from a template, prefilled from the book."""
    from amtui.services.briefs import service as briefs

    with writing(ctx) as uow:
        d = briefs.new_brief(uow, ref, template=template, title=title)
    if json:
        emit_json(d.summary)
        return
    s = d.summary
    empty = sum(1 for sec in d.sections if not sec.body)
    out(
        f"Brief {s.id} drafted for {s.project} from the {s.template} template: {len(d.sections)} sections, "
        f"{len(d.sections) - empty} prefilled · {_checks_line(s.blocking, s.warnings)} "
        f"(amtui brief edit {s.id})"
    )


@brief_app.command("list")
def brief_list(
    ctx: typer.Context,
    ref: Annotated[str | None, typer.Argument(help="An account or a project.")] = None,
    status: Annotated[str | None, typer.Option(help="draft | in-review | approved")] = None,
    json: Json = False,
) -> None:
    """Briefs by account and status, with how many checks fail."""
    from amtui.services.briefs import service as briefs

    with reading(ctx) as s:
        rows = briefs.list_briefs(s, ref, status=status)
    if json:
        emit_json(rows)
        return
    if not rows:
        out("No briefs yet: amtui brief new ACCOUNT/PROJECT")
        return
    from rich.table import Table

    t = Table(box=None, header_style="bold")
    for c in ("ID", "Project", "Title", "Status", "Version", "Checks"):
        t.add_column(c, justify="right" if c in ("ID", "Version") else "left")
    for b in rows:
        status_text = b.status + (f" ({b.approved_by})" if b.approved_by else "")
        t.add_row(
            str(b.id), b.project, b.title, status_text, f"v{b.version}", _checks_line(b.blocking, b.warnings)
        )
    console().print(t)


def _print_findings(findings: list[Finding]) -> None:
    c = console()
    for f in findings:
        mark = "[red]✗ blocking[/]" if f.severity == "blocking" else "[yellow]! warning [/]"
        c.print(f"{mark} [bold]{f.rule}[/] {f.message}", markup=True)
        c.print(f"    [dim]why: {f.why}[/]", markup=True)


@brief_app.command("show")
def brief_show(ctx: typer.Context, brief_id: BriefId, json: Json = False) -> None:
    """The brief's status, versions and current text."""
    from amtui.services.briefs import service as briefs

    with reading(ctx) as s:
        d = briefs.brief_detail(s, brief_id)
    if json:
        emit_json(
            {
                "summary": d.summary,
                "sections": [{"name": x.name, "body": x.body} for x in d.sections],
                "versions": d.versions,
                "findings": d.findings,
            }
        )
        return
    b = d.summary
    approved = (
        f" by {b.approved_by} on {b.approved_at.date().isoformat()}"
        if b.approved_by and b.approved_at
        else ""
    )
    out(
        f"Brief {b.id} · {b.project} · {b.template} · {b.status}{approved}"
        f" · v{b.version} of {len(d.versions)}"
    )
    out(f"Checks: {_checks_line(b.blocking, b.warnings)}")
    out("")
    out(d.markdown.rstrip("\n"))


@brief_app.command("check")
def brief_check(ctx: typer.Context, brief_id: BriefId, json: Json = False) -> None:
    """Run the checks; exit 1 when a blocking one fails (to gate a script)."""
    from amtui.services.briefs import service as briefs

    with reading(ctx) as s:
        d = briefs.brief_detail(s, brief_id)
    blocking = d.summary.blocking
    if json:
        emit_json(
            {"id": d.summary.id, "version": d.summary.version, "pass": blocking == 0, "findings": d.findings}
        )
    else:
        _print_findings(d.findings)
        verdict = "blocked" if blocking else "ok"
        out(
            f"Brief {brief_id} v{d.summary.version}: {verdict} · {_checks_line(blocking, d.summary.warnings)}"
        )
    if blocking:
        raise typer.Exit(1)


# Section text often starts with '- ' (a list): no short options here, so nothing in it is read as a flag.
@brief_app.command("set", context_settings={"ignore_unknown_options": True, "help_option_names": ["--help"]})
def brief_set(
    ctx: typer.Context,
    brief_id: BriefId,
    section: Annotated[str, typer.Argument(help="Section name, or an unambiguous part of it: 'budget'.")],
    text: Annotated[str, typer.Argument(help="The section's new text (Markdown); - reads it from stdin.")],
) -> None:
    """Replace one section's text (text may start with '- ' for a list)."""
    from amtui.services.briefs import service as briefs

    if text == "-":
        text = sys.stdin.read()

    with writing(ctx) as uow:
        r = briefs.set_section(uow, brief_id, section, text)
    out(_saved(r))


def _run_editor(path: Path) -> None:
    import os
    import shlex
    import subprocess

    from amtui.core.errors import StateError

    editor = os.environ.get("VISUAL") or os.environ.get("EDITOR") or "vi"
    try:
        rc = subprocess.call([*shlex.split(editor), str(path)])
    except OSError as exc:
        raise StateError(f"cannot start the editor {editor!r}: {exc.strerror or exc}; set $EDITOR") from exc
    if rc != 0:
        raise StateError(f"the editor {editor!r} exited with status {rc}; nothing was saved")


@brief_app.command("edit")
def brief_edit(
    ctx: typer.Context,
    brief_id: BriefId,
    from_file: Annotated[
        Path | None, typer.Option("--from", help="Read the brief from this Markdown file instead of $EDITOR.")
    ] = None,
    note: Annotated[str | None, typer.Option(help="A note for this version.")] = None,
) -> None:
    """Edit the whole brief as Markdown in $EDITOR (or import a file); unparseable text is kept, not saved."""
    import tempfile

    from amtui.core.errors import InputError
    from amtui.services.briefs import history as brief_history
    from amtui.services.briefs import service as briefs
    from amtui.services.briefs.markdown import BriefParseError, parse
    from amtui.store import write_private

    with reading(ctx) as s:
        _, original = briefs.export_markdown(s, brief_id)
    if from_file is not None:
        try:
            text = from_file.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise InputError(f"cannot read {from_file}: {exc}") from exc
    else:
        with tempfile.TemporaryDirectory(prefix="amtui-") as tmp:
            path = Path(tmp) / f"brief-{brief_id}.md"
            write_private(path, original)
            _run_editor(path)
            text = path.read_text(encoding="utf-8")
    if text == original:
        out(f"Brief {brief_id}: no changes")
        return
    try:
        parse(text)
    except BriefParseError as exc:
        if from_file is not None:
            raise InputError(
                f"brief {brief_id} not saved: {exc} (in {from_file}, which is unchanged)"
            ) from exc
        kept = brief_history.save_recovery(state(ctx).side_path, brief_id, text)
        raise InputError(f"brief {brief_id} not saved: {exc}; your text is kept in {kept}") from exc
    with writing(ctx) as uow:
        r = briefs.save_markdown(uow, brief_id, text, note=note)
    out(_saved(r))


@brief_app.command("submit")
def brief_submit(ctx: typer.Context, brief_id: BriefId) -> None:
    """Send a draft to review (refused while a blocking check fails)."""
    from amtui.services.briefs import service as briefs

    with writing(ctx) as uow:
        b = briefs.submit(uow, brief_id)
    out(
        f"Brief {b.id} v{b.version} is in review: saving it now makes a new version"
        f" (amtui brief approve {b.id} --by NAME)"
    )


@brief_app.command("approve")
def brief_approve(
    ctx: typer.Context,
    brief_id: BriefId,
    by: Annotated[str, typer.Option("--by", help="Who approved it, e.g. 'Sam Patel'.")],
) -> None:
    """Record the approval of a brief in review; the approved version is locked."""
    from amtui.services.briefs import service as briefs

    with writing(ctx) as uow:
        b = briefs.approve(uow, brief_id, by)
    assert b.approved_at is not None
    out(
        f"Brief {b.id} v{b.version} approved by {b.approved_by} on {b.approved_at.date().isoformat()}; "
        "it is locked: a change makes a new version"
    )


@brief_app.command("diff")
def brief_diff(
    ctx: typer.Context,
    brief_id: BriefId,
    v1: Annotated[str | None, typer.Argument(help="From version (default: the previous one).")] = None,
    v2: Annotated[str | None, typer.Argument(help="To version (default: the current one).")] = None,
) -> None:
    """What changed between two versions, as a unified diff."""
    from amtui.services.briefs import history as brief_history

    a = brief_history.parse_version(v1) if v1 is not None else None
    b = brief_history.parse_version(v2) if v2 is not None else None
    with reading(ctx) as s:
        d = brief_history.diff(s, brief_id, a, b)
    if d.from_version == d.to_version:
        only = a is None and b is None
        out(
            f"Brief {brief_id} has one version (v1): nothing to compare yet"
            if only
            else f"Brief {brief_id}: v{a} against itself, nothing to compare"
        )
    elif not d.text:
        out(f"Brief {brief_id}: v{d.from_version} and v{d.to_version} are the same")
    else:
        typer.echo(d.text, nl=False)


@brief_app.command("export")
def brief_export(
    ctx: typer.Context,
    brief_id: BriefId,
    fmt: Annotated[str, typer.Option("--format", help="md (Markdown).")] = "md",
    out_file: Annotated[
        Path | None, typer.Option("--out", help="Write to this file instead of stdout.")
    ] = None,
    force: Annotated[bool, typer.Option("--force", help="Replace an existing --out file.")] = False,
) -> None:
    """The brief as clean Markdown a client can read without amtui."""
    from amtui.core.errors import InputError
    from amtui.services.base.common import check_choice
    from amtui.services.briefs import service as briefs

    check_choice(fmt, ("md",), "format")
    with reading(ctx) as s:
        b, text = briefs.export_markdown(s, brief_id)
    if out_file is None:
        typer.echo(text, nl=False)
        return
    from amtui.store import write_private

    try:
        write_private(out_file, text, force=force)
    except OSError as exc:
        raise InputError(f"cannot write {out_file}: {exc.strerror or exc}") from exc
    out(f"Wrote brief {b.id} v{b.version} ({b.status}) to {out_file}")
