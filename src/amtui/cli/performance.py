"""``amtui kpi …`` and ``amtui performance``: campaign targets and results against them."""

from __future__ import annotations

from typing import Annotated

import typer

from amtui.cli._common import console, emit_json, err, money, out, reading, reading_sql, writing

kpi_app = typer.Typer(help="KPI targets per project or campaign.", no_args_is_help=True)
Json = Annotated[bool, typer.Option("--json", help="Machine-readable output.")]
PeriodFrom = Annotated[str | None, typer.Option("--from", help="First day of the period.")]
PeriodTo = Annotated[str | None, typer.Option("--to", help="Last day of the period (default: today).")]
Week = Annotated[bool, typer.Option("--week", help="The last 7 days.")]
Month = Annotated[bool, typer.Option("--month", help="This month to date.")]


def register(app: typer.Typer) -> None:
    app.add_typer(kpi_app, name="kpi")
    app.command("performance")(performance)


@kpi_app.command("set")
def kpi_set(
    ctx: typer.Context,
    ref: Annotated[str, typer.Argument(help="account/project.")],
    cpa: Annotated[str | None, typer.Option(help="Cost per acquisition, e.g. 45.")] = None,
    roas: Annotated[str | None, typer.Option(help="Return on ad spend, e.g. 4 (= 4x).")] = None,
    ctr: Annotated[str | None, typer.Option(help="Click-through rate, e.g. 1.5%.")] = None,
    conversions: Annotated[str | None, typer.Option(help="Conversions per 30 days, e.g. 300.")] = None,
    cpc: Annotated[str | None, typer.Option(help="Cost per click, e.g. 1.20.")] = None,
    cpm: Annotated[str | None, typer.Option(help="Cost per 1,000 impressions, e.g. 12.")] = None,
    campaign: Annotated[str | None, typer.Option(help="Only this campaign (default: the project).")] = None,
) -> None:
    """Set targets for a project or one campaign (a target set again replaces the old one)."""
    from amtui.services.growth import metrics

    given = {"cpa": cpa, "roas": roas, "ctr": ctr, "conversions": conversions, "cpc": cpc, "cpm": cpm}
    parsed = {k: metrics.parse_target(k, v) for k, v in given.items() if v is not None}
    with writing(ctx) as uow:
        rows = metrics.set_targets(uow, ref, parsed, campaign=campaign)
        warning = metrics.unknown_campaign(uow.session, ref, campaign) if campaign else None
    if warning:
        err(warning)
    where = f"{rows[0].project}" + (f" · {rows[0].campaign}" if rows[0].campaign else "")
    out(f"Targets for {where}: " + ", ".join(f"{r.metric.upper()} {r.display}" for r in rows))


@kpi_app.command("list")
def kpi_list(
    ctx: typer.Context,
    ref: Annotated[str | None, typer.Argument(help="An account or account/project (default: all).")] = None,
    json: Json = False,
) -> None:
    """List KPI targets."""
    from amtui.services.growth import metrics

    with reading(ctx) as s:
        rows = metrics.list_targets(s, ref)
    if json:
        emit_json(rows)
        return
    if not rows:
        out("No KPI targets yet: amtui kpi set ACCOUNT/PROJECT --cpa 45")
        return
    from rich.table import Table

    t = Table(box=None, header_style="bold")
    for c in ("Project", "Campaign", "KPI", "Target"):
        t.add_column(c)
    for r in rows:
        t.add_row(r.project, r.campaign or "(whole project)", r.metric.upper(), r.display)
    console().print(t)


def _status(status: str) -> str:
    return {"met": "[green]met[/]", "missed": "[red]missed[/]"}.get(status, "[dim]no data[/]")


def performance(
    ctx: typer.Context,
    ref: Annotated[str | None, typer.Argument(help="An account or account/project (default: all).")] = None,
    start: PeriodFrom = None,
    end: PeriodTo = None,
    week: Week = False,
    month: Month = False,
    json: Json = False,
) -> None:
    """Campaign results over a period against KPI targets, with media pacing (default: the last 30 days,
    or the 30 days to the latest result when nothing was imported for the last 30)."""
    from datetime import timedelta

    from amtui.cli._period import resolve_period
    from amtui.services.growth.performance import latest_result_on
    from amtui.services.growth.performance import performance as perf

    first, last = resolve_period(start, end, week, month)
    defaulted = start is None and end is None and not week and not month
    moved = None
    with reading_sql(ctx) as s:
        rows = perf(s, ref, first, last)
        if defaulted and rows and not any(p.days_with_data for p in rows):
            latest = latest_result_on(s, ref)
            if latest is not None and latest < first:
                first, last = latest - timedelta(days=29), latest
                rows = perf(s, ref, first, last)
                moved = (
                    f"No results imported in the last 30 days; showing the 30 days to the latest result "
                    f"({latest.isoformat()}). Use --from/--to for another period."
                )
    if json:
        emit_json({"from": first, "to": last, "moved_to_latest": moved is not None, "projects": rows})
        return
    if moved:
        out(moved)
    if not rows:
        out("No campaign results yet: amtui import metrics FILE --project ACCOUNT/PROJECT")
        return
    from rich.table import Table

    from amtui.core.textchart import sparkline

    c = console()
    c.print(f"Performance {first.isoformat()} → {last.isoformat()}")
    for p in rows:
        f = p.figures
        pace = p.pacing
        pace_txt = (
            f"pacing {pace.status}: spent {money(pace.spent_to_date_cents, p.currency)} of "
            f"{money(pace.planned_to_date_cents, p.currency)} planned to date "
            f"(media budget {money(pace.media_budget_cents, p.currency)})"
            if pace.planned_to_date_cents is not None
            else f"pacing: {pace.status.replace('-', ' ')}"
        )
        c.print(f"\n[bold]{p.project}[/] {p.name} · spend {money(f.spend_cents, p.currency)} · {pace_txt}")
        for k in p.checks:
            c.print(
                f"  {k.metric.upper()} {k.actual_display} vs target {k.target_display}: {_status(k.status)}"
            )
        t = Table(box=None, header_style="bold", pad_edge=False)
        for col in (
            "Campaign",
            "Spend",
            "Impr.",
            "Clicks",
            "CTR",
            "Conv.",
            "CPA",
            "ROAS",
            "Targets",
            "Trend",
        ):
            t.add_column(col, justify="left" if col in ("Campaign", "Targets", "Trend") else "right")
        for cp in p.campaigns:
            g = cp.figures
            t.add_row(
                cp.campaign,
                money(g.spend_cents, p.currency),
                f"{g.impressions:,}",
                f"{g.clicks:,}",
                "—" if g.ctr_pct is None else f"{g.ctr_pct:.2f}%",
                f"{g.conversions_milli / 1000:,.1f}",
                money(g.cpa_cents, p.currency),
                "—" if g.roas is None else f"{g.roas:.2f}x",
                " ".join(f"{k.metric.upper()} {k.target_display} {_status(k.status)}" for k in cp.checks)
                or "—",
                sparkline(cp.daily_spend_cents),
            )
        c.print(t)
