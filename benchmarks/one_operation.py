"""``python -m benchmarks.one_operation OPERATION --plan SLUG --year Y --report PATH [...]``

One workbook operation in a process of its own, so that the process's peak resident memory,
which its parent reads when it ends (benchmarks/memory.py), is that operation's: ``idle`` (Django
set up and the same modules imported, nothing done: the floor every operation starts from),
``appendix-export``, ``data-export`` (``--out`` keeps the workbook), ``dry-run`` and ``import``
(of ``--workbook``, which must change ``--changed`` result rows; the import is saved in a
transaction rolled back afterwards). The figures go to ``--report`` as JSON.

The models are imported in ``handle``: ``python -m`` runs this module before Django is set up.
"""

from __future__ import annotations

import json
import time
from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand

from benchmarks.cli import run

OPERATIONS = ("idle", "appendix-export", "data-export", "dry-run", "import")


def resident_mb(field: str) -> float:
    """``VmRSS`` (now) or ``VmHWM`` (the peak) of this process, in MB, from /proc."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(f"{field}:"):
            return int(line.split()[1]) * 1024 / 1_000_000
    return 0.0


class Command(BaseCommand):
    help = __doc__

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("operation", choices=OPERATIONS)
        parser.add_argument("--plan", required=True, help="the plan's slug")
        parser.add_argument("--year", type=int, required=True)
        parser.add_argument("--workbook", type=Path, help="the workbook to import")
        parser.add_argument("--out", type=Path, help="where to keep an export")
        parser.add_argument("--changed", type=int, help="result rows the import must see changed")
        parser.add_argument("--report", type=Path, required=True, help="where to write the JSON")

    def handle(self, *args: Any, **options: Any) -> None:
        from django.contrib.auth import get_user_model

        from benchmarks import workbooks
        from benchmarks.pages import REVIEWER
        from indicators.models import ActionPlan

        user = get_user_model().objects.get(username=REVIEWER)
        plan = ActionPlan.objects.get(slug=options["plan"])
        year, operation = options["year"], options["operation"]
        before = resident_mb("VmRSS")
        start = time.perf_counter()
        exports = {
            "appendix-export": workbooks.appendix_export,
            "data-export": workbooks.data_export,
        }
        if operation in exports:
            content = exports[operation](user=user, plan=plan, year=year)
            if options["out"]:
                options["out"].write_bytes(content)
        elif operation in ("dry-run", "import"):
            content = options["workbook"].read_bytes()
            work = workbooks.dry_run if operation == "dry-run" else workbooks.real_import
            with workbooks.limits_lifted(content):
                check = work(content, user=user)
            if options["changed"] is not None:
                workbooks.expect_changes(check, options["changed"])
        seconds = time.perf_counter() - start
        options["report"].write_text(
            json.dumps(
                {
                    "operation": operation,
                    "seconds": round(seconds, 2),
                    "rss_before_mb": round(before, 1),
                    "vmhwm_mb": round(resident_mb("VmHWM"), 1),
                }
            )
        )


if __name__ == "__main__":
    run("benchmarks.one_operation")
