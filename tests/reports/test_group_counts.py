"""The plan scorecard's charts by portfolio and by region count what each portfolio's and each
region's own scorecard counts: one rule, read two ways (one query for every group, or one
scorecard per group)."""

import pytest
from django.db.models import Count

from benchmarks.synthetic import generate_plan
from custodians.models import Portfolio, Region
from indicators.models import Target
from reports.selectors import (
    PORTFOLIO_WAYS,
    REGION_WAYS,
    counts_by_group,
    plan_scope,
    portfolio_scope,
    region_scope,
    scorecard_summary,
    scorecard_targets,
)

pytestmark = pytest.mark.django_db


def test_each_groups_bar_counts_what_its_own_scorecard_counts():
    plan = generate_plan(targets=300, years=2, seed=5)
    # Targets that belong to a portfolio twice over (two of their custodians are in it), so that
    # a target counted once per way would show here.
    twice = (
        Target.objects.of_plan(plan)
        .values("pk", "custodian_links__custodian__portfolio")
        .annotate(links=Count("custodian_links"))
        .filter(links__gt=1)
    )
    assert twice.exists()
    portfolios, regions = list(Portfolio.objects.all()), list(Region.objects.all())
    for year in plan.years:
        groups = counts_by_group(
            scorecard_targets(plan=plan, year=year, scope=plan_scope()),
            plan,
            year,
            {"portfolio": (PORTFOLIO_WAYS, portfolios), "region": (REGION_WAYS, regions)},
        )
        for kind, scope_of, listed in (
            ("portfolio", portfolio_scope, portfolios),
            ("region", region_scope, regions),
        ):
            own = [
                (str(group), scorecard_summary(plan=plan, year=year, scope=scope_of(group)).counts)
                for group in listed
            ]
            assert groups[kind] == own, (kind, year)
            assert any(counts.total for _, counts in own)
