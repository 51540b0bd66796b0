"""``report status|qbr --format html`` and ``report qbr --format pptx``: one self-contained file with its
charts, the same audience rule as the Markdown, every piece of text escaped; the deck read back."""

from __future__ import annotations

import json
import re
from decimal import Decimal
from pathlib import Path

import pytest

from tests.cli.test_report_audience import WEEK, _internal_items
from tests.conftest import Cli, assert_refused, dump_data

ACCOUNTS = ("helios", "northwind", "quokka", "bramble")


def _html(cli: Cli, tmp_path: Path, *args: str) -> str:
    out = tmp_path / f"r{len(list(tmp_path.iterdir()))}.html"
    cli.ok("report", *args, "--out", str(out))
    return out.read_text()


def _self_contained(html: str) -> None:
    assert html.startswith("<!DOCTYPE html>")
    assert "<script" not in html.lower()
    # Nothing loaded from anywhere: the only URLs are the SVG and XLink namespaces (names, never fetched).
    urls = set(re.findall(r"(?:https?:)?//[\w.-]+[^\s\"'<>]*", html))
    assert urls <= {"http://www.w3.org/2000/svg", "http://www.w3.org/1999/xlink"}, urls
    assert not re.search(r"\b(?:src|href)=", html)
    assert "@media print" in html


def test_client_html_leaves_out_every_internal_item_and_has_its_charts(demo_cli: Cli, tmp_path: Path) -> None:
    demo_cli.ok("account", "edit", "northwind", "--notes", "Dana unhappy: thinks we oversold the summer plan")
    checked = 0
    for account in ACCOUNTS:
        items = _internal_items(demo_cli, account)
        if account == "northwind":
            items.append("Dana unhappy")
        internal = _html(demo_cli, tmp_path, "status", account, *WEEK, "--for", "internal")
        client = _html(demo_cli, tmp_path, "status", account, *WEEK)  # client: the default for a document
        for html in (internal, client):
            _self_contained(html)
        for item in items:
            assert item.replace("&", "&amp;") in internal, (account, item)
            assert item.replace("&", "&amp;") not in client, (account, item)
            checked += 1
        assert "Internal version" in internal and "Internal version" not in client
        for heading in ("Open risks (internal)", "Pipeline (internal)", "Internal notes"):
            assert heading in internal and heading not in client
        assert "budget burned" not in client  # the burn series is the agency's
    assert checked >= 15
    northwind = _html(demo_cli, tmp_path, "status", "northwind", *WEEK)
    for title in (
        "Media spend by day against the media plan",
        "Conversions by day",
        "KPI attainment",
        "Budget: progress",
    ):
        assert f"<title>{title}" in northwind, title
    assert northwind.count('class="pygal-chart"') == northwind.count("<svg") == 4
    # Drawn by pygal, and the same bytes each time (stable chart ids, no generation date).
    assert northwind == _html(demo_cli, tmp_path, "status", "northwind", *WEEK)


EMOJI = re.compile("[\U0001f000-\U0001faff\u2600-\u27bf\u2b00-\u2bff\ufe0f]")


def test_kpi_status_is_a_text_badge_never_an_emoji(demo_cli: Cli, tmp_path: Path) -> None:
    md = demo_cli.ok("report", "status", "helios", *WEEK)
    assert "❌ missed" in md  # the Markdown keeps its marks
    html = _html(demo_cli, tmp_path, "status", "helios", *WEEK)
    assert "| CPA | $52.00 | $45.00 |" not in html
    assert "<td>$45.00</td>" in html or "$45.00</td>" in html
    assert '<span class="badge missed">Missed</span>' in html and ".badge.missed" in html
    assert '<span class="badge met">Met</span>' in _html(demo_cli, tmp_path, "status", "northwind", *WEEK)
    assert not EMOJI.search(html), EMOJI.findall(html)


def test_client_qbr_html_leaves_out_risks_pipeline_health(demo_cli: Cli, tmp_path: Path) -> None:
    internal = _html(demo_cli, tmp_path, "qbr", "quokka", "--quarter", "2026Q4", "--for", "internal")
    client = _html(demo_cli, tmp_path, "qbr", "quokka", "--quarter", "2026Q4")
    _self_contained(client)
    body = client.split("<body>", 1)[1]  # the style sheet says "margin" too
    for item in ("New CMO is reviewing agencies", "EMEA market launch", "Health trend", "margin"):
        assert item in internal.split("<body>", 1)[1], item
        assert item not in body, item
    assert "<title>Media spend by month" in client and "<svg" in client


def test_text_is_escaped(demo_cli: Cli, tmp_path: Path) -> None:
    demo_cli.ok("account", "edit", "northwind", "--notes", "<script>alert('x')</script> & <b>bold</b>")
    html = _html(demo_cli, tmp_path, "status", "northwind", *WEEK, "--for", "internal")
    assert "<script>" not in html and "<b>bold" not in html
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt; &amp; &lt;b&gt;bold&lt;/b&gt;" in html


def test_format_follows_the_out_suffix_and_html_goes_to_stdout(demo_cli: Cli, tmp_path: Path) -> None:
    out = tmp_path / "deck.pptx"
    msg = demo_cli.ok("report", "qbr", "helios", "--out", str(out))
    assert msg.strip() == f"Wrote the client version of the helios QBR 2026Q4 to {out}"
    assert out.read_bytes()[:2] == b"PK"
    assert (out.stat().st_mode & 0o777) == 0o600
    shown = demo_cli.ok("report", "status", "helios", *WEEK, "--format", "html")
    assert shown.startswith("<!DOCTYPE html>") and "Internal version" in shown  # on screen: internal


def test_an_account_without_data_is_a_short_valid_html_and_deck(demo_cli: Cli, tmp_path: Path) -> None:
    from pptx import Presentation

    demo_cli.ok("account", "add", "Empty Co", "--slug", "empty")
    html = _html(demo_cli, tmp_path, "status", "empty")
    _self_contained(html)
    assert "No campaign results imported for this account." in html and "<svg" not in html
    deck = tmp_path / "empty.pptx"
    demo_cli.ok("report", "qbr", "empty", "--out", str(deck))
    assert len(Presentation(str(deck)).slides) >= 10


def _deck_text(path: Path) -> tuple[list[str], str, str]:
    from pptx import Presentation

    prs = Presentation(str(path))
    titles, texts, notes = [], [], []
    for slide in prs.slides:
        titles.append(slide.shapes.title.text if slide.shapes.title is not None else "")
        for shape in slide.shapes:
            if shape.has_text_frame:
                texts.append(shape.text_frame.text)
            if shape.has_table:
                texts.extend(c.text for row in shape.table.rows for c in row.cells)
            if shape.has_chart:
                texts.extend(s.name for s in shape.chart.plots[0].series)
        notes.append(slide.notes_slide.notes_text_frame.text)
    return titles, "\n".join(texts), "\n".join(notes)


def test_qbr_deck_has_its_slides_charts_and_notes_and_keeps_to_its_audience(
    demo_cli: Cli, tmp_path: Path
) -> None:
    from pptx import Presentation

    client, internal = tmp_path / "client.pptx", tmp_path / "internal.pptx"
    demo_cli.ok("report", "qbr", "quokka", "--quarter", "2026Q4", "--out", str(client))
    demo_cli.ok("report", "qbr", "quokka", "--quarter", "2026Q4", "--for", "internal", "--out", str(internal))
    titles, text, notes = _deck_text(client)
    assert titles[0] == "Quokka Cloud — quarterly business review 2026Q4"
    for title in ("Summary", "Results by month", "Results against KPI targets", "Delivered",
                  "Change orders approved", "Billing and payments", "Budget: progress against the schedule",
                  "Wins", "Open items", "Next quarter"):  # fmt: skip
        assert title in titles, title
    charts = [s for s in Presentation(str(client)).slides for sh in s.shapes if sh.has_chart]
    assert charts, "native charts"
    assert "Media spend (USD)" in text
    months = json.loads(demo_cli.ok("report", "qbr", "quokka", "--quarter", "2026Q4", "--format", "json"))[
        "months"
    ]
    spend = next(
        sh.chart.plots[0].series[0]
        for s in Presentation(str(client)).slides
        for sh in s.shapes
        if sh.has_chart and sh.chart.plots[0].series[0].name == "Media spend (USD)"
    )
    assert [Decimal(str(v)) for v in spend.values] == [Decimal(m["spend_cents"]) / 100 for m in months]
    assert "Invoiced in the quarter" in notes  # speaker notes carry the figures
    i_titles, i_text, i_notes = _deck_text(internal)
    assert "Health trend (internal)" in i_titles and "Health trend (internal)" not in titles
    assert "Internal version" in i_text and "Internal version" not in text
    for item in ("New CMO is reviewing agencies", "EMEA market launch", "margin"):
        assert item in i_text + i_notes, item
        assert item not in text + notes, item


@pytest.mark.parametrize(
    ("args", "code", "fragment"),
    [
        (("report", "status", "helios", "--format", "pptx"), 2, "format"),
        (("report", "qbr", "helios", "--format", "pptx"), 2, "--out deck.pptx"),
        (("report", "qbr", "helios", "--format", "svg"), 2, "format"),
        (("report", "qbr", "nobody", "--format", "html"), 1, "no account"),
    ],
)
def test_refusals(demo_cli: Cli, args: tuple[str, ...], code: int, fragment: str) -> None:
    assert_refused(demo_cli, args, code, fragment)


def test_an_existing_deck_is_kept_without_force(demo_cli: Cli, tmp_path: Path) -> None:
    deck = tmp_path / "deck.pptx"
    deck.write_bytes(b"mine")
    before = dump_data(demo_cli.db)
    assert_refused(demo_cli, ("report", "qbr", "helios", "--out", str(deck)), 2, "--force")
    assert deck.read_bytes() == b"mine" and dump_data(demo_cli.db) == before
    demo_cli.ok("report", "qbr", "helios", "--out", str(deck), "--force")
    assert deck.read_bytes()[:2] == b"PK"


def test_the_deck_charts_the_media_plan_as_the_html_does(demo_cli: Cli, tmp_path: Path) -> None:
    """The deck's charts come from the same chart data as the HTML page and the TUI: helios has a media plan,
    so its QBR deck charts the plan by month beside the spend, and the plan adds up to the report's."""
    from pptx import Presentation

    deck = tmp_path / "helios.pptx"
    demo_cli.ok("report", "qbr", "helios", "--quarter", "2026Q4", "--out", str(deck))
    status = json.loads(demo_cli.ok("report", "qbr", "helios", "--quarter", "2026Q4", "--format", "json"))[
        "status"
    ]
    plans = [
        series
        for slide in Presentation(str(deck)).slides
        for shape in slide.shapes
        if shape.has_chart
        for series in shape.chart.plots[0].series
        if series.name == "Media plan (USD)"
    ]
    assert len(plans) == 1
    assert sum(Decimal(str(v)) for v in plans[0].values) == Decimal(sum(status["daily_plan_cents"])) / 100
    assert sum(status["daily_plan_cents"]) > 0
