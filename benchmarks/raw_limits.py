"""The raw limits an export or import is compared with: openpyxl doing nothing but the I/O.

An export's limit is openpyxl writing the same workbook in write-only mode from cells that are
already known: every cell's value, type and style, every row's height, every merged range. It
is what openpyxl costs to write that workbook with nothing else (no database, no layout), so an
export is measured against its own output. The values-only rate (the same values, no styles, no
heights, no merges) is given beside it: it says what the formatting itself costs.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from openpyxl import Workbook, load_workbook
from openpyxl.cell.cell import Cell
from openpyxl.styles.cell_style import StyleArray
from openpyxl.worksheet.cell_range import CellRange

# The workbook's style tables: a styled cell refers to them by index.
STYLE_TABLES = (
    "_fonts",
    "_fills",
    "_borders",
    "_alignments",
    "_protections",
    "_number_formats",
    "_cell_styles",
    "_named_styles",
)


@dataclass(frozen=True)
class SheetCells:
    title: str
    rows: list[list[tuple[Any, str, StyleArray] | None]]  # (value, data type, style) per cell
    heights: dict[int, float]
    merges: list[tuple[int, int, int, int]]  # min_col, min_row, max_col, max_row


@dataclass(frozen=True)
class WorkbookCells:
    styles: dict[str, Any]
    sheets: list[SheetCells]

    def values(self) -> dict[str, list[list[object]]]:
        """The same cells' values only."""
        return {
            sheet.title: [[cell[0] if cell else None for cell in row] for row in sheet.rows]
            for sheet in self.sheets
        }


def workbook_cells(path: Path) -> WorkbookCells:
    """Everything of a workbook that its rows are made of: read once, outside any timing."""
    workbook = load_workbook(path, keep_links=False)
    sheets = []
    for sheet in workbook.worksheets:
        rows = [
            [
                (cell.value, cell.data_type, StyleArray(cell._style))
                if cell.value is not None or cell.has_style
                else None
                for cell in row
            ]
            for row in sheet.iter_rows()
        ]
        heights = {
            number: dimension.height
            for number, dimension in sheet.row_dimensions.items()
            if dimension.height
        }
        merges = [merged.bounds for merged in sheet.merged_cells.ranges]
        sheets.append(SheetCells(sheet.title, rows, heights, merges))
    styles = {name: getattr(workbook, name) for name in STYLE_TABLES}
    return WorkbookCells(styles, sheets)


def write_only_styled(path: Path, cells: WorkbookCells) -> None:
    """openpyxl in write-only mode writing exactly these cells, heights and merges: each cell
    and merged range made from what it holds, appended, and the workbook saved."""
    workbook = Workbook(write_only=True)
    for name, table in cells.styles.items():
        setattr(workbook, name, table)
    for source in cells.sheets:
        sheet = workbook.create_sheet(source.title)
        dimensions = sheet.row_dimensions
        for number, row in enumerate(source.rows, start=1):
            written = []
            for cell in row:
                if cell is None:
                    written.append(None)
                    continue
                value, data_type, style = cell
                out = Cell(sheet, row=1, column=1, style_array=style)
                out._value = value
                out.data_type = data_type
                written.append(out)
            height = source.heights.get(number)
            if height:
                dimensions[number].height = height
            sheet.append(written)
        sheet.merged_cells.ranges.update(
            CellRange(min_col=c1, min_row=r1, max_col=c2, max_row=r2)
            for c1, r1, c2, r2 in source.merges
        )
    workbook.save(path)


def write_only(path: Path, sheets: dict[str, list[list[object]]]) -> None:
    """openpyxl in write-only mode writing exactly these values, nothing else."""
    workbook = Workbook(write_only=True)
    for title, rows in sheets.items():
        sheet = workbook.create_sheet(title)
        for row in rows:
            sheet.append(row)
    workbook.save(path)


def read_only(path: Path) -> int:
    """openpyxl in read-only mode reading every cell value of every sheet; returns the row count."""
    workbook = load_workbook(path, read_only=True, data_only=True, keep_links=False)
    count = 0
    try:
        for sheet in workbook.worksheets:
            for _row in sheet.iter_rows(values_only=True):
                count += 1
    finally:
        workbook.close()
    return count
