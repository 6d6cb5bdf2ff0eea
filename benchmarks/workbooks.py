"""Workbook export and import rates and peaks, each beside openpyxl's raw rate on the same cells."""

from __future__ import annotations

import io
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from decimal import Decimal
from pathlib import Path
from unittest import mock

from django.db import transaction
from django.test.utils import override_settings
from openpyxl import Workbook, load_workbook
from openpyxl.cell import WriteOnlyCell

from benchmarks import raw_limits
from benchmarks.measure import median_time, peak_memory_mb, ratio
from custodians.roles import User
from indicators.models import ActionPlan
from workbooks.appendix import appendix_bytes, appendix_for
from workbooks.data_workbook import RESULTS_SHEET, data_workbook_bytes
from workbooks.importing import apply_workbook, check_workbook, reading
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
    # Exports: openpyxl writing the same values with no styles, heights or merges.
    values_only_rows_per_second: float | None = None

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
        cells = raw_limits.workbook_cells(_write(folder, content))
        raw = median_time(lambda: raw_limits.write_only_styled(path, cells), runs=runs)
        raw_peak = (
            peak_memory_mb(lambda: raw_limits.write_only_styled(path, cells)) if memory else 0.0
        )
        values = cells.values()
        values_only = median_time(lambda: raw_limits.write_only(path, values), runs=runs)
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
        round(rows / values_only.median_s),
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


@dataclass(frozen=True)
class PeakFigure:
    operation: str
    rows: int
    peak_mb: float

    def as_dict(self) -> dict:
        return asdict(self)


def big_workbook_peaks(*, user: User, plan: ActionPlan, year: int) -> list[PeakFigure]:
    """The memory goal on a large plan: each export, the dry run and the real import traced once.

    Only peaks: rates are measured on the 10,000-target plan. The real import changes every
    tenth result (it still reads and checks every row) and is undone afterwards.
    """
    phase = phase_for_year(plan, year)
    built: dict[str, bytes] = {}

    def appendix() -> None:
        appendix_for_plan = appendix_for(
            user=user, plan=plan, phase=phase, year=year, only_off_track=False
        )
        built["appendix"] = appendix_bytes(appendix_for_plan)

    def data() -> None:
        built["data"] = data_workbook_bytes(user=user, plan=plan, year=year)

    appendix_peak = peak_memory_mb(appendix)
    data_peak = peak_memory_mb(data)
    content = built["data"]
    rows = _rows(content)
    changed = edited(content, every=10)
    with _limits_lifted(content, rows):
        dry_peak = peak_memory_mb(lambda: check_workbook(content, user=user))
        real_peak = peak_memory_mb(
            lambda: _undone(
                lambda: apply_workbook(changed, user=user, reason="benchmark", source="benchmark")
            )
        )
    return [
        PeakFigure("GB appendix export", _rows(built["appendix"]), round(appendix_peak, 1)),
        PeakFigure("data workbook export", rows, round(data_peak, 1)),
        PeakFigure("import dry run", rows, round(dry_peak, 1)),
        PeakFigure("import (every 10th result changed)", rows, round(real_peak, 1)),
    ]


def edited(content: bytes, *, every: int = 1) -> bytes:
    """The data workbook with the value of every ``every``-th numeric result changed.

    Copied row by row (read-only in, write-only out, number formats and text types kept), so
    that a 100,000-row workbook is never held whole.
    """
    source = load_workbook(io.BytesIO(content), read_only=True, keep_links=False)
    copy = Workbook(write_only=True)
    try:
        for sheet in source.worksheets:
            out = copy.create_sheet(sheet.title)
            column = None
            for number, row in enumerate(sheet.iter_rows(), start=1):
                if number == 1 and sheet.title == RESULTS_SHEET:
                    column = next(c.column for c in row if c.value == "Value")
                cells = []
                for cell in row:
                    value = cell.value
                    if (
                        column is not None
                        and number > 1
                        and (number - 2) % every == 0
                        and cell.column == column
                        and isinstance(value, int | float | Decimal)
                    ):
                        value = float(value) + 0.5 if float(value) <= 99 else 1
                    written = WriteOnlyCell(out, value)
                    if cell.data_type == "s":
                        written.data_type = "s"  # text starting with "=" stays text
                    written.number_format = cell.number_format or "General"
                    cells.append(written)
                out.append(cells)
    finally:
        source.close()
    buffer = io.BytesIO()
    copy.save(buffer)
    return buffer.getvalue()


@contextmanager
def _limits_lifted(content: bytes, rows: int) -> Iterator[None]:
    """The 100,000-row workbook is beyond the limits an upload has (rows, size, unpacked size):
    they are lifted here, so that what is measured is the reading and checking itself."""
    with (
        override_settings(
            WORKBOOK_MAX_ROWS=max(rows, reading.max_rows()),
            WORKBOOK_MAX_UPLOAD_BYTES=max(len(content), reading.max_upload_bytes()),
        ),
        # A data row unpacks to well under 2,000 bytes of sheet XML.
        mock.patch.object(reading, "MAX_MEMBER_BYTES", max(reading.MAX_MEMBER_BYTES, rows * 2_000)),
        mock.patch.object(reading, "MAX_TOTAL_BYTES", max(reading.MAX_TOTAL_BYTES, rows * 4_000)),
    ):
        yield


def import_figures(
    *, user: User, content: bytes, runs: int, memory: bool = True
) -> list[RateFigure]:
    rows = _rows(content)
    with _limits_lifted(content, rows):
        return _import_figures(user=user, content=content, rows=rows, runs=runs, memory=memory)


def _import_figures(
    *, user: User, content: bytes, rows: int, runs: int, memory: bool
) -> list[RateFigure]:
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

    def real_import() -> None:
        apply_workbook(changed, user=user, reason="benchmark", source="benchmark")

    # The peak of the same import, in a transaction undone afterwards.
    real_peak = peak_memory_mb(lambda: _undone(real_import)) if memory else 0.0
    # The real import writes every changed result once: measured once, on a fresh edit.
    real = median_time(real_import, runs=1, warmup=0)
    return [
        figure("import dry run", dry.median_s, dry_peak),
        figure("import (every result changed)", real.median_s, real_peak),
    ]


class _Undo(Exception):
    pass


def _undone(work: Callable[[], object]) -> None:
    """Run ``work`` in a transaction and roll it back."""
    try:
        with transaction.atomic():
            work()
            raise _Undo
    except _Undo:
        pass
