"""``manage.py export_plan --plan SLUG --output FILE``: a plan's definition as a workbook."""

from pathlib import Path

from django.core.management.base import BaseCommand

from indicators.models import Indicator, Target
from workbooks.management.commands._options import plan_from
from workbooks.plan_definition.export import plan_definition_bytes


class Command(BaseCommand):
    help = (
        "Write a plan's definition (sections, indicators, targets, custodian units; no results) "
        "as an Excel workbook that import_plan reads back."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("--plan", help="the plan's slug (default: the most recent plan)")
        parser.add_argument("--output", required=True, type=Path, help="the .xlsx file to write")

    def handle(self, *args, **options) -> None:
        plan = plan_from(options)
        options["output"].write_bytes(plan_definition_bytes(plan))
        indicators = Indicator.objects.filter(section__plan=plan).count()
        targets = Target.objects.of_plan(plan).count()
        self.stdout.write(
            f"Wrote {options['output']}: the definition of {plan.slug}, "
            f"{indicators} indicators and {targets} targets."
        )
