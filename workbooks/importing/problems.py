"""What is wrong with an uploaded workbook, said so that a person can find it and fix it."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any


@dataclass(frozen=True)
class Problem:
    """One problem: where (sheet, row, column) and what. An empty sheet means the whole file."""

    message: str
    sheet: str = ""
    row: int | None = None
    column: str = ""  # the column's letter
    heading: str = ""  # the column's heading, when it has one

    @property
    def place(self) -> str:
        if not self.sheet:
            return "The file"
        parts = [f"Sheet “{self.sheet}”"]
        if self.row is not None:
            parts.append(f"row {self.row}")
        if self.column:
            parts.append(f"column {self.column}" + (f" ({self.heading})" if self.heading else ""))
        elif self.heading:
            parts.append(f"column “{self.heading}”")
        return ", ".join(parts)

    @property
    def has_cell(self) -> bool:
        return bool(self.sheet and self.row and self.column)

    def __str__(self) -> str:
        if not self.sheet:
            return self.message
        return f"{self.place}: {self.message}"

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
