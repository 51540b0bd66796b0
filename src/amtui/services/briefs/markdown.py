"""A brief as Markdown: an optional ``# Title``, then ``## Section`` blocks in order.

The same pair of functions serves the editor, ``brief edit``, and export, so a brief exported, edited in any
editor and read back keeps its sections: :func:`parse` and :func:`render` round-trip (a property test checks
it). Only level-2 headings split sections; ``###`` sub-headings, lists and tables stay inside a section.
A text whose structure is ambiguous (words before the first section, a section named twice, a heading with no
name) is refused with the line number rather than guessed at, because a guess silently moves a client's words.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from amtui.core.errors import InputError

_SECTION = re.compile(r"^ {0,3}##(?:[ \t]+(.*?))?[ \t]*$")
_CLOSING = re.compile(r"(?:^|[ \t]+)#+$")
_TITLE = re.compile(r"^ {0,3}#[ \t]+(.*?)[ \t]*$")
_COMMENT = re.compile(r"<!--(.*?)-->", re.S)


@dataclass(frozen=True)
class Section:
    name: str
    body: str


@dataclass(frozen=True)
class BriefDoc:
    title: str
    sections: tuple[Section, ...]

    def names(self) -> list[str]:
        return [s.name for s in self.sections]

    def get(self, name: str) -> Section | None:
        key = name.casefold()
        return next((s for s in self.sections if s.name.casefold() == key), None)


class BriefParseError(InputError):
    """The text cannot be split into sections without guessing; ``line`` is 1-based (0: whole text)."""

    def __init__(self, message: str, line: int = 0) -> None:
        super().__init__(f"line {line}: {message}" if line else message)
        self.line = line


def _heading_name(raw: str | None) -> str:
    name = _CLOSING.sub("", (raw or "").strip()).strip()
    return " ".join(name.split())


def is_section_heading(line: str) -> bool:
    return _SECTION.match(line) is not None


def normalize_body(text: str) -> str:
    """Unix newlines, no trailing spaces, no blank lines at either end: how bodies are stored."""
    lines = [ln.rstrip() for ln in text.replace("\r\n", "\n").replace("\r", "\n").split("\n")]
    while lines and not lines[0]:
        lines.pop(0)
    while lines and not lines[-1]:
        lines.pop()
    return "\n".join(lines)


def check_body(text: str, section: str) -> str:
    """A section's new text, normalized; refused when a line would start a new section."""
    body = normalize_body(text)
    for n, line in enumerate(body.split("\n"), start=1):
        if is_section_heading(line):
            raise InputError(
                f"the text for {section!r} has a '## ' heading on its line {n}, which would start a new "
                "section; use '### ' for a sub-heading"
            )
    return body


def parse(text: str) -> BriefDoc:
    """Split Markdown into a title and ordered sections, or raise :class:`BriefParseError`."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    title = ""
    sections: list[tuple[str, int, list[str]]] = []
    seen: dict[str, int] = {}
    for n, line in enumerate(lines, start=1):
        m = _SECTION.match(line)
        if m:
            name = _heading_name(m.group(1))
            if not name:
                raise BriefParseError("a '##' heading with no section name", n)
            key = name.casefold()
            if key in seen:
                raise BriefParseError(f"section {name!r} appears twice (first on line {seen[key]})", n)
            seen[key] = n
            sections.append((name, n, []))
            continue
        if sections:
            sections[-1][2].append(line)
            continue
        if not line.strip():
            continue
        t = _TITLE.match(line)
        if t and not title and t.group(1).strip():
            title = _heading_name(t.group(1))
            continue
        raise BriefParseError(
            f"text before the first section: {line.strip()[:40]!r}; put it under a '## Section' heading", n
        )
    if not sections:
        raise BriefParseError("no sections found: a brief is a list of '## Section' headings")
    return BriefDoc(
        title=title, sections=tuple(Section(name, normalize_body("\n".join(b))) for name, _, b in sections)
    )


def render(doc: BriefDoc) -> str:
    """Markdown a client can read without amtui; :func:`parse` gives ``doc`` back."""
    out: list[str] = []
    if doc.title:
        out += [f"# {doc.title}", ""]
    for s in doc.sections:
        out += [f"## {s.name}", ""]
        if s.body:
            out += [s.body, ""]
    return "\n".join(out).rstrip("\n") + "\n"


def replace_section(doc: BriefDoc, name: str, body: str) -> BriefDoc:
    key = name.casefold()
    return BriefDoc(
        doc.title, tuple(Section(s.name, body) if s.name.casefold() == key else s for s in doc.sections)
    )


def split_hint(body: str) -> tuple[str, str]:
    """(guidance from ``<!-- … -->`` comments, the rest): how templates carry per-section hints."""
    hints = [" ".join(h.split()) for h in _COMMENT.findall(body)]
    return " ".join(h for h in hints if h), normalize_body(_COMMENT.sub("", body))


def strip_comments(body: str) -> str:
    return normalize_body(_COMMENT.sub("", body))
