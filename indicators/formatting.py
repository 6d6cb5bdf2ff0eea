"""Writing numbers, targets and results the way the Governing Body documents print them, in the
language of the page or workbook being written ("37 per cent", "37 pour cent", "37 por ciento").

The text rules take any object with the model's fields (a ``Target`` or ``Result``, or a row
an export read as plain values), so that every page and workbook prints the same text.

A target's ``text`` is the plan's own words, kept as the document printed them. When those words
are only its quantity in English ("At least 40 per cent", what the plan file gives for most
numeric targets), they say nothing a translation would lose: a page in French writes the
quantity in French from the value. Any other words are the plan's text and stay as they are.
"""

from decimal import Decimal
from typing import Any

from django.utils.formats import number_format
from django.utils.translation import get_language, gettext, pgettext

from custodians.plan_texts import in_language

# The English words as the documents print them: compared against a target's stored text.
ENGLISH_PREFIX = {"at_least": "At least ", "at_most": "At most ", "exactly": ""}


def format_number(value: Decimal | int | float) -> str:
    """37 -> "37", 37.50 -> "37.5", 0.25 -> "0.25": the plain form, in every language (forms and
    workbooks read it back)."""
    number = Decimal(str(value)).normalize()
    return f"{number:f}"


def _english() -> bool:
    return (get_language() or "en").split("-")[0] == "en"


def shown_number(value: Decimal | int | float) -> str:
    """A number as a reader of the current language writes it: 37.5, 37,5 (no grouping)."""
    if _english():
        return format_number(value)
    return number_format(Decimal(str(value)).normalize(), use_l10n=True)


def _english_quantity(value: Decimal | int | float | None, unit: str) -> str:
    if value is None:
        return ""
    number = format_number(value)
    return f"{number} per cent" if unit == "percent" else number


def format_quantity(value: Decimal | int | float | None, unit: str) -> str:
    """The quantity in the current language: "37 per cent", "37,5 pour cent", "37 por ciento"."""
    if value is None:
        return ""
    if _english():
        return _english_quantity(value, unit)
    number = shown_number(value)
    if unit == "percent":
        return gettext("%(number)s per cent") % {"number": number}
    return number


def _english_target(target: Any) -> str:
    return ENGLISH_PREFIX[target.direction] + _english_quantity(target.value, target.unit)


def _with_direction(target: Any) -> str:
    quantity = format_quantity(target.value, target.unit)
    if target.direction == "at_least":
        return pgettext("a target's direction", "At least %(quantity)s") % {"quantity": quantity}
    if target.direction == "at_most":
        return pgettext("a target's direction", "At most %(quantity)s") % {"quantity": quantity}
    return quantity


def is_plan_words(target: Any) -> bool:
    """Whether the target's printed text is the plan's own words, not only its quantity with or
    without its direction ("37 per cent", "At least 37 per cent"): those stay in the plan's
    language until the plan is translated."""
    if not target.text:
        return False
    if target.value is None:
        return True
    return target.text not in (
        _english_target(target),
        _english_quantity(target.value, target.unit),
    )


def target_text(target: Any) -> str:
    """A target as printed: its own words, or its direction and quantity (At least 40 per cent),
    in the active language where the words are only the quantity."""
    if _english():
        return target.text or _english_target(target)
    if is_plan_words(target):
        return in_language(target, "text")
    if target.text == _english_quantity(target.value, target.unit):
        return format_quantity(target.value, target.unit)  # printed without its direction
    return _with_direction(target)


def result_text(result: Any) -> str:
    """A result as printed: its statement, else its quantity, else why data is unavailable."""
    if result.statement:
        return result.statement
    if result.value is not None:
        return format_quantity(result.value, result.unit)
    return result.unavailable_reason
