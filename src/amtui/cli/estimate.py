"""``amtui estimate …``: estimates by team and fixed-price item, versions, the SOW, and accepting one into a
project.

Longer than 400 lines because it is one command group of nine verbs (and the ``line`` subgroup), each a short
function that parses, calls :mod:`amtui.services.estimates` and prints; no rule lives here.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from amtui.cli._common import emit_json, money, out, pdate, reading_sql, state, writing
from amtui.core import clock

if TYPE_CHECKING:
    from amtui.services.estimates.read import EstimateDetail

estimate_app = typer.Typer(
    help="Estimates and statements of work: lines by team, versions, SOW, accept into a project.",
    no_args_is_help=True,
)
line_app = typer.Typer(help="Add or remove an estimate's lines.", no_args_is_help=True)
estimate_app.add_typer(line_app, name="line")

Json = Annotated[bool, typer.Option("--json", help="Machine-readable output.")]
EstimateId = Annotated[
    str, typer.Argument(help="The estimate's number (see amtui estimate list).", metavar="ID")
]
NewVersion = Annotated[
    bool, typer.Option("--new-version", help="Make the change in a new version (the current one is kept).")
]


def register(app: typer.Typer) -> None:
    app.add_typer(estimate_app, name="estimate")


def _id(ref: str) -> int:
    from amtui.services.estimates.read import parse_id

    return parse_id(ref)


def _pct(ratio: float | None) -> str:
    from amtui.services.money.budget_health import pct

    return pct(ratio)


def _total_line(d: EstimateDetail) -> str:
    from amtui.core.dates import format_hours

    t = d.totals
    hours = f" · {format_hours(t.minutes)}" if t.minutes else ""
    return (
        f"Total {money(t.amount_cents, d.currency)}{hours} · cost {money(t.cost_cents, d.currency)} · "
        f"margin {money(t.margin_cents, d.currency)} ({_pct(t.margin_pct)})"
    )


def _print_detail(d: EstimateDetail) -> None:
    from amtui.cli._grid import Cell, grid
    from amtui.core.dates import format_hours
    from amtui.services.estimates.arithmetic import CONTINGENCY

    project = f" · {d.project}" if d.project else ""
    latest = "" if d.version == d.current_version else f" (current v{d.current_version})"
    out(
        f"Estimate {d.id} · {d.title} · {d.account}{project} · {d.status} · v{d.version}{latest} of "
        f"{len(d.versions)} · {d.billing} · priced on {d.on_date.isoformat()}"
    )
    if not d.lines:
        out(f"No lines yet: amtui estimate line add {d.id} --team creative --hours 40")
        return
    table: list[list[Cell]] = []
    for ln in d.shown_lines:
        rate = f"{money(ln.bill_rate_cents, d.currency)}/{money(ln.cost_rate_cents, d.currency)}"
        texts = [
            str(ln.seq) if ln.kind != CONTINGENCY else "",
            ln.kind,
            ln.name,
            format_hours(ln.minutes) if ln.minutes else "",
            rate if ln.bill_rate_cents is not None else "",
            money(ln.amount_cents, d.currency),
            money(ln.cost_cents, d.currency),
            money(ln.margin_cents, d.currency),
            _pct(ln.margin_pct),
        ]
        table.append([(x, None) for x in texts])
    headers = ["#", "Kind", "Team or item", "Hours", "Bill/cost per h", "Amount", "Cost", "Margin", "%"]
    grid("", headers, table, right={0, 3, 4, 5, 6, 7, 8})
    out(_total_line(d))


@estimate_app.command("new")
def estimate_new(
    ctx: typer.Context,
    ref: Annotated[str, typer.Argument(help="The account (or account/project it is for).")],
    title: Annotated[str, typer.Argument(help='What it is for, e.g. "Spring Launch".')],
    from_template: Annotated[
        str | None, typer.Option("--from-template", help="Start from a template: launch | social | media.")
    ] = None,
    like: Annotated[
        str | None,
        typer.Option("--like", help="Start from a past project's actual hours per team (account/project)."),
    ] = None,
    billing: Annotated[str, typer.Option(help="fixed | tm | retainer (what the SOW proposes).")] = "fixed",
    contingency: Annotated[str | None, typer.Option(help="Contingency on the lines, e.g. 10%.")] = None,
    on: Annotated[str | None, typer.Option("--date", help="Price hours at the rates of this day.")] = None,
    start: Annotated[str | None, typer.Option(help="Planned start date.")] = None,
    end: Annotated[str | None, typer.Option(help="Planned end date.")] = None,
    json: Json = False,
) -> None:
    """Start a draft estimate (v1), empty, from a template, or like a past project."""
    from amtui.services.estimates import service
    from amtui.services.money.terms import parse_percent_bp

    bp = parse_percent_bp(contingency, "contingency") if contingency is not None else None
    on_date = pdate(on) or clock.today()
    start_on, end_on = pdate(start), pdate(end)
    with writing(ctx) as uow:
        d = service.new_estimate(
            uow,
            ref,
            title,
            on_date=on_date,
            billing=billing,
            template=from_template,
            like=like,
            contingency_bp=bp,
            start_on=start_on,
            end_on=end_on,
        )
    if json:
        emit_json(d)
        return
    src = f" from {d.template}" if d.template else ""
    out(f"Estimate {d.id} drafted for {d.account}{src}: {len(d.lines)} line(s) · {_total_line(d)}")


@estimate_app.command("list")
def estimate_list(
    ctx: typer.Context,
    ref: Annotated[str | None, typer.Argument(help="An account or a project.")] = None,
    status: Annotated[str | None, typer.Option(help="draft | accepted")] = None,
    json: Json = False,
) -> None:
    """Estimates, newest first, with their totals and margin."""
    from amtui.services.estimates import read

    with reading_sql(ctx) as con:
        found = read.list_estimates(con, ref, status=status)
    if json:
        emit_json(found)
        return
    if not found:
        out('No estimates yet: amtui estimate new ACCOUNT "Spring Launch"')
        return
    from amtui.cli._grid import Cell, grid
    from amtui.core.dates import format_hours

    table: list[list[Cell]] = []
    for e in found:
        texts = [
            str(e.id),
            e.account,
            e.title,
            e.status + (f" → {e.project}" if e.project and e.status == read.ACCEPTED else ""),
            f"v{e.version}",
            format_hours(e.minutes) if e.minutes else "",
            money(e.amount_cents, e.currency),
            _pct(e.margin_pct),
        ]
        table.append([(x, None) for x in texts])
    headers = ["ID", "Account", "Title", "Status", "Version", "Hours", "Total", "Margin"]
    grid("", headers, table, right={0, 5, 6, 7})


@estimate_app.command("show")
def estimate_show(
    ctx: typer.Context,
    estimate_id: EstimateId,
    version: Annotated[str | None, typer.Option(help="Show this version, e.g. v1.")] = None,
    json: Json = False,
) -> None:
    """The estimate's lines with amount, cost and margin each, and its totals."""
    from amtui.services.estimates import read

    number = read.parse_version(version) if version is not None else None
    with reading_sql(ctx) as con:
        d = read.detail(con, _id(estimate_id), number)
    if json:
        emit_json({**d.__dict__, "shown_lines": d.shown_lines})
        return
    _print_detail(d)


def _line_input(
    team: str | None, hours: str | None, item: str | None, price: str | None, cost: str | None
) -> object:
    from amtui.core.dates import parse_hours
    from amtui.core.money import parse_money
    from amtui.services.estimates.arithmetic import line_input

    return line_input(
        team=team,
        minutes=parse_hours(hours) if hours is not None else None,
        item=item,
        price_cents=parse_money(price) if price is not None else None,
        cost_cents=parse_money(cost) if cost is not None else None,
    )


@line_app.command("add")
def line_add(
    ctx: typer.Context,
    estimate_id: EstimateId,
    team: Annotated[str | None, typer.Option(help="The team whose hours this is.")] = None,
    hours: Annotated[str | None, typer.Option(help="Its hours, e.g. 40 or 12.5.")] = None,
    item: Annotated[str | None, typer.Option(help='A fixed-price item, e.g. "Media buy".')] = None,
    price: Annotated[str | None, typer.Option(help="The item's price.")] = None,
    cost: Annotated[
        str | None, typer.Option(help="The item's cost to the agency (default: its price).")
    ] = None,
    new_version: NewVersion = False,
) -> None:
    """Add a team's hours (priced from the rate card) or a fixed-price item."""
    from amtui.services.estimates import service
    from amtui.services.estimates.arithmetic import LineInput

    spec = _line_input(team, hours, item, price, cost)
    assert isinstance(spec, LineInput)
    with writing(ctx) as uow:
        d = service.add_line(uow, _id(estimate_id), spec, new_version=new_version)
    ln = d.lines[-1]
    out(
        f"Estimate {d.id} v{d.version}: line {ln.seq} {ln.name} {money(ln.amount_cents, d.currency)} · "
        + _total_line(d)
    )


@line_app.command("rm")
def line_rm(
    ctx: typer.Context,
    estimate_id: EstimateId,
    seq: Annotated[int, typer.Argument(help="The line's number (see amtui estimate show).", metavar="N")],
    new_version: NewVersion = False,
) -> None:
    """Remove a line; the lines after it move up."""
    from amtui.services.estimates import service

    with writing(ctx) as uow:
        gone, d = service.remove_line(uow, _id(estimate_id), seq, new_version=new_version)
    out(
        f"Estimate {d.id} v{d.version}: removed {gone.name} ({money(gone.amount_cents, d.currency)}) · "
        + _total_line(d)
    )


@estimate_app.command("edit")
def estimate_edit(
    ctx: typer.Context,
    estimate_id: EstimateId,
    from_file: Annotated[
        Path | None,
        typer.Option("--from", help="Read the estimate from this Markdown file instead of $EDITOR."),
    ] = None,
    note: Annotated[str | None, typer.Option(help="A note for the new version.")] = None,
) -> None:
    """Edit the lines as a Markdown table in $EDITOR; saved as a new version, unparseable text kept."""
    import tempfile

    from amtui.cli.brief import _run_editor
    from amtui.core.errors import AmtuiError, InputError
    from amtui.services.estimates import markdown, read, service
    from amtui.services.estimates.history import save_recovery
    from amtui.store import write_private

    number = _id(estimate_id)
    with reading_sql(ctx) as con:
        original = markdown.render(read.detail(con, number))
    if from_file is not None:
        try:
            text = from_file.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise InputError(f"cannot read {from_file}: {exc}") from exc
    else:
        with tempfile.TemporaryDirectory(prefix="amtui-") as tmp:
            path = Path(tmp) / f"estimate-{number}.md"
            write_private(path, original)
            _run_editor(path)
            text = path.read_text(encoding="utf-8")
    if text == original:
        out(f"Estimate {number}: no changes")
        return
    try:
        doc = markdown.parse(text)
        with writing(ctx) as uow:
            r = service.save_markdown(uow, number, doc, note=note)
    except AmtuiError as exc:
        if from_file is not None:
            raise type(exc)(
                f"estimate {number} not saved: {exc} (in {from_file}, which is unchanged)"
            ) from exc
        kept = save_recovery(state(ctx).side_path, number, text)
        raise type(exc)(f"estimate {number} not saved: {exc}; your text is kept in {kept}") from exc
    if not r.changed:
        out(f"Estimate {number}: no changes (v{r.version})")
        return
    out(f"Estimate {number} saved as v{r.version} · {_total_line(r.detail)}")


@estimate_app.command("diff")
def estimate_diff(
    ctx: typer.Context,
    estimate_id: EstimateId,
    v1: Annotated[str | None, typer.Argument(help="From version (default: the previous one).")] = None,
    v2: Annotated[str | None, typer.Argument(help="To version (default: the current one).")] = None,
    json: Json = False,
) -> None:
    """What changed between two versions, line by line and in total."""
    from amtui.core.dates import format_hours
    from amtui.services.estimates import read

    a = read.parse_version(v1) if v1 is not None else None
    b = read.parse_version(v2) if v2 is not None else None
    with reading_sql(ctx) as con:
        d = read.diff(con, _id(estimate_id), a, b)
    if json:
        emit_json(d)
        return
    if d.from_version == d.to_version:
        out(f"Estimate {d.id}: v{d.from_version} against itself, nothing to compare")
        return
    out(f"Estimate {d.id}: v{d.from_version} → v{d.to_version}")
    if not d.changes:
        out("  the same lines and totals")
    for c in d.changes:
        hours = ""
        if c.minutes_before != c.minutes_after:
            before = format_hours(c.minutes_before) if c.minutes_before else "—"
            after = format_hours(c.minutes_after) if c.minutes_after else "—"
            hours = f" {before} → {after}"
        mark = {"added": "+", "removed": "-", "changed": "~"}[c.change]
        out(
            f"  {mark} {c.name}{hours} · {money(c.amount_before_cents, d.currency)} → "
            f"{money(c.amount_after_cents, d.currency)} ({money(c.delta_cents, d.currency)})"
        )
    delta = d.total_after_cents - d.total_before_cents
    out(
        f"Total {money(d.total_before_cents, d.currency)} → {money(d.total_after_cents, d.currency)} "
        f"({'+' if delta > 0 else ''}{money(delta, d.currency)}) · margin {_pct(d.margin_before_pct)} → "
        f"{_pct(d.margin_after_pct)}"
    )


@estimate_app.command("export")
def estimate_export(
    ctx: typer.Context,
    estimate_id: EstimateId,
    fmt: Annotated[
        str, typer.Option("--format", help="md (Markdown) | html (one self-contained page).")
    ] = "md",
    out_file: Annotated[
        Path | None, typer.Option("--out", help="Write to this file instead of stdout.")
    ] = None,
    force: Annotated[bool, typer.Option("--force", help="Replace an existing --out file.")] = False,
) -> None:
    """The statement of work a client signs: scope, assumptions, fees, terms, timeline, acceptance."""
    from amtui.services.base.common import check_choice
    from amtui.services.estimates import sow

    check_choice(fmt, sow.FORMATS, "format")
    number = _id(estimate_id)
    with reading_sql(ctx) as con:
        text = sow.export(con, number, fmt, today=clock.today())
    if out_file is None:
        typer.echo(text, nl=False)
        return
    from amtui.store import write_private

    write_private(out_file, text, force=force)
    out(f"Wrote the statement of work for estimate {number} to {out_file}")


@estimate_app.command("accept")
def estimate_accept(
    ctx: typer.Context,
    estimate_id: EstimateId,
    project: Annotated[
        str, typer.Option("--project", help="The project it becomes: account/slug (new or not).")
    ],
    billing: Annotated[
        str | None, typer.Option(help="fixed | tm | retainer (default: the estimate's).")
    ] = None,
    timing: Annotated[str | None, typer.Option("--timing", help="Retainers: advance | arrears.")] = None,
    schedule: Annotated[
        str | None,
        typer.Option("--schedule", help="Fixed fee: progress | deposit | instalments | milestones."),
    ] = None,
    deposit: Annotated[
        str | None, typer.Option("--deposit", help="With --schedule deposit, e.g. 50%.")
    ] = None,
    lines: Annotated[
        str | None, typer.Option("--lines", help="Schedule lines, e.g. 2027-01-15:50%,2027-03-01:50%.")
    ] = None,
    co_billing: Annotated[
        str | None, typer.Option("--co-billing", help="with | on-approval | on-completion.")
    ] = None,
    json: Json = False,
) -> None:
    """Accept the current version: the project gets its budget, hours, dates and billing terms (once)."""
    from amtui.core.dates import format_hours
    from amtui.services.estimates import accept
    from amtui.services.money import terms

    deposit_bp = terms.parse_deposit(deposit) if deposit is not None else None
    line_specs = terms.parse_lines(lines) if lines is not None else None
    with writing(ctx) as uow:
        r = accept.accept(
            uow,
            _id(estimate_id),
            project,
            billing=billing,
            bill_timing=timing,
            fee_schedule=schedule,
            deposit_bp=deposit_bp,
            co_billing=co_billing,
            lines=line_specs,
        )
    if json:
        emit_json(r)
        return
    verb = "created" if r.created else "updated"
    hours = f", {format_hours(r.minutes)}" if r.minutes else ""
    out(
        f"Estimate {r.id} v{r.version} accepted: {r.project} {verb} with budget "
        f"{money(r.budget_cents, r.currency)}{hours} · {r.terms} (amtui budget {r.project} --lines)"
    )
