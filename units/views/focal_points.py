"""GEDI's focal points page: each active unit, its focal points with their last sign-in, and how
many of its targets for the current reporting year are still not submitted.

"Not submitted" is the review queue's own (entries/selectors.py ``ReviewQueue.not_submitted``):
nothing entered, a draft, or returned. The page reads the whole queue once and counts it per
custodian, so it runs the same number of queries whatever the number of units.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from custodians.models import CustodianUnit, Membership
from custodians.plan_texts import in_reading_order
from entries.selectors import review_queue
from indicators.models import ActionPlan, ReportingYear
from indicators.selectors import current_reporting_year, default_plan
from units.services import active_units
from units.views.units import require_reviewer


@dataclass(frozen=True)
class UnitFocalPoints:
    unit: CustodianUnit
    memberships: list[Membership]
    targets: int  # the unit's targets reported in the year
    not_submitted: int  # of which nothing entered, a draft, or returned


@dataclass(frozen=True)
class FocalPointsOverview:
    plan: ActionPlan | None
    reporting_year: ReportingYear | None
    units: list[UnitFocalPoints]


def focal_points_overview() -> FocalPointsOverview:
    """Active units with focal points and outstanding targets: eight queries (the plan, its
    years, the review queue's four, the units, their focal points)."""
    plan = default_plan()
    reporting_year = current_reporting_year(plan.reporting_years.all()) if plan else None
    targets: Counter[int] = Counter()
    not_submitted: Counter[int] = Counter()
    if reporting_year is not None:
        queue = review_queue(reporting_year)
        groups = queue.groups
        for row in groups.missing + groups.returned + groups.submitted + groups.approved:
            targets.update(unit.pk for unit in row.custodians)
        for row in queue.not_submitted:
            not_submitted.update(unit.pk for unit in row.custodians)
    units = (
        active_units()
        .select_related("portfolio")
        .prefetch_related(
            Prefetch(
                "memberships",
                queryset=Membership.objects.select_related("user").order_by("user__username"),
                to_attr="focal_points",
            )
        )
    )
    return FocalPointsOverview(
        plan,
        reporting_year,
        [
            UnitFocalPoints(unit, unit.focal_points, targets[unit.pk], not_submitted[unit.pk])
            for unit in units.order_by(in_reading_order("name"), "name")
        ],
    )


@require_GET
def focal_points_page(request: HttpRequest) -> HttpResponse:
    require_reviewer(request)
    return render(request, "units/focal_points.html", {"overview": focal_points_overview()})
