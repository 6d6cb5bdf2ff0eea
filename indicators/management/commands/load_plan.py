from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from indicators.loading import DEFAULT_PLAN_FILE, PlanFileError, load_plan


class Command(BaseCommand):
    help = "Load an action plan file (default: the ILO Action Plan for Gender Equality 2018–21)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", nargs="?", type=Path, default=DEFAULT_PLAN_FILE)

    def handle(self, *args, path: Path, **options) -> None:
        try:
            plan, summary = load_plan(path)
        except PlanFileError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(self.style.SUCCESS(f"{plan}: {summary}"))
