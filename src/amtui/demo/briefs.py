"""Demo step: briefs in every state — approved (with two versions), in review, and a draft with problems.

Northwind's summer campaign is the draft Maya is writing on Monday: its objective has no number and its
deliverables no sizes, so the checks panel has something to say.
"""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta
from typing import TYPE_CHECKING

from amtui.services.briefs import service as briefs
from amtui.store.uow import UnitOfWork

if TYPE_CHECKING:
    from amtui.demo import DemoContext


def _fill(uow: UnitOfWork, brief_id: int, sections: dict[str, str]) -> None:
    for name, text in sections.items():
        briefs.set_section(uow, brief_id, name, text)


def build(uow: UnitOfWork, ctx: DemoContext) -> dict[str, int]:
    today = ctx.today

    def d(days: int) -> str:
        return (today + timedelta(days=days)).isoformat()

    # Approved: Helios CTV flight (project runs from 30 days ago to 90 days ahead).
    ctv = briefs.new_brief(uow, "helios/ctv-q1-flight", template="media", today=today - timedelta(days=25))
    _fill(
        uow,
        ctv.summary.id,
        {
            "background": "Helios's search CPA is rising; CTV builds the awareness search converts later.",
            "business objective": (
                "1. Lift aided awareness of Helios among 25-44 renters by 6 points by " + d(85) + "\n"
                "2. Grow branded search volume 12% during the flight\n\n"
                "Non-goals: direct account openings from CTV"
            ),
            "audience": "Renters 25-44 in the five launch metros who see banks as all the same.",
            "proposition": "Helios is the bank that works as hard as you do.",
            "channels": "Connected TV (Roku, Samsung TV Plus), frequency cap 3 per week",
            "deliverables": "- 30s and 15s spots, 16:9, ProRes and MP4\n- 2 end-card variants, 1920x1080",
            "mandatories": "FDIC line on every spot; brand colours per guideline v7",
            "call to action": "Search 'Helios Bank'",
            "timeline": f"- Plan approval {d(-20)}\n- Flight starts {d(-10)}\n- Wrap report {d(85)}",
            "kpis": "- Aided awareness +6 points\n- Branded search volume +12%\n- Completion rate 90%",
        },
    )
    briefs.submit(uow, ctv.summary.id)
    briefs.set_section(
        uow,
        ctv.summary.id,
        "channels",
        "Connected TV (Roku, Samsung TV Plus, Hulu), frequency cap 3 per week",
    )
    approved_at = datetime.combine(today - timedelta(days=21), time(15, 30), tzinfo=UTC)
    briefs.approve(uow, ctv.summary.id, "Marcus Bell", at=approved_at)

    # In review: Quokka's LinkedIn ABM pilot (20 days ago to 55 days ahead).
    abm = briefs.new_brief(uow, "quokka/abm-pilot", template="creative", today=today - timedelta(days=6))
    _fill(
        uow,
        abm.summary.id,
        {
            "background": "Quokka wants 40 named enterprise accounts engaged before its renewal talk.",
            "business objective": (
                "- Book 12 demos from the 40 target accounts by " + d(50) + "\n"
                "- Reach 70% of buying-group members in those accounts within 6 weeks\n\n"
                "Non-goals: self-serve sign-ups"
            ),
            "audience": "IT and finance leads at 40 named accounts who think Quokka is for startups.",
            "proposition": "Quokka runs the cloud your auditors already trust.",
            "channels": "LinkedIn sponsored content and conversation ads, matched to the account list",
            "deliverables": "- 4 single-image ads, 1200x627, PNG\n- 2 conversation ads, 500 characters each",
            "mandatories": "SOC 2 badge; no customer logos without sign-off",
            "call to action": "Book a 20-minute architecture review",
            "timeline": f"- Creative review {d(3)}\n- Launch {d(10)}\n- Read-out {d(50)}",
            "kpis": "- 12 demos booked\n- Cost per demo under $1,500\n- Engagement rate 1.2%",
        },
    )
    briefs.submit(uow, abm.summary.id)

    # Draft with problems: Northwind's summer campaign (starts in 30 days).
    summer = briefs.new_brief(uow, "northwind/summer-campaign", template="creative", today=today)
    _fill(
        uow,
        summer.summary.id,
        {
            "background": "Summer is Northwind's biggest season; last year's campaign felt generic.",
            "business objective": "- Make Northwind the brand families think of for summer adventures",
            "audience": "Families with kids 6-14 who camp twice a year and think technical gear is overkill.",
            "proposition": "Northwind turns any weekend into an adventure. Quality gear for all.",
            "deliverables": "- Hero video\n- Social posts for Instagram and TikTok\n- In-store posters",
        },
    )
    return {"briefs": 3}
