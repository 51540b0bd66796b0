"""The QBR as an editable PowerPoint deck (python-pptx): a title, one slide per section, native charts.

Built from the report as its audience may see it (the rule is applied upstream, in
:mod:`amtui.services.overview.audience`): the client deck holds only what the client Markdown holds; the
internal deck says so on its title slide and adds the health trend. Charts are native PowerPoint charts
(editable in PowerPoint, Keynote, LibreOffice) drawn from the same chart data as the HTML page and the TUI
(:func:`amtui.exporters.report_charts.qbr_charts`), and every slide's speaker notes carry its exact figures,
formatted from integer cents.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from amtui.core.money import cents_to_decimal_str, format_money
from amtui.exporters.report_charts import Chart, qbr_charts
from amtui.services.overview.qbr import QbrReport

if TYPE_CHECKING:
    from pptx.presentation import Presentation
    from pptx.slide import Slide

STATUS_WORD = {"met": "met", "missed": "missed", "no-data": "no results imported"}
MAX_BULLETS = 12


def _deck() -> Presentation:
    from pptx import Presentation
    from pptx.util import Inches

    prs = Presentation()
    prs.slide_width, prs.slide_height = Inches(13.333), Inches(7.5)
    return prs


def _notes(slide: Slide, lines: Sequence[str]) -> None:
    frame = slide.notes_slide.notes_text_frame
    assert frame is not None  # a notes slide always has its body placeholder
    frame.text = "\n".join(lines) if lines else "No figures on this slide."


def _bullets(
    prs: Presentation, title: str, items: Sequence[str], empty: str, notes: Sequence[str] = ()
) -> Slide:
    from pptx.util import Inches, Pt

    slide = prs.slides.add_slide(prs.slide_layouts[1])
    slide.shapes.title.text = title
    body = slide.placeholders[1]
    body.left, body.top, body.width, body.height = Inches(0.6), Inches(1.5), Inches(12.1), Inches(5.6)
    frame = body.text_frame
    shown = list(items[:MAX_BULLETS]) or [empty]
    if len(items) > MAX_BULLETS:
        shown.append(f"… and {len(items) - MAX_BULLETS} more (see the notes)")
    frame.text = shown[0]
    for text in shown[1:]:
        frame.add_paragraph().text = text
    for p in frame.paragraphs:
        for run in p.runs:
            run.font.size = Pt(18)
    _notes(slide, list(notes) or list(items))
    return slide


def _chart_slide(prs: Presentation, title: str) -> Slide:
    slide = prs.slides.add_slide(prs.slide_layouts[5])
    slide.shapes.title.text = title
    return slide


def _series_name(chart: Chart, name: str) -> str:
    """A legend entry: "Media spend (USD)", "Media plan (USD)", "Complete (%)"."""
    text = {"spend": "media spend"}.get(name, name)
    unit = {"money": f" ({chart.currency})", "pct": " (%)"}.get(chart.unit, "")
    return text[:1].upper() + text[1:] + unit


def _values(chart: Chart, values: Sequence[float | None]) -> list[float | Decimal | None]:
    """Money in the currency's units, exactly (the chart data holds cents); the rest as drawn."""
    if chart.unit != "money":
        return [None if v is None else round(v, 1) for v in values]
    return [None if v is None else Decimal(cents_to_decimal_str(round(v))) for v in values]


def _add_chart(slide: Slide, chart: Chart, top: float = 1.5, height: float = 5.5) -> None:
    """One chart of :mod:`amtui.exporters.report_charts` as a native chart: lines if every series is a line,
    else clustered columns (a plan beside the spend)."""
    from pptx.chart.data import CategoryChartData
    from pptx.enum.chart import XL_CHART_TYPE, XL_LEGEND_POSITION
    from pptx.util import Inches

    data = CategoryChartData()
    data.categories = list(chart.labels)
    for series in chart.series:
        data.add_series(_series_name(chart, series.name), _values(chart, series.values))
    lines = all(x.kind == "line" for x in chart.series)
    chart_type = XL_CHART_TYPE.LINE_MARKERS if lines else XL_CHART_TYPE.COLUMN_CLUSTERED
    # python-pptx 1.0's annotations say add_chart takes ChartData and returns a Chart; it takes any chart
    # data and returns the graphic frame that holds the chart.
    frame: Any = slide.shapes.add_chart(
        chart_type,
        Inches(0.6),
        Inches(top),
        Inches(12.1),
        Inches(height),
        data,  # type: ignore[arg-type]
    )
    drawn = frame.chart
    drawn.has_title = True
    drawn.chart_title.text_frame.text = chart.title + (f" ({'; '.join(chart.notes)})" if chart.notes else "")
    drawn.has_legend = len(chart.series) > 1
    if drawn.has_legend:
        drawn.legend.position = XL_LEGEND_POSITION.BOTTOM
        drawn.legend.include_in_layout = False


def _add_charts(slide: Slide, charts: Sequence[Chart]) -> None:
    """The section's charts stacked in the slide's body."""
    height = 5.5 / len(charts)
    for i, chart in enumerate(charts):
        _add_chart(slide, chart, top=1.5 + i * (height + 0.1), height=height - 0.1)


def _table(slide: Slide, header: Sequence[str], body: Sequence[Sequence[str]], top: float = 1.5) -> None:
    from pptx.util import Inches, Pt

    n = min(len(body), 14)
    shape = slide.shapes.add_table(
        n + 1, len(header), Inches(0.6), Inches(top), Inches(12.1), Inches(0.4 * (n + 1))
    )
    table = shape.table
    for c, text in enumerate(header):
        table.cell(0, c).text = text
    for r, row in enumerate(body[:n], start=1):
        for c, text in enumerate(row):
            table.cell(r, c).text = text
    for row in table.rows:
        for cell in row.cells:
            for p in cell.text_frame.paragraphs:
                for run in p.runs:
                    run.font.size = Pt(12)


def qbr_pptx(r: QbrReport) -> bytes:
    """The deck's bytes (write them with ``write_private``)."""
    prs = _deck()
    charts = qbr_charts(r)
    cur = r.billing.currency
    first = prs.slides.add_slide(prs.slide_layouts[0])
    first.shapes.title.text = f"{r.name} — quarterly business review {r.quarter}"
    subtitle = f"{r.period_from.isoformat()} to {r.period_to.isoformat()}"
    if r.audience == "internal":
        subtitle += "\nInternal version, for the agency: not for the client"
    first.placeholders[1].text = subtitle
    _notes(first, [subtitle])

    _bullets(prs, "Summary", r.summary, "Nothing recorded this quarter.")

    month_lines = [
        f"{m.month}: spend {format_money(m.spend_cents, cur)}, "
        f"conversions {m.conversions_milli / 1000:,.1f}, "
        f"CPA {format_money(m.cpa_cents, cur) if m.cpa_cents is not None else '—'}, "
        f"KPI targets met {m.targets_met} of {m.targets_judged}, {m.data_days} days with data"
        for m in r.months
    ]
    slide = _chart_slide(prs, "Results by month")
    if charts["Results by month"]:
        _add_charts(slide, charts["Results by month"])
    else:
        _table(slide, ["Results"], [[r.status.comparison.text]])
    _notes(slide, month_lines)

    slide = _chart_slide(prs, "Results against KPI targets")
    kpis = r.status.kpis
    rows = [
        [k.project, k.campaign or "all campaigns", k.metric.upper(), k.actual, k.target,
         STATUS_WORD.get(k.status, k.status)]
        for k in kpis
    ]  # fmt: skip
    if rows:
        _table(slide, ["Project", "Campaign", "KPI", "Actual", "Target", "Status"], rows)
    else:
        _table(slide, ["KPI targets"], [[r.status.comparison.text]])
    _notes(slide, [r.status.comparison.text] + [" | ".join(row) for row in rows])

    _bullets(prs, "Delivered", r.delivered, "No milestones completed this quarter.")
    co_lines = [f"{c.ref} {c.title}: {format_money(c.amount_cents, c.currency)}" for c in r.change_orders]
    _bullets(prs, "Change orders approved", co_lines, "None this quarter.")
    b = r.billing
    billing = [
        f"Invoiced in the quarter: {format_money(b.invoiced_cents, cur)} ({b.invoices} invoice(s))",
        f"Paid in the quarter: {format_money(b.paid_cents, cur)}",
        f"Outstanding at the quarter's end: {format_money(b.outstanding_cents, cur)}",
    ]
    _bullets(prs, "Billing and payments", billing, "No invoices.")

    budget = r.status.budget
    slide = _chart_slide(prs, "Budget: progress against the schedule")
    budget_lines = []
    for line in budget:
        text = (
            f"{line.name}: {format_money(line.current_budget_cents, line.currency)}, "
            f"{'—' if line.complete is None else f'{line.complete:.0%}'} complete, "
            f"{'—' if line.elapsed is None else f'{line.elapsed:.0%}'} of the schedule"
        )
        if line.burn is not None:
            text += f", burn {line.burn:.0%}"
        if line.margin_cents is not None:
            text += f", margin {format_money(line.margin_cents, line.currency)}"
        budget_lines.append(text)
    if charts["Budget"]:
        _add_charts(slide, charts["Budget"])
    else:
        _table(slide, ["Budget"], [["No active projects."]])
    _notes(slide, budget_lines)

    _bullets(prs, "Wins", r.wins, "No KPI targets met with results this quarter.")
    _bullets(prs, "Open items", r.open_items, "None.")
    _bullets(prs, "Next quarter", r.next_quarter, "Nothing scheduled yet.")
    if r.audience == "internal" or r.health:  # a client sees it when the account opened it
        slide = _chart_slide(prs, "Health trend (internal)" if r.audience == "internal" else "Health trend")
        if r.health:
            _add_charts(slide, next(v for k, v in charts.items() if k.startswith("Health trend")))
        else:
            _table(slide, ["Health"], [["No health snapshots this quarter."]])
        _notes(slide, [f"{d.isoformat()}: {s}" for d, s in r.health])
    buf = io.BytesIO()
    prs.save(buf)
    return buf.getvalue()
