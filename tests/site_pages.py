"""Every page of the app, with its address read from the loaded plan and recommendations, and the
person who uses it.

tests/browser/test_accessibility.py runs axe-core on each page for that person;
tests/test_valid_html.py checks each page's HTML with the Nu Html Checker for every role.
A new page belongs here. Not here: Django's administration (/admin/), and the password change
pages, which no page links to and which Django draws with the administration's templates.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import NamedTuple

from django.utils import timezone

from custodians.models import CustodianUnit, Portfolio, Region
from evaluations.models import Recommendation
from indicators.models import AcceleratingAction, Indicator, Target

PLAN = "ilo-2018-21"
YEAR = 2021
# The demo users (create_demo_users), one a role; focal reports for HRD, eval for EVAL.
ROLES = ("admin", "gedi", "viewer", "focal", "eval")


class SitePage(NamedTuple):
    reader: str | None  # the demo user who uses the page; None: someone not signed in
    address: Callable[[], str]
    status: int = 200  # what the reader gets


def acc1_target() -> Target:
    return Target.objects.get(indicator__code="ACC.1", phase__start_year__lte=YEAR, scope="global")


def hrd_recommendation() -> Recommendation:
    """A recommendation addressed to HRD, which focal reports follow-up on."""
    return Recommendation.objects.get(evaluation__slug="covid-19-response", number=8)


PAGES: dict[str, SitePage] = {
    "sign-in": SitePage(None, lambda: "/accounts/login/"),
    "plans": SitePage("gedi", lambda: "/plans/"),
    "plan": SitePage("viewer", lambda: f"/plans/{PLAN}/"),
    "overview": SitePage("viewer", lambda: "/scorecards/?year=2020"),
    "scorecard-plan": SitePage("viewer", lambda: f"/scorecards/{PLAN}/?year=2020"),
    "phases": SitePage("viewer", lambda: f"/scorecards/{PLAN}/phases/"),
    "scorecard-portfolio": SitePage(
        "viewer",
        lambda: f"/scorecards/{PLAN}/portfolios/{Portfolio.objects.first().code}/?year=2020",
    ),
    "scorecard-portfolio-one-page": SitePage(
        "viewer",
        lambda: (
            f"/scorecards/{PLAN}/portfolios/{Portfolio.objects.first().code}/one-page/?year=2020"
        ),
    ),
    "scorecard-region": SitePage(
        "viewer", lambda: f"/scorecards/{PLAN}/regions/{Region.objects.first().code}/?year=2020"
    ),
    "scorecard-custodian": SitePage(
        "viewer",
        lambda: (
            f"/scorecards/{PLAN}/custodians/{CustodianUnit.objects.get(acronym='HRD').slug}/"
            "?year=2020"
        ),
    ),
    "indicator": SitePage("viewer", lambda: Indicator.objects.get(code="ACC.1").get_absolute_url()),
    "my-indicators": SitePage("focal", lambda: "/entries/mine/"),
    "drafts": SitePage("focal", lambda: "/entries/mine/drafts/"),
    "result": SitePage("focal", lambda: f"/entries/results/{acc1_target().pk}/{YEAR}/"),
    "result-form": SitePage("focal", lambda: f"/entries/results/{acc1_target().pk}/{YEAR}/edit/"),
    "action": SitePage(
        "focal",
        lambda: (
            f"/entries/actions/{AcceleratingAction.objects.filter(target=acc1_target()).first().pk}/"
        ),
    ),
    "action-form": SitePage("focal", lambda: f"/entries/targets/{acc1_target().pk}/actions/new/"),
    "review-queue": SitePage("gedi", lambda: "/entries/review/"),
    "reporting-years": SitePage("gedi", lambda: "/entries/years/"),
    "workbooks": SitePage("viewer", lambda: "/workbooks/"),
    "plan-import": SitePage("gedi", lambda: "/workbooks/plans/import/"),
    "recommendations-tracker": SitePage("viewer", lambda: "/evaluations/"),
    "recommendations-by-unit": SitePage("viewer", lambda: "/evaluations/by/unit/"),
    "evaluation": SitePage("viewer", lambda: hrd_recommendation().evaluation.get_absolute_url()),
    "recommendation": SitePage(
        "viewer", lambda: Recommendation.objects.order_by("pk").first().get_absolute_url()
    ),
    "follow-up-form": SitePage(
        "focal",
        lambda: (
            f"/evaluations/recommendations/{hrd_recommendation().pk}/follow-up/"
            f"{timezone.localdate().year}/"
        ),
    ),
    "units": SitePage("gedi", lambda: "/units/"),
    "unit": SitePage("gedi", lambda: "/units/hrd/"),
    "focal-points": SitePage("gedi", lambda: "/units/focal-points/"),
    "forbidden": SitePage("focal", lambda: "/entries/review/", 403),
    "not-found": SitePage("viewer", lambda: "/no-such-page/", 404),
}
