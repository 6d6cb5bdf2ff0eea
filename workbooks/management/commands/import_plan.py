"""``manage.py import_plan FILE --user USERNAME [--dry-run] [--slug SLUG] [--title TITLE]``.

Loads a plan definition workbook (as ``export_plan`` writes it) all or nothing. On problems it
lists each with its place, writes the workbook with the bad cells marked next to FILE as
FILE-problems.xlsx, and fails.
"""

from pathlib import Path

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser
from django.core.management.base import BaseCommand, CommandError

from workbooks.plan_definition.importing import PlanDefinitionRefused, import_plan_definition


def marked_copy_path(path: Path) -> Path:
    """Where the marked copy of ``path`` goes: plan.xlsx -> plan-problems.xlsx, beside it."""
    return path.with_name(f"{path.stem}-problems.xlsx")


class Command(BaseCommand):
    help = (
        "Import a plan definition workbook: all of it or, on any problem, nothing. With "
        "--slug and --title, as a new plan; with --dry-run, only say what would be created."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument(
            "--user", required=True, help="an administrator (staff) the history records"
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="say what would change, save none"
        )
        parser.add_argument("--slug", help="load as the plan with this slug, not the workbook's")
        parser.add_argument("--title", help="and with this title")

    def handle(self, *args, **options) -> None:
        user = _administrator(options["user"])
        path: Path = options["file"]
        try:
            content = path.read_bytes()
        except OSError as exc:
            raise CommandError(f"{path}: {exc.strerror}") from exc
        try:
            outcome = import_plan_definition(
                content,
                slug=options["slug"],
                title=options["title"],
                dry_run=options["dry_run"],
                user=user,
            )
        except PlanDefinitionRefused as refused:
            for problem in refused.problems:
                self.stderr.write(str(problem))
            marked = ""
            if refused.marked is not None:
                copy = marked_copy_path(path)
                copy.write_bytes(refused.marked)
                marked = f" The bad cells are marked in {copy}."
            raise CommandError(
                f"{len(refused.problems)} problem(s): nothing was imported.{marked}"
            ) from refused
        self.stdout.write(f"{outcome.slug} ({outcome.title}): {outcome.summary}.")
        if outcome.dry_run:
            self.stdout.write("Dry run: nothing was saved.")
        else:
            self.stdout.write(self.style.SUCCESS(f"Imported the plan {outcome.slug}."))


def _administrator(username: str) -> AbstractBaseUser:
    model = get_user_model()
    user = model.objects.filter(**{model.USERNAME_FIELD: username}).first()
    if user is None or not user.is_active:
        raise CommandError(f"No active user {username!r}.")
    if not (user.is_staff or user.is_superuser):
        raise CommandError(f"{username} is not an administrator; only they define plans.")
    return user
