"""Reads for the plan pages: everything a page shows, fetched in a fixed number of queries."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Max, Prefetch, QuerySet

from custodians.models import CustodianUnit
from indicators.models import (
    AcceleratingAction,
    ActionPlan,
    Indicator,
    Result,
    ResultBreakdownLine,
    Section,
    Target,
    TargetCustodian,
)
from indicators.status import Status


@dataclass(frozen=True)
class TargetRow:
    target: Target
    result: Result | None
    status: Status
    custodians: list[CustodianUnit]


@dataclass(frozen=True)
class IndicatorRows:
    indicator: Indicator
    rows: list[TargetRow]


@dataclass(frozen=True)
class SectionRows:
    section: Section
    indicators: list[IndicatorRows]


def default_plan() -> ActionPlan | None:
    return ActionPlan.objects.order_by("-start_year", "pk").first()


def latest_reported_year(plan: ActionPlan) -> int:
    """The most recent year with any result, or the plan's first year when nothing is reported."""
    year = Result.objects.filter(target__indicator__section__plan=plan).aggregate(y=Max("year"))[
        "y"
    ]
    return year or plan.start_year


def targets_with_year(year: int) -> QuerySet[Target]:
    """Targets with their scope, custodians and the year's counted result (as ``year_results``).

    Only submitted or approved results count (``Result.COUNTED_STATES``): a draft is not reported.
    """
    return Target.objects.select_related("phase", "region", "portfolio").prefetch_related(
        Prefetch(
            "custodian_links",
            queryset=TargetCustodian.objects.select_related("custodian").order_by("position"),
        ),
        Prefetch(
            "results",
            queryset=Result.objects.filter(
                year=year, review_state__in=Result.COUNTED_STATES
            ).prefetch_related(
                Prefetch(
                    "breakdown_lines",
                    queryset=ResultBreakdownLine.objects.select_related("portfolio", "custodian"),
                )
            ),
            to_attr="year_results",
        ),
    )


def target_row(target: Target) -> TargetRow:
    result = target.year_results[0] if target.year_results else None
    return TargetRow(
        target=target,
        result=result,
        status=target.status_for(result),
        custodians=[link.custodian for link in target.custodian_links.all()],
    )


def plan_overview(plan: ActionPlan, year: int) -> list[SectionRows]:
    """Sections, indicators and targets of a plan with the year's results: five queries."""
    sections = plan.sections.order_by("position").prefetch_related(
        Prefetch(
            "indicators",
            queryset=Indicator.objects.order_by("position").prefetch_related(
                Prefetch(
                    "targets",
                    queryset=targets_with_year(year).order_by("phase__start_year", "position"),
                )
            ),
        )
    )
    return [
        SectionRows(
            section=section,
            indicators=[
                IndicatorRows(indicator, [target_row(t) for t in indicator.targets.all()])
                for indicator in section.indicators.all()
            ],
        )
        for section in sections
    ]


def indicator_detail(indicator_pk: int, year: int) -> tuple[Indicator, list[TargetRow]]:
    indicator = Indicator.objects.select_related("section__plan").get(pk=indicator_pk)
    targets = (
        targets_with_year(year)
        .filter(indicator=indicator)
        .prefetch_related(
            Prefetch(
                "actions",
                queryset=AcceleratingAction.objects.select_related("custodian").order_by(
                    "custodian__name", "position"
                ),
            ),
            Prefetch("results", queryset=Result.objects.order_by("year"), to_attr="all_results"),
        )
        .order_by("phase__start_year", "position")
    )
    return indicator, [target_row(t) for t in targets]
