"""Helpers every service shares: slugs, choices, text, JSON-ready results (references live in
:mod:`amtui.services.base.refs`)."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import asdict
from datetime import date

from amtui.core import clock
from amtui.core.errors import InputError
from amtui.core.inputs import clean_text
from amtui.core.jsonable import to_jsonable

_SLUG = re.compile(r"^[a-z0-9](?:[a-z0-9-]{0,58}[a-z0-9])?$")


def slugify(text: str) -> str:
    norm = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", norm.lower()).strip("-")
    return slug[:60].strip("-")


def check_slug(slug: str) -> str:
    if not _SLUG.match(slug):
        raise InputError(f"bad slug {slug!r}: use lowercase letters, digits and dashes (e.g. northwind)")
    return slug


def check_choice(value: str, choices: tuple[str, ...], what: str) -> str:
    v = value.strip().lower()
    if v not in choices:
        raise InputError(f"unknown {what} {value!r}; choose one of: {', '.join(choices)}")
    return v


def check_text(value: str, what: str, *, max_len: int = 200, multiline: bool | None = None) -> str:
    """Text a person typed, through the one input policy (:func:`amtui.core.inputs.clean_text`): not empty,
    at most ``max_len`` characters, UTF-8 without control characters. Notes and reasons (``max_len`` of 500
    or more, unless ``multiline`` says otherwise) may hold tabs and line breaks; names and titles may not."""
    return clean_text(
        value, what, max_len=max_len, multiline=max_len >= 500 if multiline is None else multiline
    )


__all__ = ["asdict", "to_jsonable"]


def check_not_future(on: date | None, today: date | None, what: str, hint: str) -> None:
    """The book records what happened: ``what`` dated after today (default: the clock's) is refused with
    one line, ``"{what} dated … is in the future; {hint}"`` (time, costs, payments, interactions)."""
    if on is not None and on > (today or clock.today()):
        raise InputError(f"{what} dated {on.isoformat()} is in the future; {hint}")


def person_key(person: str) -> str:
    """One person however their name was typed: case and spacing ignored (``Maya Chen`` = ``maya  chen``)."""
    return " ".join(person.split()).casefold()
