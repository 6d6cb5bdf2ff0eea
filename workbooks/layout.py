"""The data workbook's sheets and columns: the one description both the export and the import read.

Row 1 of each data sheet holds these headings, in this order; the import refuses a sheet whose
headings differ, so a column cannot silently move or go missing. The editable columns' keys are
the fields' names in ``indicators.result_rules``, whose messages go to the cells they name; what
a cell may hold (lengths, ranges) is that rule's, with the limits of ``indicators.limits``.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from openpyxl.utils import get_column_letter

from indicators.models import AcceleratingAction, Result

RESULTS_SHEET = "Results"
ACTIONS_SHEET = "Actions"
INSTRUCTIONS_SHEET = "Instructions"
DATA_SHEETS = (RESULTS_SHEET, ACTIONS_SHEET)

YES, NO = "Yes", "No"
DECLARED_STATUS_LABELS = {label: value for value, label in Result.DeclaredStatus.choices}
ACTION_STATE_LABELS = {label: value for value, label in AcceleratingAction.State.choices}


class Kind(StrEnum):
    ID = "id"  # a stable reference, locked in the sheet
    INFO = "info"  # shown for reading, locked, not imported
    NUMBER = "number"
    TEXT = "text"
    CHOICE = "choice"
    DATE = "date"
    YES_NO = "yes_no"


@dataclass(frozen=True)
class Column:
    heading: str
    key: str
    kind: Kind
    width: int = 16
    choices: tuple[str, ...] = ()

    @property
    def editable(self) -> bool:
        return self.kind not in (Kind.ID, Kind.INFO)


RESULT_COLUMNS: tuple[Column, ...] = (
    Column("Target ID", "target_id", Kind.ID, 10),
    Column("Year", "year", Kind.ID, 7),
    Column("Version", "version", Kind.ID, 8),
    Column("Indicator code", "indicator_code", Kind.INFO, 10),
    Column("Indicator", "indicator", Kind.INFO, 45),
    Column("Scope", "scope", Kind.INFO, 16),
    Column("Target", "target", Kind.INFO, 24),
    Column("Unit", "unit", Kind.INFO, 9),
    Column("Custodian(s)", "custodians", Kind.INFO, 24),
    Column("Review state", "review_state", Kind.INFO, 11),
    Column("Status", "status", Kind.INFO, 14),
    Column("Value", "value", Kind.NUMBER, 11),
    Column("Statement", "statement", Kind.TEXT, 30),
    Column("Data unavailable", "data_unavailable", Kind.YES_NO, 11, choices=(YES, NO)),
    Column("Reason data unavailable", "unavailable_reason", Kind.TEXT, 28),
    Column(
        "Declared status",
        "declared_status",
        Kind.CHOICE,
        14,
        choices=tuple(DECLARED_STATUS_LABELS),
    ),
    Column("Explanation", "explanation", Kind.TEXT, 45),
    Column("Evidence link", "evidence_url", Kind.TEXT, 28),
)

ACTION_COLUMNS: tuple[Column, ...] = (
    Column("Action ID", "action_id", Kind.ID, 10),
    Column("Version", "version", Kind.ID, 8),
    Column("Target ID", "target_id", Kind.ID, 10),
    Column("Indicator code", "indicator_code", Kind.INFO, 10),
    Column("Target", "target", Kind.INFO, 30),
    Column("Custodian", "custodian", Kind.ID, 12),
    Column("Action", "text", Kind.TEXT, 60),
    Column("State", "state", Kind.CHOICE, 13, choices=tuple(ACTION_STATE_LABELS)),
    Column("Progress note", "progress_note", Kind.TEXT, 45),
    Column("Due date", "due_date", Kind.DATE, 12),
    Column("Next review date", "next_review_date", Kind.DATE, 12),
)

COLUMNS = {RESULTS_SHEET: RESULT_COLUMNS, ACTIONS_SHEET: ACTION_COLUMNS}

# Numbers in per cent are written with this format, so the reader sees "37 per cent" and the
# import knows the number is already in per cent (0.5 here is half a per cent, not 50).
PER_CENT_FORMAT = 'General" per cent"'
DATE_FORMAT = "yyyy-mm-dd"
# Empty rows at the end of the Actions sheet, open for new actions.
NEW_ACTION_ROWS = 20


def column_position(columns: tuple[Column, ...], key: str) -> int:
    """The 1-based position of the column with ``key``."""
    return next(i for i, c in enumerate(columns, start=1) if c.key == key)


def column_letter(columns: tuple[Column, ...], key: str) -> str:
    return get_column_letter(column_position(columns, key))
