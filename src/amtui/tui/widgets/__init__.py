"""Reusable widgets: typed inputs that parse like the CLI does, and the form field that explains errors."""

from amtui.tui.widgets.fields import ChoiceInput, DateInput, FormField, HoursInput, MoneyInput, TextInput

__all__ = ["ChoiceInput", "DateInput", "FormField", "HoursInput", "MoneyInput", "TextInput"]
