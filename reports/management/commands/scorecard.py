"""``python manage.py scorecard --year 2020 --json``: a scorecard for scripts."""

from __future__ import annotations

import json
from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from indicators.models import ActionPlan
from indicators.review import Counting
from indicators.selectors import default_plan, latest_reported_year
from reports.documents import scorecard_document
from reports.headline import StatusCounts
from reports.published import published_counts
from reports.selectors import UnknownScope, scope_named, scorecard


class Command(BaseCommand):
    help = (
        "Print a plan's scorecard for a year: the counts by status and every target's status, "
        "as text or, with --json, as JSON. Optionally for one portfolio, region or custodian."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--year", type=int, help="reporting year (default: the latest)")
        parser.add_argument("--plan", default="", help="plan slug (default: the latest plan)")
        parser.add_argument("--portfolio", default="", help="portfolio code, e.g. policy")
        parser.add_argument("--region", default="", help="region code, e.g. africa")
        parser.add_argument("--custodian", default="", help="custodian acronym, e.g. HRD")
        parser.add_argument(
            "--approved-only",
            action="store_true",
            help="count approved results only (default: submitted ones too, marked provisional)",
        )
        parser.add_argument("--json", action="store_true", help="print JSON")

    def handle(self, *args: Any, **options: Any) -> None:
        plan = self._plan(options["plan"])
        year = options["year"] or latest_reported_year(plan)
        if year not in plan.years:
            raise CommandError(
                f"{plan.title} runs from {plan.start_year} to {plan.end_year}; no year {year}."
            )
        try:
            scope = scope_named(
                portfolio=options["portfolio"],
                region=options["region"],
                custodian=options["custodian"],
                counting=Counting.APPROVED_ONLY if options["approved_only"] else "",
            )
        except UnknownScope as exc:
            raise CommandError(str(exc)) from exc
        card = scorecard(plan=plan, year=year, scope=scope)
        if options["json"]:
            self.stdout.write(json.dumps(scorecard_document(card), ensure_ascii=False, indent=2))
            return
        self.stdout.write(f"{plan.title} · {year} · {card.label}")
        self._counts(card.counts)
        if card.scope.approved_only:
            self.stdout.write("  Approved results only.")
        elif card.provisional:
            self.stdout.write(
                f"  {card.provisional} of them provisional (submitted, not approved)."
            )
        self.stdout.write("")
        self.stdout.write(card.headline)
        if card.published is not None:
            figures = card.published
            self.stdout.write("")
            self.stdout.write(f"The whole plan, as published ({figures.source}):")
            self._counts(published_counts(figures))
            self.stdout.write("")
            self.stdout.write(card.published_headline)
            if figures.reconciliation:
                self.stdout.write("")
                self.stdout.write(figures.reconciliation)

    def _counts(self, counts: StatusCounts) -> None:
        for line in counts.lines:
            self.stdout.write(f"  {line.status.label:<17} {line.count:>5}  {line.percent:>5} %")
        self.stdout.write(f"  {'Total':<17} {counts.total:>5}")

    def _plan(self, slug: str) -> ActionPlan:
        plan = ActionPlan.objects.filter(slug=slug).first() if slug else default_plan()
        if plan is None:
            known = ", ".join(ActionPlan.objects.values_list("slug", flat=True)) or "none loaded"
            raise CommandError(f"No plan {slug!r}. Plans: {known}." if slug else "No plan loaded.")
        return plan
