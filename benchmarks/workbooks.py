"""Workbook export and import rates and peaks, each beside openpyxl's raw rate on the same cells."""

from __future__ import annotations

import io
import tempfile
from dataclasses import asdict, dataclass
from decimal import Decimal
from pathlib import Path

from openpyxl import load_workbook

from benchmarks import raw_limits
from benchmarks.measure import median_time, peak_memory_mb, ratio
from custodians.roles import User
from indicators.models import ActionPlan
from workbooks.appendix import appendix_bytes, appendix_for
from workbooks.data_workbook import RESULTS_SHEET, data_workbook_bytes
from workbooks.importing import apply_workbook, check_workbook
from workbooks.selectors import phase_for_year


@dataclass(frozen=True)
class RateFigure:
    operation: str
    rows: int
    rows_per_second: float
    raw_rows_per_second: float
    ratio_to_raw: float
    peak_mb: float
    raw_peak_mb: float

    def as_dict(self) -> dict:
        return asdict(self)


def _rows(content: bytes) -> int:
    """Rows of every sheet, counted: a write-only workbook records no sheet dimensions."""
    workbook = load_workbook(io.BytesIO(content), read_only=True)
    try:
        return sum(
            sum(1 for _row in sheet.iter_rows(values_only=True)) for sheet in workbook.worksheets
        )
    finally:
        workbook.close()


def _export_figure(name: str, build, *, runs: int, memory: bool) -> tuple[RateFigure, bytes]:
    content = build()
    rows = _rows(content)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "raw.xlsx"
        cells = raw_limits.cell_rows(_write(folder, content))
        raw = median_time(lambda: raw_limits.write_only(path, cells), runs=runs)
        raw_peak = peak_memory_mb(lambda: raw_limits.write_only(path, cells)) if memory else 0.0
    ours = median_time(build, runs=runs)
    peak = peak_memory_mb(build) if memory else 0.0
    return RateFigure(
        name,
        rows,
        round(rows / ours.median_s),
        round(rows / raw.median_s),
        round(ratio(raw.median_s, ours.median_s), 2),
        round(peak, 1),
        round(raw_peak, 1),
    ), content


def _write(folder: str, content: bytes) -> Path:
    path = Path(folder) / "ours.xlsx"
    path.write_bytes(content)
    return path


def export_figures(*, user: User, plan: ActionPlan, year: int, runs: int, memory: bool = True):
    phase = phase_for_year(plan, year)
    appendix, _ = _export_figure(
        "GB appendix export",
        lambda: appendix_bytes(
            appendix_for(user=user, plan=plan, phase=phase, year=year, only_off_track=False)
        ),
        runs=runs,
        memory=memory,
    )
    data, content = _export_figure(
        "data workbook export",
        lambda: data_workbook_bytes(user=user, plan=plan, year=year),
        runs=runs,
        memory=memory,
    )
    return [appendix, data], content


def edited(content: bytes, *, every: int = 1) -> bytes:
    """The data workbook with the value of every ``every``-th numeric result changed."""
    workbook = load_workbook(io.BytesIO(content))
    sheet = workbook[RESULTS_SHEET]
    heading_row, column = next(
        (cell.row, cell.column)
        for row in sheet.iter_rows(min_row=1, max_row=5)
        for cell in row
        if cell.value == "Value"
    )
    for row in range(heading_row + 1, sheet.max_row + 1, every):
        cell = sheet.cell(row=row, column=column)
        if isinstance(cell.value, int | float | Decimal):
            cell.value = float(cell.value) + 0.5 if float(cell.value) <= 99 else 1
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def import_figures(
    *, user: User, content: bytes, runs: int, memory: bool = True
) -> list[RateFigure]:
    rows = _rows(content)
    with tempfile.TemporaryDirectory() as folder:
        path = _write(folder, content)
        raw = median_time(lambda: raw_limits.read_only(path), runs=runs)
        raw_peak = peak_memory_mb(lambda: raw_limits.read_only(path)) if memory else 0.0

    def figure(name: str, seconds: float, peak: float) -> RateFigure:
        return RateFigure(
            name,
            rows,
            round(rows / seconds),
            round(rows / raw.median_s),
            round(ratio(raw.median_s, seconds), 2),
            round(peak, 1),
            round(raw_peak, 1),
        )

    dry = median_time(lambda: check_workbook(content, user=user), runs=runs)
    dry_peak = peak_memory_mb(lambda: check_workbook(content, user=user)) if memory else 0.0
    changed = edited(content)
    # The real import writes every changed result once: measured once, on a fresh edit.
    real = median_time(
        lambda: apply_workbook(changed, user=user, reason="benchmark", source="benchmark"),
        runs=1,
        warmup=0,
    )
    return [
        figure("import dry run", dry.median_s, dry_peak),
        figure("import (every result changed)", real.median_s, 0.0),
    ]
