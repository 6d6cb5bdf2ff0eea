"""The benchmark runs end to end on small generated plans and reports every figure it promises.

Only the shape and the counts are checked here: timings are never asserted in tests.
"""

import json
import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

from benchmarks import bench

ROOT = Path(__file__).resolve().parent.parent


def _bench(*args: str) -> dict:
    out = StringIO()
    call_command(bench.Command(), "--json", "--runs", "1", *args, stdout=out, stderr=StringIO())
    return json.loads(out.getvalue())


@pytest.mark.django_db(transaction=True)
def test_bench_reports_pages_workbooks_and_goals():
    report = _bench("--sizes", "30,60", "--big", "45")

    pages = {(row["page"], row["targets"]): row for row in report["pages"]}
    kinds = {page for page, _ in pages}
    assert kinds == {
        "plan scorecard",
        "portfolio scorecard",
        "region scorecard",
        "custodian scorecard",
        "portfolio one-page",
        "indicator page",
    }
    for kind in kinds:  # the query count does not grow with the plan
        assert pages[(kind, 30)]["queries"] == pages[(kind, 60)]["queries"] > 0

    workbooks = {row["operation"]: row for row in report["workbooks"]}
    assert set(workbooks) == {
        "GB appendix export",
        "data workbook export",
        "import dry run",
        "import (every result changed)",
    }
    for row in workbooks.values():
        assert row["rows"] > 30
        assert row["rows_per_second"] > 0 and row["raw_rows_per_second"] > 0
        assert row["ratio_to_raw"] == pytest.approx(
            row["rows_per_second"] / row["raw_rows_per_second"], rel=0.05, abs=0.01
        )
        assert row["peak_mb"] > 0
    for name in ("GB appendix export", "data workbook export"):
        assert workbooks[name]["values_only_rows_per_second"] > 0

    assert [row["operation"] for row in report["big_workbook"]] == [
        "GB appendix export",
        "data workbook export",
        "import dry run",
        "import (every 10th result changed)",
    ]
    assert all(row["peak_mb"] > 0 for row in report["big_workbook"])
    goals = {goal["goal"] for goal in report["goals"]}
    assert "GB appendix export at ≥70% of the raw rate" in goals
    assert any("queries constant" in goal for goal in goals)


def test_the_benchmark_is_a_tool_run_with_python_m_not_a_manage_py_command():
    shown = subprocess.run(
        [sys.executable, "-m", "benchmarks", "--help"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert shown.returncode == 0, shown.stderr
    assert shown.stdout.startswith("usage: python -m benchmarks")
    for option in ("--json", "--sizes", "--runs", "--big"):
        assert option in shown.stdout
