"""What is wrong with an uploaded workbook, said so that a person can find it and fix it."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

from django.utils.translation import gettext as _


@dataclass(frozen=True)
class Problem:
    """One problem: where (sheet, row, column) and what. An empty sheet means the whole file."""

    message: str
    sheet: str = ""
    row: int | None = None
    column: str = ""  # the column's letter
    heading: str = ""  # the column's heading, when it has one

    def __post_init__(self) -> None:
        # Put in words now, in the language the import runs in: a lazy message would be
        # translated again wherever it is shown, and cannot be stored.
        object.__setattr__(self, "message", str(self.message))
        object.__setattr__(self, "heading", str(self.heading))

    @property
    def place(self) -> str:
        """Where the problem is, in the reader's language: "Sheet “Results”, row 4, column C
        (Value)". A list of places, each put in words on its own."""
        if not self.sheet:
            return _("The file")
        parts = [_("Sheet “%(sheet)s”") % {"sheet": self.sheet}]
        if self.row is not None:
            parts.append(_("row %(row)s") % {"row": self.row})
        if self.column and self.heading:
            parts.append(
                _("column %(column)s (%(heading)s)")
                % {"column": self.column, "heading": self.heading}
            )
        elif self.column:
            parts.append(_("column %(column)s") % {"column": self.column})
        elif self.heading:
            parts.append(_("column “%(heading)s”") % {"heading": self.heading})
        return ", ".join(parts)

    @property
    def has_cell(self) -> bool:
        return bool(self.sheet and self.row and self.column)

    def __str__(self) -> str:
        if not self.sheet:
            return self.message
        return _("%(place)s: %(message)s") % {"place": self.place, "message": self.message}

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, raw: dict[str, Any]) -> Problem:
        return cls(**raw)


class WorkbookRefused(Exception):
    """The workbook cannot be imported; nothing was changed."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__("; ".join(str(p) for p in problems[:3]))
        self.problems = problems
