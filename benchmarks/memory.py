"""Peak resident memory of each workbook operation on a large plan, each in a process of its own.

Each operation runs in a child process (benchmarks/one_operation.py), which reports, when it is
done, its own ``VmHWM`` from /proc: the peak resident set size of that process, so it counts
everything it held (Python objects, C libraries, the database driver), not just Python's heap.
Not ``ru_maxrss``: the kernel folds into a child's ``ru_maxrss`` the high-water mark of the
process it was started from (the benchmark itself, which holds a large edited workbook), so
every child would read at least the benchmark's own peak. The baseline is the same kind of
process set up and left idle: what any operation starts from.
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from benchmarks import raw_limits
from benchmarks.measure import Baseline, Figure, Spread
from benchmarks.workbooks import EditedWorkbook, Fingerprint, edited_workbook, results_fingerprint
from indicators.models import ActionPlan

ROOT = Path(__file__).resolve().parent.parent
IDLE = "an idle process (Django set up, the same modules imported)"


@dataclass(frozen=True)
class Child:
    peak_mb: float
    report: dict[str, Any]


def run_child(operation: str, *, plan: ActionPlan, year: int, **options: object) -> Child:
    """Run one operation in a child process; its peak resident memory, as it reports it."""
    with tempfile.TemporaryDirectory(prefix="gap-bench-op-") as folder:
        report, log = Path(folder) / "report.json", Path(folder) / "output.log"
        command = [
            sys.executable,
            "-m",
            "benchmarks.one_operation",
            operation,
            "--plan",
            plan.slug,
            "--year",
            str(year),
            "--report",
            str(report),
        ]
        for option, value in options.items():
            command += [f"--{option}", str(value)]
        with log.open("wb") as output:
            done = subprocess.run(command, cwd=ROOT, stdout=output, stderr=subprocess.STDOUT)
        if done.returncode:
            raise RuntimeError(
                f"{operation} failed ({done.returncode}):\n{log.read_text()[-3000:]}"
            )
        figures = json.loads(report.read_text())
        return Child(figures["vmhwm_mb"], figures)


@dataclass(frozen=True)
class BigWorkbooks:
    figures: list[Figure]
    edited: EditedWorkbook
    before: Fingerprint
    after: Fingerprint


def _figure(name: str, child: Child, idle: Child, rows: int) -> Figure:
    return Figure(
        name,
        "MB peak RSS",
        Spread.of([child.peak_mb], 1),
        (Baseline(IDLE, Spread.of([idle.peak_mb], 1), Spread.of([child.peak_mb / idle.peak_mb])),),
        {
            "rows": rows,
            "seconds": child.report["seconds"],
            "rss_before_mb": child.report["rss_before_mb"],
        },
    )


def big_workbook_peaks(*, plan: ActionPlan, year: int, share: float) -> BigWorkbooks:
    """Each export, the dry run and the real import (rolled back) of an edited workbook."""
    with tempfile.TemporaryDirectory(prefix="gap-bench-big-") as folder:
        appendix, data, edited_path = (
            Path(folder) / name for name in ("a.xlsx", "d.xlsx", "e.xlsx")
        )
        idle = run_child("idle", plan=plan, year=year)
        exported = {
            "GB appendix export": (
                run_child("appendix-export", plan=plan, year=year, out=appendix),
                appendix,
            ),
            "data workbook export": (
                run_child("data-export", plan=plan, year=year, out=data),
                data,
            ),
        }
        figures = [
            _figure(name, child, idle, raw_limits.workbook_values(path.read_bytes()).rows)
            for name, (child, path) in exported.items()
        ]
        edited = edited_workbook(data.read_bytes(), share=share)
        edited_path.write_bytes(edited.content)
        rows = raw_limits.workbook_values(edited.content).rows
        before = results_fingerprint(plan)
        for name, operation in (
            ("import dry run", "dry-run"),
            ("import (saved, rolled back)", "import"),
        ):
            child = run_child(
                operation, plan=plan, year=year, workbook=edited_path, changed=edited.changed
            )
            figures.append(_figure(name, child, idle, rows))
        after = results_fingerprint(plan)
    return BigWorkbooks(figures, edited, before, after)
