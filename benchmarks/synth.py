"""``python -m benchmarks.synth --targets N --years Y [--seed S]``: a generated plan of any size.

The models are imported in ``handle``: ``python -m`` runs this module before Django is set up
(benchmarks/cli.py sets it up, then runs the command).
"""

from __future__ import annotations

import time
from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from benchmarks.cli import run


class Command(BaseCommand):
    help = (
        "Generate a realistic action plan with N targets in each biennium over Y years "
        "(sections, regional and portfolio targets, custodians, results, actions). "
        "The same seed gives the same plan. For tests, demonstrations and benchmarks."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--targets", type=int, required=True, help="targets in each phase")
        parser.add_argument("--years", type=int, default=4, help="years of the plan (default 4)")
        parser.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
        parser.add_argument("--start-year", type=int, default=2022, help="first year (2022)")

    def handle(self, *args: Any, **options: Any) -> None:
        from benchmarks.synthetic import generate_plan
        from indicators.models import Result, Target

        if not 1 <= options["targets"] <= 100_000:
            raise CommandError("--targets must be between 1 and 100000.")
        if not 1 <= options["years"] <= 20:
            raise CommandError("--years must be between 1 and 20.")
        started = time.perf_counter()
        try:
            plan = generate_plan(
                targets=options["targets"],
                years=options["years"],
                seed=options["seed"],
                start_year=options["start_year"],
            )
        except ValueError as exc:
            raise CommandError(str(exc)) from exc
        targets = Target.objects.of_plan(plan).count()
        results = Result.objects.filter(target__indicator__section__plan=plan).count()
        self.stdout.write(
            f"Generated {plan.slug}: {targets} targets, {results} results "
            f"in {time.perf_counter() - started:.1f} s. "
            f"Scorecard: /scorecards/{plan.slug}/"
        )


if __name__ == "__main__":
    run("benchmarks.synth")
