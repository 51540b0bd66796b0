"""The status report and the QBR as one self-contained HTML file, with inline SVG charts.

The text is the Markdown the same report renders (:mod:`amtui.exporters.status_report`,
:mod:`amtui.exporters.qbr_md`), turned into HTML line by line, so the client and internal versions contain
exactly what their Markdown contains: the audience rule is applied once, upstream, to the report's data.
Charts are drawn from that same, already filtered, data (:mod:`amtui.exporters.svg_charts`) and placed after
their section's heading. Every piece of text is escaped; the file has no script and loads nothing (styles
inline, a print stylesheet for "print to PDF" from a browser).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import timedelta
from html import escape

from amtui.core.money import format_money
from amtui.exporters.qbr_md import render_qbr
from amtui.exporters.status_report import render_markdown
from amtui.exporters.svg_charts import bar_chart, line_chart
from amtui.services.overview.qbr import QbrReport
from amtui.services.overview.report_model import BudgetLine, KpiLine, StatusReport

STYLE = """
body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif; color: #1d2330; margin: 2rem auto;
  max-width: 60rem; padding: 0 1rem; }
h1 { font-size: 1.6rem; margin-bottom: .2rem; } h2 { font-size: 1.15rem; margin-top: 1.6rem;
  border-bottom: 1px solid #d5d9e0; padding-bottom: .2rem; }
table { border-collapse: collapse; width: 100%; margin: .5rem 0; font-size: .92rem; }
th, td { border: 1px solid #d5d9e0; padding: .25rem .45rem; text-align: left; vertical-align: top; }
th { background: #f1f3f6; } td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
blockquote { margin: .5rem 0; padding: .4rem .8rem; background: #fff4e0; border-left: 4px solid #e08a2c; }
figure { margin: .6rem 0; } svg.chart { max-width: 100%; height: auto; }
svg .chart-title { font-size: 13px; font-weight: 600; fill: #1d2330; }
svg .tick, svg .legend { font-size: 11px; fill: #4a5262; }
svg .grid { stroke: #e3e6eb; stroke-width: 1; } svg polyline { stroke-width: 2; }
svg .reference { stroke: #b8474a; stroke-width: 1.5; stroke-dasharray: 5 4; }
@media print { body { margin: 0; max-width: none; font-size: 11pt; }
  h2 { break-after: avoid; } figure, table, svg { break-inside: avoid; } a { color: inherit; } }
"""

_BOLD = re.compile(r"\*\*(.+?)\*\*")
_CODE = re.compile(r"`([^`]+)`")


_ESCAPED = re.compile(r"\\([!-/:-@\[-`{-~])")  # Markdown's backslash escape of a punctuation character
_KEPT = re.compile("\x00(\\d+)\x00")


def _inline(text: str) -> str:
    """One line of our Markdown as HTML: ``**bold**`` and `` `code` ``; a backslash-escaped character
    (``core.inputs.md_text``: ``\\<b\\>``) is that character, literal, never markup."""
    literals: list[str] = []

    def keep(m: re.Match[str]) -> str:
        literals.append(m.group(1))
        return f"\x00{len(literals) - 1}\x00"

    html = escape(_ESCAPED.sub(keep, text))
    html = _BOLD.sub(r"<strong>\1</strong>", html)
    html = _CODE.sub(r"<code>\1</code>", html)
    return _KEPT.sub(lambda m: escape(literals[int(m.group(1))]), html)


def _cells(row: str) -> list[str]:
    inner = row.strip()[1:-1] if row.strip().endswith("|") else row.strip()[1:]
    parts = re.split(r"(?<!\\)\|", inner)
    return [p.strip().replace("\\|", "|") for p in parts]


def markdown_to_html(md: str, charts: dict[str, list[str]]) -> str:
    """Our reports' Markdown (headings, paragraphs, lists, pipe tables, a quote) as HTML; ``charts`` maps a
    ``##`` heading to the SVG figures placed right after it."""
    out: list[str] = []
    lines = md.splitlines()
    i = 0
    while i < len(lines):
        line = lines[i]
        if line.startswith("# "):
            out.append(f"<h1>{_inline(line[2:])}</h1>")
        elif line.startswith("## "):
            title = line[3:]
            out.append(f"<h2>{_inline(title)}</h2>")
            out.extend(f"<figure>{svg}</figure>" for svg in charts.get(title, []))
        elif line.startswith("> "):
            out.append(f"<blockquote>{_inline(line[2:])}</blockquote>")
        elif line.lstrip().startswith("- "):
            out.append("<ul>")
            while i < len(lines) and lines[i].lstrip().startswith("- "):
                nested = lines[i].startswith("  ")
                item = _inline(lines[i].lstrip()[2:])
                out.append(f'<li class="sub">{item}</li>' if nested else f"<li>{item}</li>")
                i += 1
            out.append("</ul>")
            continue
        elif line.startswith("|"):
            head = _cells(line)
            aligns = _cells(lines[i + 1]) if i + 1 < len(lines) else []
            num = [a.endswith(":") for a in aligns]
            out.append("<table><thead><tr>")
            out.extend(
                f"<th{' class=num' if k < len(num) and num[k] else ''}>{_inline(h)}</th>"
                for k, h in enumerate(head)
            )
            out.append("</tr></thead><tbody>")
            i += 2
            while i < len(lines) and lines[i].startswith("|"):
                out.append("<tr>")
                out.extend(
                    f"<td{' class=num' if k < len(num) and num[k] else ''}>{_inline(c)}</td>"
                    for k, c in enumerate(_cells(lines[i]))
                )
                out.append("</tr>")
                i += 1
            out.append("</tbody></table>")
            continue
        elif line.strip():
            out.append(f"<p>{_inline(line)}</p>")
        i += 1
    return "\n".join(out)


def _page(title: str, body: str) -> str:
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{escape(title)}</title><style>{STYLE}</style></head>\n<body>\n{body}\n</body></html>\n"
    )


def _pct(v: float) -> str:
    return f"{v:.0f}%"


def kpi_chart(kpis: list[KpiLine]) -> list[str]:
    judged = [k for k in kpis if k.attainment is not None]
    if not judged:
        return []
    labels = [f"{k.campaign or k.project.split('/')[-1]} {k.metric.upper()}" for k in judged]
    values = [min(k.attainment or 0.0, 3.0) * 100 for k in judged]
    return [
        bar_chart(
            "KPI attainment (100% = target met)",
            labels,
            [("attainment", values)],
            fmt=_pct,
            reference=("target", 100.0),
        )
    ]


def budget_chart(budget: list[BudgetLine]) -> list[str]:
    """% complete and % of the schedule elapsed per project; the internal version adds the burn."""
    if not budget:
        return []
    series: list[tuple[str, list[float | None]]] = [
        ("complete", [None if b.complete is None else b.complete * 100 for b in budget]),
        ("schedule elapsed", [None if b.elapsed is None else b.elapsed * 100 for b in budget]),
    ]
    if any(b.burn is not None for b in budget):
        series.append(("budget burned", [None if b.burn is None else b.burn * 100 for b in budget]))
    return [bar_chart("Budget: progress against the schedule", [b.name for b in budget], series, fmt=_pct)]


def _money_axis(currency: str) -> Callable[[float], str]:
    return lambda v: format_money(round(v), currency)


def spend_chart(r: StatusReport) -> list[str]:
    if not any(r.daily_spend_cents):
        return []
    days = [r.period_from + timedelta(days=i) for i in range(len(r.daily_spend_cents))]
    labels = [d.strftime("%m-%d") for d in days]
    latest = r.comparison.latest_on
    # Days after the latest import are unknown, not zero: a gap, not a drop.
    known = [latest is not None and d <= latest for d in days]
    charts = [
        line_chart(
            "Media spend by day",
            labels,
            [("spend", [float(c) if k else None for c, k in zip(r.daily_spend_cents, known, strict=True)])],
            fmt=_money_axis(r.currency),
        )
    ]
    if any(r.daily_conversions_milli):
        charts.append(
            line_chart(
                "Conversions by day",
                labels,
                [
                    (
                        "conversions",
                        [
                            c / 1000 if k else None
                            for c, k in zip(r.daily_conversions_milli, known, strict=True)
                        ],
                    )
                ],
                fmt=lambda v: f"{v:,.1f}",
            )
        )
    return charts


def status_html(r: StatusReport) -> str:
    charts = {
        "Results against KPIs": spend_chart(r) + kpi_chart(r.kpis),
        "Budget": budget_chart(r.budget),
    }
    title = f"{r.name} — status {r.period_from.isoformat()} to {r.period_to.isoformat()}"
    return _page(title, markdown_to_html(render_markdown(r), charts))


def qbr_html(r: QbrReport) -> str:
    cur = r.billing.currency
    months = [m.month for m in r.months]
    trend: list[str] = []
    if any(m.spend_cents for m in r.months):
        trend.append(
            bar_chart(
                "Media spend by month",
                months,
                [("spend", [float(m.spend_cents) for m in r.months])],
                fmt=_money_axis(cur),
            )
        )
    if any(m.conversions_milli for m in r.months):
        trend.append(
            line_chart(
                "Conversions by month",
                months,
                [("conversions", [m.conversions_milli / 1000 for m in r.months])],
                fmt=lambda v: f"{v:,.1f}",
            )
        )
    charts = {
        "Results by month": trend,
        "Results against KPIs (the quarter)": kpi_chart(r.status.kpis),
        "Budget": budget_chart(r.status.budget),
    }
    if r.health:
        charts["Health trend (internal)" if r.audience == "internal" else "Health trend"] = [
            line_chart(
                "Health score",
                [d.isoformat() for d, _ in r.health],
                [("score", [float(s) for _, s in r.health])],
            )
        ]
    title = f"{r.name} — quarterly business review {r.quarter}"
    return _page(title, markdown_to_html(render_qbr(r), charts))
