"""The scorecards' overview: the plan's counts for a year, then each portfolio, region and
custodian unit with its own counts, each leading to its scorecard.

It reads in a fixed number of queries, whatever the size of the plan: the plan's counts as its
scorecard reads them (``scorecard_summary``), the portfolios, regions and the plan's custodian
units, and one GROUP BY query for every group's counts (``counts_by_group``), which counts what
each group's own scorecard counts (tests/reports/test_overview.py).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext as _

from custodians.models import CustodianUnit, Portfolio, Region
from indicators.models import ActionPlan
from indicators.review import Counting
from reports.charts import PrintBar, print_bars
from reports.selectors import (
    CUSTODIAN_WAYS,
    PORTFOLIO_WAYS,
    REGION_WAYS,
    ScorecardSummary,
    counts_by_group,
    plan_custodians,
    plan_scope,
    scorecard_summary,
    scorecard_targets,
)


@dataclass(frozen=True)
class ScopeTile:
    """A portfolio, region or custodian unit on the overview, with its counts as a bar."""

    group: Portfolio | Region | CustodianUnit
    bar: PrintBar


@dataclass(frozen=True)
class ScorecardOverview:
    summary: ScorecardSummary
    plan_bar: PrintBar
    portfolios: list[ScopeTile]
    regions: list[ScopeTile]
    custodians: list[ScopeTile]


def scorecard_overview(
    *, plan: ActionPlan, year: int, counting: str = Counting.WITH_SUBMITTED
) -> ScorecardOverview:
    """The plan's counts in ``year`` and each group's, counting the results ``counting`` says:
    eight queries."""
    scope = plan_scope().counting_as(counting)
    summary = scorecard_summary(plan=plan, year=year, scope=scope)
    targets = scorecard_targets(plan=plan, year=year, scope=scope)
    listed: dict[str, list[Portfolio] | list[Region] | list[CustodianUnit]] = {
        "portfolio": list(Portfolio.objects.all()),
        "region": list(Region.objects.all()),
        "custodian": list(plan_custodians(plan)),
    }
    ways = {"portfolio": PORTFOLIO_WAYS, "region": REGION_WAYS, "custodian": CUSTODIAN_WAYS}
    counted = counts_by_group(
        targets, plan, year, {kind: (ways[kind], groups) for kind, groups in listed.items()}
    )
    tiles = {
        kind: [
            ScopeTile(group, bar)
            for group, bar in zip(listed[kind], print_bars(counted[kind]), strict=True)
        ]
        for kind in listed
    }
    return ScorecardOverview(
        summary=summary,
        plan_bar=print_bars([(_("The plan"), summary.counts)])[0],
        portfolios=tiles["portfolio"],
        regions=tiles["region"],
        custodians=tiles["custodian"],
    )
