"""Metrics importers: each source's real-world quirks, and arbitrary input raising only InputError."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from amtui.core.errors import InputError
from amtui.importers.metrics import SOURCES, detect, read_metrics
from amtui.importers.metrics.common import decode

FIX = Path(__file__).resolve().parents[1] / "fixtures" / "metrics"
SAMPLES = Path(__file__).resolve().parents[3] / "shared" / "samples"


def _by(rows: list, campaign: str) -> list:
    return [r for r in rows if r.campaign == campaign]


def test_google_ads_sample_sums_match_its_total_row() -> None:
    if not SAMPLES.exists():  # pragma: no cover
        return
    g = read_metrics((SAMPLES / "google-ads-campaign-report.csv").read_bytes())
    assert g.source == "google-ads" and g.currency == "USD" and g.skipped_total_rows == 1
    # The footer says Cost "8,067.90", Conversions 227.70, Impr. "91,527", Conv. value "14,926.42".
    assert sum(x.spend_cents for x in g.rows) == 806_790
    assert sum(x.conversions_milli for x in g.rows) == 227_700
    assert sum(x.impressions for x in g.rows) == 91_527
    assert sum(x.revenue_cents for x in g.rows) == 1_492_642
    first = _by(g.rows, "Brand - Exact")[0]
    # Cost 228.50 — not "Cost / conv." 12.54; 18.22 conversions kept exactly.
    assert (first.metric_date, first.spend_cents) == (date(2026, 3, 2), 22_850)
    assert first.conversions_milli == 18_220


def test_google_ads_period_report_is_spread_and_dashes_are_none() -> None:
    r = read_metrics((FIX / "google-period.csv").read_bytes())
    assert r.skipped_total_rows == 2 and r.spread_rows == 2
    brand = _by(r.rows, "Search - Brand")
    assert [x.metric_date for x in brand] == [date(2026, 3, d) for d in (1, 2, 3, 4)]
    assert sum(x.impressions for x in brand) == 1204  # quoted "1,204"
    assert sum(x.spend_cents for x in brand) == 10_100 and sum(x.conversions_milli for x in brand) == 3_500
    assert max(x.spend_cents for x in brand) - min(x.spend_cents for x in brand) <= 1  # not on day one
    assert all(x.span_days == 4 for x in brand)
    generic = _by(r.rows, "Search - Generic")
    assert sum(x.impressions + x.clicks + x.spend_cents for x in generic) == 0  # "--" is none


def test_google_ads_utf16_tab_separated_for_excel() -> None:
    text = (
        "Campaign report\n2026-03-02 - 2026-03-03\n"
        "Campaign\tDay\tCurrency code\tImpr.\tClicks\tCost\tConversions\tCost / conv.\n"
        "Brand\t2026-03-02\tUSD\t1,204\t10\t12.34\t1.50\t8.23\n"
        "Total: Account\t--\tUSD\t1,204\t10\t12.34\t1.50\t8.23\n"
    )
    r = read_metrics(text.encode("utf-16"))
    assert r.source == "google-ads"
    (row,) = r.rows
    assert (row.impressions, row.spend_cents, row.conversions_milli) == (1204, 1234, 1500)


def test_meta_period_rows_are_spread_bom_and_currency_suffix() -> None:
    r = read_metrics((FIX / "meta-period-eur.csv").read_bytes())
    assert r.source == "meta" and r.currency == "EUR"
    assert r.skipped_total_rows == 1  # the summary row without a campaign name
    pro = _by(r.rows, "Autumn - Prospecting")
    assert len(pro) == 10
    assert (pro[0].metric_date, pro[-1].metric_date) == (date(2026, 3, 1), date(2026, 3, 10))
    assert sum(x.spend_cents for x in pro) == 100_001  # "Amount spent (EUR)", not "Cost per result"
    assert sum(x.conversions_milli for x in pro) == 21_000
    assert sum(x.revenue_cents for x in pro) == 250_003
    assert pro[0].spend_cents in (10_000, 10_001)


def test_meta_daily_rows_with_cost_per_results_and_empty_cells() -> None:
    r = read_metrics((FIX / "meta-daily-results.csv").read_bytes())
    assert r.currency == "USD" and r.spread_rows == 0
    assert [(x.metric_date.day, x.spend_cents, x.conversions_milli, x.clicks) for x in r.rows] == [
        (2, 5000, 4000, 80),
        (3, 2500, 0, 0),
    ]


def test_meta_sample() -> None:
    if not SAMPLES.exists():  # pragma: no cover
        return
    r = read_metrics((SAMPLES / "meta-ads-daily.csv").read_bytes())
    assert r.source == "meta" and r.currency == "USD"
    assert len(r.rows) == 28 and {x.span_days for x in r.rows} == {1}
    first = r.rows[0]
    assert (first.spend_cents, first.clicks, first.revenue_cents) == (43_603, 603, 333_908)


def test_ga4_comments_several_tables_yyyymmdd_and_key_events() -> None:
    r = read_metrics((FIX / "ga4-traffic.csv").read_bytes())
    assert r.source == "ga4" and r.currency is None
    assert [(x.campaign, x.metric_date, x.conversions_milli, x.revenue_cents) for x in r.rows] == [
        ("Spring Launch - Prospecting", date(2026, 3, 2), 7_500, 105_025),
        ("Spring Launch - Prospecting", date(2026, 3, 3), 3_000, 30_000),
    ]
    assert r.skipped_total_rows == 2  # (organic), (direct)


def test_ga4_conversions_without_date_column_spreads_over_header_dates() -> None:
    r = read_metrics((FIX / "ga4-conversions.csv").read_bytes())
    assert [x.metric_date.day for x in r.rows] == [1, 2]
    assert sum(x.conversions_milli for x in r.rows) == 11_000


def test_microsoft_ads_preamble_us_dates_and_footer() -> None:
    r = read_metrics((FIX / "microsoft-ads.csv").read_bytes())
    assert r.source == "microsoft-ads" and r.currency == "USD"
    assert [(x.metric_date, x.spend_cents, x.impressions, x.conversions_milli) for x in r.rows] == [
        (date(2026, 3, 2), 7525, 1000, 2500),
        (date(2026, 3, 3), 6000, 800, 1000),
    ]
    assert r.skipped_total_rows == 2  # "Total" and the copyright line


@pytest.mark.parametrize(
    ("name", "source"),
    [
        ("meta-period-eur.csv", "meta"),
        ("google-period.csv", "google-ads"),
        ("ga4-traffic.csv", "ga4"),
        ("microsoft-ads.csv", "microsoft-ads"),
    ],
)
def test_detector(name: str, source: str) -> None:
    assert detect(decode((FIX / name).read_bytes())) == source


@pytest.mark.parametrize(
    ("data", "fragment"),
    [
        (b"", "empty"),
        (b"hello,world\n1,2\n", "cannot tell which platform"),
        (b"\xff\xd8\xff\xe0JFIF\x00\x00", "utf-8 or utf-16"),
        (b"Campaign,Day,Cost,Clicks\nBrand,2026-03-02,abc,1\n", "expected a number for Cost"),
        (b"Campaign,Day,Cost,Clicks\nBrand,03/02/2026,1.00,1\n", "expected a date"),
        (b"Campaign,Day,Cost,Clicks\nBrand,2026-03-02\n", "expected 4 columns"),
        (b"Campaign,Day,Cost,Clicks\nBrand,2026-03-02,-5,1\n", "negative"),
        (b"Campaign,Day,Cost,Clicks\nBrand,2026-03-02,1.00,1.5\n", "whole number"),
        (b"Campaign,Day,Cost,Clicks\nTotal: Account,--,1,1\n", "no campaign rows"),
        (b"Campaign name,Amount spent (USD),Impressions\nX,1,2\n", "without dates"),
        (b"Campaign,Cost,Clicks\nX,1,2\n", "date range"),
    ],
)
def test_malformed_files_say_what_was_expected(data: bytes, fragment: str) -> None:
    with pytest.raises(InputError) as exc:
        read_metrics(data)
    assert fragment.lower() in str(exc.value).lower()


def test_forced_source_that_does_not_fit() -> None:
    with pytest.raises(InputError, match="not a Meta Ads Manager export"):
        read_metrics((FIX / "google-period.csv").read_bytes(), "meta")
    with pytest.raises(InputError, match="unknown source"):
        read_metrics(b"x", "tiktok")


_CELLS = st.sampled_from(
    ["Campaign", "Day", "Cost", "Impr.", "Clicks", "Amount spent (USD)", "Reporting starts", "Reporting ends",
     "Campaign name", "# Start date: 20260301", "Session campaign", "Date", "Key events", "Spend",
     "Gregorian date", "2026-03-02", "20260302", "1,204", "--", "6.00%", '"', "Total: Account", "\t", "",
     "12.5", "-3", "99999999999999999", "March 2, 2026 - March 1, 2026", "\ufeff", "(direct)"]
)  # fmt: skip


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.lists(_CELLS, max_size=8).map(",".join), max_size=8).map("\n".join), st.sampled_from(
    ("auto", *SOURCES)))  # fmt: skip
def test_csv_like_text_raises_only_input_error(text: str, source: str) -> None:
    try:
        read_metrics(text.encode("utf-8"), source)
    except InputError:
        pass


@settings(max_examples=150, deadline=None)
@given(st.binary(max_size=400), st.sampled_from(("auto", *SOURCES)))
def test_arbitrary_bytes_raise_only_input_error(data: bytes, source: str) -> None:
    try:
        read_metrics(data, source)
    except InputError:
        pass


@settings(max_examples=150, deadline=None)
@given(st.text(max_size=300), st.sampled_from(("auto", *SOURCES)))
def test_arbitrary_text_raises_only_input_error(text: str, source: str) -> None:
    for enc in ("utf-8", "utf-16"):
        try:
            read_metrics(text.encode(enc, errors="surrogatepass"), source)
        except InputError:
            pass
