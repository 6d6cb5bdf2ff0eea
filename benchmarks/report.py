"""The benchmark's report as text: each figure's median and range beside its baselines'."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from benchmarks.measure import spread_text as _spread
from benchmarks.pages import ALONE, SIGN_IN_PAGE, STATIC_FILE


def _baseline(figure: dict[str, Any], name: str) -> dict[str, Any] | None:
    return next((b for b in figure["baselines"] if b["name"] == name), None)


def print_report(report: dict[str, Any], out: Callable[[str], None]) -> None:
    meta = report["meta"]
    out(
        f"{meta['date']} · commit {meta['commit']} · "
        f"{meta['database']} {meta['database_version']} · "
        f"os.cpu_count() {meta['cpu_count']}, nproc {meta['nproc']} · Python {meta['python']} · "
        f"Django {meta['django']} · {meta['page_rounds']} rounds of the pages and "
        f"{meta['rounds']} of the workbooks, after a warm-up · "
        f"load average {meta['load_average_before'][0]} → {meta['load_average_after'][0]} · "
        f"{meta['minutes']} min"
    )
    gunicorn = meta["gunicorn"]
    out(
        f"gunicorn: {gunicorn['workers']} worker × {gunicorn['threads']} thread "
        f"({gunicorn['worker_class']}): {gunicorn['why']}"
    )
    out("Figures are medians (min–max) of the rounds; ratios are taken round by round.")
    _pages(report["pages"], out)
    _workbooks(report["workbooks"], out)
    _memory(report, out)
    for plan, check in report["results_unchanged"].items():
        before, after = check["before"], check["after"]
        same = "unchanged" if before == after else "CHANGED"
        out(
            f"{plan}: {after['results']:,} results, checksum {after['checksum']}, "
            f"{after['history']:,} history rows: {same} by the rolled-back imports"
        )
    out("")
    for goal in report["goals"]:
        result = "NOT MEASURED" if goal["met"] is None else goal["result"].upper()
        out(f"{result:<8} {goal['goal']}: {goal['figure']}")
        if goal["baseline"]:
            out(f"{'':<9}baseline: {goal['baseline']}")


def _pages(pages: list[dict[str, Any]], out: Callable[[str], None]) -> None:
    out("")
    out(
        f"{'page (ms over HTTP)':<22} {'targets':>7} {'db':<6} {'cache':<10} {'ms':>20} "
        f"{'× static':>18} {'static ms':>15} {'× sign-in':>15} {'sign-in ms':>16} {'KB':>6} "
        f"{'gzip':>5} {'× alone':>16}"
    )
    for page in pages:
        static, sign_in = _baseline(page, STATIC_FILE), _baseline(page, SIGN_IN_PAGE)
        alone = _baseline(page, ALONE)
        out(
            f"{page['name']:<22} {page['targets']:>7} {page['database']:<6} {page['cache']:<10} "
            f"{_spread(page['value']):>20} {_spread(static['ratio']):>18} "
            f"{_spread(static['value']):>15} {_spread(sign_in['ratio']):>15} "
            f"{_spread(sign_in['value']):>16} {page['html_kb']:>6} {page['gzip_kb'] or '':>5} "
            f"{_spread(alone['ratio']) if alone else '':>16}"
        )


def _workbooks(workbooks: list[dict[str, Any]], out: Callable[[str], None]) -> None:
    out("")
    out(f"{'workbook (rows/s)':<28} {'rows':>7} {'rows/s':>22}  baseline rows/s → ratio")
    for figure in workbooks:
        out(f"{figure['name']:<28} {figure['rows']:>7} {_spread(figure['value']):>22}")
        for baseline in figure["baselines"]:
            out(
                f"{'':<61}{baseline['name']}: {_spread(baseline['value'])} → "
                f"{_spread(baseline['ratio'])}"
            )
    imported = next((w for w in workbooks if "changed_result_rows" in w), None)
    if imported:
        out(
            f"The imported workbook changes {imported['changed_result_rows']:,} of "
            f"{imported['result_rows']:,} result rows ({imported['changed_share']:.1%})."
        )


def _memory(report: dict[str, Any], out: Callable[[str], None]) -> None:
    if not report["memory"]:
        return
    out("")
    out(f"{'peak RSS, own process':<28} {'rows':>7} {'MB':>7} {'idle MB':>8} {'seconds':>8}")
    for figure in report["memory"]:
        idle = figure["baselines"][0]["value"]["median"]
        out(
            f"{figure['name']:<28} {figure['rows']:>7} {figure['value']['median']:>7} "
            f"{idle:>8} {figure['seconds']:>8}"
        )
