from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from workbooks.importing import ImportCheck, WorkbookRefused, apply_workbook, check_workbook
from workbooks.management.commands._options import user_from


class Command(BaseCommand):
    help = (
        "Import an edited data workbook: all of it or, on any problem, nothing. "
        "With --dry-run, only show what would change."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument("--user", required=True, help="import as this user (their rights)")
        parser.add_argument("--dry-run", action="store_true", help="show the changes, save none")
        parser.add_argument(
            "--reason", default="", help="why entries already submitted or approved change"
        )

    def handle(self, *args, **options) -> None:
        user = user_from(options)
        path: Path = options["file"]
        try:
            content = path.read_bytes()
        except OSError as exc:
            raise CommandError(f"{path}: {exc.strerror}") from exc
        if options["dry_run"]:
            check = check_workbook(content, user=user)
            if check.problems:
                self._refuse(check.problems)
            self._report(check)
            if check.needs_reason:
                self.stdout.write(
                    f"{check.needs_reason} of the changed entries were already submitted or "
                    "approved: importing them needs --reason."
                )
            self.stdout.write("Dry run: nothing was saved.")
            return
        try:
            check = apply_workbook(
                content,
                user=user,
                reason=options["reason"],
                source=f"workbook import of {path.name}",
            )
        except WorkbookRefused as refused:
            self._refuse(refused.problems)
        self._report(check)
        self.stdout.write(self.style.SUCCESS(f"Imported: {check.summary()}."))

    def _report(self, check: ImportCheck) -> None:
        for change in check.changes:
            self.stdout.write(f"{change.sheet} row {change.row}: {change.kind} – {change.label}")
            for field in change.changes:
                self.stdout.write(f"    {field.heading}: {field.old} → {field.new}")
        self.stdout.write(f"{check.summary()}.")

    def _refuse(self, problems: list) -> None:
        for problem in problems:
            self.stderr.write(str(problem))
        raise CommandError(f"{len(problems)} problem(s): nothing was imported.")
