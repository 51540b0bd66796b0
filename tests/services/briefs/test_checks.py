"""Each check, one by one, with a brief that should trigger it and one that should not."""

from __future__ import annotations

from datetime import date

import pytest

from amtui.services.briefs.checks import BLOCKING, RULES, WARNING, CheckContext, Finding, run_checks
from amtui.services.briefs.markdown import BriefDoc, Section

GOOD = {
    "Project, client, date and contacts": "- **Client:** Northwind Outfitters",
    "Background and context": "Summer is 40% of Northwind's sales; last year's campaign missed its target.",
    "Business objective and communication objectives": (
        "1. Grow online summer sales 15% year-on-year by 2027-08-31\n"
        "2. Lift brand awareness among 25-34 hikers by 5 points by end of June\n\n"
        "**Non-goals:** a new logo; anything for the winter range"
    ),
    "Single-minded proposition / key message": (
        "Northwind gear makes every summer weekend an expedition.\n\n"
        "Proof points: lifetime warranty. Tested in Patagonia."
    ),
    "Deliverables and specs": (
        "- Hero film, 30s and 15s cutdowns, 16:9 and 9:16, MP4\n"
        "- 6 static social posts, 1080x1350, JPG\n"
        "- Display banners: 300x250, 728x90, HTML5"
    ),
    "Budget": "- **Budget:** $72,000.00\n- **Approved by:** Sam Patel",
    "Timeline": "- Concepts 2027-01-15\n- In-market 2027-04-01",
    "Success metrics / KPIs": "- ROAS ≥ 4.0\n- CPA under $45",
}
CTX = CheckContext(
    expected_sections=tuple(GOOD),
    budget_cents=72_000_00,
    currency="USD",
    start_on=date(2026, 12, 28),
    end_on=date(2027, 5, 27),
)


def brief(**changes: str | None) -> BriefDoc:
    """The good brief with some sections replaced (keys: first word of the section, lowercased)."""
    sections = []
    for name, body in GOOD.items():
        key = name.split()[0].lower().strip(",").split("-")[0]
        if key in changes:
            if changes[key] is None:
                continue
            body = changes[key] or ""
        sections.append(Section(name, body))
    return BriefDoc("Creative brief", tuple(sections))


def fired(doc: BriefDoc, rule: str, ctx: CheckContext = CTX) -> list[Finding]:
    return [f for f in run_checks(doc, ctx) if f.rule == rule]


def test_the_good_brief_passes_every_check() -> None:
    assert run_checks(brief(), CTX) == []


def test_every_rule_explains_itself() -> None:
    for r in RULES.values():
        assert r.severity in (BLOCKING, WARNING)
        assert len(r.why) > 30 and r.title


def test_missing_section() -> None:
    got = fired(brief(background=None), "missing-section")
    assert [f.section for f in got] == ["Background and context"]
    assert got[0].severity == BLOCKING and "missing" in got[0].message
    assert fired(brief(), "missing-section") == []
    # No template known: nothing is 'missing'.
    assert fired(brief(background=None), "missing-section", CheckContext()) == []


def test_empty_section() -> None:
    got = fired(brief(background="  \n<!-- hint only -->\n"), "empty-section")
    assert [f.section for f in got] == ["Background and context"]
    assert fired(brief(background="One line."), "empty-section") == []


@pytest.mark.parametrize(
    ("objective", "rules"),
    [
        (
            "- Make Northwind the outdoor brand",
            {"objective-no-number", "objective-no-metric", "objective-no-date"},
        ),
        ("- Grow sales by 2027-08-31", {"objective-no-number"}),
        ("- Grow sales in Q3", {"objective-no-number"}),
        ("- Grow it 15% by 2027-08-31", {"objective-no-metric"}),
        ("- Grow sales 15%", {"objective-no-date"}),
        ("- Double sign-ups by end of June", set()),
        ("- Grow sales 15% year-on-year by 2027-08-31", set()),
        ("Reach 2m hikers per month.\n\nNon-goals:\n- be cool", set()),
    ],
)
def test_objectives_need_a_number_a_metric_and_a_date(objective: str, rules: set[str]) -> None:
    got = {f.rule for f in run_checks(brief(business=objective), CTX) if f.rule.startswith("objective-")}
    assert got == rules


def test_objective_numbers_inside_dates_do_not_count() -> None:
    got = fired(brief(business="Launch the summer range by 2027-05-01"), "objective-no-number")
    assert len(got) == 1 and "Launch the summer range" in got[0].message


def test_kpis_missing() -> None:
    for doc in (brief(success=None), brief(success="")):
        got = fired(doc, "kpis-missing")
        assert len(got) == 1 and got[0].severity == BLOCKING
    assert fired(brief(), "kpis-missing") == []
    # An empty KPI section is reported once, by the KPI rule.
    assert fired(brief(success=""), "empty-section") == []


def test_kpi_without_target() -> None:
    got = fired(brief(success="- ROAS\n- CPA under $45"), "kpi-no-target")
    assert [f.message for f in got] == ["KPI 'ROAS' has no target"]


@pytest.mark.parametrize(
    ("deliverable", "flagged"),
    [
        ("- Hero video\n- Social posts", 2),
        ("- Hero video, 30s\n- Social posts", 1),
        ("- 3 social posts", 0),
        ("- Social posts x6", 0),
        ("- Print ad, A4", 0),
        ("- Banners, 300x250", 0),
        ("- Radio spot :30", 0),
        ("- Key visual, PSD and PNG", 0),
        ("Hero video\nSocial posts, 1080x1080", 1),
    ],
)
def test_deliverables_need_specs(deliverable: str, flagged: int) -> None:
    got = fired(brief(deliverables=deliverable), "deliverable-no-spec")
    assert len(got) == flagged
    assert all("no specs" in f.message for f in got)


def test_budget_different_from_the_projects_current_budget() -> None:
    got = fired(brief(budget="- **Budget:** $70,000.00"), "budget-mismatch")
    assert len(got) == 1
    assert "$70,000.00" in got[0].message and "$72,000.00" in got[0].message
    assert fired(brief(budget="Total $72k: production $20,000, media $52,000"), "budget-mismatch") == []
    assert fired(brief(budget="USD 72,000"), "budget-mismatch") == []
    # Unknown project budget: nothing to compare with.
    assert fired(brief(budget="$1"), "budget-mismatch", CheckContext()) == []


def test_budget_without_an_amount() -> None:
    assert len(fired(brief(budget="Approved by Sam Patel"), "budget-no-amount")) == 1
    assert fired(brief(), "budget-no-amount") == []


def test_timeline_dates_outside_the_project() -> None:
    got = fired(
        brief(timeline="- Concepts 2026-12-01\n- In-market 1 June 2027\n- Review 2027-02-01"),
        "timeline-outside-project",
    )
    assert len(got) == 1
    assert "2026-12-01, 2027-06-01" in got[0].message and "2026-12-28 → 2027-05-27" in got[0].message
    assert fired(brief(timeline="- In-market April 1, 2027"), "timeline-outside-project") == []
    no_dates = CheckContext(budget_cents=72_000_00)
    assert fired(brief(timeline="- 1999-01-01"), "timeline-outside-project", no_dates) == []


@pytest.mark.parametrize(
    ("proposition", "flagged"),
    [
        ("Gear for every summer weekend.", False),
        ("Gear for every summer weekend, e.g. hikes and lakes.\n\nProof: warranty. Tested.", False),
        ("Gear for every summer weekend. Also, we are cheaper.", True),
        ("Gear for summer! Built to last. Priced fairly.", True),
    ],
)
def test_proposition_is_one_sentence(proposition: str, flagged: bool) -> None:
    got = fired(brief(single=proposition), "proposition-too-long")
    assert bool(got) == flagged


def test_over_prescriptive_objective() -> None:
    got = fired(
        brief(business="- Launch a 30s hero video with a jingle to grow sales 10% by June"),
        "prescriptive-objective",
    )
    assert len(got) == 1 and "jingle, video" in got[0].message
    assert fired(brief(), "prescriptive-objective") == []


def test_over_prescriptive_deliverable() -> None:
    text = '- Hero film 30s showing a family at a lake, with the headline "Summer starts at Northwind"'
    got = fired(brief(deliverables=text), "prescriptive-deliverable")
    assert len(got) == 1 and got[0].severity == WARNING
    assert fired(brief(), "prescriptive-deliverable") == []


def test_placeholders() -> None:
    got = fired(brief(budget="$72,000 approved by TBC"), "placeholder")
    assert [(f.section, f.message) for f in got] == [("Budget", "section 'Budget' still says TBC")]
    assert fired(brief(), "placeholder") == []


def test_findings_blocking_first_then_in_section_order() -> None:
    doc = brief(background="", budget="$1 TBD", deliverables="- Hero video")
    got = run_checks(doc, CTX)
    severities = [f.severity for f in got]
    assert severities == sorted(severities, key=lambda s: s != BLOCKING)
    blocking_sections = [f.section for f in got if f.severity == BLOCKING]
    assert blocking_sections == ["Background and context", "Deliverables and specs", "Budget"]
