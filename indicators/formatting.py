"""Writing numbers, targets and results the way the Governing Body documents print them.

The text rules take any object with the model's fields (a ``Target`` or ``Result``, or a row
an export read as plain values), so that every page and workbook prints the same text.
"""

from decimal import Decimal
from typing import Any

TARGET_PREFIX = {"at_least": "At least ", "at_most": "At most ", "exactly": ""}


def format_number(value: Decimal | int | float) -> str:
    """37 -> "37", 37.50 -> "37.5", 0.25 -> "0.25"."""
    number = Decimal(str(value)).normalize()
    text = f"{number:f}"
    return text


def format_quantity(value: Decimal | int | float | None, unit: str) -> str:
    if value is None:
        return ""
    number = format_number(value)
    if unit == "percent":
        return f"{number} per cent"
    return number


def target_text(target: Any) -> str:
    """A target as printed: its own words, or its direction and quantity (At least 40 per cent)."""
    if target.text:
        return target.text
    return TARGET_PREFIX[target.direction] + format_quantity(target.value, target.unit)


def result_text(result: Any) -> str:
    """A result as printed: its statement, else its quantity, else why data is unavailable."""
    if result.statement:
        return result.statement
    if result.value is not None:
        return format_quantity(result.value, result.unit)
    return result.unavailable_reason
