"""The raw limits an export or import is compared with: openpyxl doing nothing but the I/O."""

from __future__ import annotations

from pathlib import Path

from openpyxl import Workbook, load_workbook


def write_only(path: Path, sheets: dict[str, list[list[object]]]) -> None:
    """openpyxl in write-only mode writing exactly these cells, nothing else."""
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


def cell_rows(path: Path) -> dict[str, list[list[object]]]:
    """Every sheet's cell values, to write the same cells again as the raw baseline."""
    workbook = load_workbook(path, read_only=True, data_only=True, keep_links=False)
    try:
        return {
            sheet.title: [list(row) for row in sheet.iter_rows(values_only=True)]
            for sheet in workbook.worksheets
        }
    finally:
        workbook.close()
