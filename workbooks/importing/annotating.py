"""The person's own workbook back, with each bad cell highlighted and its problem in a comment."""

from __future__ import annotations

from io import BytesIO

import openpyxl
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl.comments import Comment
from openpyxl.styles import PatternFill

from workbooks.cells import write_text
from workbooks.importing.problems import Problem

BAD_CELL = PatternFill("solid", fgColor="FFC7CE")
# The sheet of the marked copy that lists the problems, in the language of the import's job.
PROBLEMS_SHEET = gettext_lazy("Problems found")


def annotated_workbook(content: bytes, problems: list[Problem]) -> bytes:
    """Only for a file that opened (its problems are in its cells); the caller checks that."""
    workbook = openpyxl.load_workbook(BytesIO(content), keep_links=False)
    notes: dict[tuple[str, str], list[str]] = {}
    for problem in problems:
        if problem.sheet in workbook.sheetnames and problem.row:
            column = problem.column or "A"
            notes.setdefault((problem.sheet, f"{column}{problem.row}"), []).append(problem.message)
    for (sheet, ref), messages in notes.items():
        cell = workbook[sheet][ref]
        cell.fill = BAD_CELL
        comment = Comment("\n".join(messages), _("Action Plan monitor"))
        comment.width, comment.height = 320, 40 + 30 * len(messages)
        cell.comment = comment
    title = str(PROBLEMS_SHEET)
    if title in workbook.sheetnames:
        del workbook[title]
    listing = workbook.create_sheet(title, 0)
    headings = (_("Sheet"), _("Row"), _("Column"), _("Problem"))
    for column, heading in enumerate(headings, start=1):
        write_text(listing.cell(row=1, column=column), heading)
    for row, problem in enumerate(problems, start=2):
        write_text(listing.cell(row=row, column=1), problem.sheet or _("(the file)"))
        listing.cell(row=row, column=2).value = problem.row
        write_text(listing.cell(row=row, column=3), problem.column)
        write_text(listing.cell(row=row, column=4), problem.message)
    listing.column_dimensions["D"].width = 100
    workbook.active = 0
    buffer = BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
