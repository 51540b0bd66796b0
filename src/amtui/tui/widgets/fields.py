"""Typed inputs that parse exactly as the CLI parses, and a form field that explains a bad value in place.

Each input's :meth:`parse` returns the value a service takes (cents, a date, minutes, a choice) or raises
:class:`~amtui.core.errors.InputError` with the same message a one-liner would print. :class:`FormField` shows
that message under the input while the user types, so a bad amount or date is explained where it was typed.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any, ClassVar

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Input, Label, Static

from amtui.core.errors import InputError


class TextInput(Input):
    """Free text; ``required`` refuses an empty value."""

    def __init__(self, *args: Any, required: bool = False, what: str = "value", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.required = required
        self.what = what

    def parse(self) -> Any:
        text = self.value.strip()
        if not text:
            if self.required:
                raise InputError(f"{self.what} is empty")
            return None
        return text


class MoneyInput(TextInput):
    """An amount, parsed with :func:`amtui.core.money.parse_money` into integer cents."""

    def __init__(
        self, *args: Any, allow_negative: bool = False, allow_zero: bool = True, **kwargs: Any
    ) -> None:
        kwargs.setdefault("placeholder", "e.g. 4,500.00")
        kwargs.setdefault("what", "amount")
        super().__init__(*args, **kwargs)
        self.allow_negative = allow_negative
        self.allow_zero = allow_zero

    def parse(self) -> int | None:
        from amtui.core.money import parse_money

        if not self.value.strip() and not self.required:
            return None
        return parse_money(self.value, allow_negative=self.allow_negative, allow_zero=self.allow_zero)


class DateInput(TextInput):
    """A date, parsed with :func:`amtui.core.dates.parse_date` (ISO, today, fri, +3d, eom …) against
    ``today``."""

    def __init__(self, *args: Any, today: Callable[[], date] | None = None, **kwargs: Any) -> None:
        kwargs.setdefault("placeholder", "YYYY-MM-DD, today, fri, +3d")
        kwargs.setdefault("what", "date")
        super().__init__(*args, **kwargs)
        self._today = today

    def parse(self) -> date | None:
        from amtui.core.dates import parse_date

        if not self.value.strip() and not self.required:
            return None
        return parse_date(self.value, today=self._today() if self._today else None)


class HoursInput(TextInput):
    """Hours, parsed with :func:`amtui.core.dates.parse_hours` into whole minutes (2.5, 1h30m, 45m, 1:30)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("placeholder", "e.g. 2.5, 1h30m, 45m")
        kwargs.setdefault("what", "hours")
        super().__init__(*args, **kwargs)

    def parse(self) -> int | None:
        from amtui.core.dates import parse_hours

        if not self.value.strip() and not self.required:
            return None
        return parse_hours(self.value)


class WholeInput(TextInput):
    """A whole number (working days, a lag, a timeline shift), as the one-liner's integer option takes it.

    A value that is not a whole number is refused in one wording for every such field, naming the ``unit``
    and an ``example``; ``check`` is the service's own rule for the number (a range, not zero) and raises
    the :class:`~amtui.core.errors.InputError` the one-liner would print.
    """

    def __init__(
        self,
        *args: Any,
        check: Callable[[int], None] | None = None,
        unit: str = "working days",
        example: str = "3",
        **kwargs: Any,
    ) -> None:
        kwargs.setdefault("placeholder", f"{unit}, e.g. {example}")
        kwargs.setdefault("what", unit)
        super().__init__(*args, **kwargs)
        self._check = check
        self.unit = unit
        self.example = example

    def parse(self) -> int | None:
        text = self.value.strip()
        if not text:
            if self.required:
                raise InputError(f"{self.what} is empty")
            return None
        try:
            n = int(text)
        except ValueError:
            raise InputError(f"{text!r} is not a whole number of {self.unit} (e.g. {self.example})") from None
        if self._check is not None:
            self._check(n)
        return n


class PercentInput(TextInput):
    """A percentage, parsed with :func:`amtui.services.money.terms.parse_percent_bp` into basis points."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("placeholder", "e.g. 50% or 12.5%")
        kwargs.setdefault("what", "a percentage")
        super().__init__(*args, **kwargs)

    def parse(self) -> int | None:
        from amtui.services.money.terms import parse_percent_bp

        if not self.value.strip() and not self.required:
            return None
        return parse_percent_bp(self.value, self.what)


class ChoiceInput(TextInput):
    """One of a few words (a kind, a billing type), checked like the CLI checks it."""

    def __init__(self, choices: tuple[str, ...], *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("placeholder", " | ".join(choices))
        super().__init__(*args, **kwargs)
        self.choices = choices

    def parse(self) -> str | None:
        from amtui.services.base.common import check_choice

        if not self.value.strip() and not self.required:
            return None
        return check_choice(self.value, self.choices, self.what)


class FormField(Vertical):
    """A label, a typed input and the explanation of what is wrong with it (empty when nothing is)."""

    DEFAULT_CSS: ClassVar[str] = """
    FormField {
        height: auto;
        margin: 0 0 0 0;
    }
    FormField > Label {
        color: $text-muted;
        padding: 0 1;
    }
    FormField > .field-error {
        color: $error;
        padding: 0 1;
        height: auto;
    }
    FormField > .field-error.-empty {
        display: none;
    }
    FormField.-invalid > Input {
        border: tall $error;
    }
    """

    def __init__(self, label: str, field: TextInput, *, name: str | None = None) -> None:
        super().__init__(name=name, id=f"field-{field.id}" if field.id else None)
        self.label = label
        self.input = field

    def compose(self) -> ComposeResult:
        yield Label(self.label)
        yield self.input
        yield Static("", classes="field-error -empty")

    def set_error(self, message: str | None) -> None:
        error = self.query_one(".field-error", Static)
        error.update(message or "")
        error.set_class(not message, "-empty")
        self.set_class(bool(message), "-invalid")

    @property
    def error(self) -> str:
        return str(self.query_one(".field-error", Static).render())

    def check(self) -> tuple[bool, Any]:
        """Parse the input: (True, value) or (False, None) with the message shown under the field."""
        try:
            value = self.input.parse()
        except InputError as exc:
            self.set_error(str(exc))
            return False, None
        self.set_error(None)
        return True, value

    def on_input_changed(self, event: Input.Changed) -> None:
        # Explain as the user types, but only once there is something to explain.
        if event.input.value.strip():
            self.check()
        else:
            self.set_error(None)
