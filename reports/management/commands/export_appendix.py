"""``python manage.py export_appendix --year 2020 --output appendix.xlsx [--language fr]``: the
Governing Body appendix as the download gives it (reports/appendix_download.py), its cover sheet
of the plan phase by phase first, its words in English, French or Spanish. In reports because the
cover is built from the phase summary."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from indicators.review import Counting
from reports.appendix_cover import appendix_with_cover
from workbooks.appendix import appendix_for
from workbooks.management.commands._options import (
    add_plan_and_user,
    plan_from,
    user_from,
    year_in_plan,
)
from workbooks.selectors import phase_for_year


class Command(BaseCommand):
    help = (
        "Write the Governing Body appendix table for a year as an Excel workbook, after a "
        "cover sheet of the plan phase by phase."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("--year", type=int, required=True, help="the results' year")
        parser.add_argument("--output", required=True, type=Path, help="the .xlsx file to write")
        parser.add_argument(
            "--phase", help="the targets' phase, e.g. 2020–21 (default: the year's)"
        )
        parser.add_argument(
            "--only-off-track",
            action="store_true",
            help="only targets not on track (as GB.343/INS did); default: every loaded target",
        )
        parser.add_argument(
            "--with-submitted",
            action="store_true",
            help="count submitted results too, marked provisional (default: approved only)",
        )
        parser.add_argument(
            "--language",
            default="en",
            choices=[code for code, _name in settings.LANGUAGES],
            help="the language of its headers, notes, statuses and quantities (default: en); "
            "the plan's own texts stay as the plan gives them",
        )
        add_plan_and_user(parser, user_required=False)

    def handle(self, *args, **options) -> None:
        plan = plan_from(options)
        year = year_in_plan(plan, options["year"])
        if options["phase"]:
            phase = plan.phases.filter(label=options["phase"].replace("-", "–")).first()
            if phase is None:
                labels = ", ".join(plan.phases.values_list("label", flat=True))
                raise CommandError(f"No phase {options['phase']!r}; the plan has {labels}.")
        else:
            phase = phase_for_year(plan, year)
            if phase is None:
                raise CommandError(f"No phase of the plan includes {year}; give --phase.")
        appendix = appendix_for(
            user=user_from(options),
            plan=plan,
            phase=phase,
            year=year,
            only_off_track=options["only_off_track"],
            counting=Counting.WITH_SUBMITTED
            if options["with_submitted"]
            else Counting.APPROVED_ONLY,
            language=options["language"],
        )
        options["output"].write_bytes(appendix_with_cover(appendix))
        self.stdout.write(
            f"Wrote {options['output']}: {appendix.target_count} targets, "
            f"{phase.label} targets with {year} results."
        )
