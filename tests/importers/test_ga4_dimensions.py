"""GA4 exports as GA4 writes them: the '#' preamble, any primary dimension, several tables in one file, and
a refusal that names the header rows found and the columns needed."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from amtui.core.errors import InputError
from amtui.importers.metrics import read_metrics
from tests.conftest import Cli, assert_refused

FIX = Path(__file__).resolve().parents[1] / "fixtures" / "metrics"
PREAMBLE = "# ----\n# Traffic acquisition\n# Property: Web\n# ----\n#\n"
PREAMBLE += "# Start date: 20260302\n# End date: 20260303\n"


def test_traffic_acquisition_by_default_channel_group() -> None:
    """The shared sample: 'Session primary channel group (Default Channel Group)' after a '#' preamble."""
    r = read_metrics((FIX / "ga4-traffic-by-channel.csv").read_bytes())
    assert r.source == "ga4"
    assert sorted({x.campaign for x in r.rows}) == [
        "Direct",
        "Email",
        "Organic Search",
        "Paid Search",
        "Paid Social",
    ]
    first = next(x for x in r.rows if x.campaign == "Paid Search" and x.metric_date == date(2026, 3, 2))
    assert (first.conversions_milli, first.revenue_cents) == (28_000, 212_244)
    assert len(r.rows) == 35  # 5 channels × 7 days


def test_source_medium_reads_the_dated_table_only_once() -> None:
    """Three tables: a summary without a dimension, the dated one, and an undated repeat. The first usable
    table is read; the repeat is ignored (adding it would count the same sessions twice)."""
    r = read_metrics((FIX / "ga4-source-medium.csv").read_bytes())
    assert [(x.campaign, x.metric_date.day, x.conversions_milli) for x in r.rows] == [
        ("facebook / paid", 2, 7_500),
        ("google / cpc", 2, 12_000),
        ("google / cpc", 3, 3_000),
    ]
    assert r.skipped_total_rows == 1  # (direct) / (none)


@pytest.mark.parametrize(
    "dimension",
    [
        "First user primary channel group (Default Channel Group)",
        "Session default channel group",
        "Session medium",
    ],
)
def test_user_acquisition_and_other_dimensions(dimension: str) -> None:
    text = PREAMBLE + f"{dimension},Date,Users,Key events\nPaid Search,20260302,10,4\nEmail,20260303,5,1\n"
    r = read_metrics(text.encode())
    assert [(x.campaign, x.conversions_milli) for x in r.rows] == [("Email", 1_000), ("Paid Search", 4_000)]


def test_a_campaign_table_wins_over_a_channel_table() -> None:
    text = (
        PREAMBLE
        + "Session default channel group,Date,Key events\nPaid Search,20260302,9\n\n"
        + "Session campaign,Date,Key events\nSpring,20260302,4\n"
    )
    assert [x.campaign for x in read_metrics(text.encode()).rows] == ["Spring"]


def test_the_refusal_names_the_header_rows_found_and_the_columns_needed() -> None:
    text = PREAMBLE + "Nth day,Active users\n0000,120\n\nSession campaign,Date,Users\nSpring,20260302,4\n"
    with pytest.raises(InputError) as e:
        read_metrics(text.encode())
    msg = str(e.value)
    assert "expected a table with a primary dimension" in msg and "Key events" in msg
    assert "line 8: 'Nth day', 'Active users'" in msg
    assert "line 11: 'Session campaign', 'Date', 'Users'" in msg
    assert "# ----" not in msg  # the preamble is not mistaken for a header
    with pytest.raises(InputError, match="no header row, only '# ----' and comments"):
        read_metrics(PREAMBLE.encode())


def test_import_by_channel_through_the_cli_and_refusal(demo_cli: Cli, tmp_path: Path) -> None:
    msg = demo_cli.ok(
        "import", "metrics", str(FIX / "ga4-traffic-by-channel.csv"), "--project", "northwind/spring-launch"
    )
    assert "5 campaign(s)" in msg
    bad = tmp_path / "ga4.csv"
    bad.write_text(PREAMBLE + "Nth day,Active users\n0000,120\n")
    assert_refused(
        demo_cli,
        ("import", "metrics", str(bad), "--project", "northwind/spring-launch"),
        2,
        "found line 8: 'Nth day', 'Active users'",
    )
