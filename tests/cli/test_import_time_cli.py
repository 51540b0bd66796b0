"""``amtui import time``: all or nothing, never twice, unknown projects named, fast."""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest

from tests.conftest import Cli, assert_refused, connect, dump, write_config
from tests.harvest_gen import write_export

SAMPLE = Path(__file__).parents[1] / "fixtures" / "harvest-time-export.csv"


@pytest.fixture
def book(cli: Cli) -> Cli:
    cli.ok("account", "add", "Northwind Outfitters", "--slug", "northwind")
    cli.ok(
        "project", "add", "northwind/spring-launch", "Spring Launch", "--budget", "48000", "--rate", "150",
        "--code", "NW-SPR",
    )  # fmt: skip
    cli.ok("account", "add", "Helios Bank", "--slug", "helios")
    cli.ok("project", "add", "helios/search", "Always-On Search", "--budget", "60000", "--rate", "140")
    return cli


def _q(cli: Cli, sql: str) -> list[tuple[object, ...]]:
    con = connect(cli.db)
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


def test_sample_imports_once(book: Cli) -> None:
    out = book.ok("import", "time", str(SAMPLE))
    assert (
        out.splitlines()[0]
        == "Imported 60 time entries (120h) from harvest-time-export.csv into 1 project(s)"
    )
    assert "northwind/spring-launch" in out and "$18,102.50" in out
    assert _q(book, "SELECT count(*), sum(minutes), sum(amount_cents) FROM time_entry") == [
        (60, 7200, 1_810_250)
    ]
    assert _q(book, "SELECT DISTINCT source, length(source_key) FROM time_entry") == [("harvest", 32)]
    assert _q(book, "SELECT team, person FROM time_entry ORDER BY id LIMIT 1") == [("creative", "Maya Chen")]
    audit = _q(book, "SELECT after FROM audit_event WHERE entity = 'time_entry' AND op = 'bulk'")
    assert json.loads(str(audit[0][0]))["rows"] == 60
    before = dump(book.db)
    again = book.ok("import", "time", str(SAMPLE))
    assert again.startswith("Imported 0 time entries") and "60 already imported" in again
    assert _q(book, "SELECT count(*) FROM time_entry") == [(60,)]
    assert dump(book.db).count('INSERT INTO "time_entry"') == before.count('INSERT INTO "time_entry"')


def test_cost_rate_and_cost_amount_are_stored(book: Cli) -> None:
    book.ok("import", "time", str(SAMPLE))
    # 120 h at Harvest's $70/h cost rate, each row's Cost Amount as the file gives it
    assert _q(book, "SELECT DISTINCT cost_rate_cents FROM time_entry") == [(70_00,)]
    assert _q(book, "SELECT sum(cost_cents), count(cost_cents) FROM time_entry") == [(840_000, 60)]
    assert _q(book, "SELECT minutes, cost_cents FROM time_entry ORDER BY id LIMIT 1") == [(90, 105_00)]


def test_rows_without_a_cost_take_the_config_default(book: Cli, tmp_path: Path) -> None:
    write_config('[cost_rates]\npeople = {"ann lee" = 90}\nteams = {creative = "$60.50"}\n')
    f = tmp_path / "costs.csv"
    f.write_text(
        "Date,Client,Project,Hours,First Name,Last Name,Roles,Cost Rate,Cost Amount\n"
        "2026-03-02,Helios Bank,Always-On Search,2,Ann,Lee,Creative,,\n"  # the person's default wins
        "2026-03-02,Helios Bank,Always-On Search,2,Bo,Kim,Creative,,\n"  # the team's
        "2026-03-02,Helios Bank,Always-On Search,2,Cy,Ng,Media,,\n"  # neither: not known
        "2026-03-02,Helios Bank,Always-On Search,2,Ann,Lee,Creative,50,\n"  # the file's rate wins
        "2026-03-02,Helios Bank,Always-On Search,2,Ann,Lee,Creative,,10.00\n"  # the file's amount wins
    )
    book.ok("import", "time", str(f))
    assert _q(book, "SELECT person, cost_rate_cents, cost_cents FROM time_entry ORDER BY id") == [
        ("Ann Lee", 90_00, 180_00),
        ("Bo Kim", 60_50, 121_00),
        ("Cy Ng", None, None),
        ("Ann Lee", 50_00, 100_00),
        ("Ann Lee", None, 10_00),
    ]


def test_a_file_without_cost_columns_imports_without_cost(book: Cli, tmp_path: Path) -> None:
    f = tmp_path / "plain.csv"
    f.write_text("Date,Client,Project,Hours\n2026-03-02,Helios Bank,Always-On Search,1.5\n")
    book.ok("import", "time", str(f))
    assert _q(book, "SELECT minutes, amount_cents, cost_rate_cents, cost_cents FROM time_entry") == [
        (90, 210_00, None, None)
    ]


def test_dry_run_writes_nothing(book: Cli) -> None:
    before = dump(book.db)
    out = book.ok("import", "time", str(SAMPLE), "--dry-run")
    assert out.startswith("Would import 60 time entries") and "nothing written (--dry-run)" in out
    assert dump(book.db) == before
    data = json.loads(book.ok("import", "time", str(SAMPLE), "--dry-run", "--json"))
    assert data["dry_run"] is True and data["imported"] == 60
    assert data["projects"] == [
        {
            "project": "northwind/spring-launch",
            "currency": "USD",
            "rows": 60,
            "minutes": 7200,
            "amount_cents": 1_810_250,
            "created": False,
        }
    ]


def test_match_by_client_and_project_name_case_insensitive(book: Cli, tmp_path: Path) -> None:
    f = tmp_path / "t.csv"
    f.write_text(
        "Date,Client,Project,Hours,Billable?,Billable Rate\n"
        "2026-03-02,HELIOS BANK,always-on search,2,No,\n"
        "2026-03-03,Helios Bank,Always-On Search,1.25,Yes,200\n"
    )
    book.ok("import", "time", str(f))
    assert _q(book, "SELECT minutes, rate_cents, amount_cents, billable FROM time_entry ORDER BY id") == [
        (120, 14000, 28000, 0),  # no rate in the file: the project's
        (75, 20000, 25000, 1),
    ]


def test_unknown_projects_fail_the_whole_import(book: Cli, tmp_path: Path) -> None:
    f = tmp_path / "t.csv"
    f.write_text(
        "Date,Client,Project,Project Code,Hours\n"
        "2026-03-02,Northwind Outfitters,Spring Launch,NW-SPR,2\n"
        "2026-03-02,Quokka Cloud,ABM Pilot,QK-ABM,2\n"
        "2026-03-02,Bramble Foods,Holiday Shelf,,1\n"
    )
    assert_refused(
        book,
        ("import", "time", str(f)),
        1,
        "2 unknown projects: Quokka Cloud / ABM Pilot (QK-ABM); Bramble Foods",
    )
    out = book.ok("import", "time", str(f), "--create-missing", "--dry-run")
    assert "would create quokka-cloud/abm-pilot, bramble-foods/holiday-shelf" in out
    out = book.ok("import", "time", str(f), "--create-missing")
    assert "created quokka-cloud/abm-pilot, bramble-foods/holiday-shelf" in out
    projects = json.loads(book.ok("project", "list", "--json"))
    made = {p["ref"]: p for p in projects}
    assert (
        made["quokka-cloud/abm-pilot"]["code"] == "QK-ABM"
        and made["quokka-cloud/abm-pilot"]["billing"] == "tm"
    )
    assert _q(book, "SELECT count(*) FROM time_entry") == [(3,)]
    assert book.ok("import", "time", str(f)).startswith("Imported 0 time entries")


def test_archived_project_and_currency_mismatch_are_refused(book: Cli, tmp_path: Path) -> None:
    f = tmp_path / "t.csv"
    f.write_text("Date,Client,Project,Hours,Currency\n2026-03-02,Helios Bank,Always-On Search,2,Euro - EUR\n")
    assert_refused(
        book, ("import", "time", str(f)), 2, "line 2, column Currency: EUR but helios/search is kept in USD"
    )
    book.ok("project", "edit", "helios/search", "--status", "archived")
    g = tmp_path / "g.csv"
    g.write_text("Date,Client,Project,Hours\n2026-03-02,Helios Bank,Always-On Search,2\n")
    assert_refused(book, ("import", "time", str(g)), 1, "archived projects: helios/search")


@pytest.mark.parametrize(
    ("content", "code", "fragment"),
    [
        ("Date,Client,Project\n2026-03-02,Helios Bank,Always-On Search\n", 2, "missing column Hours"),
        (
            "Date,Client,Project,Hours\n2026-03-02,Helios Bank,Always-On Search,2\n"
            "2026-13-02,Helios Bank,Always-On Search,2\n",
            2,
            "line 3, column Date",
        ),
        (
            "Date,Client,Project,Hours\n2026-03-02,Helios Bank,Always-On Search,-2\n",
            2,
            "line 2, column Hours",
        ),
        ("Date,Client,Project,Hours\n2026-03-02,Helios Bank,2\n", 2, "line 2: expected 4 fields, found 3"),
        ("", 2, "empty"),
    ],
)
def test_broken_files_import_nothing(
    book: Cli, tmp_path: Path, content: str, code: int, fragment: str
) -> None:
    f = tmp_path / "bad.csv"
    f.write_text(content)
    assert_refused(book, ("import", "time", str(f)), code, fragment)


def test_missing_file(book: Cli, tmp_path: Path) -> None:
    assert_refused(book, ("import", "time", str(tmp_path / "nope.csv")), 2, "no such file")


def test_a_large_export_imports_in_seconds(book: Cli, tmp_path: Path) -> None:
    """20,000 rows end to end through the CLI (the 200,000-row figure is in the report: same code path)."""
    f = write_export(tmp_path / "big.csv", 20_000, [("Northwind Outfitters", "Spring Launch", "NW-SPR")])
    started = time.perf_counter()
    out = book.ok("import", "time", str(f))
    elapsed = time.perf_counter() - started
    assert out.startswith("Imported 20,000 time entries")
    assert _q(book, "SELECT count(*), count(DISTINCT source_key) FROM time_entry") == [(20_000, 20_000)]
    assert _q(book, "SELECT count(*) FROM time_entry WHERE cost_cents IS NULL") == [(0,)]
    assert elapsed < 10, f"20,000 rows took {elapsed:.1f}s"


def test_import_is_a_group_other_sources_can_join(cli: Cli) -> None:
    from amtui.cli import import_time, imports

    assert import_time in imports.SUBCOMMANDS
    out = cli.ok("import", "--help")
    assert "time" in out and "Harvest" in out
