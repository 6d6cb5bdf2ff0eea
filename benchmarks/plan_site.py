"""``python -m benchmarks.plan_site --targets N``: a database made ready for the pages' timing.

Migrates the database ``DATABASE_URL`` names, generates the benchmark's plan of N targets there
if it is missing, and prints as JSON what the timing needs: the plan's pages and a signed-in
reviewer's session cookie. The benchmark runs it on its second database, the one that holds the
smallest plan alone (benchmarks/alone.py).

The models are imported in ``handle``: ``python -m`` runs this module before Django is set up.
"""

from __future__ import annotations

import json
from argparse import ArgumentParser
from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand

from benchmarks.cli import run


class Command(BaseCommand):
    help = __doc__

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--targets", type=int, required=True, help="the plan's targets")

    def handle(self, *args: Any, **options: Any) -> None:
        from benchmarks.pages import plan_site
        from benchmarks.synthetic import analyse, bench_plan

        call_command("migrate", interactive=False, verbosity=0)
        plan = bench_plan(options["targets"])
        analyse()
        self.stdout.write(json.dumps(plan_site(plan)))


if __name__ == "__main__":
    run("benchmarks.plan_site")
