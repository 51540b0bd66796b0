"""Which platform wrote a file, from its first lines. Order matters: the most specific signs first."""

from __future__ import annotations

from collections.abc import Callable

from amtui.core.errors import InputError
from amtui.importers.metrics import ga4, google_ads, meta, microsoft_ads
from amtui.importers.metrics.common import ParsedReport, first_line

SOURCES = ("meta", "google-ads", "ga4", "microsoft-ads")
PARSERS: dict[str, Callable[[str], ParsedReport]] = {
    "meta": meta.parse,
    "google-ads": google_ads.parse,
    "ga4": ga4.parse,
    "microsoft-ads": microsoft_ads.parse,
}
_CHECKS: tuple[tuple[str, Callable[[str], bool]], ...] = (
    ("ga4", ga4.looks_like),
    ("meta", meta.looks_like),
    ("microsoft-ads", microsoft_ads.looks_like),
    ("google-ads", google_ads.looks_like),
)


def detect(text: str) -> str:
    for name, check in _CHECKS:
        if check(text):
            return name
    raise InputError(
        "cannot tell which platform exported this file: expected a Meta Ads Manager, Google Ads, GA4 or "
        f"Microsoft Ads report, found {first_line(text)!r} (use --source to say which)"
    )
