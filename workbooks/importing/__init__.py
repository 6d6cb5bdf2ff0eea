"""Importing an edited data workbook: read safely, check every row, show the changes, apply."""

from workbooks.importing.applying import apply_workbook
from workbooks.importing.checking import (
    CheckedChunk,
    ImportCheck,
    RowChange,
    check_workbook,
    checked_chunks,
)
from workbooks.importing.problems import Problem, WorkbookRefused

__all__ = [
    "CheckedChunk",
    "ImportCheck",
    "Problem",
    "RowChange",
    "WorkbookRefused",
    "apply_workbook",
    "check_workbook",
    "checked_chunks",
]
