from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from evaluations.loading import (
    DEFAULT_RECOMMENDATIONS_FILE,
    RecommendationsFileError,
    load_recommendations,
)


class Command(BaseCommand):
    help = (
        "Load the evaluations' recommendations and the Office's responses "
        "(default: fixtures/recommendations.json). Running it again changes nothing."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", nargs="?", type=Path, default=DEFAULT_RECOMMENDATIONS_FILE)

    def handle(self, *args, path: Path, **options) -> None:
        try:
            summary = load_recommendations(path)
        except RecommendationsFileError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(self.style.SUCCESS(f"Recommendations: {summary}"))
