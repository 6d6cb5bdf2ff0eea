"""The data workbook: a year's results and the accelerating actions, to edit and import back.

Sheets: Instructions, Results (one row per target), Actions (one row per action, with its French
and Spanish versions beside it, then empty rows for new ones). The plan's texts shown for reading
(indicators, targets, units) are in the exporter's language where the plan has them in it. IDs
and versions are locked; choices have drop-down lists; every text goes through
``workbooks.cells``. A user gets only the rows they may see (workbooks.selectors).

The workbook is streamed: rows are read in chunks and appended to a write-only workbook, each
cell from a style made once per column (workbooks.cell_styles).
"""

from __future__ import annotations

from io import BytesIO
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, NamedStyle, PatternFill, Protection
from openpyxl.utils import get_column_letter
from openpyxl.worksheet._write_only import WriteOnlyWorksheet
from openpyxl.worksheet.datavalidation import DataValidation

from custodians.models import CustodianUnit
from custodians.plan_texts import in_language
from custodians.roles import User, is_reviewer, units_of
from indicators.models import AcceleratingAction, ActionPlan, Unit
from indicators.review import review_mark
from workbooks.cell_styles import CellStyle
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
    column_letter,
    column_position,
    per_cent_format,
)
from workbooks.selectors import phase_for_year, workbook_actions, workbook_targets
from workbooks.target_chunks import RelatedRows, ResultRow, TargetRow

HEADING_FONT = Font(bold=True)
HEADING_FILL = PatternFill("solid", fgColor="D9E1F2")
LOCKED_FILL = PatternFill("solid", fgColor="F2F2F2")
WRAP = Alignment(wrap_text=True, vertical="top")
UNLOCKED = Protection(locked=False)
INFO = Column("", "", Kind.INFO)
EXCEL_LIST_LIMIT = 255  # characters in an inline drop-down list


EDITABLE_STYLE, LOCKED_STYLE, DATE_STYLE = "Data to edit", "Data to read", "Date to edit"


def _named_styles(workbook: Workbook) -> None:
    workbook.add_named_style(NamedStyle(name=EDITABLE_STYLE, alignment=WRAP, protection=UNLOCKED))
    workbook.add_named_style(
        NamedStyle(name=DATE_STYLE, alignment=WRAP, protection=UNLOCKED, number_format=DATE_FORMAT)
    )
    workbook.add_named_style(NamedStyle(name=LOCKED_STYLE, alignment=WRAP, fill=LOCKED_FILL))


def _style_name(spec: Column) -> str:
    if spec.kind == Kind.DATE:
        return DATE_STYLE
    return EDITABLE_STYLE if spec.editable else LOCKED_STYLE


def _column_styles(sheet: WriteOnlyWorksheet, columns: tuple[Column, ...]) -> list[CellStyle]:
    return [CellStyle(sheet, named=_style_name(spec)) for spec in columns]


def _headings(sheet: WriteOnlyWorksheet, columns: tuple[Column, ...]) -> None:
    """Widths, the frozen heading and the protection, then the heading row: a write-only sheet
    takes its widths and panes before its first row."""
    for position, spec in enumerate(columns, start=1):
        sheet.column_dimensions[get_column_letter(position)].width = spec.width
    sheet.freeze_panes = "B2"
    # Locked cells stay locked; people may still resize columns and rows.
    sheet.protection.sheet = True
    sheet.protection.formatColumns = False
    sheet.protection.formatRows = False
    heading = CellStyle(sheet, font=HEADING_FONT, fill=HEADING_FILL, alignment=WRAP)
    sheet.append([heading.cell(spec.heading) for spec in columns])


def _drop_down(
    sheet: WriteOnlyWorksheet,
    columns: tuple[Column, ...],
    key: str,
    choices: list[str],
    last_row: int,
    *,
    allow_blank: bool = True,
) -> None:
    listed = ",".join(choices)
    if not choices or len(listed) > EXCEL_LIST_LIMIT or last_row < 2:
        return  # too long for an inline list: the import checks the value anyway
    letter = column_letter(columns, key)
    validation = DataValidation(
        type="list",
        formula1=f'"{listed}"',
        allow_blank=allow_blank,
        showErrorMessage=True,
        errorTitle=_("Choose from the list"),
        error=_("Choose one of: %(choices)s") % {"choices": ", ".join(choices)},
    )
    validation.add(f"{letter}2:{letter}{last_row}")
    sheet.data_validations.append(validation)


def _custodian_cell(target: TargetRow) -> str:
    return target.custodians_label or ", ".join(
        in_language(unit) for unit in target.custodian_units
    )


def _status_words(target: TargetRow, result: ResultRow | None) -> str:
    """The status as the scorecard words it, marked where the entry is not settled."""
    status = str(target.status_for(result).label)
    mark = review_mark(result.review_state) if result else ""
    return f"{status} ({mark})" if mark else status


def result_row(target: TargetRow, year: int, year_phase_id: int | None) -> dict[str, Any]:
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
        "indicator": in_language(target.indicator),
        "scope": target.scope_label,
        "target": target_text,
        "unit": Unit(target.unit).label if target.unit else "",
        "custodians": _custodian_cell(target),
        "review_state": result.get_review_state_display() if result else _("No entry yet"),
        "status": _status_words(target, result),
    }
    if result is not None:
        row.update(
            value=result.value,
            statement=result.statement,
            data_unavailable=YES if result.data_unavailable else NO,
            unavailable_reason=result.unavailable_reason,
            declared_status=result.get_declared_status_display(),
            explanation=result.explanation,
            evidence_url=result.evidence_url,
        )
    return row


def action_row(action: AcceleratingAction) -> dict[str, Any]:
    target = action.target
    return {
        "action_id": action.pk,
        "version": action.version,
        "target_id": target.pk,
        "indicator_code": target.indicator.code,
        "target": f"{target.scope_label}: {target.display_text}",
        "custodian": action.custodian.acronym,
        "text": action.text,
        "text_fr": action.text_fr,
        "text_es": action.text_es,
        "state": action.get_state_display(),
        "progress_note": action.progress_note,
        "due_date": action.due_date,
        "next_review_date": action.next_review_date,
    }


def _results_sheet(
    sheet: WriteOnlyWorksheet, user: User, plan: ActionPlan, year: int, related: RelatedRows
) -> None:
    _headings(sheet, RESULT_COLUMNS)
    styles = _column_styles(sheet, RESULT_COLUMNS)
    value_at = column_position(RESULT_COLUMNS, "value") - 1
    per_cent_styles = list(styles)
    per_cent_styles[value_at] = CellStyle(
        sheet, named=_style_name(RESULT_COLUMNS[value_at]), number_format=per_cent_format()
    )
    phase = phase_for_year(plan, year)
    phase_id = phase.pk if phase else None
    row = 1
    targets = workbook_targets(user=user, plan=plan, year=year, related=related)
    for row, target in enumerate(targets, start=2):  # noqa: B007
        values = result_row(target, year, phase_id)
        row_styles = per_cent_styles if target.unit == Unit.PERCENT else styles
        sheet.append(
            [
                style.cell(values.get(spec.key))
                for spec, style in zip(RESULT_COLUMNS, row_styles, strict=True)
            ]
        )
    _drop_down(sheet, RESULT_COLUMNS, "data_unavailable", [str(YES), str(NO)], row)
    _drop_down(sheet, RESULT_COLUMNS, "declared_status", choice_labels("declared_status"), row)


def _new_action_units(user: User) -> list[str]:
    units = CustodianUnit.objects.all() if is_reviewer(user) else units_of(user)
    return list(units.order_by("acronym").values_list("acronym", flat=True))


def _open_row_style(sheet: WriteOnlyWorksheet, spec: Column) -> CellStyle | None:
    """A new action's cell: the target and the custodian are typed here, the ID stays empty."""
    unlocked = spec.editable or spec.key in ("target_id", "custodian")
    date = spec.kind == Kind.DATE
    if not (unlocked or date):
        return None
    return CellStyle(
        sheet,
        protection=UNLOCKED if unlocked else None,
        number_format=DATE_FORMAT if date else None,
    )


def _actions_sheet(
    sheet: WriteOnlyWorksheet, user: User, plan: ActionPlan, related: RelatedRows
) -> None:
    _headings(sheet, ACTION_COLUMNS)
    styles = _column_styles(sheet, ACTION_COLUMNS)
    row = 1
    for row, action in enumerate(workbook_actions(user=user, plan=plan, related=related), start=2):  # noqa: B007
        values = action_row(action)
        sheet.append(
            [
                style.cell(values.get(spec.key))
                for spec, style in zip(ACTION_COLUMNS, styles, strict=True)
            ]
        )
    open_styles = [_open_row_style(sheet, spec) for spec in ACTION_COLUMNS]
    for _row in range(NEW_ACTION_ROWS):
        sheet.append([style.cell() if style else None for style in open_styles])
    row += NEW_ACTION_ROWS
    _drop_down(sheet, ACTION_COLUMNS, "state", choice_labels("state"), row, allow_blank=False)
    _drop_down(sheet, ACTION_COLUMNS, "custodian", _new_action_units(user), row)


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


def _instructions_sheet(sheet: WriteOnlyWorksheet, user: User, plan: ActionPlan, year: int) -> None:
    sheet.column_dimensions["A"].width = 110
    sheet.column_dimensions["B"].width = 50
    label = CellStyle(sheet, font=HEADING_FONT)
    fact = CellStyle(sheet, named=_style_name(INFO))
    facts = (
        (_("Plan"), plan.title),
        (_("Year"), year),
        (_("Exported for"), user.get_username()),
        (_("Exported at"), timezone.localtime().strftime("%Y-%m-%d %H:%M")),
    )
    for name, value in facts:
        sheet.append([label.cell(name), fact.cell(value)])
    sheet.append([])
    title, line = INSTRUCTIONS[0], INSTRUCTIONS[1:]
    sheet.append([CellStyle(sheet, font=HEADING_FONT, alignment=WRAP).cell(title)])
    text = CellStyle(sheet, alignment=WRAP)
    for instruction in line:
        sheet.append([text.cell(instruction)])


def data_workbook(*, user: User, plan: ActionPlan, year: int) -> Workbook:
    """The data workbook written to a write-only workbook, ready to save once."""
    workbook = Workbook(write_only=True)
    workbook.properties.title = _("%(plan)s: data for %(year)s") % {
        "plan": plan.title,
        "year": year,
    }
    workbook.properties.creator = _("Action Plan monitor")
    _named_styles(workbook)
    _instructions_sheet(workbook.create_sheet(INSTRUCTIONS_SHEET), user, plan, year)
    related = RelatedRows()  # the small tables both sheets refer to, read once
    _results_sheet(workbook.create_sheet(RESULTS_SHEET), user, plan, year, related)
    _actions_sheet(workbook.create_sheet(ACTIONS_SHEET), user, plan, related)
    return workbook


def data_workbook_bytes(*, user: User, plan: ActionPlan, year: int) -> bytes:
    buffer = BytesIO()
    data_workbook(user=user, plan=plan, year=year).save(buffer)
    return buffer.getvalue()
