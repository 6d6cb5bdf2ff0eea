"""``python manage.py vendor_plotly BUNDLE``: install a plotly.js basic bundle as a static file.

BUNDLE is ``plotly-basic.min.js`` from ``npm pack plotly.js-basic-dist-min@VERSION``; it is
written to static/vendor/plotly/plotly.min.js with its off-host defaults rewritten
(reports/plotly_bundle.py).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from reports.plotly_bundle import offline_bundle

SERVED = Path(settings.BASE_DIR) / "static" / "vendor" / "plotly" / "plotly.min.js"


class Command(BaseCommand):
    help = __doc__

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("bundle", type=Path)

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            text = offline_bundle(options["bundle"].read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            raise CommandError(str(exc)) from exc
        SERVED.write_text(text, encoding="utf-8")
        self.stdout.write(f"Wrote {SERVED.relative_to(settings.BASE_DIR)}.")
