"""What the workbook commands share: the plan and the user they act for."""

from __future__ import annotations

from argparse import ArgumentParser

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser
from django.core.management.base import CommandError

from indicators.models import ActionPlan
from indicators.selectors import default_plan
from workbooks.permissions import may_export


def add_plan_and_user(parser: ArgumentParser, *, user_required: bool) -> None:
    parser.add_argument("--plan", help="the plan's slug (default: the most recent plan)")
    parser.add_argument(
        "--user",
        required=user_required,
        help="act as this user: the workbook holds only what they may see"
        + ("" if user_required else " (default: everything, as for an administrator)"),
    )


def plan_from(options: dict) -> ActionPlan:
    if options.get("plan"):
        plan = ActionPlan.objects.filter(slug=options["plan"]).first()
        if plan is None:
            raise CommandError(f"No plan with the slug {options['plan']!r}.")
        return plan
    plan = default_plan()
    if plan is None:
        raise CommandError("No plan is loaded: run load_plan first.")
    return plan


def user_from(options: dict) -> AbstractBaseUser:
    """The user named by --user; without one, an administrator's view of everything."""
    username = options.get("user")
    model = get_user_model()
    if not username:
        return model(username="manage.py", is_superuser=True, is_active=True)
    user = model.objects.filter(**{model.USERNAME_FIELD: username}).first()
    if user is None or not user.is_active:
        raise CommandError(f"No active user {username!r}.")
    if not may_export(user):
        raise CommandError(f"{username} may not see any targets.")
    return user


def year_in_plan(plan: ActionPlan, year: int) -> int:
    if year not in plan.years:
        raise CommandError(f"The plan runs from {plan.start_year} to {plan.end_year}.")
    return year
