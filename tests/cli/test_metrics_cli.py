"""``amtui import metrics``, ``kpi`` and ``performance``: upserts, refusals, targets, pacing."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import Cli, assert_refused, connect

FIX = Path(__file__).resolve().parents[1] / "fixtures" / "metrics"
META = FIX / "meta-daily-results.csv"


@pytest.fixture
def book(cli: Cli) -> Cli:
    cli.ok("account", "add", "Northwind", "--slug", "northwind")
    cli.ok("project", "add", "northwind/spring", "Spring", "--budget", "48000", "--start", "2026-03-01",
           "--end", "2026-03-30")  # fmt: skip
    cli.ok("account", "add", "Helios", "--slug", "helios")
    cli.ok("project", "add", "helios/search", "Search", "--budget", "60000")
    return cli


def _count(cli: Cli) -> int:
    con = connect(cli.db)
    try:
        return int(con.execute("SELECT count(*) FROM metric_row").fetchone()[0])
    finally:
        con.close()


def _perf(cli: Cli, ref: str, first: str, last: str) -> dict:
    return json.loads(cli.ok("performance", ref, "--from", first, "--to", last, "--json"))


def test_import_reimport_does_not_double_count(book: Cli, tmp_path: Path) -> None:
    out = book.ok("import", "metrics", str(META), "--project", "northwind/spring")
    assert "Imported 2 day rows from meta into northwind/spring" in out and "$75.00" in out
    assert _count(book) == 2
    # An overlapping export with a corrected figure for the 3rd and a new day: upsert, project inferred.
    f = tmp_path / "meta2.csv"
    f.write_text(
        "Reporting starts,Reporting ends,Campaign name,Results,Amount spent (USD),Impressions,Link clicks\n"
        "2026-03-03,2026-03-03,Retargeting,2,30.00,2600,20\n"
        "2026-03-04,2026-03-04,Retargeting,1,10.00,1000,10\n"
    )
    out = book.ok("import", "metrics", str(f))
    assert "into northwind/spring" in out and "1 day rows replaced" in out
    assert _count(book) == 3
    perf = _perf(book, "northwind", "2026-03-01", "2026-03-31")
    (p,) = perf["projects"]
    assert p["figures"]["spend_cents"] == 5000 + 3000 + 1000
    assert p["figures"]["conversions_milli"] == 7000
    assert p["figures"]["cpa_cents"] == 1286  # 90.00 / 7, computed from the sums


def test_dry_run_saves_nothing(book: Cli) -> None:
    before = _count(book)
    out = book.ok("import", "metrics", str(META), "--project", "northwind/spring", "--dry-run")
    assert out.startswith("Would import 2 day rows") and _count(book) == before


def test_import_refusals(book: Cli, tmp_path: Path) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_text("Campaign,Day,Cost,Clicks\nBrand,2026-03-02,1.00,1\nBrand,2026-03-03,abc,1\n")
    assert_refused(book, ("import", "metrics", str(bad), "--project", "northwind/spring"), 2, "line 3")
    assert_refused(book, ("import", "metrics", str(META)), 2, "--project")
    assert_refused(book, ("import", "metrics", str(META), "--project", "nope/x"), 1, "no account")
    missing = str(tmp_path / "missing.csv")
    assert_refused(book, ("import", "metrics", missing, "--project", "spring"), 1, "no file")
    eur = FIX / "meta-period-eur.csv"
    assert_refused(book, ("import", "metrics", str(eur), "--project", "spring"), 1, "EUR")
    assert_refused(book, ("import", "metrics", str(META), "--project", "spring", "--source", "tiktok"), 2)
    junk = tmp_path / "junk.bin"
    junk.write_bytes(b"\x00\x01\x02\xff" * 50)
    assert_refused(book, ("import", "metrics", str(junk), "--project", "spring"), 2, "expected")


def test_one_bad_row_imports_nothing(book: Cli, tmp_path: Path) -> None:
    f = tmp_path / "half.csv"
    f.write_text(
        'Campaign report\n"March 1, 2026 - March 2, 2026"\nCampaign,Day,Impr.,Clicks,Cost\n'
        "A,2026-03-01,10,1,1.00\nA,2026-03-02,10,1,oops\n"
    )
    assert_refused(book, ("import", "metrics", str(f), "--project", "spring"), 2, "oops")
    assert _count(book) == 0


def test_kpi_targets_and_performance(book: Cli) -> None:
    book.ok("import", "metrics", str(META), "--project", "northwind/spring")
    out = book.ok("kpi", "set", "northwind/spring", "--cpa", "10", "--ctr", "1.5%", "--roas", "4")
    assert out.strip() == "Targets for northwind/spring: CPA $10.00, ROAS 4.00x, CTR 1.50%"
    book.ok("kpi", "set", "spring", "--campaign", "Retargeting", "--cpa", "20", "--conversions", "300")
    book.ok("kpi", "set", "spring", "--cpa", "25")  # replaces
    rows = json.loads(book.ok("kpi", "list", "northwind", "--json"))
    assert [(r["campaign"], r["metric"], r["value"]) for r in rows] == [
        (None, "cpa", 2500),
        (None, "ctr", 150),
        (None, "roas", 4000),
        ("Retargeting", "conversions", 300_000),
        ("Retargeting", "cpa", 2000),
    ]
    perf = _perf(book, "spring", "2026-03-01", "2026-03-03")
    (p,) = perf["projects"]
    checks = {c["metric"]: c for c in p["checks"]}
    assert checks["cpa"]["status"] == "met" and checks["cpa"]["actual"] == 1875  # 75.00 / 4
    assert checks["ctr"]["status"] == "missed"  # 80 clicks / 7,500 impressions = 1.07%
    (camp,) = p["campaigns"]
    cc = {c["metric"]: c for c in camp["checks"]}
    assert cc["cpa"]["status"] == "met"
    assert cc["conversions"]["status"] == "missed"  # 4 vs 300 × 3/30 = 30
    assert camp["daily_spend_cents"] == [0, 5000, 2500]


def test_ctr_check_is_computed_from_sums(book: Cli) -> None:
    book.ok("import", "metrics", str(META), "--project", "northwind/spring")
    book.ok("kpi", "set", "spring", "--ctr", "1.5%")
    perf = _perf(book, "spring", "2026-03-02", "2026-03-03")
    (check,) = perf["projects"][0]["checks"]
    assert check["actual"] == pytest.approx(106.667, abs=0.01)  # 80 clicks / 7,500 impressions, in bp
    assert check["status"] == "missed"


def test_pacing_against_media_budget(book: Cli) -> None:
    book.ok("import", "metrics", str(META), "--project", "northwind/spring")
    con = connect(book.db)
    con.execute("UPDATE project SET media_budget_cents = 300000 WHERE slug = 'spring'")
    con.commit()
    con.close()
    perf = _perf(book, "spring", "2026-03-01", "2026-03-03")
    pace = perf["projects"][0]["pacing"]
    # 3 of 30 days elapsed: $300.00 planned, $75.00 spent.
    assert pace["planned_to_date_cents"] == 30_000 and pace["spent_to_date_cents"] == 7_500
    assert pace["status"] == "under"


def test_kpi_and_performance_refusals(book: Cli) -> None:
    assert_refused(book, ("kpi", "set", "spring", "--cpa", "4.500,00"), 2, "amount")
    assert_refused(book, ("kpi", "set", "spring", "--roas", "four"), 2, "ROAS")
    assert_refused(book, ("kpi", "set", "spring", "--ctr", "150%"), 2, "over 100%")
    assert_refused(book, ("kpi", "set", "spring", "--conversions", "0"), 2, "more than zero")
    assert_refused(book, ("kpi", "set", "spring"), 2, "no target")
    assert_refused(book, ("kpi", "set", "nowhere", "--cpa", "4"), 1, "no project")
    assert_refused(book, ("kpi", "list", "nowhere"), 1, "no account or project")
    assert_refused(book, ("performance", "--week", "--month"), 2, "choose one period")
    assert_refused(book, ("performance", "--from", "2026-03-05", "--to", "2026-03-01"), 2, "before")
    assert_refused(book, ("performance", "--from", "03/04/2026"), 2, "ambiguous")
