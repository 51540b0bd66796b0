"""The brief's quality checks: explainable rules, each with an id, a severity and why it matters.

Every rule is a pure function of the parsed brief and a :class:`CheckContext` (what the book knows about the
project: its current budget and dates, the template's sections), so the editor can run them on every pause in
typing and ``amtui brief check`` can gate a script. A *blocking* finding stops a brief from going to review or
being approved; a *warning* is advice.

Sections are found by what their heading says ("objective", "deliverable", "budget" …), so briefs from
custom templates are checked too.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from amtui.core.money import format_money
from amtui.services.briefs import text as t
from amtui.services.briefs.markdown import BriefDoc, Section, strip_comments

BLOCKING = "blocking"
WARNING = "warning"

ROLE_WORDS: dict[str, tuple[str, ...]] = {
    "objectives": ("objective",),
    "proposition": ("proposition", "key message"),
    "deliverables": ("deliverable",),
    "budget": ("budget",),
    "timeline": ("timeline", "milestone", "schedule"),
    "kpis": ("kpi", "success metric"),
}


@dataclass(frozen=True)
class Rule:
    id: str
    severity: str
    title: str
    why: str


@dataclass(frozen=True)
class Finding:
    rule: str
    severity: str
    section: str | None
    message: str
    why: str


@dataclass(frozen=True)
class CheckContext:
    """What the book knows: None/empty means 'unknown', and the rules that need it stay quiet."""

    expected_sections: tuple[str, ...] = ()
    budget_cents: int | None = None
    currency: str = "USD"
    start_on: date | None = None
    end_on: date | None = None


RULES: dict[str, Rule] = {
    r.id: r
    for r in [
        Rule(
            "missing-section",
            BLOCKING,
            "A template section is missing",
            "Each section answers a question the team will otherwise ask or guess; a missing one is a guess.",
        ),
        Rule(
            "empty-section",
            BLOCKING,
            "A section is empty",
            "An empty section reads as 'no constraints' or 'no idea' — the team cannot tell which.",
        ),
        Rule(
            "objective-no-number",
            BLOCKING,
            "An objective has no number",
            "Without a figure nobody can say afterwards whether the work succeeded, so it cannot be aimed.",
        ),
        Rule(
            "objective-no-metric",
            WARNING,
            "An objective names no metric",
            "A number without a metric (sales? sign-ups?) lets each team aim at a different thing.",
        ),
        Rule(
            "objective-no-date",
            WARNING,
            "An objective has no date",
            "An objective without a deadline or period cannot be measured or paced.",
        ),
        Rule(
            "kpis-missing",
            BLOCKING,
            "No KPIs",
            "The KPIs are how the client will judge the work; the team must know them before it starts.",
        ),
        Rule(
            "kpi-no-target",
            WARNING,
            "A KPI has no target",
            "A KPI without a target cannot be missed, so it cannot be managed either.",
        ),
        Rule(
            "deliverable-no-spec",
            BLOCKING,
            "A deliverable has no specs",
            "Without sizes, formats, lengths or quantities the work is estimated and produced twice.",
        ),
        Rule(
            "budget-mismatch",
            BLOCKING,
            "The budget differs from the project's",
            "A brief that promises a different budget than the one approved sets up a scope fight.",
        ),
        Rule(
            "budget-no-amount",
            WARNING,
            "The budget section states no amount",
            "The team sizes its ideas to the money; without an amount it sizes them to hope.",
        ),
        Rule(
            "timeline-outside-project",
            BLOCKING,
            "A timeline date is outside the project's dates",
            "A milestone outside the project's dates is either unfunded work or a wrong date.",
        ),
        Rule(
            "proposition-too-long",
            WARNING,
            "The proposition is more than one sentence",
            "A single-minded proposition is one thought; two sentences usually mean two messages.",
        ),
        Rule(
            "prescriptive-objective",
            WARNING,
            "An objective prescribes the execution",
            "Objectives say what must change; naming the execution answers the brief before the team starts.",
        ),
        Rule(
            "prescriptive-deliverable",
            WARNING,
            "A deliverable is specified down to the execution",
            "Dictated scenes and copy constrain the creative team; specify the format, not the idea.",
        ),
        Rule(
            "placeholder",
            WARNING,
            "Placeholder text",
            "TBD and TODO in a brief sent to a team become questions at the worst moment.",
        ),
    ]
}


def role_of(name: str) -> str | None:
    low = name.casefold()
    return next((role for role, words in ROLE_WORDS.items() if any(w in low for w in words)), None)


def _section(doc: BriefDoc, role: str) -> Section | None:
    return next((s for s in doc.sections if role_of(s.name) == role), None)


def _finding(rule_id: str, section: str | None, message: str) -> Finding:
    r = RULES[rule_id]
    return Finding(rule=r.id, severity=r.severity, section=section, message=message, why=r.why)


def _short(item: str) -> str:
    return item if len(item) <= 50 else item[:47] + "…"


Check = Callable[[BriefDoc, CheckContext], list[Finding]]


def check_sections(doc: BriefDoc, ctx: CheckContext) -> list[Finding]:
    out = []
    present = {s.name.casefold() for s in doc.sections}
    for name in ctx.expected_sections:
        if name.casefold() not in present and role_of(name) != "kpis":
            out.append(_finding("missing-section", name, f"section {name!r} is missing"))
    for s in doc.sections:
        if not strip_comments(s.body) and role_of(s.name) != "kpis":
            out.append(_finding("empty-section", s.name, f"section {s.name!r} is empty"))
    return out


def check_objectives(doc: BriefDoc, ctx: CheckContext) -> list[Finding]:
    s = _section(doc, "objectives")
    if s is None:
        return []
    out = []
    for item in t.items(strip_comments(s.body), stop_at_non_goals=True):
        if not t.has_number(item):
            out.append(_finding("objective-no-number", s.name, f"objective {_short(item)!r} has no number"))
        if not t.has_metric(item):
            out.append(_finding("objective-no-metric", s.name, f"objective {_short(item)!r} names no metric"))
        if not t.has_when(item):
            out.append(_finding("objective-no-date", s.name, f"objective {_short(item)!r} has no date"))
        words = t.execution_words(item)
        if words:
            out.append(
                _finding(
                    "prescriptive-objective",
                    s.name,
                    f"objective {_short(item)!r} names the execution ({', '.join(words)})",
                )
            )
    return out


def check_kpis(doc: BriefDoc, ctx: CheckContext) -> list[Finding]:
    s = _section(doc, "kpis")
    if s is None or not strip_comments(s.body):
        where = s.name if s else None
        return [_finding("kpis-missing", where, "the brief states no KPIs")]
    return [
        _finding("kpi-no-target", s.name, f"KPI {_short(item)!r} has no target")
        for item in t.items(strip_comments(s.body))
        if not t.has_number(item)
    ]


def check_deliverables(doc: BriefDoc, ctx: CheckContext) -> list[Finding]:
    s = _section(doc, "deliverables")
    if s is None:
        return []
    out = []
    for item in t.items(strip_comments(s.body)):
        if not t.spec_kinds(item):
            out.append(
                _finding(
                    "deliverable-no-spec",
                    s.name,
                    f"deliverable {_short(item)!r} has no specs (size, format, length or quantity)",
                )
            )
        said = t.directions(item)
        if said:
            out.append(
                _finding(
                    "prescriptive-deliverable",
                    s.name,
                    f"deliverable {_short(item)!r} dictates the execution ({_short(said[0])})",
                )
            )
    return out


def check_budget(doc: BriefDoc, ctx: CheckContext) -> list[Finding]:
    s = _section(doc, "budget")
    if s is None or not strip_comments(s.body):
        return []
    found = t.amounts(strip_comments(s.body))
    if not found:
        return [_finding("budget-no-amount", s.name, "the budget section states no amount")]
    if ctx.budget_cents is None or ctx.budget_cents in found:
        return []
    said = format_money(max(found), ctx.currency)
    now = format_money(ctx.budget_cents, ctx.currency)
    return [
        _finding(
            "budget-mismatch",
            s.name,
            f"the brief says {said}; the project's current budget is {now}"
            " (original + approved change orders)",
        )
    ]


def check_timeline(doc: BriefDoc, ctx: CheckContext) -> list[Finding]:
    s = _section(doc, "timeline")
    if s is None or (ctx.start_on is None and ctx.end_on is None):
        return []
    outside = [
        d
        for d in t.dates(strip_comments(s.body))
        if (ctx.start_on and d < ctx.start_on) or (ctx.end_on and d > ctx.end_on)
    ]
    if not outside:
        return []
    start = ctx.start_on.isoformat() if ctx.start_on else "…"
    span = f"{start} → {ctx.end_on.isoformat() if ctx.end_on else '…'}"
    listed = ", ".join(d.isoformat() for d in sorted(set(outside)))
    return [_finding("timeline-outside-project", s.name, f"{listed} outside the project's dates {span}")]


def check_proposition(doc: BriefDoc, ctx: CheckContext) -> list[Finding]:
    s = _section(doc, "proposition")
    if s is None:
        return []
    first = t.first_paragraph(strip_comments(s.body))
    n = len(t.sentences(first)) if first else 0
    if n <= 1:
        return []
    return [_finding("proposition-too-long", s.name, f"the proposition is {n} sentences; make it one")]


def check_placeholders(doc: BriefDoc, ctx: CheckContext) -> list[Finding]:
    return [
        _finding("placeholder", s.name, f"section {s.name!r} still says {', '.join(words)}")
        for s in doc.sections
        if (words := t.placeholders(strip_comments(s.body)))
    ]


CHECKS: tuple[Check, ...] = (
    check_sections,
    check_objectives,
    check_kpis,
    check_deliverables,
    check_budget,
    check_timeline,
    check_proposition,
    check_placeholders,
)


def run_checks(doc: BriefDoc, ctx: CheckContext | None = None) -> list[Finding]:
    """Every finding, blocking first, then in the brief's section order."""
    ctx = ctx or CheckContext()
    findings = [f for check in CHECKS for f in check(doc, ctx)]
    order = {s.name.casefold(): i for i, s in enumerate(doc.sections)}
    return sorted(
        findings,
        key=lambda f: (f.severity != BLOCKING, order.get((f.section or "").casefold(), len(order))),
    )


def blocking(findings: list[Finding]) -> list[Finding]:
    return [f for f in findings if f.severity == BLOCKING]
