"""``python -m benchmarks [--json]``: pages, exports and imports measured against their goals.

Figures are medians of several runs; export and import rates are given next to openpyxl's raw
write-only / read-only rate on the same cells, measured in the same run, and as a ratio to it.
An export's raw rate writes its very cells (values, types, styles), row heights and merges
(benchmarks/raw_limits.py); the values-only rate beside it is what the formatting costs.
Generated plans (benchmarks/synthetic.py) are made once per size and reused by later runs.
"""

from __future__ import annotations

import json
import os
import platform
import warnings
from datetime import UTC, datetime
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser
from django.db import connection
from django.test.utils import override_settings

from benchmarks.pages import measure_pages, reviewer_client
from benchmarks.synthetic import generate_plan
from benchmarks.workbooks import big_workbook_peaks, export_figures, import_figures
from indicators.models import ActionPlan
from indicators.selectors import latest_reported_year

PAGE_BUDGET_MS = 300
EXPORT_GOAL, IMPORT_GOAL, BIG_MEMORY_GOAL_MB = 0.70, 0.50, 300


def synthetic_plan(targets: int) -> ActionPlan:
    """The generated plan with this many targets (one biennium, two reported years)."""
    slug = f"synthetic-{targets}-2y-seed{targets}"
    return ActionPlan.objects.filter(slug=slug).first() or generate_plan(
        targets=targets, years=2, seed=targets
    )


def analyse() -> None:
    """Fresh planner statistics on PostgreSQL, as autovacuum would gather soon after a bulk load:
    without them the planner guesses at tables of a few rows."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")


class Command(BaseCommand):
    help = __doc__

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--json", action="store_true", help="print the figures as JSON")
        parser.add_argument("--sizes", default="30,1000,10000", help="plan sizes in targets")
        parser.add_argument("--runs", type=int, default=5, help="runs per median (default 5)")
        parser.add_argument(
            "--big",
            type=int,
            default=100_000,
            help="targets of the plan whose workbooks make the memory check (0 to skip)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        # WhiteNoise warns that collectstatic has not run; the pages are measured without it.
        warnings.filterwarnings("ignore", message="No directory at")
        sizes = [int(size) for size in options["sizes"].split(",")]
        plain_static = {
            **settings.STORAGES,
            "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
        }
        report: dict[str, Any] = {
            "when": datetime.now(UTC).isoformat(timespec="minutes"),
            "database": connection.vendor,
            "cores": os.cpu_count(),
            "python": platform.python_version(),
            "runs_per_median": options["runs"],
            "pages": [],
        }
        for size in sizes:
            synthetic_plan(size)
        analyse()
        with override_settings(STORAGES=plain_static, ALLOWED_HOSTS=["localhost"]):
            for size in sizes:
                plan = synthetic_plan(size)
                self._progress(f"pages at {size} targets …")
                report["pages"] += [f.as_dict() for f in measure_pages(plan, runs=options["runs"])]
        largest = synthetic_plan(max(sizes))
        reviewer_client()  # makes the benchmark reviewer
        user = _reviewer()
        year = latest_reported_year(largest)
        self._progress(f"exports and imports at {max(sizes)} targets …")
        exports, content = export_figures(user=user, plan=largest, year=year, runs=options["runs"])
        report["workbooks"] = [f.as_dict() for f in exports]
        report["workbooks"] += [
            f.as_dict() for f in import_figures(user=user, content=content, runs=options["runs"])
        ]
        if options["big"]:
            self._progress(f"the large workbooks: a {options['big']}-target plan …")
            big = synthetic_plan(options["big"])
            analyse()
            report["big_workbook"] = [
                f.as_dict()
                for f in big_workbook_peaks(user=user, plan=big, year=latest_reported_year(big))
            ]
        report["goals"] = goals(report, sizes)
        if options["json"]:
            self.stdout.write(json.dumps(report, indent=1))
        else:
            self._print(report)

    def _progress(self, text: str) -> None:
        self.stderr.write(text)

    def _print(self, report: dict[str, Any]) -> None:
        out = self.stdout.write
        out(
            f"{report['when']} · {report['database']} · {report['cores']} cores · "
            f"Python {report['python']} · medians of {report['runs_per_median']} runs"
        )
        out("")
        out(f"{'page':<22} {'targets':>8} {'queries':>8} {'median ms':>10}")
        for row in report["pages"]:
            out(f"{row['page']:<22} {row['targets']:>8} {row['queries']:>8} {row['median_ms']:>10}")
        if "workbooks" in report:
            out("")
            out(
                f"{'workbooks':<36} {'rows':>7} {'rows/s':>8} {'raw rows/s':>10} {'ratio':>6} "
                f"{'peak MB':>8} {'raw MB':>7} {'values-only rows/s':>18}"
            )
            for row in report["workbooks"]:
                out(
                    f"{row['operation']:<36} {row['rows']:>7} {row['rows_per_second']:>8} "
                    f"{row['raw_rows_per_second']:>10} {row['ratio_to_raw']:>6} "
                    f"{row['peak_mb']:>8} {row['raw_peak_mb']:>7} "
                    f"{row['values_only_rows_per_second'] or '':>18}"
                )
        if "big_workbook" in report:
            out("")
            out(f"{'large workbooks':<36} {'rows':>7} {'peak MB':>8}")
            for row in report["big_workbook"]:
                out(f"{row['operation']:<36} {row['rows']:>7} {row['peak_mb']:>8}")
        out("")
        for goal in report["goals"]:
            out(f"{'PASS' if goal['met'] else 'MISS'}  {goal['goal']}: {goal['figure']}")


def _reviewer():
    from django.contrib.auth import get_user_model

    return get_user_model().objects.get(username="bench-reviewer")


def goals(report: dict[str, Any], sizes: list[int]) -> list[dict[str, Any]]:
    checks = []
    pages: dict[str, dict[int, dict]] = {}
    for row in report["pages"]:
        pages.setdefault(row["page"], {})[row["targets"]] = row
    for page, by_size in pages.items():
        counts = {row["queries"] for row in by_size.values()}
        checks.append(
            {
                "goal": f"{page}: queries constant in the number of targets",
                "figure": sorted(by_size[t]["queries"] for t in sorted(by_size)),
                "met": len(counts) == 1,
            }
        )
    biggest = max(sizes)
    for page, by_size in pages.items():
        row = next((r for t, r in by_size.items() if t == biggest), None)
        if row and biggest >= 10_000:
            checks.append(
                {
                    "goal": f"{page} at {biggest} targets under {PAGE_BUDGET_MS} ms",
                    "figure": f"{row['median_ms']} ms",
                    "met": row["median_ms"] < PAGE_BUDGET_MS,
                }
            )
    for row in report.get("workbooks", []):
        goal = EXPORT_GOAL if "export" in row["operation"] else IMPORT_GOAL
        checks.append(
            {
                "goal": f"{row['operation']} at ≥{goal:.0%} of the raw rate",
                "figure": f"{row['ratio_to_raw']:.0%}",
                "met": row["ratio_to_raw"] >= goal,
            }
        )
    for row in report.get("big_workbook", []):
        checks.append(
            {
                "goal": f"{row['operation']} of {row['rows']} rows under "
                f"{BIG_MEMORY_GOAL_MB} MB peak",
                "figure": f"{row['peak_mb']} MB",
                "met": row["peak_mb"] < BIG_MEMORY_GOAL_MB,
            }
        )
    return checks
