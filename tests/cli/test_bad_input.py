"""Bad input across every command: exit non-zero, one line on stderr, no traceback, the book unchanged.

One table, one small book built once (copied per case). Extend it when a command lands.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from amtui.store import backup_to
from tests.conftest import Cli, assert_refused

HARVEST_HEADER = (
    "Date,Client,Project,Project Code,Task,Notes,Hours,Billable?,Invoiced?,First Name,Last Name,"
    "Roles,Employee?,Billable Rate,Billable Amount,Cost Rate,Cost Amount,Currency,External Reference URL"
)

FILES = {
    "empty.csv": "",
    "notcsv.csv": "\x00\x01\x02 binary garbage \xff",
    "noheader.csv": "2026-11-02,Northwind,Spring,NW-SPR,Design,,2.0\n",
    "badhours.csv": HARVEST_HEADER + "\n2026-11-02,Acme,Web,,Design,x,two,Yes,No,Maya,Chen,,Yes,150,300,0,0,"
    "US Dollar - USD,\n",
    "baddate.csv": HARVEST_HEADER + "\n02/11/2026,Acme,Web,,Design,x,2.0,Yes,No,Maya,Chen,,Yes,150,300,0,0,"
    "US Dollar - USD,\n",
    "badrate.csv": HARVEST_HEADER + "\n2026-11-02,Acme,Web,,Design,x,2.0,Yes,No,Maya,Chen,,Yes,1e3,300,0,0,"
    "US Dollar - USD,\n",
    "unknown.csv": HARVEST_HEADER
    + "\n2026-11-02,Ghost Co,Nothing,,Design,x,2.0,Yes,No,Maya,Chen,,Yes,150,300,"
    "0,0,US Dollar - USD,\n",
    "junk.db": "this is not a database at all " * 50,
}

CASES: list[tuple[tuple[str, ...], int, str]] = [
    # --- root and unknowns
    (("frobnicate",), 2, "no such command"),
    (("--bogus",), 2, "no such option"),
    (("account", "frob"), 2, "no such command"),
    (("account", "list", "--bogus"), 2, "no such option"),
    # --- account
    (("account", "add"), 2, "missing argument"),
    (("account", "add", ""), 2, "empty"),
    (("account", "add", "   "), 2, "empty"),
    (("account", "add", "X" * 201), 2, "longer than"),
    (("account", "add", "X", "--slug", "Bad Slug!"), 2, "bad slug"),
    (("account", "add", "X", "--slug", "-x"), 2, "bad slug"),
    (("account", "add", "X", "--contract", "forever"), 2, "contract type"),
    (("account", "add", "X", "--renewal", "03/04/2026"), 2, "ambiguous"),
    (("account", "add", "X", "--renewal", "2026-13-01"), 2, "date"),
    (("account", "add", "X", "--currency", "dollars"), 2, "currency"),
    (("account", "add", "Acme Again", "--slug", "acme"), 1, "exists already"),
    (("account", "show", "nope"), 1, "no account 'nope'"),
    (("account", "show"), 2, "missing argument"),
    (("account", "edit", "nope", "--name", "x"), 1, "no account"),
    (("account", "edit", "acme", "--renewal", "someday"), 2, "not a date"),
    (("account", "edit", "acme", "--slug", "helios"), 1, "exists already"),
    (("account", "edit", "acme", "--contract", "lifetime"), 2, "contract type"),
    (("account", "edit", "acme", "--name", ""), 2, "empty"),
    (("account", "archive", "ghost"), 1, "no account"),
    (("account", "archive", "old"), 1, "archived already"),
    # --- contact
    (("contact", "add", "ghost", "Dana"), 1, "no account"),
    (("contact", "add", "acme", "Dana Ruiz"), 1, "already has a contact"),
    (("contact", "add", "acme", "dana ruiz"), 1, "already has a contact"),
    (("contact", "add", "acme", "Eve", "--email", "nope"), 2, "email"),
    (("contact", "add", "acme", "Eve", "--date", "31/12/2026"), 2, "date"),
    (("contact", "add", "acme", ""), 2, "empty"),
    (("contact", "leave", "acme", "Nobody"), 1, "no contact"),
    (("contact", "leave", "acme", "Dana Ruiz", "--date", "2026-02-31"), 2, "not a real date"),
    (("contact", "leave", "acme", "Gone Person"), 1, "already left"),
    (("contact", "leave", "ghost", "Dana Ruiz"), 1, "no account"),
    (("contact", "primary", "acme", "Dana Ruiz"), 1, "already the primary"),
    (("contact", "primary", "acme", "Gone Person"), 1, "former contact"),
    (("contact", "primary", "acme", "Nobody"), 1, "no contact"),
    (("contact", "primary", "acme", "Sam Patel", "--date", "soon"), 2, "not a date"),
    (("contact", "list", "ghost"), 1, "no account"),
    # --- log
    (("log", "acme"), 2, "what happened"),
    (("log", "acme", "x", "--kind", "tweet"), 2, "unknown kind"),
    (("log", "ghost", "x"), 1, "no account"),
    (("log", "acme", "x", "--contact", "Nobody"), 1, "no contact"),
    (("log", "acme", "x", "--date", "13/13/2026"), 2, "date"),
    (("log", "acme", ""), 2, "empty"),
    (("log", "list"), 2, "missing argument"),
    (("log", "list", "acme", "--since", "last week"), 2, "not a date"),
    (("log", "list", "ghost"), 1, "no account"),
    (("log", "list", "acme", "--limit", "0"), 2, "limit"),
    # --- project
    (("project", "add", "acme/app", "App"), 2, "missing option"),
    (("project", "add", "acme/app", "App", "--budget", "4.500,00"), 2, "dot for decimals"),
    (("project", "add", "acme/app", "App", "--budget", "1e3"), 2, "not an amount"),
    (("project", "add", "acme/app", "App", "--budget", "NaN"), 2, "not an amount"),
    (("project", "add", "acme/app", "App", "--budget", "-100"), 2, "negative"),
    (("project", "add", "acme/app", "App", "--budget", "100", "--hours", "lots"), 2, "hours"),
    (("project", "add", "acme/app", "App", "--budget", "100", "--billing", "barter"), 2, "billing type"),
    (
        (
            "project",
            "add",
            "acme/app",
            "App",
            "--budget",
            "100",
            "--start",
            "2026-12-01",
            "--end",
            "2026-11-01",
        ),
        2,
        "before start",
    ),
    (("project", "add", "acme/app", "App", "--budget", "100", "--rate", "0"), 2, "more than zero"),
    (("project", "add", "acme/web", "Web again", "--budget", "100"), 1, "already has a project"),
    (("project", "add", "ghost/app", "App", "--budget", "100"), 1, "no account"),
    (("project", "add", "acme/App!", "App", "--budget", "100"), 2, "bad slug"),
    (("project", "add", "acme/app", "App", "--budget", "100", "--code", "AC-WEB"), 1, "code"),
    (("project", "show", "nowhere"), 1, "no project"),
    (("project", "show", "acme/nowhere"), 1, "no project"),
    (("project", "show", "site"), 1, "ambiguous"),
    (("project", "list", "ghost"), 1, "no account"),
    (("project", "edit", "acme/web", "--budget", "12abc"), 2, "not an amount"),
    (("project", "edit", "acme/web", "--status", "exploded"), 2, "status"),
    (("project", "edit", "acme/web", "--complete", "140%"), 2, ""),
    (("project", "edit", "acme/web", "--end", "2020-01-01"), 2, "before"),
    (("project", "edit", "acme/nowhere", "--name", "x"), 1, "no project"),
    (("project", "edit", "acme/web", "--hours", "-5"), 2, ""),
    # --- time and cost
    (("time", "acme/web", "two"), 2, "hours"),
    (("time", "acme/web", "0"), 2, ""),
    (("time", "acme/web", "-1"), 2, ""),
    (("time", "acme/web", "2", "--date", "12/11/2026"), 2, "ambiguous"),
    (("time", "acme/web", "2", "--team", "legal"), 2, "team"),
    (("time", "acme/web", "2", "--rate", "$1,50"), 2, "not an amount"),
    (("time", "acme/nowhere", "2"), 1, "no project"),
    (("time", "site", "2"), 1, "ambiguous"),
    (("time", "acme/web"), 2, "missing argument"),
    (("cost", "acme/web", "abc"), 2, "not an amount"),
    (("cost", "acme/web", "1,200.999"), 2, "not an amount"),
    (("cost", "acme/web", "100", "--date", "someday"), 2, "not a date"),
    (("cost", "ghost/web", "100"), 1, "no account"),
    (("cost", "acme/web"), 2, "missing argument"),
    # --- budget
    (("budget", "ghost"), 1, ""),
    (("budget", "--as-of", "whenever"), 2, "not a date"),
    (("budget", "--month", "2026-13"), 2, ""),
    (("budget", "--month", "november"), 2, ""),
    # --- import time
    (("import", "time", "{tmp}/missing.csv"), 2, ""),
    (("import", "time", "{tmp}/empty.csv"), 2, ""),
    (("import", "time", "{tmp}/notcsv.csv"), 2, ""),
    (("import", "time", "{tmp}/noheader.csv"), 2, ""),
    (("import", "time", "{tmp}/badhours.csv"), 2, ""),
    (("import", "time", "{tmp}/baddate.csv"), 2, ""),
    (("import", "time", "{tmp}/badrate.csv"), 2, ""),
    (("import", "time", "{tmp}/unknown.csv"), 1, ""),
    # --- history, undo, redo
    (("history", "nowhere"), 1, "no account or project"),
    (("history", "--limit", "0"), 2, "limit"),
    (("history", "--limit", "many"), 2, "limit"),
    (("undo", "last"), 2, "not an action number"),
    (("undo", "999"), 1, "no action #999"),
    (("undo", "1"), 1, "was changed later"),
    (("redo",), 1, "nothing to redo"),
    # --- backup and restore
    (("backup", "{db}"), 1, "the book itself"),
    (("backup", "{tmp}/exists.db"), 1, "--force"),
    (("restore", "{tmp}/missing.db", "--yes"), 1, "no backup file"),
    (("restore", "{tmp}/junk.db", "--yes"), 1, "not a readable sqlite database"),
    (("restore", "{db}", "--yes"), 1, "the book itself"),
    (("restore",), 2, "missing argument"),
    # --- export and import book
    (("export", "book"), 2, "missing argument"),
    (("import", "book", "{tmp}/nowhere"), 2, "not a folder"),
    (("import", "book", "{tmp}"), 2, "no manifest.json"),
    (("import", "book", "{tmp}/book"), 1, "not empty"),
    (("export", "frob", "{tmp}/x"), 2, "no such command"),
    # --- change orders and invoices
    (("add-change-order", "acme/web", "Extra", "--amount", "3.200,00"), 2, "dot for decimals"),
    (("add-change-order", "acme/nowhere", "Extra", "--amount", "100"), 1, "no project"),
    (("add-change-order", "acme/web"), 2, "missing argument"),
    (("co", "show", "CO-999"), 1, "no change order"),
    (("co", "show", "banana"), 2, "not a change order reference"),
    (("co", "approve", "CO-999"), 1, "no change order"),
    (("co", "send", "CO-999"), 1, "no change order"),
    (("co", "frob"), 2, "no such command"),
    (("invoice", "add", "acme/nowhere", "100"), 1, "no project"),
    (("invoice", "add", "acme/web", "ten"), 2, "not an amount"),
    (("invoice", "add", "acme/web", "100", "--due", "next-ish"), 2, "not a date"),
    (("invoice", "paid", "INV-404", "--amount", "100"), 1, ""),
    (("invoice", "void", "INV-404"), 1, ""),
    (("invoice", "frob"), 2, "no such command"),
    # --- briefs, milestones, timeline
    (("brief", "show", "999"), 1, ""),
    (("brief", "new", "acme/nowhere"), 1, "no project"),
    (("brief", "frob"), 2, "no such command"),
    (("milestone", "add", "acme/nowhere", "Kickoff", "--due", "2026-12-01"), 1, "no project"),
    (("milestone", "add", "acme/web", "Kickoff", "--due", "1st of May"), 2, "not a date"),
    (("milestone", "show", "999"), 1, ""),
    (("milestone", "frob"), 2, "no such command"),
    (("timeline", "ghost"), 1, ""),
    # --- growth, escalations, health, performance, reports
    (("opp", "add", "ghost", "Upsell", "--value", "1000", "--probability", "40"), 1, "no account"),
    (("opp", "add", "acme", "Upsell", "--value", "1e4", "--probability", "40"), 2, "not an amount"),
    (("opp", "add", "acme", "Upsell", "--value", "1000"), 2, "missing option"),
    (("opp", "won", "OPP-999"), 1, ""),
    (("escalation", "add", "acme", "Angry CFO", "--severity", "apocalyptic"), 2, "severity"),
    (("escalation", "add", "ghost", "Angry CFO", "--severity", "high"), 1, "no account"),
    (("escalation", "resolve", "ESC-999", "--resolution", "x"), 1, ""),
    (("kpi", "set", "acme/nowhere", "--cpa", "45"), 1, ""),
    (("health", "ghost"), 1, "no account"),
    (("performance", "ghost"), 1, ""),
    (("report", "status", "ghost"), 1, ""),
    (("import", "metrics", "{tmp}/missing.csv"), 1, "no file"),
    (("import", "metrics", "{tmp}/notcsv.csv"), 2, ""),
    (("scope", "ghost"), 1, "no account or project"),
    (("reconcile", "ghost"), 1, "no account or project"),
    (("risks", "ghost"), 1, "no account"),
    (("kpi", "list", "ghost"), 1, "no account or project"),
    (("calendar", "frob"), 2, "no such command"),
    # --- check, paths, demo
    (("check", "--bogus"), 2, "no such option"),
    (("paths", "extra"), 2, "unexpected extra argument"),
    (("demo", "--db", "{db}", "--no-open"), 1, "--force"),
]


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    db = tmp_path_factory.mktemp("bad") / "book.db"
    cli = Cli(db)
    for args in (
        ("account", "add", "Acme", "--slug", "acme"),
        ("account", "add", "Helios", "--slug", "helios"),
        ("account", "add", "Old Client", "--slug", "old"),
        ("account", "archive", "old"),
        ("contact", "add", "acme", "Dana Ruiz", "--primary", "--date", "2026-01-01"),
        ("contact", "add", "acme", "Sam Patel"),
        ("contact", "add", "acme", "Gone Person"),
        ("contact", "leave", "acme", "Gone Person", "--date", "2026-06-01"),
        ("project", "add", "acme/web", "Web", "--budget", "4800", "--hours", "40", "--code", "AC-WEB",
         "--start", "2026-10-01", "--end", "2026-12-31"),
        ("project", "add", "acme/site", "Site", "--budget", "100"),
        ("project", "add", "helios/site", "Site", "--budget", "100"),
        ("log", "acme", "Kickoff"),
        ("account", "edit", "acme", "--name", "Acme Corp"),
    ):  # fmt: skip
        cli.ok(*args)
    return db


def test_there_are_at_least_100_cases() -> None:
    assert len(CASES) >= 100
    commands = {c[0][0] for c in CASES}
    assert {"account", "contact", "log", "project", "time", "cost", "budget", "import", "history", "undo",
            "redo", "backup", "restore", "export", "check", "paths", "demo"} <= commands  # fmt: skip


@pytest.mark.parametrize(("args", "code", "fragment"), CASES, ids=[" ".join(c[0])[:60] for c in CASES])
def test_bad_invocation_is_refused_cleanly(
    template: Path, tmp_path: Path, args: tuple[str, ...], code: int, fragment: str
) -> None:
    db = tmp_path / "book.db"
    backup_to(template, db)  # the backup API: the copy includes what is still in the template's WAL
    for name, text in FILES.items():
        (tmp_path / name).write_text(text, encoding="utf-8", errors="surrogateescape")
    backup_to(template, tmp_path / "exists.db")
    cli = Cli(db)
    if "{tmp}/book" in args:
        cli.ok("export", "book", str(tmp_path / "book"))
    real = tuple(a.replace("{tmp}", str(tmp_path)).replace("{db}", str(db)) for a in args)
    assert_refused(cli, real, code, fragment or None)
