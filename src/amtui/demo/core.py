"""Demo step 1: accounts, contacts (with a stakeholder change), interactions and projects."""

from __future__ import annotations

from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

from amtui.core.dates import end_of_month
from amtui.services.base.refs import get_account, get_project
from amtui.services.clients import accounts, projects
from amtui.store.uow import UnitOfWork

if TYPE_CHECKING:
    from amtui.demo import DemoContext

ACCOUNTS = [
    # slug, name, industry, contract, renewal in days, AM
    ("helios", "Helios Bank", "Financial services (digital-first)", "retainer", 150, "maya"),
    ("northwind", "Northwind Outfitters", "Retail", "project", 120, "maya"),
    ("quokka", "Quokka Cloud", "B2B SaaS", "aor", 41, "maya"),
    ("bramble", "Bramble Foods", "CPG", "retainer", 200, "theo"),
]

# account, name, role, email, joined days ago, primary, left days ago
CONTACTS = [
    ("helios", "Irene Vasquez", "VP Marketing", "irene.vasquez@heliosbank.example", 900, True, 120),
    ("helios", "Marcus Bell", "Marketing Director", "marcus.bell@heliosbank.example", 130, True, None),
    ("helios", "Olivia Tran", "CFO", "olivia.tran@heliosbank.example", 700, False, None),
    ("helios", "Raj Mehta", "Performance Lead", "raj.mehta@heliosbank.example", 400, False, None),
    ("northwind", "Dana Ruiz", "Marketing Director", "dana.ruiz@northwind.example", 800, True, 35),
    ("northwind", "Sam Patel", "Incoming Marketing Director", "sam.patel@northwind.example", 12, False, None),
    ("northwind", "Leah Kim", "Brand Manager", "leah.kim@northwind.example", 500, False, None),
    ("quokka", "Tom Okoro", "Head of Growth", "tom.okoro@quokka.example", 600, True, None),
    ("quokka", "Ana Souza", "Demand Gen Manager", "ana.souza@quokka.example", 300, False, None),
    ("bramble", "Grace Liu", "Brand Director", "grace.liu@bramblefoods.example", 1000, True, None),
    (
        "bramble",
        "Ben Carter",
        "Shopper Marketing Manager",
        "ben.carter@bramblefoods.example",
        450,
        False,
        None,
    ),
]

# account, days ago, kind, contact, summary
INTERACTIONS = [
    (
        "helios",
        2,
        "call",
        "Marcus Bell",
        "Weekly status: search CPA trending up, wants a plan before new spend",
    ),
    ("helios", 9, "meeting", "Olivia Tran", "CFO wants CPA under $48 before any new spend"),
    ("helios", 23, "qbr", "Marcus Bell", "Q3 QBR: CTV flight approved, lighter frequency cap"),
    ("northwind", 4, "email", "Leah Kim", "Summer campaign: brief expected next week"),
    ("northwind", 20, "call", "Dana Ruiz", "Handover call before Dana's departure"),
    ("quokka", 6, "presentation", "Tom Okoro", "Presented Q4 demand-gen results; renewal talk in January"),
    ("quokka", 30, "email", "Ana Souza", "Asked for a LinkedIn ABM test"),
    ("bramble", 16, "call", "Grace Liu", "Holiday shelf campaign: retailer co-op money confirmed"),
    ("bramble", 45, "meeting", "Ben Carter", "Shopper marketing workshop"),
]

# ref, name, billing, budget, hours, rate, start days from today, length days, extras
PROJECTS: list[tuple[str, str, str, int, int | None, int, int, int, dict[str, Any]]] = [
    (
        "helios/always-on-search",
        "Always-On Search",
        "tm",
        60_000_00,
        400,
        150_00,
        -120,
        240,
        {"cap_cents": 66_000_00},
    ),
    ("helios/ctv-q1-flight", "CTV Q1 Flight", "fixed", 85_000_00, 360, 160_00, -30, 120, {}),
    (
        "helios/social-retainer",
        "Paid Social Retainer",
        "retainer",
        108_000_00,
        None,
        140_00,
        -150,
        365,
        {"retainer_fee_cents": 9_000_00, "retainer_minutes": 60 * 60},
    ),
    (
        "northwind/spring-launch",
        "Spring Launch",
        "fixed",
        48_000_00,
        320,
        150_00,
        -60,
        120,
        {"code": "NW-SPR"},
    ),
    ("northwind/summer-campaign", "Summer Campaign", "fixed", 72_000_00, 480, 150_00, 30, 150, {}),
    (
        "quokka/demand-gen",
        "Demand Gen Retainer",
        "retainer",
        144_000_00,
        None,
        165_00,
        -300,
        365,
        {"retainer_fee_cents": 12_000_00, "retainer_minutes": 80 * 60},
    ),
    ("quokka/abm-pilot", "LinkedIn ABM Pilot", "tm", 25_000_00, 160, 155_00, -20, 75, {}),
    ("bramble/holiday-shelf", "Holiday Shelf Campaign", "fixed", 56_000_00, 380, 145_00, -75, 100, {}),
]


def build(uow: UnitOfWork, ctx: DemoContext) -> dict[str, int]:
    today = ctx.today
    for slug, name, industry, contract, renewal, am in ACCOUNTS:
        accounts.add_account(
            uow,
            name,
            slug=slug,
            industry=industry,
            contract=contract,
            renewal_on=today + timedelta(days=renewal),
            am=am,
        )
        ctx.accounts[slug] = get_account(uow.session, slug).id  # type: ignore[assignment]
    for acc, name, role, email, joined, primary, left in CONTACTS:
        accounts.add_contact(
            uow, acc, name, role=role, email=email, primary=primary, joined_on=today - timedelta(days=joined)
        )
        if left is not None:
            accounts.contact_leave(uow, acc, name, on=today - timedelta(days=left))
    for acc, ago, kind, who, summary in INTERACTIONS:
        on = today - timedelta(days=ago)
        accounts.log_interaction(uow, acc, summary, kind=kind, on=on, contact=who, today=today)
    for ref, name, billing, budget, hours, rate, start, length, extra in PROJECTS:
        start_on = today + timedelta(days=start)
        projects.add_project(
            uow,
            ref,
            name,
            budget_cents=budget,
            budget_minutes=hours * 60 if hours else None,
            billing=billing,
            start_on=start_on,
            end_on=start_on + timedelta(days=length),
            rate_cents=rate,
            **extra,
        )
        ctx.projects[ref] = get_project(uow.session, ref).id  # type: ignore[assignment]
    return {
        "accounts": len(ACCOUNTS),
        "contacts": len(CONTACTS),
        "interactions": len(INTERACTIONS),
        "projects": len(PROJECTS),
    }


def record_progress(uow: UnitOfWork, ref: str, final_bp: int, today: date) -> int:
    """A realistic % complete history ending at ``final_bp`` today: the AM's figure at each month end since
    the project started, rising with the schedule (whole percents), through
    :func:`amtui.services.clients.projects.set_complete` like every other write. Returns the entries written
    (none for a project that has not started)."""
    p = get_project(uow.session, ref)
    if p.start_on is None or p.start_on > today:
        return 0
    span = max((today - p.start_on).days, 1)
    written = 0
    month_end = end_of_month(p.start_on)
    while month_end < today:
        bp = final_bp * (month_end - p.start_on).days // span // 100 * 100
        projects.set_complete(uow, p, bp, on=month_end)
        written += 1
        month_end = end_of_month(month_end + timedelta(days=1))
    projects.set_complete(uow, p, final_bp, on=today)
    return written + 1
