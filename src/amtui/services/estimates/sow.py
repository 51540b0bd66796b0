"""The statement of work a client signs, from an estimate: Markdown or one self-contained HTML page.

Sections, in order: scope (the deliverables of the linked project's brief when there is one, else the
estimate's lines), assumptions and exclusions, the team's hours or the fixed fee, billing terms (the
project's when the estimate was accepted into one, else the defaults of the billing type it proposes, in the
words of :func:`amtui.services.money.terms.describe`), the change-order policy, a timeline summary and the
acceptance lines. Every figure is the estimate's (:mod:`amtui.services.estimates.arithmetic`). The HTML
escapes every text that came from the book and loads nothing from elsewhere.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from amtui.core.dates import format_hours
from amtui.core.inputs import html_text, md_text
from amtui.core.money import format_money
from amtui.services.estimates.arithmetic import CONTINGENCY
from amtui.services.estimates.read import EstimateDetail, detail
from amtui.services.money.terms import CO_BILLING_TEXT, StoredTerms, describe, terms_of
from amtui.store.sql import Db, day, rows

FORMATS = ("md", "html")


@dataclass(frozen=True)
class Sow:
    estimate: EstimateDetail
    scope: tuple[str, ...]
    scope_from_brief: str | None  # the brief's title when the scope is its deliverables
    terms: str
    co_policy: str
    milestones: tuple[tuple[str, date | None], ...]
    today: date
    start_on: date | None = None  # the estimate's dates, else its project's
    end_on: date | None = None


def _brief_deliverables(db: Db, project_id: int) -> tuple[str | None, list[str]]:
    from amtui.services.briefs.markdown import BriefParseError, parse, strip_comments
    from amtui.services.briefs.text import items

    found = rows(
        db,
        "SELECT b.title, v.markdown FROM brief b JOIN brief_version v ON v.brief_id = b.id AND "
        "v.number = b.version WHERE b.project_id = ? ORDER BY b.id DESC LIMIT 1",
        (project_id,),
    )
    if not found:
        return None, []
    try:
        doc = parse(found[0][1])
    except BriefParseError:
        return None, []
    for s in doc.sections:
        if "deliverable" in s.name.lower():
            listed = items(strip_comments(s.body))
            if listed:
                return found[0][0], listed
    return None, []


def build(db: Db, estimate_id: int, *, today: date) -> Sow:
    d = detail(db, estimate_id)
    brief_title: str | None = None
    scope: list[str] = []
    milestones: list[tuple[str, date | None]] = []
    start_on, end_on = d.start_on, d.end_on
    if d.project_id is not None:
        from amtui.services.money.schedule import project_terms

        brief_title, scope = _brief_deliverables(db, d.project_id)
        t = project_terms(db, d.project_id).terms
        dates = rows(db, "SELECT start_on, end_on FROM project WHERE id = ?", (d.project_id,))[0]
        start_on, end_on = start_on or day(dates[0]), end_on or day(dates[1])
        milestones = [
            (r[0], day(r[1]))
            for r in rows(
                db,
                "SELECT name, due_on FROM milestone WHERE project_id = ? ORDER BY due_on, id",
                (d.project_id,),
            )
        ]
    else:
        t = terms_of(StoredTerms(d.billing))
    if not scope:
        scope = _scope_from_lines(d)
    co = "join the fee" if t.co_billing == "with" else CO_BILLING_TEXT[t.co_billing]
    policy = (
        "Work outside the scope above, or more of it, is quoted as a written change order with its price, "
        "hours and effect on dates before it starts; nothing is done on it until the client approves it in "
        f"writing. Approved change orders {co}."
    )
    return Sow(d, tuple(scope), brief_title, describe(t), policy, tuple(milestones), today, start_on, end_on)


def _scope_from_lines(d: EstimateDetail) -> list[str]:
    """Without a brief: each team's hours (its lines together) and each item, as the estimate lists them."""
    hours: dict[str, int] = {}
    out: list[str] = []
    for ln in d.lines:
        if ln.team is None:
            out.append(ln.name)
        else:
            hours[ln.team] = hours.get(ln.team, 0) + (ln.minutes or 0)
    teams = [f"{team.capitalize()}: {format_hours(m)} of work" for team, m in hours.items()]
    return teams + out


def _rows(s: Sow) -> list[tuple[str, str, str, str]]:
    """(line, hours, rate, amount) as the client reads them; rates only for time & materials."""
    d = s.estimate
    tm = d.billing == "tm"
    out = []
    for ln in d.shown_lines:
        hours = format_hours(ln.minutes) if ln.minutes else ""
        rate = format_money(ln.bill_rate_cents, d.currency) + "/h" if tm and ln.bill_rate_cents else ""
        name = ln.label if ln.kind == CONTINGENCY else ln.name
        out.append((name or "", hours, rate, format_money(ln.amount_cents, d.currency)))
    return out


def _fee_sentence(s: Sow) -> str:
    d = s.estimate
    total = format_money(d.totals.amount_cents, d.currency)
    hours = f" ({format_hours(d.totals.minutes)} of team time)" if d.totals.minutes else ""
    if d.billing == "tm":
        return f"Time and materials at the rates below, estimated at {total}{hours}."
    if d.billing == "retainer":
        return f"A retainer of {total}{hours} over the term."
    return f"A fixed fee of {total}{hours}."


def _timeline(s: Sow) -> list[str]:
    out = []
    if s.start_on or s.end_on:
        start = s.start_on.isoformat() if s.start_on else "on acceptance"
        end = s.end_on.isoformat() if s.end_on else "to be agreed"
        out.append(f"Start {start}, end {end}.")
    out += [f"{name}: {on.isoformat() if on else 'to be agreed'}" for name, on in s.milestones]
    return out or ["Dates are agreed in writing on acceptance."]


def _lines(text: str | None) -> list[str]:
    return [ln.strip().removeprefix("- ").strip() for ln in (text or "").splitlines() if ln.strip()]


def to_markdown(s: Sow) -> str:
    d = s.estimate
    m = md_text  # every text from the book: literal, on one line
    out = [
        f"# Statement of work: {m(d.title)}",
        "",
        f"{m(d.account_name)} · estimate {d.id} v{d.version} · {s.today.isoformat()}",
        "",
        "## Scope",
        "",
    ]
    if s.scope_from_brief:
        out += [f"The deliverables of the brief “{m(s.scope_from_brief)}”:", ""]
    out += [f"- {m(x)}" for x in s.scope]
    out += ["", "## Assumptions", ""] + [f"- {m(x)}" for x in _lines(d.assumptions)]
    out += ["", "## Exclusions", ""] + [f"- {m(x)}" for x in _lines(d.exclusions)]
    out += ["", "## Fees", "", _fee_sentence(s), ""]
    out += ["| Line | Hours | Rate | Amount |", "| --- | ---: | ---: | ---: |"]
    out += [f"| {m(a)} | {b} | {c} | {e} |" for a, b, c, e in _rows(s)]
    out += [
        f"| **Total** | {format_hours(d.totals.minutes) if d.totals.minutes else ''} | | "
        f"**{format_money(d.totals.amount_cents, d.currency)}** |"
    ]
    out += ["", "## Billing terms", "", s.terms[0].upper() + s.terms[1:] + "."]
    out += ["", "## Change orders", "", s.co_policy]
    out += ["", "## Timeline", ""] + [f"- {m(x)}" for x in _timeline(s)]
    out += ["", "## Acceptance", ""]
    for who in (d.account_name, "the agency"):
        out += [
            f"For {m(who)}:",
            "",
            "Name: ______________________  Signature: ______________________  Date: ____________",
            "",
        ]
    return "\n".join(out)


_CSS = (
    "body{font-family:system-ui,sans-serif;max-width:46rem;margin:2rem auto;color:#222;line-height:1.45}"
    "table{border-collapse:collapse;width:100%}td,th{border-bottom:1px solid #ddd;padding:.3rem .5rem;"
    "text-align:left}td.n,th.n{text-align:right}.sign{margin-top:2rem}.sign p{margin:.2rem 0}"
)


def to_html(s: Sow) -> str:
    d = s.estimate
    e = html_text

    def items(xs: list[str] | tuple[str, ...]) -> str:
        return "<ul>" + "".join(f"<li>{e(x)}</li>" for x in xs) + "</ul>"

    body = [
        f"<h1>Statement of work: {e(d.title)}</h1>",
        f"<p>{e(d.account_name)} · estimate {d.id} v{d.version} · {s.today.isoformat()}</p>",
        "<h2>Scope</h2>",
    ]
    if s.scope_from_brief:
        body.append(f"<p>The deliverables of the brief “{e(s.scope_from_brief)}”:</p>")
    body += [items(s.scope), "<h2>Assumptions</h2>", items(_lines(d.assumptions))]
    body += [
        "<h2>Exclusions</h2>",
        items(_lines(d.exclusions)),
        "<h2>Fees</h2>",
        f"<p>{e(_fee_sentence(s))}</p>",
    ]
    body.append(
        '<table><tr><th>Line</th><th class="n">Hours</th><th class="n">Rate</th>'
        '<th class="n">Amount</th></tr>'
    )
    for a, b, c, amount in _rows(s):
        body.append(
            f'<tr><td>{e(a)}</td><td class="n">{e(b)}</td><td class="n">{e(c)}</td>'
            f'<td class="n">{e(amount)}</td></tr>'
        )
    hours = format_hours(d.totals.minutes) if d.totals.minutes else ""
    total = e(format_money(d.totals.amount_cents, d.currency))
    body.append(
        f'<tr><th>Total</th><th class="n">{e(hours)}</th><th></th><th class="n">{total}</th></tr></table>'
    )
    body += ["<h2>Billing terms</h2>", f"<p>{e(s.terms[0].upper() + s.terms[1:])}.</p>"]
    body += ["<h2>Change orders</h2>", f"<p>{e(s.co_policy)}</p>", "<h2>Timeline</h2>", items(_timeline(s))]
    body.append("<h2>Acceptance</h2>")
    for who in (d.account_name, "the agency"):
        body.append(
            f'<div class="sign"><p><strong>For {e(who)}</strong></p><p>Name: ______________________</p>'
            "<p>Signature: ______________________</p><p>Date: ____________</p></div>"
        )
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        f"<title>{e('Statement of work: ' + d.title)}</title><style>{_CSS}</style></head><body>\n"
        + "\n".join(body)
        + "\n</body></html>\n"
    )


def export(db: Db, estimate_id: int, fmt: str, *, today: date) -> str:
    from amtui.services.base.common import check_choice

    fmt = check_choice(fmt, FORMATS, "format")
    s = build(db, estimate_id, today=today)
    return to_markdown(s) if fmt == "md" else to_html(s)
