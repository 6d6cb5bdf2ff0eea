"""``python -m benchmarks.lighthouse [--sizes 30,10000,50000] [--json]``: Lighthouse on the pages.

Each page of the benchmark's plans (the scorecards, the overview, the indicator page: the pages
the benchmark times, benchmarks/pages.py) is loaded by Lighthouse, as a phone on a slow network
(its default mobile emulation, simulated throttling), from the app served by gunicorn with the
production settings (benchmarks/server.py), signed in as a GEDI reviewer. Each page is asked for
once before Lighthouse loads it, so it loads as a reader finds it after the first view (the
scorecards' counts and charts kept).

Per page: the performance score, First and Largest Contentful Paint, Total Blocking Time,
Cumulative Layout Shift and the longest main-thread task (Lighthouse's long-tasks audit, in
simulated time). The goal: a score of at least 90 and no task over 200 ms.

Lighthouse is pinned in .ci/lighthouse (``npm install --prefix .ci/lighthouse``: not ``npm ci``,
which refuses the lock because one of Lighthouse's own dependencies asks for the "latest" of
another) and drives the distribution's Chromium. Run it with the benchmark's settings (those
``python3 dev.py bench`` makes) on its database, where a benchmark run left its plans::

    DEBUG=0 SECRET_KEY=$(openssl rand -hex 32) SECURE_SSL_REDIRECT=0 \\
        DATABASE_URL=sqlite:///$PWD/bench-results/bench.sqlite3 \\
        .venv/bin/python -m benchmarks.lighthouse
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import tempfile
import urllib.request
from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from benchmarks.cli import run
from benchmarks.server import ROOT, collect_static, gunicorn

LIGHTHOUSE = ROOT / ".ci" / "lighthouse" / "node_modules" / ".bin" / "lighthouse"
GOAL_SCORE, GOAL_TASK_MS = 90, 200
ATTEMPTS = 3


def lighthouse_figures(report: dict[str, Any]) -> dict[str, Any]:
    """What a Lighthouse report says of a page, and whether it meets the goal."""
    audits = report["audits"]
    tasks = audits.get("long-tasks", {}).get("details", {}).get("items", [])
    longest = max((task["duration"] for task in tasks), default=0.0)
    score = round(report["categories"]["performance"]["score"] * 100)
    return {
        "score": score,
        "first_contentful_paint_ms": round(audits["first-contentful-paint"]["numericValue"]),
        "largest_contentful_paint_ms": round(audits["largest-contentful-paint"]["numericValue"]),
        "total_blocking_time_ms": round(audits["total-blocking-time"]["numericValue"]),
        "cumulative_layout_shift": round(audits["cumulative-layout-shift"]["numericValue"], 3),
        "longest_task_ms": round(longest),
        "benchmark_index": report.get("environment", {}).get("benchmarkIndex"),
        "met": score >= GOAL_SCORE and longest <= GOAL_TASK_MS,
    }


class Command(BaseCommand):
    help = __doc__

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--sizes", default="30,10000,50000", help="plans, in targets")
        parser.add_argument("--json", action="store_true", help="print the figures as JSON")
        parser.add_argument("--chromium", default=shutil.which("chromium") or "chromium")

    def handle(self, *args: Any, **options: Any) -> None:
        from benchmarks.pages import page_paths, reviewer_cookie
        from benchmarks.synthetic import analyse, bench_plan

        if not LIGHTHOUSE.exists():
            raise CommandError("Lighthouse is missing: npm install --prefix .ci/lighthouse")
        sizes = [int(size) for size in options["sizes"].split(",")]
        plans = {size: bench_plan(size) for size in sizes}
        analyse()
        cookie = reviewer_cookie()
        database_url = _database_url()
        figures: dict[str, dict[str, Any]] = {}
        with tempfile.TemporaryDirectory(prefix="gap-lighthouse-") as work:
            folder = Path(work)
            collect_static(folder, database_url)
            with gunicorn(folder, database_url, "lighthouse") as server:
                for size, plan in plans.items():
                    for page, path in page_paths(plan).items():
                        url = f"{server.address}{path}"
                        self.stderr.write(f"Lighthouse: {page} at {size:,} targets …")
                        report = _lighthouse(url, cookie, options["chromium"], folder)
                        figures.setdefault(page, {})[str(size)] = lighthouse_figures(report)
        if options["json"]:
            self.stdout.write(json.dumps({"goal": _goal_words(), "pages": figures}, indent=1))
            return
        self.stdout.write(f"Lighthouse (mobile), goal: {_goal_words()}")
        for page, by_size in figures.items():
            for size, page_figures in by_size.items():
                self.stdout.write(
                    f"{page:22s} {int(size):>7,} targets: score {page_figures['score']:3d}, "
                    f"LCP {page_figures['largest_contentful_paint_ms']:,} ms, "
                    f"TBT {page_figures['total_blocking_time_ms']} ms, "
                    f"CLS {page_figures['cumulative_layout_shift']}, "
                    f"longest task {page_figures['longest_task_ms']} ms: "
                    f"{'met' if page_figures['met'] else 'missed'}"
                )
        runs = [one for by_size in figures.values() for one in by_size.values()]
        met = sum(one["met"] for one in runs)
        self.stdout.write(f"Goal {'met' if met == len(runs) else 'missed'}: {met} of {len(runs)}.")


def _goal_words() -> str:
    return f"performance at least {GOAL_SCORE}, no main-thread task over {GOAL_TASK_MS} ms"


def _database_url() -> str:
    url = os.environ.get("DATABASE_URL")
    if not url:
        raise CommandError("Set DATABASE_URL to the benchmark's database (docs/benchmarks.md).")
    return url


def _lighthouse(url: str, cookie: str, chromium: str, folder: Path) -> dict[str, Any]:
    """One Lighthouse run of ``url`` (asked for once before, as a reader would have)."""
    request = urllib.request.Request(url, headers={"Cookie": cookie})
    with urllib.request.urlopen(request, timeout=600) as response:  # noqa: S310 - our server
        response.read()
    output = folder / "report.json"
    # Lighthouse now and then fails to record a load's trace ("NO_NAVSTART") and asks to be run
    # again: it is, a few times, before the page is given up.
    for _attempt in range(ATTEMPTS):
        output.unlink(missing_ok=True)
        finished = subprocess.run(_command(url, cookie, chromium, output), check=False, timeout=300)
        if finished.returncode == 0:
            return json.loads(output.read_text(encoding="utf-8"))
    raise CommandError(f"Lighthouse failed {ATTEMPTS} times on {url}")


def _command(url: str, cookie: str, chromium: str, output: Path) -> list[str]:
    return [
        str(LIGHTHOUSE),
        url,
        f"--chrome-path={chromium}",
        "--chrome-flags=--headless=new --no-sandbox",
        "--only-categories=performance",
        f"--extra-headers={json.dumps({'Cookie': cookie})}",
        "--output=json",
        f"--output-path={output}",
        "--quiet",
    ]


if __name__ == "__main__":
    run("benchmarks.lighthouse")
