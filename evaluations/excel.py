"""The recommendation tracker as an Excel workbook, in the evaluation documents' layout.

One sheet per evaluation: the recommendation, then Responsible unit · Priority · Time
implication · Resource implication as the documents' tables print them, the Office's response,
and the latest follow-up. Every text a person wrote passes through ``write_text``, the rule every
export of the app follows (``workbooks.cells``).
"""

from __future__ import annotations

import re
from io import BytesIO

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from evaluations.selectors import GROUPINGS, RecommendationRow
from workbooks.cells import write_text

SHEET_NAME_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")

COLUMNS = [
    (gettext_lazy("No."), 6),
    (gettext_lazy("Recommendation"), 70),
    (gettext_lazy("Responsible unit"), 32),
    (gettext_lazy("Priority"), 10),
    (gettext_lazy("Time implication"), 20),
    (gettext_lazy("Resource implication"), 20),
    (gettext_lazy("Office response"), 15),
    (gettext_lazy("Office response text"), 60),
    (gettext_lazy("Follow-up year"), 10),
    (gettext_lazy("Follow-up state"), 18),
    (gettext_lazy("Follow-up note"), 60),
]
HEADER_ROW = 4
WRAP_TOP = Alignment(wrap_text=True, vertical="top")


def _sheet_name(title: str, taken: set[str]) -> str:
    base = SHEET_NAME_FORBIDDEN.sub(" ", title).strip()[:31] or "Evaluation"
    name, counter = base, 2
    while name.lower() in taken:
        suffix = f" ({counter})"
        name, counter = base[: 31 - len(suffix)] + suffix, counter + 1
    taken.add(name.lower())
    return name


def _recommendation_text(row: RecommendationRow) -> str:
    recommendation = row.recommendation
    parts = [f"{recommendation.label}. {recommendation.title}"]
    if recommendation.summary:
        parts.append(recommendation.summary)
    sub_actions = [f"• {line.text}" for line in recommendation.sub_actions.all()]
    if sub_actions:
        parts.append("\n".join(sub_actions))
    return "\n\n".join(parts)


def _write_row(sheet: Worksheet, number: int, row: RecommendationRow) -> None:
    recommendation, response = row.recommendation, row.response
    texts = [
        _recommendation_text(row),
        recommendation.responsible_units_text or ", ".join(u.acronym for u in row.units),
        recommendation.get_priority_display(),
        recommendation.time_implication,
        recommendation.resource_implication_display,
        response.position_display if response else "",
        response.text if response else "",
    ]
    sheet.cell(number, 1, recommendation.number)
    for column, text in enumerate(texts, start=2):
        write_text(sheet.cell(number, column), text)
    sheet.cell(number, 9, row.state_year)
    write_text(sheet.cell(number, 10), row.state_label)
    write_text(sheet.cell(number, 11), row.follow_up_note)
    for cell in sheet[number]:
        cell.alignment = WRAP_TOP


def tracker_workbook(rows: list[RecommendationRow]) -> Workbook:
    workbook = Workbook()
    first = workbook.active
    taken: set[str] = set()
    groups = GROUPINGS["evaluation"].group_by(rows)
    if not groups:
        first.title = _("Recommendations")
        write_text(first["A1"], _("No recommendations are loaded."))
        return workbook
    workbook.remove(first)
    for group in groups:
        evaluation = group.rows[0].recommendation.evaluation
        sheet = workbook.create_sheet(_sheet_name(evaluation.short_title, taken))
        write_text(sheet.cell(1, 1), evaluation.title)
        sheet.cell(1, 1).font = Font(bold=True, size=13)
        described = [_("Document: %(document)s") % {"document": evaluation.document}]
        if evaluation.period:
            described.append(_("Period evaluated: %(period)s") % {"period": evaluation.period})
        write_text(sheet.cell(2, 1), " · ".join(described))
        for column, (heading, width) in enumerate(COLUMNS, start=1):
            cell = write_text(sheet.cell(HEADER_ROW, column), heading)
            cell.font = Font(bold=True)
            cell.fill = PatternFill("solid", fgColor="F3F5F7")
            cell.alignment = WRAP_TOP
            sheet.column_dimensions[get_column_letter(column)].width = width
        for offset, row in enumerate(group.rows, start=1):
            _write_row(sheet, HEADER_ROW + offset, row)
        sheet.freeze_panes = sheet.cell(HEADER_ROW + 1, 2)
        sheet.auto_filter.ref = f"A{HEADER_ROW}:{get_column_letter(len(COLUMNS))}{sheet.max_row}"
    return workbook


def workbook_bytes(workbook: Workbook) -> bytes:
    buffer = BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
