from pathlib import Path

from django.core.management.base import BaseCommand

from workbooks.data_workbook import data_workbook_bytes
from workbooks.management.commands._options import (
    add_plan_and_user,
    plan_from,
    user_from,
    year_in_plan,
)


class Command(BaseCommand):
    help = "Write the data workbook (results of a year, accelerating actions) to edit and import."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--year", type=int, required=True, help="the results' year")
        parser.add_argument("--output", required=True, type=Path, help="the .xlsx file to write")
        add_plan_and_user(parser, user_required=False)

    def handle(self, *args, **options) -> None:
        plan = plan_from(options)
        year = year_in_plan(plan, options["year"])
        content = data_workbook_bytes(user=user_from(options), plan=plan, year=year)
        options["output"].write_bytes(content)
        self.stdout.write(f"Wrote {options['output']}: {plan.title}, {year}.")
