"""The status report and the QBR as one self-contained HTML file, with inline SVG charts.

The text is the Markdown the same report renders (:mod:`amtui.exporters.status_report`,
:mod:`amtui.exporters.qbr_md`), turned into HTML line by line, so the client and internal versions contain
exactly what their Markdown contains: the audience rule is applied once, upstream, to the report's data.
Charts are drawn by pygal (:mod:`amtui.exporters.svg_charts`) from that same, already filtered, data
(:mod:`amtui.exporters.report_charts`) and placed after their section's heading. A KPI's status is a text
badge ("Met", "Missed", "No data") styled by CSS, never an emoji a browser may lack the font for.
Every piece of text is escaped; the file has no script and loads nothing (styles inline,
a print stylesheet for "print to PDF" from a browser).
"""

from __future__ import annotations

import re
from html import escape

from amtui.exporters.qbr_md import render_qbr
from amtui.exporters.report_charts import Chart, qbr_charts, status_charts
from amtui.exporters.status_report import STATUS_WORD, render_markdown
from amtui.exporters.svg_charts import render
from amtui.services.overview.qbr import QbrReport
from amtui.services.overview.report_model import StatusReport

STYLE = """
body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif; color: #1d2330; margin: 2rem auto;
  max-width: 60rem; padding: 0 1rem; }
h1 { font-size: 1.6rem; margin-bottom: .2rem; } h2 { font-size: 1.15rem; margin-top: 1.6rem;
  border-bottom: 1px solid #d5d9e0; padding-bottom: .2rem; }
table { border-collapse: collapse; width: 100%; margin: .5rem 0; font-size: .92rem; }
th, td { border: 1px solid #d5d9e0; padding: .25rem .45rem; text-align: left; vertical-align: top; }
th { background: #f1f3f6; } td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
blockquote { margin: .5rem 0; padding: .4rem .8rem; background: #fff4e0; border-left: 4px solid #e08a2c; }
figure { margin: .6rem 0; } svg.pygal-chart { max-width: 100%; height: auto; }
.badge { display: inline-block; padding: 0 .45rem; border-radius: .6rem; font-size: .85em; font-weight: 600;
  border: 1px solid; white-space: nowrap; }
.badge.met { color: #1f6b3a; background: #e4f4e9; border-color: #3b9c5a; }
.badge.missed { color: #8f2d30; background: #fbe7e7; border-color: #b8474a; }
.badge.no-data { color: #4a5262; background: #f1f3f6; border-color: #9aa2b1; }
@media print { body { margin: 0; max-width: none; font-size: 11pt; }
  h2 { break-after: avoid; } figure, table, svg { break-inside: avoid; } a { color: inherit; }
  .badge { -webkit-print-color-adjust: exact; print-color-adjust: exact; } }
"""

_BOLD = re.compile(r"\*\*(.+?)\*\*")
_CODE = re.compile(r"`([^`]+)`")


_ESCAPED = re.compile(r"\\([!-/:-@\[-`{-~])")  # Markdown's backslash escape of a punctuation character
_KEPT = re.compile("\x00(\\d+)\x00")


# A KPI's status as a text badge, not the Markdown's emoji: a client's browser or printer may have no emoji
# font (headless Chromium draws ✅ as an empty box). Drawn by CSS, so it prints in colour or as plain words.
_BADGES = {
    escape(STATUS_WORD["met"]): '<span class="badge met">Met</span>',
    escape(STATUS_WORD["missed"]): '<span class="badge missed">Missed</span>',
    escape(
        STATUS_WORD["no-data"]
    ): '<span class="badge no-data">No data</span> no results imported for this period',
}


def _inline(text: str) -> str:
    """One line of our Markdown as HTML: ``**bold**`` and `` `code` ``; a backslash-escaped character
    (``core.inputs.md_text``: ``\\<b\\>``) is that character, literal, never markup."""
    literals: list[str] = []

    def keep(m: re.Match[str]) -> str:
        literals.append(m.group(1))
        return f"\x00{len(literals) - 1}\x00"

    html = escape(_ESCAPED.sub(keep, text))
    for word, badge in _BADGES.items():
        html = html.replace(word, badge)
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


def _figures(charts: dict[str, list[Chart]]) -> dict[str, list[str]]:
    """Each section's charts drawn (pygal), numbered in page order for their stable ids."""
    out: dict[str, list[str]] = {}
    n = 0
    for heading, group in charts.items():
        out[heading] = []
        for chart in group:
            out[heading].append(render(chart, n))
            n += 1
    return out


def status_html(r: StatusReport) -> str:
    title = f"{r.name} — status {r.period_from.isoformat()} to {r.period_to.isoformat()}"
    return _page(title, markdown_to_html(render_markdown(r), _figures(status_charts(r))))


def qbr_html(r: QbrReport) -> str:
    title = f"{r.name} — quarterly business review {r.quarter}"
    return _page(title, markdown_to_html(render_qbr(r), _figures(qbr_charts(r))))
