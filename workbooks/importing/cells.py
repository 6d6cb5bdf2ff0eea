"""Reading one cell of the data workbook into the value the database takes, or saying why not."""

from __future__ import annotations

import re
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator

from indicators.models import Unit
from workbooks.importing.reading import SheetCell
from workbooks.layout import ACTION_STATE_LABELS, DECLARED_STATUS_LABELS, NO, YES, Column, Kind

PER_CENT_TEXT = re.compile(r"^(?P<number>[0-9]+(?:\.[0-9]+)?)\s*(?:%|per\s*cent|percent)$", re.I)
PLAIN_NUMBER = re.compile(r"^[+]?[0-9]+(?:\.[0-9]+)?$")
LARGEST = Decimal("9999999.99")  # the database keeps 9 digits, 2 after the point


class CellProblem(ValueError):
    """The cell's content cannot be taken; the message says what to write instead."""


def _is_blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _number_format_is_fraction(number_format: str) -> bool:
    """A percentage format (0%, 0.0%): the cell holds 0.37 and shows 37%."""
    unquoted = re.sub(r'"[^"]*"', "", number_format or "")
    return "%" in unquoted


def _number_format_is_per_cent(number_format: str) -> bool:
    """Our own export format, which shows 37 as "37 per cent"."""
    return "per cent" in (number_format or "")


def _two_decimals(number: Decimal) -> Decimal:
    if number != number.quantize(Decimal("0.01")):
        raise CellProblem(f"{number} has more than two decimals; round it to two.")
    if number > LARGEST:
        raise CellProblem(f"{number} is too large.")
    return number


def _decimal(value: Any) -> Decimal:
    return Decimal(str(value))


def read_value(cell: SheetCell, unit: str) -> Decimal | None:
    """A result's value in the target's unit. For per cent targets: 37, "37%", "37 per cent",
    or a cell formatted as a percentage (0.37 shown as 37%). A bare 0.37 could be 0.37 or 37 per
    cent and is refused; so is anything for a milestone target, which has no number."""
    value = cell.value
    if _is_blank(value):
        return None
    if isinstance(value, bool):
        raise CellProblem("TRUE/FALSE where a number belongs; write the number.")
    if isinstance(value, datetime | date):
        raise CellProblem(
            "a date where a number belongs (the cell is probably formatted as a date); "
            "write the number and format the cell as a number."
        )
    if not unit:
        raise CellProblem(
            "this target is a milestone and takes no number; report it under Statement and "
            "Declared status."
        )
    if isinstance(value, int | float):
        number = _decimal(value)
        if unit == Unit.PERCENT and _number_format_is_fraction(cell.number_format):
            number = (number * 100).normalize()
        elif (
            unit == Unit.PERCENT
            and not _number_format_is_per_cent(cell.number_format)
            and 0 < number <= 1
        ):
            raise CellProblem(
                f"{value} is ambiguous for a per cent target: write 37 (or 37%) for 37 per cent, "
                f'or "{value} per cent" if you mean less than one per cent.'
            )
    elif isinstance(value, str):
        text = " ".join(value.split())
        match = PER_CENT_TEXT.match(text)
        if match:
            if unit != Unit.PERCENT:
                raise CellProblem(f"“{text}” is a percentage, but this target counts a number.")
            number = _decimal(match["number"])
        elif PLAIN_NUMBER.match(text):
            number = _decimal(text)
            if unit == Unit.PERCENT and 0 < number <= 1:
                raise CellProblem(
                    f"{text} is ambiguous for a per cent target: write 37 (or 37%) for 37 per "
                    f'cent, or "{text} per cent" if you mean less than one per cent.'
                )
        else:
            raise CellProblem(
                f"“{text[:40]}” is text where a number belongs; write a number such as 37"
                + (", 37% or 37 per cent." if unit == Unit.PERCENT else ".")
            )
    else:
        raise CellProblem("this cell does not hold a number.")
    if number < 0:
        raise CellProblem(f"{number} is negative; a result cannot be below zero.")
    if unit == Unit.PERCENT and number > 100:
        raise CellProblem(f"{number} per cent is more than 100 per cent.")
    return _two_decimals(number)


def read_text(cell: SheetCell, column: Column) -> str:
    value = cell.value
    if _is_blank(value):
        return ""
    if isinstance(value, datetime | date):
        raise CellProblem("a date where text belongs; write it as text.")
    if isinstance(value, bool):
        raise CellProblem("TRUE/FALSE where text belongs; write it as text.")
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = str(value).replace("\r\n", "\n").replace("\r", "\n").strip()
    if column.max_length and len(text) > column.max_length:
        raise CellProblem(
            f"the text is {len(text)} characters long; at most {column.max_length} are taken."
        )
    if column.key == "evidence_url":
        try:
            URLValidator(schemes=["http", "https"])(text)
        except ValidationError as exc:
            raise CellProblem("not a web address (it starts with https://).") from exc
    return text


def read_choice(cell: SheetCell, column: Column) -> str:
    """The stored value for a drop-down label; blank only where blank is allowed."""
    text = read_text(cell, column)
    labels = DECLARED_STATUS_LABELS if column.key == "declared_status" else ACTION_STATE_LABELS
    if not text:
        if column.key == "declared_status":
            return ""
        raise CellProblem(f"choose one of: {', '.join(labels)}.")
    for label, stored in labels.items():
        if text.casefold() in (label.casefold(), stored.casefold()):
            return stored
    raise CellProblem(f"“{text[:40]}” is not in the list; choose one of: {', '.join(labels)}.")


def read_yes_no(cell: SheetCell) -> bool:
    value = cell.value
    if _is_blank(value):
        return False
    if isinstance(value, bool):
        return value
    text = str(value).strip().casefold()
    if text in (YES.casefold(), "y", "true"):
        return True
    if text in (NO.casefold(), "n", "false"):
        return False
    raise CellProblem(f"“{str(value)[:40]}”: write Yes or No.")


def read_date(cell: SheetCell) -> date | None:
    value = cell.value
    if _is_blank(value):
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        try:
            return date.fromisoformat(value.strip())
        except ValueError as exc:
            raise CellProblem(f"“{value[:40]}” is not a date; write it as 2021-12-31.") from exc
    raise CellProblem(
        "a number where a date belongs; format the cell as a date or write 2021-12-31."
    )


def read_id(cell: SheetCell, *, required: bool = True) -> int | None:
    value = cell.value
    if _is_blank(value):
        if required:
            raise CellProblem("the ID is missing; keep the IDs the workbook was exported with.")
        return None
    if isinstance(value, bool):
        raise CellProblem("not an ID.")
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, int) and value > 0:
        return value
    if isinstance(value, str) and value.strip().isdigit():
        return int(value.strip())
    raise CellProblem(f"“{str(value)[:40]}” is not an ID (a whole number).")


def read_code(cell: SheetCell) -> str:
    value = cell.value
    return "" if _is_blank(value) else str(value).strip()


def read_cell(cell: SheetCell, column: Column, *, unit: str = "") -> Any:
    if column.kind == Kind.NUMBER:
        return read_value(cell, unit)
    if column.kind == Kind.TEXT:
        return read_text(cell, column)
    if column.kind == Kind.CHOICE:
        return read_choice(cell, column)
    if column.kind == Kind.YES_NO:
        return read_yes_no(cell)
    if column.kind == Kind.DATE:
        return read_date(cell)
    raise ValueError(f"{column.kind} columns are not read this way")
