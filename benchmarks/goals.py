"""The goals, each printed met or missed with its figure and baseline (or as not measured).

Read from the report's figures (the JSON the benchmark prints), so that the goals and the
figures cannot disagree.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from benchmarks.measure import spread_text as _spread
from benchmarks.memory import IDLE
from benchmarks.pages import ALONE, STATIC_FILE
from benchmarks.workbooks import CALAMINE, XLSXWRITER

SCORECARDS = ("plan scorecard", "portfolio scorecard", "region scorecard", "custodian scorecard")
STATIC_TIMES = 15  # a scorecard at 10,000 or 50,000 targets within 15× the static file
PAGE_SIZES = (10_000, 50_000)
HTML_KB = 150
SAME_COST = 0.20  # a small plan's pages within 20 % in an empty database and a full one
RATE_GOALS = {  # operation: (baseline, share of its rate)
    "GB appendix export": (XLSXWRITER, 0.6),
    "data workbook export": (XLSXWRITER, 0.6),
    "import dry run": (CALAMINE, 0.5),
    "import (saved, rolled back)": (CALAMINE, 0.3),
}
MEMORY_MB = 250
NOT_MEASURED = "not measured in this run"


def goal(text: str, figure: str, baseline: str, met: bool | None) -> dict[str, Any]:
    result = NOT_MEASURED if met is None else ("met" if met else "missed")
    return {"goal": text, "figure": figure, "baseline": baseline, "met": met, "result": result}


def _baseline(figure: dict[str, Any], name: str) -> dict[str, Any]:
    return next(b for b in figure["baselines"] if b["name"] == name)


def _against(
    text: str,
    figure: dict[str, Any] | None,
    baseline_name: str,
    unit: str,
    met: Callable[[float], bool],
) -> dict[str, Any]:
    """A goal on a figure's ratio to one of its baselines: ``met`` judges the ratio's median."""
    if figure is None:
        return goal(text, NOT_MEASURED, "", None)
    baseline = _baseline(figure, baseline_name)
    return goal(
        text,
        f"{_spread(figure['value'], unit)} = {_spread(baseline['ratio'], '×')}",
        f"{baseline_name}: {_spread(baseline['value'], unit)}",
        met(baseline["ratio"]["median"]),
    )


def page_goals(pages: list[dict[str, Any]]) -> list[dict[str, Any]]:
    found = [page for page in pages if page["database"] == "bench"]
    checks = []
    for cache in dict.fromkeys(page["cache"] for page in found):
        for targets in PAGE_SIZES:
            for name in SCORECARDS:
                page = next(
                    (
                        p
                        for p in found
                        if (p["name"], p["targets"], p["cache"]) == (name, targets, cache)
                    ),
                    None,
                )
                how = "computed, no cache" if cache == "none" else f"from the cache, {cache}"
                text = (
                    f"{name} at {targets:,} targets within {STATIC_TIMES}× the static file ({how})"
                )
                checks.append(_against(text, page, STATIC_FILE, " ms", lambda r: r <= STATIC_TIMES))
    for name in SCORECARDS:
        sized = [p for p in pages if p["name"] == name]
        largest = max(sized, key=lambda p: p["html_kb"])
        checks.append(
            goal(
                f"{name}: HTML at most {HTML_KB} KB at every plan size",
                f"largest {largest['html_kb']} KB, at {largest['targets']:,} targets",
                ", ".join(
                    dict.fromkeys(
                        f"{p['html_kb']} KB at {p['targets']:,} ({p['database']})" for p in sized
                    )
                ),
                largest["html_kb"] <= HTML_KB,
            )
        )
    for page in found:
        if any(b["name"] == ALONE for b in page["baselines"]):
            text = (
                f"{page['name']} of the {page['targets']}-target plan costs the same (within "
                f"{SAME_COST:.0%}) beside {page['other_targets']:,} other targets as alone"
            )
            checks.append(_against(text, page, ALONE, " ms", lambda r: abs(r - 1) <= SAME_COST))
    return checks


def workbook_goals(workbooks: list[dict[str, Any]]) -> list[dict[str, Any]]:
    checks = []
    for operation, (baseline_name, share) in RATE_GOALS.items():
        text = f"{operation} at ≥ {share:g} of the {baseline_name} rate (rows/s)"
        figure = next((w for w in workbooks if w["name"] == operation), None)
        checks.append(
            _against(text, figure, baseline_name, " rows/s", lambda r, share=share: r >= share)
        )
    return checks


def memory_goals(memory: list[dict[str, Any]], big: int) -> list[dict[str, Any]]:
    if not memory:
        return [
            goal(f"{big:,}-row workbooks under {MEMORY_MB} MB peak RSS", NOT_MEASURED, "", None)
        ]
    return [
        goal(
            f"{figure['name']} of a {big:,}-target plan ({figure['rows']:,} rows) under "
            f"{MEMORY_MB} MB peak RSS",
            f"{figure['value']['median']:g} MB",
            f"{IDLE}: {_baseline(figure, IDLE)['value']['median']:g} MB",
            figure["value"]["median"] < MEMORY_MB,
        )
        for figure in memory
    ]


def unchanged_goals(checks: dict[str, dict[str, Any]]) -> list[dict[str, Any]]:
    return [
        goal(
            f"the real imports left the {plan} plan's results as they were",
            f"after: {check['after']['results']:,} results, checksum {check['after']['checksum']}",
            f"before: {check['before']['results']:,} results, checksum "
            f"{check['before']['checksum']}",
            check["before"] == check["after"],
        )
        for plan, check in checks.items()
    ]


def outside_goals() -> list[dict[str, Any]]:
    return [
        goal(
            "load test: 50 users, page views p95 under 1 s, no lost save, no server error",
            NOT_MEASURED,
            "measured separately, alone on the machine: loadtest/run.py, docs/load-test.md",
            None,
        ),
        goal(
            "Lighthouse (mobile) at least 90 on every page, no main-thread task over 200 ms",
            NOT_MEASURED,
            "measured separately: python -m benchmarks.lighthouse (docs/benchmarks.md)",
            None,
        ),
    ]


def all_goals(report: dict[str, Any]) -> list[dict[str, Any]]:
    return [
        *page_goals(report["pages"]),
        *workbook_goals(report["workbooks"]),
        *memory_goals(report["memory"], report["meta"]["big"]),
        *unchanged_goals(report["results_unchanged"]),
        *outside_goals(),
    ]
