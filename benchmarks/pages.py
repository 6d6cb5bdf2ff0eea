"""Server time and query count of each scorecard page and the indicator page, per plan size."""

from __future__ import annotations

from dataclasses import asdict, dataclass

from django.contrib.auth import get_user_model
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from benchmarks.measure import median_time
from custodians.models import CustodianUnit, Portfolio, Region
from custodians.roles import GEDI_REVIEWERS, ensure_role_groups
from indicators.models import ActionPlan, Indicator, Target
from indicators.selectors import latest_reported_year


@dataclass(frozen=True)
class PageFigure:
    page: str
    targets: int
    queries: int
    median_ms: float
    status: int

    def as_dict(self) -> dict:
        return asdict(self)


def reviewer_client() -> Client:
    user, _ = get_user_model().objects.get_or_create(username="bench-reviewer")
    user.groups.add(ensure_role_groups()[GEDI_REVIEWERS])
    client = Client(HTTP_HOST="localhost")
    client.force_login(user)
    return client


def page_urls(plan: ActionPlan) -> dict[str, str]:
    """One page of each kind for the plan: the busiest portfolio, region and custodian."""
    targets = Target.objects.of_plan(plan)
    portfolio = Portfolio.objects.filter(units__targets__in=targets).order_by("position").first()
    region = Region.objects.filter(targets__in=targets).order_by("position").first()
    unit = CustodianUnit.objects.filter(targets__in=targets).order_by("pk").first()
    indicator = Indicator.objects.filter(section__plan=plan).order_by("position").first()
    year = latest_reported_year(plan)
    pages = {
        "plan scorecard": reverse("reports:plan", args=[plan.slug]),
        "portfolio scorecard": reverse("reports:portfolio", args=[plan.slug, portfolio.code]),
        "region scorecard": reverse("reports:region", args=[plan.slug, region.code]),
        "custodian scorecard": reverse("reports:custodian", args=[plan.slug, unit.slug]),
        "portfolio one-page": reverse(
            "reports:portfolio_one_page", args=[plan.slug, portfolio.code]
        ),
        "indicator page": indicator.get_absolute_url(),
    }
    return {name: f"{url}?year={year}" for name, url in pages.items()}


def measure_pages(plan: ActionPlan, *, runs: int) -> list[PageFigure]:
    client = reviewer_client()
    targets = Target.objects.of_plan(plan).count()
    figures = []
    for name, url in page_urls(plan).items():
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url, secure=True)
        # Read now: the next request empties the connection's query log.
        query_count = len(queries.captured_queries)
        if response.status_code != 200:
            raise RuntimeError(f"{name} answered {response.status_code} at {url}")
        timing = median_time(lambda url=url: client.get(url, secure=True), runs=runs)
        figures.append(PageFigure(name, targets, query_count, round(timing.median_ms, 1), 200))
    return figures
