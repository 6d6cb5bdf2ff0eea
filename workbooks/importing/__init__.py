"""Importing an edited data workbook: read safely, check every row, show the changes, apply."""

from workbooks.importing.applying import apply_workbook
from workbooks.importing.checking import ImportCheck, RowChange, check_workbook
from workbooks.importing.problems import Problem, WorkbookRefused

__all__ = [
    "ImportCheck",
    "Problem",
    "RowChange",
    "WorkbookRefused",
    "apply_workbook",
    "check_workbook",
]
