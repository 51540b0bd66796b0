"""The client HTML report rendered by a real browser (Debian's Chromium, headless): its headings and
charts reach the DOM, and the screenshot is not blank. ``.ci/run`` installs chromium; in CI (``CI=true``)
the test never skips, elsewhere it skips with the reason when chromium is absent."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.cli.test_report_audience import WEEK
from tests.cli.test_report_documents import EMOJI
from tests.conftest import Cli

FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
)


def _chromium() -> str:
    found = shutil.which("chromium") or shutil.which("chromium-browser")
    if found is None:
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail("chromium is not installed; .ci/run installs it with apt-get")
        pytest.skip("chromium is not installed (apt-get install chromium)")
    return found


def _run(browser: str, tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    profile = tmp_path / "profile"
    return subprocess.run(
        [browser, *FLAGS, f"--user-data-dir={profile}", *args],
        capture_output=True,
        text=True,
        timeout=90,
        check=False,
    )


def test_client_html_renders_with_its_charts_in_headless_chromium(demo_cli: Cli, tmp_path: Path) -> None:
    from PIL import Image

    browser = _chromium()
    page = tmp_path / "northwind.html"
    demo_cli.ok("report", "status", "northwind", *WEEK, "--out", str(page))
    url = page.resolve().as_uri()

    dom = _run(browser, tmp_path, "--dump-dom", url)
    assert dom.returncode == 0, dom.stderr[-2000:]
    for heading in ("Headline", "Results against KPIs", "Budget", "Timeline", "Next steps"):
        assert f"<h2>{heading}</h2>" in dom.stdout, heading
    # Four pygal charts (spend against the plan, conversions, KPI attainment, budget progress), each with
    # its series plotted: a line's path or a bar's rect inside a "series" group.
    charts = re.findall(r'<svg[^>]*class="pygal-chart".*?</svg>', dom.stdout, re.S)
    assert len(charts) == dom.stdout.count("<svg") == 4
    for chart in charts:
        plotted = re.findall(r'<g class="series serie-\d+ color-\d+">(.*?)</g>', chart, re.S)
        assert plotted and any('class="line' in g or 'class="rect' in g for g in plotted), chart[:300]
    assert "Internal notes" not in dom.stdout
    # Nothing to load and nothing to run: no script, no src/href/url() to go missing.
    html = page.read_text()
    assert "<script" not in dom.stdout.lower() and "<script" not in html.lower()
    assert not re.search(r"\b(?:src|href)=|url\(", html)
    # No emoji (headless Chromium has no emoji font: a ✅ is an empty box): the statuses are text badges.
    assert not EMOJI.search(dom.stdout), EMOJI.findall(dom.stdout)
    assert '<span class="badge met">Met</span>' in dom.stdout

    shot = tmp_path / "northwind.png"
    ran = _run(browser, tmp_path, f"--screenshot={shot}", "--window-size=1000,1600", url)
    assert ran.returncode == 0 and shot.exists(), ran.stderr[-2000:]
    with Image.open(shot) as img:
        assert img.size == (1000, 1600)
        grey = img.convert("L")
        dark = sum(grey.histogram()[:160])  # text, bars and lines; a blank page has none
        colours = img.convert("RGB").getcolors(maxcolors=1 << 16) or []
    assert dark > 5_000, dark
    # The charts' blue bars and lines (pygal, 90% opaque on white) are on the page (none without SVG).
    assert any(abs(r - 0x2F) < 24 and abs(g - 0x6D) < 24 and abs(b - 0xB5) < 24 for _, (r, g, b) in colours)
