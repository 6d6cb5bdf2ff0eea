"""The data workbook: a year's results and the accelerating actions, to edit and import back.

Sheets: Instructions, Results (one row per target), Actions (one row per action, with its French
and Spanish versions beside it, then empty rows for new ones). The plan's texts shown for reading
(indicators, targets, units) are in the exporter's language where the plan has them in it. The
cells to read (IDs, versions, the plan's texts) are grey and locked, the cells to edit white and
unlocked; the data sheets are protected, their columns and rows may still be resized; choices
have drop-down lists; every text goes through ``workbooks.cells``. A user gets only the rows
they may see (workbooks.selectors).

The workbook is streamed: rows are read in chunks and each is written by XlsxWriter in
``constant_memory`` mode as it comes (workbooks.xlsx_writing), every cell from a format made once
per workbook.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from xlsxwriter.worksheet import Worksheet

from custodians.models import CustodianUnit
from custodians.roles import User, is_reviewer, units_of
from indicators.models import AcceleratingAction, ActionPlan, Result, Unit
from workbooks.layout import (
    ACTION_COLUMNS,
    ACTIONS_SHEET,
    DATE_FORMAT,
    INSTRUCTIONS_SHEET,
    NEW_ACTION_ROWS,
    NO,
    RESULT_COLUMNS,
    RESULTS_SHEET,
    YES,
    Column,
    Kind,
    choice_labels,
    column_position,
    per_cent_format,
)
from workbooks.row_words import RowWords
from workbooks.selectors import phase_for_year, workbook_actions, workbook_targets
from workbooks.target_chunks import RelatedRows, TargetRow
from workbooks.xlsx_writing import Style, XlsxExport

HEADING_FILL = "#D9E1F2"
LOCKED_FILL = "#F2F2F2"
WRAP = {"text_wrap": True, "valign": "top"}
UNLOCKED = {"locked": False}
# The data sheets are protected: locked cells stay locked; people may still resize columns and
# rows and select any cell, and (as the openpyxl export had it) edit objects and scenarios, of
# which the sheets have none.
PROTECTION = {"format_columns": True, "format_rows": True, "objects": True, "scenarios": True}
INSTRUCTIONS_WIDTHS = (110, 50)


@dataclass(frozen=True)
class Styles:
    """The workbook's formats, each made once. In the rows, cells to edit are white and
    unlocked, cells to read grey and locked, and both wrap their text at the top of the cell; a
    new action's empty cells are only unlocked (and dated)."""

    heading: Style
    editable: Style
    locked: Style
    date: Style
    per_cent: Style  # a value to edit, shown "37 per cent" (workbooks.layout.per_cent_format)
    label: Style
    title: Style
    text: Style
    open: Style  # a new action's cell to type in
    open_date: Style

    @classmethod
    def of(cls, export: XlsxExport) -> Styles:
        editable = {**WRAP, **UNLOCKED}
        return cls(
            heading=export.style(bold=True, bg_color=HEADING_FILL, **WRAP),
            editable=export.style(**editable),
            locked=export.style(bg_color=LOCKED_FILL, **WRAP),
            date=export.style(num_format=DATE_FORMAT, **editable),
            per_cent=export.style(num_format=per_cent_format(), **editable),
            label=export.style(bold=True),
            title=export.style(bold=True, **WRAP),
            text=export.style(**WRAP),
            open=export.style(**UNLOCKED),
            open_date=export.style(num_format=DATE_FORMAT, **UNLOCKED),
        )

    def of_column(self, spec: Column) -> Style:
        if spec.kind == Kind.DATE:
            return self.date
        return self.editable if spec.editable else self.locked

    def of_open_row(self, spec: Column) -> Style | None:
        """A new action's cell: the target and the custodian are typed here, the ID stays
        empty (and is not written)."""
        if spec.kind == Kind.DATE:
            return self.open_date
        if spec.editable or spec.key in ("target_id", "custodian"):
            return self.open
        return None


def _headings(
    export: XlsxExport, sheet: Worksheet, columns: tuple[Column, ...], styles: Styles
) -> None:
    """Widths, the frozen heading row and ID column, the protection, and the heading row."""
    export.column_widths(sheet, (spec.width for spec in columns))
    sheet.freeze_panes(1, 1)  # at B2
    sheet.protect("", PROTECTION)
    export.row(sheet, 0, [spec.heading for spec in columns], [styles.heading] * len(columns))


def _drop_down(
    export: XlsxExport,
    sheet: Worksheet,
    columns: tuple[Column, ...],
    key: str,
    choices: list[str],
    last_row: int,
    *,
    allow_blank: bool = True,
) -> None:
    """A drop-down list on the column's rows 2 to ``last_row`` (as the sheet numbers them)."""
    if last_row < 2:
        return
    column = column_position(columns, key) - 1
    export.drop_down(
        sheet,
        (1, column, last_row - 1, column),
        choices,
        allow_blank=allow_blank,
        error_title=_("Choose from the list"),
        error_message=_("Choose one of: %(choices)s") % {"choices": ", ".join(choices)},
    )


def _custodian_cell(target: TargetRow, words: RowWords) -> str:
    return target.custodians_label or ", ".join(words.name(unit) for unit in target.custodian_units)


def result_row(
    target: TargetRow, year: int, year_phase_id: int | None, words: RowWords
) -> dict[str, Any]:
    result = target.year_results[0] if target.year_results else None
    target_text = target.display_text
    if target.phase_id != year_phase_id:
        target_text = _("%(target)s (%(phase)s target)") % {
            "target": target_text,
            "phase": target.phase.label,
        }
    row: dict[str, Any] = {
        "target_id": target.pk,
        "year": year,
        "version": result.version if result else None,
        "indicator_code": target.indicator.code,
        "indicator": words.name(target.indicator),
        "scope": words.scope(target),
        "target": target_text,
        "unit": words.choice(Unit, target.unit) if target.unit else "",
        "custodians": _custodian_cell(target, words),
        "review_state": (
            words.choice(Result.ReviewState, result.review_state) if result else _("No entry yet")
        ),
        "status": words.status(target.status_for(result), result.review_state if result else None),
    }
    if result is not None:
        row.update(
            value=result.value,
            statement=result.statement,
            data_unavailable=YES if result.data_unavailable else NO,
            unavailable_reason=result.unavailable_reason,
            declared_status=words.choice(Result.DeclaredStatus, result.declared_status),
            explanation=result.explanation,
            evidence_url=result.evidence_url,
        )
    return row


def action_row(action: AcceleratingAction, words: RowWords) -> dict[str, Any]:
    target = action.target
    return {
        "action_id": action.pk,
        "version": action.version,
        "target_id": target.pk,
        "indicator_code": target.indicator.code,
        "target": f"{words.scope(target)}: {target.display_text}",
        "custodian": action.custodian.acronym,
        "text": action.text,
        "text_fr": action.text_fr,
        "text_es": action.text_es,
        "state": words.choice(AcceleratingAction.State, action.state),
        "progress_note": action.progress_note,
        "due_date": action.due_date,
        "next_review_date": action.next_review_date,
    }


def _results_sheet(
    export: XlsxExport,
    styles: Styles,
    user: User,
    plan: ActionPlan,
    year: int,
    related: RelatedRows,
) -> None:
    sheet = export.sheet(RESULTS_SHEET)
    _headings(export, sheet, RESULT_COLUMNS, styles)
    row_styles = [styles.of_column(spec) for spec in RESULT_COLUMNS]
    per_cent_styles = list(row_styles)
    per_cent_styles[column_position(RESULT_COLUMNS, "value") - 1] = styles.per_cent
    phase = phase_for_year(plan, year)
    phase_id = phase.pk if phase else None
    row = 0
    words = RowWords()
    targets = workbook_targets(user=user, plan=plan, year=year, related=related)
    for row, target in enumerate(targets, start=1):  # noqa: B007
        values = result_row(target, year, phase_id, words)
        export.row(
            sheet,
            row,
            [values.get(spec.key) for spec in RESULT_COLUMNS],
            per_cent_styles if target.unit == Unit.PERCENT else row_styles,
        )
    last_row = row + 1  # as the sheet numbers it
    _drop_down(export, sheet, RESULT_COLUMNS, "data_unavailable", [str(YES), str(NO)], last_row)
    declared = choice_labels("declared_status")
    _drop_down(export, sheet, RESULT_COLUMNS, "declared_status", declared, last_row)


def _new_action_units(user: User) -> list[str]:
    units = CustodianUnit.objects.all() if is_reviewer(user) else units_of(user)
    return list(units.order_by("acronym").values_list("acronym", flat=True))


def _actions_sheet(
    export: XlsxExport, styles: Styles, user: User, plan: ActionPlan, related: RelatedRows
) -> None:
    sheet = export.sheet(ACTIONS_SHEET)
    _headings(export, sheet, ACTION_COLUMNS, styles)
    row_styles = [styles.of_column(spec) for spec in ACTION_COLUMNS]
    row = 0
    words = RowWords()
    for row, action in enumerate(workbook_actions(user=user, plan=plan, related=related), start=1):  # noqa: B007
        values = action_row(action, words)
        export.row(sheet, row, [values.get(spec.key) for spec in ACTION_COLUMNS], row_styles)
    open_styles = [styles.of_open_row(spec) for spec in ACTION_COLUMNS]
    empty = [None] * len(ACTION_COLUMNS)
    for _row in range(NEW_ACTION_ROWS):
        row += 1
        export.row(sheet, row, empty, open_styles)
    last_row = row + 1  # as the sheet numbers it
    states = choice_labels("state")
    _drop_down(export, sheet, ACTION_COLUMNS, "state", states, last_row, allow_blank=False)
    _drop_down(export, sheet, ACTION_COLUMNS, "custodian", _new_action_units(user), last_row)


INSTRUCTIONS = (
    gettext_lazy("How to use this workbook"),
    gettext_lazy(
        "Edit the white cells of the Results and Actions sheets; grey cells (IDs, versions, "
        "the indicator, the target) are there to read and are not imported."
    ),
    gettext_lazy(
        "Keep the sheets' names, the headings in row 1 and the order of the columns; do not "
        "merge cells, insert formulas or leave empty rows between rows."
    ),
    # xgettext:no-python-format
    gettext_lazy(
        "Value: a number in the target's unit. For a per cent target write 37, 37% or \"37 per "
        'cent"; a bare 0.37 is refused because it could mean 0.37 or 37 per cent.'
    ),
    gettext_lazy("Data unavailable: Yes or No; with Yes give the reason and leave Value empty."),
    gettext_lazy(
        "Declared status and State: choose from the drop-down list. A statement without a "
        "number needs a declared status; a number decides the status itself, so none is kept "
        "beside it."
    ),
    gettext_lazy(
        "New action: in an empty row of the Actions sheet give the Target ID (from the "
        "Results sheet), your unit's acronym under Custodian, and the action."
    ),
    gettext_lazy(
        "Action (French) and Action (Spanish): the action in those languages, where there is a "
        "version. A version you write is yours, no longer marked as a working translation; if "
        "you reword the action and leave its versions as they were, they are removed, since "
        "they translate the old wording."
    ),
    gettext_lazy("Dates: a date cell, or text written 2021-12-31."),
    gettext_lazy(
        "Then import the workbook on the Workbooks page: you first see every change (old → "
        "new) and confirm; nothing is saved until then, and a workbook with any error saves "
        "nothing."
    ),
    gettext_lazy(
        "Changing an entry that was already submitted or approved needs a reason, asked for "
        "when you confirm."
    ),
)


def _instructions_sheet(
    export: XlsxExport, styles: Styles, user: User, plan: ActionPlan, year: int
) -> None:
    sheet = export.sheet(INSTRUCTIONS_SHEET)
    export.column_widths(sheet, INSTRUCTIONS_WIDTHS)
    facts = (
        (_("Plan"), plan.title),
        (_("Year"), year),
        (_("Exported for"), user.get_username()),
        (_("Exported at"), timezone.localtime().strftime("%Y-%m-%d %H:%M")),
    )
    for row, fact in enumerate(facts):
        export.row(sheet, row, list(fact), [styles.label, styles.locked])
    first = len(facts) + 1  # after an empty row
    title, lines = INSTRUCTIONS[0], INSTRUCTIONS[1:]
    export.cell(sheet, first, 0, title, styles.title)
    for row, instruction in enumerate(lines, start=first + 1):
        export.cell(sheet, row, 0, instruction, styles.text)


def data_workbook_bytes(*, user: User, plan: ActionPlan, year: int) -> bytes:
    """The data workbook of ``plan`` for ``year``, as ``user`` may see it: the .xlsx file."""
    with XlsxExport() as export:
        export.workbook.set_properties(
            {
                "title": _("%(plan)s: data for %(year)s") % {"plan": plan.title, "year": year},
                "author": _("Action Plan monitor"),
            }
        )
        styles = Styles.of(export)
        _instructions_sheet(export, styles, user, plan, year)
        related = RelatedRows()  # the small tables both sheets refer to, read once
        _results_sheet(export, styles, user, plan, year, related)
        _actions_sheet(export, styles, user, plan, related)
        return export.close()
