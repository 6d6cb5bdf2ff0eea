"""What one cell of the data workbook means: a number, a text, a choice, a date, an ID.

Only the cell's content is read here (its type, its format, the words typed). Whether the entry
may hold it — ranges, decimals, text lengths, what goes with what — is the entry rule's to say
(``indicators.result_rules``), as for the browser form.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from decimal import Decimal
from functools import cache
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from indicators.models import Unit
from workbooks.importing.reading import SheetCell
from workbooks.layout import (
    NO,
    YES,
    Column,
    Kind,
    choice_from,
    choice_labels,
    is_per_cent_format,
    per_cent_words,
    yes_no_from,
)

NUMBER = r"[+-]?[0-9]+(?:\.[0-9]+)?"

PLAIN_NUMBER = re.compile(rf"^{NUMBER}$")


class CellProblem(ValueError):
    """The cell's content cannot be taken; the message says what to write instead."""


def _is_blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


MISSING_FORMAT = gettext_lazy(
    "The cell refers to a cell format that the file does not contain (spreadsheet programs "
    "never write this: the file was made by another program or is damaged). Save the workbook "
    "again from your spreadsheet program and upload it."
)


def _number_format(cell: SheetCell) -> str:
    """The cell's format; openpyxl looks it up by its number in the file's list of formats,
    which a crafted file can make point past the list's end."""
    try:
        return cell.number_format or ""
    except IndexError:
        raise CellProblem(str(MISSING_FORMAT)) from None


def _number_format_is_fraction(number_format: str) -> bool:
    """A percentage format (0%, 0.0%): the cell holds 0.37 and shows 37%."""
    unquoted = re.sub(r'"[^"]*"', "", number_format or "")
    return "%" in unquoted


def _number_format_is_per_cent(number_format: str) -> bool:
    """Our own export format, which shows 37 as "37 per cent" (in the exporter's language)."""
    return is_per_cent_format(number_format)


@cache
def _per_cent_pattern() -> re.Pattern[str]:
    words = {"per cent", "percent", *per_cent_words()}
    spelled = "|".join(r"\s*".join(re.escape(part) for part in w.split()) for w in sorted(words))
    return re.compile(rf"^(?P<number>{NUMBER})\s*(?:%|{spelled})$", re.I)


def _per_cent_text(text: str) -> re.Match[str] | None:
    """37%, 37 per cent, 37 percent, or "per cent" in any language of the site (37 pour cent)."""
    return _per_cent_pattern().match(text)


def _ambiguous(shown: Any) -> CellProblem:
    return CellProblem(
        _(
            "%(shown)s is ambiguous for a per cent target: write 37 (or 37%%) for 37 per cent, "
            'or "%(shown)s per cent" if you mean less than one per cent.'
        )
        % {"shown": shown}
    )


def read_value(cell: SheetCell, unit: str) -> Decimal | None:
    """A result's value in the target's unit. For per cent targets: 37, "37%", "37 per cent",
    or a cell formatted as a percentage (0.37 shown as 37%). A bare 0.37 could be 0.37 or 37 per
    cent and is refused. A milestone's number (``unit`` empty) is read as it is: the entry rule
    says that a milestone takes none."""
    value = cell.value
    if _is_blank(value):
        return None
    if isinstance(value, bool):
        raise CellProblem(_("TRUE/FALSE where a number belongs; write the number."))
    if isinstance(value, datetime | date):
        raise CellProblem(
            _(
                "A date where a number belongs (the cell is probably formatted as a date); "
                "write the number and format the cell as a number."
            )
        )
    if isinstance(value, int | float):
        number = Decimal(str(value))
        if unit == Unit.PERCENT and _number_format_is_fraction(_number_format(cell)):
            return (number * 100).normalize()
        if (
            unit == Unit.PERCENT
            and not _number_format_is_per_cent(_number_format(cell))
            and 0 < number <= 1
        ):
            raise _ambiguous(value)
        return number
    if not isinstance(value, str):
        raise CellProblem(_("This cell does not hold a number."))
    text = " ".join(value.split())
    match = _per_cent_text(text)
    if match:
        if unit and unit != Unit.PERCENT:
            raise CellProblem(
                _("“%(text)s” is a percentage, but this target counts a number.") % {"text": text}
            )
        return Decimal(match["number"])
    if PLAIN_NUMBER.match(text):
        number = Decimal(text)
        if unit == Unit.PERCENT and 0 < number <= 1:
            raise _ambiguous(text)
        return number
    if unit == Unit.PERCENT:
        message = _(
            "“%(text)s” is text where a number belongs; write a number such as 37, 37%% or 37 "
            "per cent."
        )
    else:
        message = _("“%(text)s” is text where a number belongs; write a number such as 37.")
    raise CellProblem(message % {"text": text[:40]})


def read_text(cell: SheetCell) -> str:
    value = cell.value
    if _is_blank(value):
        return ""
    if isinstance(value, datetime | date):
        raise CellProblem(_("A date where text belongs; write it as text."))
    if isinstance(value, bool):
        raise CellProblem(_("TRUE/FALSE where text belongs; write it as text."))
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).replace("\r\n", "\n").replace("\r", "\n").strip()


def _listed(labels: Any) -> str:
    return ", ".join(str(label) for label in labels)


def read_choice(cell: SheetCell, column: Column) -> str:
    """The stored value for a drop-down label. A blank declared status is "nothing declared"
    (the entry rule says when one is needed); a blank state is not one of the states, as in the
    form."""
    text = read_text(cell)
    if not text:
        if column.key == "declared_status":
            return ""
        listed = _listed(choice_labels(column.key))
        raise CellProblem(_("Choose one of: %(choices)s.") % {"choices": listed})
    stored = choice_from(column.key, text)  # the label in any of the languages, or the value
    if stored is not None:
        return stored
    raise CellProblem(
        _("“%(text)s” is not in the list; choose one of: %(choices)s.")
        % {"text": text[:40], "choices": _listed(choice_labels(column.key))}
    )


def read_yes_no(cell: SheetCell) -> bool:
    value = cell.value
    if _is_blank(value):
        return False
    if isinstance(value, bool):
        return value
    answer = yes_no_from(str(value))
    if answer is not None:
        return answer
    raise CellProblem(
        _("“%(value)s”: write %(yes)s or %(no)s.")
        % {"value": str(value)[:40], "yes": str(YES), "no": str(NO)}
    )


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
            raise CellProblem(
                _("“%(value)s” is not a date; write it as 2021-12-31.") % {"value": value[:40]}
            ) from exc
    raise CellProblem(
        _("A number where a date belongs; format the cell as a date or write 2021-12-31.")
    )


def read_id(cell: SheetCell, *, required: bool = True) -> int | None:
    value = cell.value
    if _is_blank(value):
        if required:
            raise CellProblem(_("The ID is missing; keep the IDs the workbook was exported with."))
        return None
    if isinstance(value, bool):
        raise CellProblem(_("Not an ID."))
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, int) and value > 0:
        return value
    if isinstance(value, str) and value.strip().isdigit():
        return int(value.strip())
    raise CellProblem(_("“%(value)s” is not an ID (a whole number).") % {"value": str(value)[:40]})


def read_code(cell: SheetCell) -> str:
    value = cell.value
    return "" if _is_blank(value) else str(value).strip()


def read_cell(cell: SheetCell, column: Column, *, unit: str = "") -> Any:
    if column.kind == Kind.NUMBER:
        return read_value(cell, unit)
    if column.kind == Kind.TEXT:
        return read_text(cell)
    if column.kind == Kind.CHOICE:
        return read_choice(cell, column)
    if column.kind == Kind.YES_NO:
        return read_yes_no(cell)
    if column.kind == Kind.DATE:
        return read_date(cell)
    raise ValueError(f"{column.kind} columns are not read this way")
