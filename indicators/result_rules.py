"""What a result, a portfolio line and an accelerating action may hold: the one rule every door
calls.

The browser form, the workbook import, the admin and the plan loader only turn their input into
Python values (a number, a text, a tick) and hand them over; whether the entry is complete, what
is kept and what is dropped, and every message about it, is decided here. ``Result.clean()``
calls it too, so nothing saved through the models escapes it.

A result is one of three things:
- **a number** (numeric targets only), in the target's unit: 0–100 for per cent, 0 or more for a
  count, at most two decimals. The number decides the status, so a declared status is dropped.
  A statement may go with it ("0", "None").
- **words** (a statement), with the custodian's declaration of whether the target is on track:
  without a number the result alone does not tell, so the declaration is asked for.
- **data unavailable**, with the reason; no number, and no declared status (the status is "data
  unavailable"). A statement may go with it, as the document prints it.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal, InvalidOperation
from typing import Any, Protocol

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from indicators import limits

RESULT_FIELDS = (
    "value",
    "statement",
    "data_unavailable",
    "unavailable_reason",
    "declared_status",
    "explanation",
    "evidence_url",
)
ACTION_FIELDS = ("text", "state", "progress_note", "due_date", "next_review_date")
DECLARED_STATUSES = ("on_track", "not_on_track")
ACTION_STATES = ("not_started", "under_way", "constrained", "done", "dropped")
# The database keeps 9 digits, 2 after the point.
LARGEST = Decimal("9999999.99")
CENTS = Decimal("0.01")

# The messages are marked here and translated when a rule gives them (``_(DECLARE_STATUS)``),
# so that the form and the import report say them in the reader's language.
ENTER_SOMETHING = gettext_noop(
    "Enter the result: a number, a statement, or tick “Data unavailable” and say why."
)
SAY_WHY_UNAVAILABLE = gettext_noop("Say why the data are unavailable (e.g. “No events held”).")
NO_NUMBER_WHEN_UNAVAILABLE = gettext_noop("Leave the number empty when the data are unavailable.")
DECLARE_STATUS = gettext_noop(
    "Say whether the target is on track: without a number the result alone does not tell."
)
MILESTONE_TAKES_NO_NUMBER = gettext_noop(
    "This target is a milestone and takes no number: report it as a statement and say whether "
    "it is on track."
)
LINE_NEEDS_STATEMENT = gettext_noop("Write the line as it should be printed, e.g. “none of six”.")
WRITE_A_NUMBER = gettext_noop("Write a number such as 37.")


class _Target(Protocol):
    kind: str
    unit: str


class Refusals:
    """Messages by field, gathered so that a person sees every problem at once."""

    def __init__(self) -> None:
        self.by_field: dict[str, list[str]] = {}

    def add(self, field: str, message: str) -> None:
        if message:
            self.by_field.setdefault(field, []).append(message)

    def raise_any(self) -> None:
        if self.by_field:
            raise ValidationError(self.by_field)


def settle_text(value: Any) -> str:
    return "" if value is None else str(value).replace("\r\n", "\n").replace("\r", "\n").strip()


def number_problem(value: Decimal, unit: str) -> str:
    """Why a number cannot be a result in ``unit`` (or a portfolio line), or ""."""
    if not value.is_finite():
        return _(WRITE_A_NUMBER)
    shown = {"number": f"{value.normalize():f}"}
    if value < 0:
        return _("%(number)s is negative; a result cannot be below zero.") % shown
    if unit == "percent" and value > 100:
        return _("A percentage lies between 0 and 100.")
    if value > LARGEST:
        return _("%(number)s is too large.") % shown
    if value != value.quantize(CENTS):
        return _("%(number)s has more than two decimals; round it to two.") % shown
    return ""


def as_decimal(value: Any) -> Decimal | None:
    """The number as the database keeps it: "37.000" is 37.00; "37.005" stays as typed, to be
    refused for its third decimal."""
    if value is None or value == "":
        return None
    try:
        number = Decimal(str(value))
    except InvalidOperation as exc:
        raise ValidationError({"value": [_(WRITE_A_NUMBER)]}) from exc
    if number.is_finite() and number == number.quantize(CENTS):
        return number.quantize(CENTS)
    return number


def _web_address(text: str) -> tuple[str, str]:
    """The evidence link with its scheme (https assumed, as a browser does), and any problem."""
    if not text:
        return "", ""
    if "://" not in text:
        text = f"https://{text}"
    problem = limits.too_long(text, limits.URL)
    if not problem:
        try:
            URLValidator(schemes=["http", "https"])(text)
        except ValidationError:
            problem = _("Not a web address (it starts with https://).")
    return text, problem


def settle_result(target: _Target, entry: Mapping[str, Any]) -> dict[str, Any]:
    """The result's fields as they are saved, with the unit the value is kept in.

    ``entry`` has the fields of ``RESULT_FIELDS`` (missing ones are empty). Raises
    ``ValidationError`` with the messages by field when the entry cannot be saved.
    """
    refusals = Refusals()
    value = as_decimal(entry.get("value"))
    settled: dict[str, Any] = {
        "value": value,
        "statement": settle_text(entry.get("statement")),
        "data_unavailable": bool(entry.get("data_unavailable")),
        "unavailable_reason": settle_text(entry.get("unavailable_reason")),
        "declared_status": settle_text(entry.get("declared_status")),
        "explanation": settle_text(entry.get("explanation")),
    }
    settled["evidence_url"], url_problem = _web_address(settle_text(entry.get("evidence_url")))
    refusals.add("evidence_url", url_problem)
    for name, limit in (
        ("statement", limits.STATEMENT),
        ("unavailable_reason", limits.STATEMENT),
        ("explanation", limits.NOTE),
    ):
        refusals.add(name, limits.too_long(settled[name], limit))
    if settled["declared_status"] not in ("", *DECLARED_STATUSES):
        refusals.add("declared_status", _("Choose On track or Not on track."))
    if value is not None:
        if target.kind == "milestone" or not target.unit:
            refusals.add("value", _(MILESTONE_TAKES_NO_NUMBER))
        else:
            refusals.add("value", number_problem(value, target.unit))
    where_missing = "statement" if target.kind == "milestone" else "value"
    if settled["data_unavailable"]:
        if not settled["unavailable_reason"]:
            refusals.add("unavailable_reason", _(SAY_WHY_UNAVAILABLE))
        if value is not None:
            refusals.add("value", _(NO_NUMBER_WHEN_UNAVAILABLE))
        settled["declared_status"] = ""  # the status is "data unavailable"
    else:
        settled["unavailable_reason"] = ""
        if value is None and not settled["statement"]:
            refusals.add(where_missing, _(ENTER_SOMETHING))
        elif value is None and not settled["declared_status"]:
            refusals.add("declared_status", _(DECLARE_STATUS))
        elif value is not None:
            settled["declared_status"] = ""  # the number decides the status
    refusals.raise_any()
    settled["unit"] = target.unit if value is not None else ""
    return settled


def settle_line(statement: Any, value: Any) -> tuple[str, Decimal | None]:
    """A portfolio line of a result: its statement as printed and an optional number.

    Both empty means no line; a number needs the words it is printed with.
    """
    refusals = Refusals()
    text = settle_text(statement)
    number = as_decimal(value)
    refusals.add("statement", limits.too_long(text, limits.STATEMENT))
    if number is not None:
        refusals.add("value", number_problem(number, "count"))
        if not text:
            refusals.add("statement", _(LINE_NEEDS_STATEMENT))
    refusals.raise_any()
    return text, number


def settle_action(entry: Mapping[str, Any]) -> dict[str, Any]:
    """An accelerating action's fields as they are saved; ``ValidationError`` by field if not."""
    refusals = Refusals()
    settled = {
        "text": settle_text(entry.get("text")),
        "state": settle_text(entry.get("state")) or "not_started",
        "progress_note": settle_text(entry.get("progress_note")),
        "due_date": entry.get("due_date"),
        "next_review_date": entry.get("next_review_date"),
    }
    if not settled["text"]:
        refusals.add("text", _("An action needs its text."))
    refusals.add("text", limits.too_long(settled["text"], limits.NOTE))
    refusals.add("progress_note", limits.too_long(settled["progress_note"], limits.NOTE))
    if settled["state"] not in ACTION_STATES:
        refusals.add("state", _("Choose one of the states in the list."))
    elif settled["state"] == "constrained" and not settled["progress_note"]:
        refusals.add("progress_note", _("Say what constrains it."))
    elif settled["state"] == "dropped" and not settled["progress_note"]:
        refusals.add("progress_note", _("Say why it was dropped."))
    refusals.raise_any()
    return settled
