"""Demo users, one per role, for trying the product on a local machine."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction

from custodians.models import CustodianUnit, Membership
from custodians.roles import GEDI_REVIEWERS, VIEWERS, ensure_role_groups

# username, password, what they are, group, the units they report for
DEMO_USERS = [
    ("admin", "admin-demo", "administrator", None, []),
    ("gedi", "gedi-demo", "GEDI reviewer", GEDI_REVIEWERS, []),
    ("viewer", "viewer-demo", "read-only viewer", VIEWERS, []),
    (
        "focal",
        "focal-demo",
        "focal point for HRD, RESEARCH and ITCILO",
        None,
        ["HRD", "RESEARCH", "ITCILO"],
    ),
    ("eval", "eval-demo", "focal point for the Evaluation Office", None, ["EVAL"]),
]


class Command(BaseCommand):
    help = "Create one demo user per role (local use only: refuses to run unless DEBUG is on)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--force",
            action="store_true",
            help="Run even though DEBUG is off (never in production).",
        )

    @transaction.atomic
    def handle(self, *args, force: bool, **options) -> None:
        if not settings.DEBUG and not force:
            raise CommandError("Demo users are for local use: run with DEBUG=1 (or --force).")
        groups = ensure_role_groups()
        user_model = get_user_model()
        units = {unit.acronym: unit for unit in CustodianUnit.objects.all()}
        missing = {a for *_, acronyms in DEMO_USERS for a in acronyms} - units.keys()
        if missing:
            raise CommandError(
                f"Load the plan first (python manage.py load_plan): no units {sorted(missing)}"
            )
        self.stdout.write("Sign in at http://127.0.0.1:8000/ with:")
        for username, password, role, group, acronyms in DEMO_USERS:
            user, _ = user_model.objects.get_or_create(username=username)
            user.set_password(password)
            user.is_superuser = user.is_staff = role == "administrator"
            user.save()
            user.groups.set([groups[group]] if group else [])
            user.memberships.exclude(unit__acronym__in=acronyms).delete()
            for acronym in acronyms:
                Membership.objects.get_or_create(user=user, unit=units[acronym])
            self.stdout.write(f"  {username:<8} password {password:<12} {role}")
