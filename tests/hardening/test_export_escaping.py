"""Client documents escape single-line fields: a name or title holding a line break, Markdown, HTML or a
terminal escape (typed where the policy allows it, or from an older book) never becomes a heading, a list, a
link, raw HTML or a control code in the status report, the QBR, the change order, the statement of work
(Markdown and HTML), a new brief or the calendar. One function per format: ``md_text``, ``html_text``."""

from __future__ import annotations

import re
import sqlite3
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from amtui.core.inputs import html_text, md_text
from tests.conftest import Cli
from tests.hardening.hostile import record

HOSTILE = (
    "\n# Owned <img src=x onerror=alert(1)> *bold* [link](http://evil) | pipe \x1b]0;pwned\x07\r\n- item"
)
#: Every single-line field an account's documents show, as an older book (before the input policy) held it.
FIELDS = [
    ("account", "name"),
    ("project", "name"),
    ("change_order", "title"),
    ("milestone", "name"),
    ("contact", "name"),
    ("estimate", "title"),
    ("estimate_line", "label"),
    ("follow_up", "title"),
]


@pytest.fixture
def hostile(demo_cli: Cli) -> Cli:
    con = sqlite3.connect(demo_cli.db)
    for table, column in FIELDS:
        try:
            con.execute(f"UPDATE {table} SET {column} = {column} || ?", (HOSTILE,))
        except sqlite3.OperationalError:  # pragma: no cover - a table this build does not have
            pass
    con.commit()
    con.close()
    return demo_cli


def _documents(cli: Cli, tmp: Path) -> dict[str, str]:
    cli.ok("brief", "new", "northwind/spring-launch")  # prefilled from the hostile names
    docs = {
        "status (client)": ("report", "status", "northwind", "--for", "client"),
        "status (internal)": ("report", "status", "northwind", "--for", "internal", "--month"),
        "qbr": ("report", "qbr", "northwind", "--for", "internal"),
        "co": ("co", "export", "CO-2"),
        "sow md": ("estimate", "export", "1"),
        "sow html": ("estimate", "export", "1", "--format", "html"),
        "brief": ("brief", "export", "4"),
        "calendar": ("calendar", "export", "northwind", "--todos", "--out", str(tmp / "n.ics")),
    }
    out = {name: cli.ok(*args) for name, args in docs.items()}
    out["calendar"] = (tmp / "n.ics").read_text()
    return out


def test_hostile_names_stay_text_in_every_client_document(hostile: Cli, tmp_path: Path) -> None:
    docs = _documents(hostile, tmp_path)
    for name, text in docs.items():
        record("export", (name, HOSTILE))
        assert "\x1b" not in text and "\x07" not in text, name  # no terminal escape in any document
        assert not re.search(r"^\s*(?:[-*+]\s+)?#+\s*Owned", text, re.M), f"{name}: a name became a heading"
        assert not re.search(r"^\s*- item", text, re.M), f"{name}: a name became a list item"
        assert "Owned" in text, f"{name}: the hostile text should be shown, escaped"
        if name == "calendar":
            continue
        raw = text.replace("\\<img", "").replace("&lt;img", "")
        assert "<img" not in raw, f"{name}: raw HTML from a name"
        if name != "sow html":
            assert "\\*bold\\*" in text and "\\[link\\]" in text, name
            assert "[link](" not in text.replace("\\[link\\](", ""), name


def test_tables_keep_their_columns(hostile: Cli, tmp_path: Path) -> None:
    """A ``|`` in a name is escaped: every row of a Markdown table has as many cells as its header."""
    for name, text in _documents(hostile, tmp_path).items():
        if name in ("calendar", "sow html"):
            continue
        lines = text.splitlines()
        for i, line in enumerate(lines):
            if line.startswith("| ---") or line.startswith("| :"):
                width = len(re.split(r"(?<!\\)\|", lines[i - 1]))
                for row in lines[i + 1 :]:
                    if not row.startswith("|"):
                        break
                    assert len(re.split(r"(?<!\\)\|", row)) == width, f"{name}: {row!r}"


@pytest.mark.parametrize(
    ("text", "md"),
    [
        ("Acme <b>Co</b>", "Acme \\<b\\>Co\\</b\\>"),
        ("# Heading", "\\# Heading"),
        ("two\nlines", "two lines"),
        ("- not a list", "\\- not a list"),
        ("+ nor this", "\\+ nor this"),
        ("> nor a quote", "\\> nor a quote"),
        ("1. nor numbered", "1\\. nor numbered"),
        ("a|b", "a\\|b"),
        ("*em* _em_ `code` ~~s~~", "\\*em\\* \\_em\\_ \\`code\\` \\~\\~s\\~\\~"),
        ("[x](javascript:alert(1))", "\\[x\\](javascript:alert(1))"),
        ("AT&T", "AT\\&T"),
        ("Esc\x1b[2J", "Esc\\\\x1b\\[2J"),
        ("Plain Co. (Phase 2) — 50% $4,000", "Plain Co. (Phase 2) — 50% $4,000"),
        (None, ""),
    ],
)
def test_md_text(text: str | None, md: str) -> None:
    record("export", ("md_text", text))
    assert md_text(text) == md


def test_html_text() -> None:
    assert html_text("<script>x</script> & \"q\" 'a'\x1b") == (
        "&lt;script&gt;x&lt;/script&gt; &amp; &quot;q&quot; &#x27;a&#x27;\\x1b"
    )


HOSTILE_TEXT = st.text(
    alphabet=st.sampled_from(list("ab #*_`[]()<>|~&!-+=.1\\\n\r\t\x1b\x07\x00\x7f\x9b\u2028\u202e")),
    max_size=30,
) | st.text(max_size=30)


@settings(max_examples=300, deadline=None)
@given(text=HOSTILE_TEXT)
def test_md_and_html_text_never_let_markup_or_control_codes_through(text: str) -> None:
    """Whatever a name holds: one line, no control character, no Markdown character left unescaped, nothing
    a Markdown line could start a block with, and HTML with no tag or entity of its own."""
    record("export-property", text)
    md = md_text(text)
    assert "\n" not in md and "\r" not in md
    assert not any(ord(ch) < 0x20 or 0x7F <= ord(ch) < 0xA0 for ch in md), repr(md)
    unescaped = re.sub(r"\\.", "", md)  # what is left once every backslash escape is taken out
    assert not set(unescaped) & set("*_`[]<>|~&"), (text, md)
    assert not re.match(r"\s*([#+=>-]|\d+[.)])", md), (text, md)
    h = html_text(text)
    assert "<" not in h and ">" not in h and '"' not in h and "\n" not in h
    assert not any(ord(ch) < 0x20 or 0x7F <= ord(ch) < 0xA0 for ch in h), repr(h)
