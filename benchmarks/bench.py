"""``python -m benchmarks [--json]``: pages, exports and imports measured against their goals.

Every figure is measured in turns with its baseline, round by round, and given as a median and
range beside the baseline's, with their ratio taken round by round (benchmarks/measure.py):

- pages over HTTP from gunicorn with production settings, beside a static file and the sign-in
  page served by the same server in the same rounds (benchmarks/pages.py, benchmarks/server.py);
  the smallest plan's pages also beside the same plan in a database of its own
  (benchmarks/alone.py);
- exports beside XlsxWriter writing the same values; the dry run and the real import of an
  edited workbook beside python-calamine (and openpyxl read-only) reading it; each real import
  rolled back (benchmarks/workbooks.py, benchmarks/raw_limits.py);
- the peak resident memory of each export, the dry run and the real import of a large plan,
  each in a process of its own (benchmarks/memory.py).

Generated plans (benchmarks/synthetic.py) are made once per size and reused by later runs.
"""

from __future__ import annotations

import json
import os
import platform
import subprocess
import tempfile
import time
from contextlib import ExitStack
from datetime import datetime
from importlib.metadata import version
from pathlib import Path
from typing import Any

import django
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection

from benchmarks import goals, server
from benchmarks.alone import alone_database_url, alone_site
from benchmarks.memory import big_workbook_peaks
from benchmarks.pages import REVIEWER, Connection, in_rounds, page_figures, plan_site, probes_of
from benchmarks.report import print_report
from benchmarks.synthetic import analyse, bench_plan
from benchmarks.workbooks import (
    edited_workbook,
    export_figures,
    import_figures,
    results_fingerprint,
)
from custodians.roles import User
from indicators.models import ActionPlan
from indicators.selectors import latest_reported_year

# The three servers the pages are timed on: the benchmark's database with nothing kept between
# requests (every page computed, as the first view after any write sees it) and with the cache as
# configured (a page viewed again while the data has not changed); the smallest plan alone in a
# database of its own, computed.
COMPUTED, CACHED, ALONE_DB = "computed", "cached", "alone"
CACHES = {
    COMPUTED: "none",
    CACHED: os.environ.get("CACHE_URL") or "locmem://",
    ALONE_DB: "none",
}


def _sizes(text: str) -> list[int]:
    return sorted({int(size) for size in text.split(",") if size.strip()})


class Command(BaseCommand):
    help = __doc__

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--json", action="store_true", help="print the figures as JSON")
        parser.add_argument(
            "--sizes", default="30,10000,50000", help="plan sizes in targets (30,10000,50000)"
        )
        parser.add_argument(
            "--rounds", type=int, default=5, help="timed rounds of the workbooks (default 5)"
        )
        parser.add_argument(
            "--page-rounds", type=int, help="timed rounds of the pages (default: 4 × --rounds)"
        )
        parser.add_argument(
            "--big",
            type=int,
            default=100_000,
            help="targets of the plan whose workbooks' peak memory is measured (0 to skip)",
        )
        parser.add_argument(
            "--workbook-targets",
            type=int,
            help="targets of the plan whose exports and imports are timed "
            "(default: the largest of --sizes up to 10000)",
        )
        parser.add_argument(
            "--share",
            type=float,
            default=0.10,
            help="share of the result rows the imported workbook changes (default 0.10)",
        )
        parser.add_argument(
            "--alone-database-url",
            help="the database holding the smallest plan alone (default: beside DATABASE_URL)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        url = os.environ.get("DATABASE_URL")
        if not url:
            raise CommandError(
                "Set DATABASE_URL to a database of the benchmark's own (python3 dev.py bench "
                "does): it generates plans of up to 100,000 targets there."
            )
        if settings.DEBUG:
            raise CommandError("Run the benchmark with DEBUG off (python3 dev.py bench does).")
        sizes = _sizes(options["sizes"])
        rounds, big = options["rounds"], options["big"]
        workbook_targets = options["workbook_targets"] or max(
            [size for size in sizes if size <= 10_000] or [min(sizes)]
        )
        started = time.monotonic()
        report: dict[str, Any] = {"meta": _meta(options, sizes, workbook_targets)}

        alone_url = options["alone_database_url"] or alone_database_url(url)
        self._progress(f"the {sizes[0]}-target plan alone in {alone_url} …")
        alone = alone_site(alone_url, targets=sizes[0])
        self._progress("the generated plans (made once, reused by later runs) …")
        plans = {
            size: bench_plan(size) for size in {*sizes, workbook_targets, *([big] if big else [])}
        }
        analyse()
        sites = {size: plan_site(plans[size]) for size in sizes}
        page_rounds = options["page_rounds"] or 4 * rounds
        report["meta"]["page_rounds"] = page_rounds
        report["pages"] = self._pages(url, alone_url, sizes, sites, alone, page_rounds)

        user = get_user_model().objects.get(username=REVIEWER)
        report.update(self._workbooks(user, plans[workbook_targets], rounds, options["share"]))
        report["memory"] = []
        if big:
            self._progress(f"peak memory of each operation on the {big:,}-target plan …")
            peaks = big_workbook_peaks(
                plan=plans[big], year=latest_reported_year(plans[big]), share=options["share"]
            )
            report["memory"] = [figure.as_dict() for figure in peaks.figures]
            report["memory_import"] = peaks.edited.facts()
            report["results_unchanged"][plans[big].slug] = {
                "before": peaks.before.as_dict(),
                "after": peaks.after.as_dict(),
            }
        report["meta"]["load_average_after"] = [round(load, 2) for load in os.getloadavg()]
        report["meta"]["minutes"] = round((time.monotonic() - started) / 60, 1)
        report["goals"] = goals.all_goals(report)
        if options["json"]:
            self.stdout.write(json.dumps(report, indent=1, ensure_ascii=False))
        else:
            print_report(report, self.stdout.write)
        changed = [
            plan for plan, c in report["results_unchanged"].items() if c["before"] != c["after"]
        ]
        if changed:
            raise CommandError(f"The rolled-back imports changed the results of {changed}.")

    def _workbooks(self, user: User, plan: ActionPlan, rounds: int, share: float) -> dict[str, Any]:
        """The exports, then the dry run and the real import of the data workbook edited; the
        plan's results fingerprinted before and after."""
        year = latest_reported_year(plan)
        before = results_fingerprint(plan)
        self._progress(f"exports at {plan.slug}, {rounds} rounds …")
        exports, data = export_figures(user=user, plan=plan, year=year, rounds=rounds)
        edited = edited_workbook(data, share=share)
        self._progress(
            f"imports: {edited.changed:,} of {edited.result_rows:,} result rows changed "
            f"({edited.share:.1%}), {rounds} rounds …"
        )
        imports = import_figures(user=user, edited=edited, rounds=rounds)
        return {
            "workbooks": [figure.as_dict() for figure in (*exports, *imports)],
            "results_unchanged": {
                plan.slug: {
                    "before": before.as_dict(),
                    "after": results_fingerprint(plan).as_dict(),
                }
            },
        }

    def _pages(
        self,
        url: str,
        alone_url: str,
        sizes: list[int],
        sites: dict[int, dict[str, Any]],
        alone: dict[str, Any],
        rounds: int,
    ) -> list[dict[str, Any]]:
        """Each size's pages in rounds of their own, computed and from the cache; the smallest
        plan's in the same rounds as the same plan alone in its database."""
        figures = []
        with (
            tempfile.TemporaryDirectory(prefix="gap-bench-served-") as folder,
            ExitStack() as stack,
        ):
            self._progress("collectstatic into a folder of the run's own, then gunicorn …")
            server.collect_static(Path(folder), url)
            servers = {
                label: stack.enter_context(
                    server.gunicorn(Path(folder), database, label, cache_url=cache)
                )
                for label, (database, cache) in {
                    COMPUTED: (url, server.NO_CACHE),
                    CACHED: (url, None),
                    ALONE_DB: (alone_url, server.NO_CACHE),
                }.items()
            }
            connections = {label: Connection(served) for label, served in servers.items()}
            for connection in connections.values():
                stack.callback(connection.close)
            for size in sizes:
                self._progress(f"pages at {size:,} targets over HTTP, {rounds} rounds …")
                groups = {COMPUTED: sites[size], CACHED: sites[size]}
                if size == sizes[0]:
                    groups[ALONE_DB] = alone
                probes = [
                    probe
                    for label, site in groups.items()
                    for probe in probes_of(f"{size} {label}", connections[label], site)
                ]
                answers = in_rounds(probes, rounds=rounds)
                for label, site in groups.items():
                    beside = (
                        f"{size} {ALONE_DB}" if label == COMPUTED and ALONE_DB in groups else None
                    )
                    figures += page_figures(
                        answers,
                        f"{size} {label}",
                        site,
                        beside=beside,
                        database="alone" if label == ALONE_DB else "bench",
                        cache=CACHES[label],
                    )
            opened = sum(connection.opened for connection in connections.values())
        self._progress(f"pages done ({opened} HTTP connections opened for them)")
        return [figure.as_dict() for figure in figures]

    def _progress(self, text: str) -> None:
        self.stderr.write(f"{datetime.now():%H:%M:%S} {text}")


def _commit() -> str:
    """The commit the code was checked out at (uncommitted changes are not told apart)."""
    try:
        found = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"],
            cwd=Path(__file__).resolve().parent.parent,
            capture_output=True,
            text=True,
            timeout=10,
        )
    except OSError:
        return ""
    return found.stdout.strip()


def _meta(options: dict[str, Any], sizes: list[int], workbook_targets: int) -> dict[str, Any]:
    now = datetime.now().astimezone()
    return {
        "date": now.isoformat(timespec="minutes"),
        "commit": _commit(),
        "cpu_count": os.cpu_count(),
        "nproc": len(os.sched_getaffinity(0)),
        "load_average_before": [round(load, 2) for load in os.getloadavg()],
        "database": connection.vendor,
        "database_version": ".".join(str(part) for part in connection.get_database_version()),
        "python": platform.python_version(),
        "django": django.get_version(),
        "libraries": {
            name: version(name)
            for name in ("openpyxl", "xlsxwriter", "python-calamine", "gunicorn", "whitenoise")
        },
        "gunicorn": {
            "workers": server.WORKERS,
            "threads": server.THREADS,
            "worker_class": "gthread",
            "why": "one request at a time over one kept-alive connection: one worker serves "
            "them all, and the second core is left to the client and the database server",
        },
        "sizes": sizes,
        "rounds": options["rounds"],
        "big": options["big"],
        "workbook_targets": workbook_targets,
        "share": options["share"],
    }
