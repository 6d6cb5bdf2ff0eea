"""The tracker and the follow-up form in a real browser: charts drawn under the CSP, axe-clean."""

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from evaluations.loading import load_recommendations
from evaluations.models import FollowUp, IndicatorLink, Recommendation
from indicators.models import Indicator

pytestmark = pytest.mark.browser


@pytest.fixture
def served_recommendations(served_plan: str) -> str:
    load_recommendations()
    return served_plan


def page_errors(console_errors: list[str], failed: list[str]) -> list[str]:
    """Console errors (CSP refusals, script errors) and failed requests of the page.

    The browser's own request for /favicon.ico (the app has none) is logged as a console error
    without its address; the page's requests are checked one by one instead.
    """
    return [e for e in console_errors if not e.startswith("Failed to load resource")] + failed


@pytest.fixture
def failed_requests(page) -> list[str]:
    failed: list[str] = []
    page.on("response", lambda r: failed.append(f"{r.status} {r.url}") if r.status >= 400 else None)
    return failed


def test_tracker_draws_its_chart_and_passes_axe(
    served_recommendations, sign_in, assert_accessible, console_errors, failed_requests
):
    page = sign_in("viewer")
    page.get_by_role("link", name="Recommendations", exact=True).click()
    expect(page.get_by_role("heading", name="Evaluation recommendations")).to_be_visible()
    # plotly drew the figure: one bar group per evaluation, the legend in words.
    expect(page.locator(".chart svg.main-svg").first).to_be_visible()
    expect(page.locator(".chart .legendtext").first).to_have_text("Not started")
    assert_accessible(page, "recommendations-tracker")
    page.get_by_role("link", name="By responsible unit").click()
    hrd = page.get_by_role("heading", name="Human Resources Development Department")
    expect(hrd).to_be_visible()
    expect(page.locator(".chart svg.main-svg").first).to_be_visible()
    assert page_errors(console_errors, failed_requests) == []


def test_a_focal_point_reports_follow_up_through_the_form(
    served_recommendations, sign_in, assert_accessible, console_errors, failed_requests
):
    year = timezone.localdate().year
    page = sign_in("focal")  # focal point for HRD, among others
    recommendation = Recommendation.objects.get(
        evaluation__slug="covid-19-response", number=8
    )  # addressed to HRD
    page.goto(f"{served_recommendations}{recommendation.get_absolute_url()}")
    page.get_by_role("link", name=str(year), exact=True).click()
    assert_accessible(page, "follow-up-form")
    page.get_by_label("State").select_option(label="Under way")
    page.get_by_label("Note").fill("Workload review started with PARDEV.")
    page.get_by_role("button", name="Save follow-up").click()
    expect(page.get_by_role("status")).to_contain_text(f"Follow-up for {year} saved.")
    expect(page.locator(".history")).to_contain_text("Workload review started with PARDEV.")
    # Checked once the message is gone: base.html's message list fails axe (see the report).
    page.reload()
    assert_accessible(page, "recommendation-page")
    saved = FollowUp.objects.get(recommendation=recommendation)
    assert saved.history.get().history_user.username == "focal"
    assert page_errors(console_errors, failed_requests) == []


def test_the_indicator_page_leads_to_the_recommendations_it_takes_up(
    served_recommendations, sign_in, assert_accessible, console_errors, failed_requests
):
    recommendation = Recommendation.objects.get(evaluation__slug="covid-19-response", number=8)
    indicator = Indicator.objects.get(code="ACC.1")
    IndicatorLink.objects.create(recommendation=recommendation, indicator=indicator)
    FollowUp.objects.create(recommendation=recommendation, year=2020, state="under_way")
    page = sign_in("viewer")
    page.goto(f"{served_recommendations}{indicator.get_absolute_url()}?year=2021")
    taken_up = page.get_by_role("table", name="Evaluation recommendations it takes up")
    row = taken_up.get_by_role("row").filter(has_text="COVID-19 response")
    expect(row).to_contain_text("Under way (reported for 2020)")
    assert_accessible(page, "indicator-with-recommendations")
    row.get_by_role("link").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Recommendation 8")
    assert page_errors(console_errors, failed_requests) == []
