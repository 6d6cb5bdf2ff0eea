# ruff: noqa: E402 - Django is set up before the models are imported
"""Load-test data: one unit, focal point and target per simulated custodian, plus reviewers.

Each simulated custodian saves only its own target, so the final value of every target must be
the last value that custodian's saves were acknowledged with.
"""

from __future__ import annotations

import json
import os
import sys
from decimal import Decimal

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
django.setup()

from django.contrib.auth import get_user_model
from django.db import transaction
from django.urls import NoReverseMatch, reverse

from custodians.models import CustodianUnit, Membership, Portfolio
from custodians.roles import GEDI_REVIEWERS, ensure_role_groups
from indicators.models import ActionPlan, Indicator, ReportingYear, Section, Target, TargetCustodian

PASSWORD = "load-test-password"  # noqa: S105 - a throwaway database made for one run


@transaction.atomic
def create(custodians: int, reviewers: int) -> dict:
    plan = ActionPlan.objects.get(slug="ilo-2018-21")
    phase = plan.phases.get(label="2020–21")
    ReportingYear.objects.update_or_create(plan=plan, year=2021, defaults={"is_open": True})
    section, _ = Section.objects.get_or_create(
        plan=plan, title="Load test", defaults={"position": 99}
    )
    portfolio = Portfolio.objects.get(code="mr")
    users = get_user_model()
    groups = ensure_role_groups()
    targets = {}
    for i in range(custodians):
        unit, _ = CustodianUnit.objects.get_or_create(
            acronym=f"LOAD{i:02d}",
            defaults={
                "slug": f"load{i:02d}",
                "name": f"Load test unit {i:02d}",
                "kind": "department",
                "portfolio": portfolio,
            },
        )
        indicator, _ = Indicator.objects.get_or_create(
            section=section,
            code=f"LOAD.{i:02d}",
            defaults={
                "text": f"Proportion measured by load test unit {i:02d}",
                "kind": "proportion",
                "position": 1000 + i,
            },
        )
        target, _ = Target.objects.get_or_create(
            indicator=indicator,
            phase=phase,
            scope="global",
            defaults={"plan": plan, "kind": "numeric", "value": Decimal("50"), "unit": "percent"},
        )
        TargetCustodian.objects.get_or_create(target=target, custodian=unit)
        user, _ = users.objects.get_or_create(username=f"load-focal-{i:02d}")
        user.set_password(PASSWORD)
        user.save()
        Membership.objects.get_or_create(user=user, unit=unit)
        targets[user.username] = target.pk
    reviewer_names = []
    for i in range(reviewers):
        user, _ = users.objects.get_or_create(username=f"load-gedi-{i:02d}")
        user.set_password(PASSWORD)
        user.save()
        user.groups.add(groups[GEDI_REVIEWERS])
        reviewer_names.append(user.username)
    return {
        "password": PASSWORD,
        "custodians": targets,
        "reviewers": reviewer_names,
        "year": 2021,
        "edit_url": reverse("entries:result_edit", args=[0, 0]).replace(
            "/0/0/", "/{target}/{year}/"
        ),
        "home_url": reverse("entries:my_indicators"),
        "read_urls": read_urls(plan),
    }


def read_urls(plan: ActionPlan) -> list[tuple[str, str]]:
    """What reviewers read: the plan, the scorecards of each kind and the review queue."""
    unit = CustodianUnit.objects.get(acronym="HRD")
    candidates = [
        ("plan page", "indicators:plan", [plan.slug]),
        ("plan scorecard", "reports:plan", [plan.slug]),
        ("portfolio scorecard", "reports:portfolio", [plan.slug, "mr"]),
        ("region scorecard", "reports:region", [plan.slug, "africa"]),
        ("custodian scorecard", "reports:custodian", [plan.slug, unit.slug]),
        ("review queue", "entries:review_queue", []),
    ]
    urls = []
    for name, route, args in candidates:
        try:
            urls.append((name, reverse(route, args=args) + "?year=2021"))
        except NoReverseMatch:
            print(f"(no page {route} with {args}: left out of the mix)", file=sys.stderr)
    return urls


if __name__ == "__main__":
    print(json.dumps(create(int(sys.argv[1]), int(sys.argv[2]))))
