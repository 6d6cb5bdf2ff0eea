"""Export and import rates, each measured in turns with the raw library rate on the same cells.

Exports: the GB appendix and the data workbook, each beside XlsxWriter writing the same values
(benchmarks/raw_limits.py). Imports: the data workbook exported, a share of its result rows
changed as a person would change them, then the dry run and the real import of that edited file,
beside python-calamine and openpyxl read-only reading it. Every real import runs in a transaction
rolled back afterwards, so each round, and each later run, starts from the same data; the plan's
results are fingerprinted before and after to show it.
"""

from __future__ import annotations

import hashlib
import io
import zipfile
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import asdict, dataclass
from typing import Any
from unittest import mock

from django.db import transaction
from django.test.utils import override_settings
from openpyxl import load_workbook

from benchmarks import raw_limits
from benchmarks.measure import Figure, compared, in_turns, rates
from custodians.roles import User
from indicators.models import ActionPlan, Result
from workbooks.appendix import appendix_bytes, appendix_for
from workbooks.data_workbook import RESULTS_SHEET, data_workbook_bytes
from workbooks.importing import ImportCheck, apply_workbook, check_workbook, reading
from workbooks.importing.changes import CHANGED
from workbooks.selectors import phase_for_year

XLSXWRITER = "XlsxWriter constant_memory, values only"
CALAMINE = "python-calamine, values"
OPENPYXL = "openpyxl read-only, values"
IMPORT_REASON = "benchmark (rolled back)"


def appendix_export(*, user: User, plan: ActionPlan, year: int) -> bytes:
    phase = phase_for_year(plan, year)
    return appendix_bytes(
        appendix_for(user=user, plan=plan, phase=phase, year=year, only_off_track=False)
    )


def data_export(*, user: User, plan: ActionPlan, year: int) -> bytes:
    return data_workbook_bytes(user=user, plan=plan, year=year)


EXPORTS: dict[str, Callable[..., bytes]] = {
    "GB appendix export": appendix_export,
    "data workbook export": data_export,
}


def export_figures(
    *, user: User, plan: ActionPlan, year: int, rounds: int
) -> tuple[list[Figure], bytes]:
    """Each export in turns with XlsxWriter writing its values; and the data workbook made."""
    figures, made = [], {}
    for name, export in EXPORTS.items():
        made[name] = export(user=user, plan=plan, year=year)
        cells = raw_limits.workbook_values(made[name])
        seconds = in_turns(
            {
                XLSXWRITER: lambda cells=cells: raw_limits.xlsxwriter_values(cells),
                name: lambda export=export: export(user=user, plan=plan, year=year),
            },
            rounds=rounds,
        )
        figures.append(
            compared(
                name,
                "rows/s",
                rates(cells.rows, seconds[name]),
                {XLSXWRITER: rates(cells.rows, seconds[XLSXWRITER])},
                rows=cells.rows,
                cells=cells.cells,
                kb=round(len(made[name]) / 1024),
            )
        )
    return figures, made["data workbook export"]


@dataclass(frozen=True)
class EditedWorkbook:
    content: bytes
    result_rows: int
    changed: int

    @property
    def share(self) -> float:
        return self.changed / self.result_rows if self.result_rows else 0.0

    def facts(self) -> dict[str, Any]:
        return {
            "result_rows": self.result_rows,
            "changed_result_rows": self.changed,
            "changed_share": round(self.share, 3),
        }


def edited_workbook(content: bytes, *, share: float) -> EditedWorkbook:
    """The data workbook with the value of ``share`` of its result rows changed, as a person
    would change it: opened whole and saved again with openpyxl (as tests/workbooks do), each
    chosen number moved by one in its unit (per cent or count), the rows spread evenly over the
    sheet. Only rows holding a number are chosen; if too few do, all of them are changed."""
    workbook = load_workbook(io.BytesIO(content))
    sheet = workbook[RESULTS_SHEET]
    column = next(cell.column for cell in sheet[1] if cell.value == "Value")
    numbers = [
        cell
        for (cell,) in sheet.iter_rows(min_row=2, min_col=column, max_col=column)
        if isinstance(cell.value, int | float) and not isinstance(cell.value, bool)
    ]
    result_rows = sheet.max_row - 1
    wanted = min(round(result_rows * share), len(numbers))
    step = len(numbers) / wanted if wanted else 0
    for index in range(wanted):
        cell = numbers[int(index * step)]
        cell.value = cell.value + 1 if cell.value <= 99 else cell.value - 1
    buffer = io.BytesIO()
    workbook.save(buffer)
    return EditedWorkbook(buffer.getvalue(), result_rows, wanted)


@contextmanager
def limits_lifted(content: bytes) -> Iterator[None]:
    """A large workbook is beyond the limits an upload has (rows, bytes, unpacked bytes): they
    are lifted to this workbook's own size, so that what is measured is the reading and checking
    itself. Only the limits the product still has are touched."""
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        members = archive.infolist()
    unpacked = max(member.file_size for member in members)
    lifted = {
        "MAX_MEMBER_BYTES": unpacked,
        "MAX_TOTAL_BYTES": sum(member.file_size for member in members),
        "MAX_RATIO": max(m.file_size / max(m.compress_size, 1) for m in members) + 1,
    }
    with ExitStack() as stack:
        stack.enter_context(
            override_settings(
                WORKBOOK_MAX_ROWS=2_000_000,  # beyond Excel's 1,048,576
                WORKBOOK_MAX_UPLOAD_BYTES=max(len(content), reading.max_upload_bytes()),
            )
        )
        for name, value in lifted.items():
            current = getattr(reading, name, None)
            if isinstance(current, int | float) and current < value:
                stack.enter_context(mock.patch.object(reading, name, type(current)(value)))
        yield


class _Undo(Exception):
    pass


def rolled_back(work: Callable[[], ImportCheck]) -> ImportCheck:
    """Run ``work`` in a transaction and roll it back: the database is as it was before."""
    done: list[ImportCheck] = []
    try:
        with transaction.atomic():
            done.append(work())
            raise _Undo
    except _Undo:
        pass
    return done[0]


def dry_run(content: bytes, *, user: User) -> ImportCheck:
    return check_workbook(content, user=user)


def real_import(content: bytes, *, user: User) -> ImportCheck:
    """The real import, saved, then rolled back."""
    return rolled_back(
        lambda: apply_workbook(content, user=user, reason=IMPORT_REASON, source="benchmark")
    )


def expect_changes(check: ImportCheck, changed: int) -> ImportCheck:
    """The import saw exactly the rows the edit changed, and no problem."""
    if not check.ok or check.count(CHANGED) != changed:
        problems = "; ".join(str(problem) for problem in check.problems[:3])
        raise RuntimeError(
            f"the import saw {check.count(CHANGED)} changed rows, not {changed}; {problems}"
        )
    return check


def import_figures(*, user: User, edited: EditedWorkbook, rounds: int) -> list[Figure]:
    """The dry run and the real import of the edited workbook, in turns with python-calamine and
    openpyxl read-only reading it."""
    content = edited.content
    rows = raw_limits.workbook_values(content).rows
    with limits_lifted(content):
        seconds = in_turns(
            {
                CALAMINE: lambda: raw_limits.calamine_read(content),
                OPENPYXL: lambda: raw_limits.openpyxl_read(content),
                "import dry run": lambda: expect_changes(
                    dry_run(content, user=user), edited.changed
                ),
                "import (saved, rolled back)": lambda: expect_changes(
                    real_import(content, user=user), edited.changed
                ),
            },
            rounds=rounds,
        )
    baselines = {CALAMINE: rates(rows, seconds[CALAMINE]), OPENPYXL: rates(rows, seconds[OPENPYXL])}
    return [
        compared(name, "rows/s", rates(rows, seconds[name]), baselines, rows=rows, **edited.facts())
        for name in ("import dry run", "import (saved, rolled back)")
    ]


@dataclass(frozen=True)
class Fingerprint:
    """A plan's results as stored: how many, a checksum of every field, and the history rows."""

    results: int
    checksum: str
    history: int

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def results_fingerprint(plan: ActionPlan) -> Fingerprint:
    fields = [field.attname for field in Result._meta.concrete_fields]
    digest = hashlib.sha256()
    count = 0
    results = Result.objects.filter(target__indicator__section__plan=plan).order_by("pk")
    for row in results.values_list(*fields).iterator(chunk_size=5000):
        digest.update(repr(row).encode())
        count += 1
    history = Result.history.filter(target__indicator__section__plan=plan).count()
    return Fingerprint(count, digest.hexdigest()[:16], history)
