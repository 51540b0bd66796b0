"""The brief's Markdown format: sections in order, refusals with line numbers, and an exact round trip."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from amtui.core.errors import InputError
from amtui.services.briefs.markdown import (
    BriefDoc,
    BriefParseError,
    Section,
    check_body,
    parse,
    render,
    split_hint,
)

TEXT = """# Creative brief: Summer

## Background
Northwind sells outdoor gear.

### Market
- Summer is 40% of sales

## Objectives ##

1. Grow summer sales 15% by 2027-08-31
   across all stores

## Empty
"""


def test_parse_sections_in_order_with_subheadings_kept() -> None:
    doc = parse(TEXT)
    assert doc.title == "Creative brief: Summer"
    assert doc.names() == ["Background", "Objectives", "Empty"]
    assert doc.sections[0].body == "Northwind sells outdoor gear.\n\n### Market\n- Summer is 40% of sales"
    assert doc.sections[1].body == "1. Grow summer sales 15% by 2027-08-31\n   across all stores"
    assert doc.sections[2].body == ""
    assert doc.get("objectives") == doc.sections[1]


def test_render_is_clean_markdown_and_parses_back() -> None:
    doc = parse(TEXT)
    out = render(doc)
    assert out.startswith("# Creative brief: Summer\n\n## Background\n\nNorthwind")
    assert "## Objectives\n\n1. Grow" in out and out.endswith("## Empty\n")
    assert parse(out) == doc


def test_windows_newlines_and_trailing_spaces_are_normalized() -> None:
    doc = parse("## A  \r\n\r\nline one   \r\nline two\r\n")
    assert doc == BriefDoc("", (Section("A", "line one\nline two"),))


@pytest.mark.parametrize(
    ("text", "line", "fragment"),
    [
        ("Just some notes\n## A\nx", 1, "text before the first section"),
        ("# Title\n\nIntro paragraph\n## A\n", 3, "text before the first section"),
        ("## A\nx\n## a\ny", 3, "appears twice (first on line 1)"),
        ("## A\n##\nx", 2, "no section name"),
        ("# Only a title\n", 0, "no sections found"),
        ("", 0, "no sections found"),
        ("# T\n# Second title\n## A", 2, "text before the first section"),
    ],
)
def test_unparseable_text_is_refused_with_its_line(text: str, line: int, fragment: str) -> None:
    with pytest.raises(BriefParseError) as exc:
        parse(text)
    assert exc.value.line == line
    assert fragment in str(exc.value)
    assert isinstance(exc.value, InputError)


def test_level_three_headings_and_hashes_without_space_stay_in_the_body() -> None:
    doc = parse("## A\n### Proof points\n##not-a-heading\n#hashtag")
    assert doc.names() == ["A"]
    assert doc.sections[0].body == "### Proof points\n##not-a-heading\n#hashtag"


def test_check_body_refuses_a_line_that_would_start_a_section() -> None:
    assert check_body("  text  \n\n", "Budget") == "  text"
    with pytest.raises(InputError, match="would start a new section"):
        check_body("fine\n## Sneaky", "Budget")


def test_split_hint_takes_comments_out() -> None:
    assert split_hint("<!-- One  sentence. -->\nprefilled") == ("One sentence.", "prefilled")
    assert split_hint("plain") == ("", "plain")


# ---------------------------------------------------------------------------------------------- properties

_name_chars = st.characters(
    blacklist_categories=("Cs", "Cc", "Zl", "Zp"), blacklist_characters="#\n\r\t\x0b\x0c\x85"
)
names = st.text(_name_chars, min_size=1, max_size=30).map(lambda s: " ".join(s.split())).filter(bool)
_line_chars = st.characters(
    blacklist_categories=("Cs", "Cc", "Zl", "Zp"), blacklist_characters="\x0b\x0c\x85"
)
lines = st.text(_line_chars, max_size=40).map(str.rstrip)
bodies = (
    st.lists(lines, max_size=6)
    .map(lambda ls: "\n".join(ls))
    .map(lambda b: "\n".join(ln for ln in b.split("\n") if not ln.lstrip().startswith("##")))
    .map(lambda b: check_body(b, "x"))
)


@st.composite
def docs(draw: st.DrawFn) -> BriefDoc:
    section_names = draw(st.lists(names, min_size=1, max_size=8, unique_by=str.casefold))
    title = draw(st.one_of(st.just(""), names))
    return BriefDoc(title, tuple(Section(n, draw(bodies)) for n in section_names))


@given(docs())
def test_render_then_parse_gives_the_same_sections(doc: BriefDoc) -> None:
    assert parse(render(doc)) == doc


@given(st.text(max_size=300))
def test_whatever_parses_survives_export_edit_import(text: str) -> None:
    try:
        doc = parse(text)
    except BriefParseError:
        return
    again = parse(render(doc))
    assert again == doc
    assert render(again) == render(doc)
