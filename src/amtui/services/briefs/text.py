"""What the checks read in a brief's prose: items, numbers, metrics, dates, specs, amounts.

Kept apart from the rules so each rule in :mod:`amtui.services.briefs.checks` reads as one sentence.
"""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal

_LIST_ITEM = re.compile(r"^\s*(?:[-*+]|\d{1,3}[.)])\s+(.*)$")
_SUBHEAD = re.compile(r"^\s*#{3,6}\s")
_NON_GOALS = re.compile(r"^\s*(?:#{3,6}\s*)?[*_]*\s*non[- ]?goals?\b", re.I)
_EMPHASIS = re.compile(r"[*_`]+")

MONTHS = {
    m: i + 1
    for i, names in enumerate(
        [
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ]
    )
    for m in names
}
_MONTH_RE = "|".join(sorted(MONTHS, key=len, reverse=True))
_ISO_DATE = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")
_DAY_MONTH_YEAR = re.compile(rf"\b(\d{{1,2}})(?:st|nd|rd|th)?\s+({_MONTH_RE})\.?,?\s+(\d{{4}})\b", re.I)
_MONTH_DAY_YEAR = re.compile(rf"\b({_MONTH_RE})\.?\s+(\d{{1,2}})(?:st|nd|rd|th)?,?\s+(\d{{4}})\b", re.I)

# Anything that fixes *when*: dates, months, quarters, years, durations, "by end of", seasons.
_WHEN = re.compile(
    rf"\b\d{{4}}-\d{{2}}(?:-\d{{2}})?\b|\b(?:{_MONTH_RE.replace('|may', '')})\b|\bmay\s+\d|\d\s+may\b"
    r"|\b[qh][1-4]\b|\b(?:19|20)\d{2}\b|\bby (?:the )?end of\b|\bwithin \w+ (?:days?|weeks?|months?)\b"
    r"|\b\d+\s*(?:days?|weeks?|months?|years?)\b|\b(?:per|a|each|every) (?:day|week|month|quarter|year)\b"
    r"|\b(?:weekly|monthly|quarterly|yearly|annually|yoy)\b|\byear[- ]on[- ]year\b|\bvs\.? last year\b"
    r"|\b(?:spring|summer|autumn|fall|winter|holiday season|back[- ]to[- ]school|black friday)\b"
    r"|\b(?:during|over|by the end of) the (?:campaign|flight|launch|season)\b",
    re.I,
)
_NUMBER_WORDS = re.compile(r"\b(?:double|triple|halve|half|twice|thrice)\b", re.I)
_METRIC = re.compile(
    r"\b(?:sales|revenue|conversions?|conversion rate|leads?|sign[- ]?ups?|subscribers?|subscriptions?"
    r"|downloads?|installs?|visits?|visitors?|traffic|sessions?|clicks?|ctr|cpa|cpc|cpm|cpl|cpv|roas|roi"
    r"|reach|frequency|impressions?|views?|completion rate|vcr|share of voice|sov|market share|share"
    r"|awareness|consideration|recall|brand lift|purchase intent|intent|nps|engagement rate|engagement"
    r"|followers?|orders?|basket|aov|footfall|store visits?|retention|churn|trials?|demos?|bookings?"
    r"|units?|applications?|accounts opened|customers?|users?|transactions?|mqls?|sqls?|pipeline"
    r"|grps?|trps?)\b",
    re.I,
)
_SIZE = re.compile(
    r"\b\d+\s*[x×]\s*\d+\b|\b\d+\s*(?:px|mm|cm|in|inch|inches|pt)\b|\b\d{1,2}:\d{1,2}\b"
    r"|\b(?:mpu|leaderboard|skyscraper|half[- ]page|a[0-6])\b",
    re.I,
)
_FORMAT = re.compile(
    r"\b(?:mp4|mov|jpe?g|png|gif|pdf|html5?|svg|psd|ai|eps|aep|wav|mp3|webm|prores|docx?|pptx?)\b", re.I
)
_LENGTH = re.compile(
    r"\b\d+\s*(?:s|sec|secs|seconds?|mins?|minutes?|words?|characters?|chars?|pages?|frames?)\b|(?<!\d):\d{2}\b",
    re.I,
)
_QUANTITY = re.compile(
    r"\b\d+\s*[x×](?!\s*\d)|[x×]\s*\d+\b|^\s*\d+\s+\w|\(\d+\)"
    r"|\b(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|dozen)\b",
    re.I,
)
_EXECUTION = re.compile(
    r"\b(?:video|film|spot|banner|billboard|poster|jingle|hashtag|tagline|headline|reel|carousel|gif"
    r"|animation|mascot|influencers?|celebrity|tv ad|radio ad|print ad|tiktok dance|stunt)s?\b",
    re.I,
)
_DIRECTION = re.compile(
    r"\b(?:featuring|showing|shot of|scenes?|close[- ]up|opens (?:on|with)|ends (?:on|with)|in which"
    r"|must say|voice[- ]?over|vo:|script:|copy:|headline:|with the (?:headline|line|tagline))\b"
    r"|[\"“][^\"”]{12,}[\"”]",
    re.I,
)
_AMOUNT = re.compile(
    r"(?:(?P<sym>[$€£¥])|\b(?P<code>USD|EUR|GBP|CAD|AUD|JPY)\s?)\s?(?P<num>\d[\d,]*(?:\.\d{1,2})?)"
    r"(?:\s?(?P<mult>[kKmM])\b)?"
    r"|\b(?P<num2>\d[\d,]*(?:\.\d{1,2})?)\s?(?P<code2>USD|EUR|GBP|CAD|AUD|JPY)\b"
)
_ABBREV = re.compile(r"\b(?:e\.g|i\.e|etc|vs|mr|mrs|ms|dr|st|inc|ltd|no|approx|u\.s|u\.k)\.", re.I)
_SENTENCE_END = re.compile(r"[.!?]+[\"”’)\]]*(?=\s+\S)")
_PLACEHOLDER = re.compile(r"\b(?:TBD|TBC|TODO|XXX|lorem ipsum)\b|\?\?\?", re.I)


def plain(text: str) -> str:
    return " ".join(_EMPHASIS.sub("", text).split())


def items(body: str, *, stop_at_non_goals: bool = False) -> list[str]:
    """The list items of a section (with continuation lines), or its non-empty lines when it has no list.

    Sub-headings and label lines ending with ':' are not items. With ``stop_at_non_goals`` the items end at a
    'Non-goals' line, so what the work will *not* do is not held to the objective rules.
    """
    listed: list[str] = []
    lines: list[str] = []
    in_item = False
    for line in body.split("\n"):
        if stop_at_non_goals and _NON_GOALS.match(line):
            break
        if _SUBHEAD.match(line) or not line.strip():
            in_item = False
            continue
        m = _LIST_ITEM.match(line)
        if m:
            listed.append(m.group(1).strip())
            in_item = True
            continue
        if in_item and line.startswith((" ", "\t")):
            listed[-1] += " " + line.strip()
            continue
        in_item = False
        if not line.rstrip().endswith(":"):
            lines.append(line.strip())
    return [plain(i) for i in (listed or lines) if plain(i)]


def strip_when(text: str) -> str:
    return _WHEN.sub(" ", text)


def has_number(text: str) -> bool:
    """A figure that is not part of a date: 15%, 3,000, $48, 2x, 'double'."""
    return bool(re.search(r"\d", strip_when(text)) or _NUMBER_WORDS.search(text))


def has_metric(text: str) -> bool:
    return bool(_METRIC.search(text))


def has_when(text: str) -> bool:
    return bool(_WHEN.search(text))


def spec_kinds(text: str) -> list[str]:
    kinds = []
    for kind, rx in (("size", _SIZE), ("format", _FORMAT), ("length", _LENGTH), ("quantity", _QUANTITY)):
        if rx.search(text):
            kinds.append(kind)
    return kinds


def execution_words(text: str) -> list[str]:
    return sorted({m.group(0).lower() for m in _EXECUTION.finditer(text)})


def directions(text: str) -> list[str]:
    return [m.group(0) for m in _DIRECTION.finditer(text)]


def amounts(text: str) -> list[int]:
    """Money amounts written in the text, as cents ('$72,000', 'USD 72000', '$72k')."""
    found = []
    for m in _AMOUNT.finditer(text):
        num = m.group("num") or m.group("num2")
        value = Decimal(num.replace(",", ""))
        mult = (m.group("mult") or "").lower()
        value *= {"k": 1000, "m": 1_000_000}.get(mult, 1)
        found.append(int(value * 100))
    return found


def dates(text: str) -> list[date]:
    """Calendar dates written in the text: ISO, '12 June 2027', 'June 12, 2027'."""
    found: list[date] = []
    for m in _ISO_DATE.finditer(text):
        _add(found, int(m.group(1)), int(m.group(2)), int(m.group(3)))
    for m in _DAY_MONTH_YEAR.finditer(text):
        _add(found, int(m.group(3)), MONTHS[m.group(2).lower()], int(m.group(1)))
    for m in _MONTH_DAY_YEAR.finditer(text):
        _add(found, int(m.group(3)), MONTHS[m.group(1).lower()], int(m.group(2)))
    return found


def _add(found: list[date], y: int, m: int, d: int) -> None:
    try:
        found.append(date(y, m, d))
    except ValueError:
        pass


def first_paragraph(body: str) -> str:
    """The text before the first blank line, list, sub-heading or 'Proof'/'Tone' label."""
    out: list[str] = []
    for line in body.split("\n"):
        stripped = plain(line).lower()
        if not line.strip() or _LIST_ITEM.match(line) or _SUBHEAD.match(line):
            if out:
                break
            continue
        if out and stripped.startswith(("proof", "tone")):
            break
        out.append(line.strip())
    return plain(" ".join(out))


def sentences(text: str) -> list[str]:
    protected = _ABBREV.sub(lambda m: m.group(0).replace(".", "\x00"), text)
    parts = _SENTENCE_END.split(protected)
    return [p.replace("\x00", ".").strip() for p in parts if p.strip()]


def placeholders(text: str) -> list[str]:
    return sorted({m.group(0) for m in _PLACEHOLDER.finditer(text)})
