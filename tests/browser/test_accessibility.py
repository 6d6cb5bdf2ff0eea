"""Every main page passes axe-core for the person who uses it; result entry works by keyboard."""

import re
from collections.abc import Callable

import pytest
from playwright.sync_api import Locator, Page, expect

from custodians.models import CustodianUnit, Portfolio, Region
from evaluations.loading import load_recommendations
from evaluations.models import Recommendation
from indicators.models import AcceleratingAction, Indicator, Target

pytestmark = pytest.mark.browser

PLAN = "ilo-2018-21"
YEAR = 2021


def acc1_target() -> Target:
    return Target.objects.get(indicator__code="ACC.1", phase__start_year__lte=YEAR, scope="global")


# Each page: who looks at it, its address (read from the loaded plan), and the HTTP status.
PAGES: dict[str, tuple[str, Callable[[], str], int]] = {
    "plan": ("viewer", lambda: f"/plans/{PLAN}/", 200),
    "scorecard-plan": ("viewer", lambda: f"/scorecards/{PLAN}/?year=2020", 200),
    "scorecard-portfolio": (
        "viewer",
        lambda: f"/scorecards/{PLAN}/portfolios/{Portfolio.objects.first().code}/?year=2020",
        200,
    ),
    "scorecard-portfolio-one-page": (
        "viewer",
        lambda: (
            f"/scorecards/{PLAN}/portfolios/{Portfolio.objects.first().code}/one-page/?year=2020"
        ),
        200,
    ),
    "scorecard-region": (
        "viewer",
        lambda: f"/scorecards/{PLAN}/regions/{Region.objects.first().code}/?year=2020",
        200,
    ),
    "scorecard-custodian": (
        "viewer",
        lambda: (
            f"/scorecards/{PLAN}/custodians/{CustodianUnit.objects.get(acronym='HRD').slug}/"
            "?year=2020"
        ),
        200,
    ),
    "indicator": ("viewer", lambda: Indicator.objects.get(code="ACC.1").get_absolute_url(), 200),
    "my-indicators": ("focal", lambda: "/entries/mine/", 200),
    "result-form": ("focal", lambda: f"/entries/results/{acc1_target().pk}/{YEAR}/edit/", 200),
    "action": (
        "focal",
        lambda: (
            f"/entries/actions/{AcceleratingAction.objects.filter(target=acc1_target()).first().pk}/"
        ),
        200,
    ),
    "review-queue": ("gedi", lambda: "/entries/review/", 200),
    "reporting-years": ("gedi", lambda: "/entries/years/", 200),
    "workbooks": ("viewer", lambda: "/workbooks/", 200),
    "recommendations-tracker": ("viewer", lambda: "/evaluations/", 200),
    "recommendation": (
        "viewer",
        lambda: Recommendation.objects.order_by("pk").first().get_absolute_url(),
        200,
    ),
    "forbidden": ("focal", lambda: "/entries/review/", 403),
    "not-found": ("viewer", lambda: "/no-such-page/", 404),
}


@pytest.mark.parametrize("name", list(PAGES))
def test_main_pages_pass_axe(name, served_plan, sign_in, assert_accessible):
    load_recommendations()
    username, address, status = PAGES[name]
    page = sign_in(username)
    response = page.goto(f"{served_plan}{address()}")
    assert response.status == status
    assert_accessible(page, name)


def focus_by_tab(page: Page, control: Locator, *, limit: int = 400) -> None:
    """Press Tab until ``control`` has the focus; every control passed on the way shows it."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        shown = page.evaluate(
            """() => {
                const e = document.activeElement;
                if (!e || e === document.body) return true;
                const s = getComputedStyle(e);
                return s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0;
            }"""
        )
        assert shown, "focus outline missing on " + page.evaluate(
            "() => document.activeElement.outerHTML.slice(0, 200)"
        )
        if control.evaluate("e => e === document.activeElement"):
            return
    raise AssertionError(f"Tab never reached {control}")


def test_a_result_is_entered_and_submitted_with_the_keyboard_alone(page: Page, served_plan):
    page.goto(f"{served_plan}/accounts/login/")
    expect(page.get_by_label("Username")).to_be_focused()
    page.keyboard.type("focal")
    page.keyboard.press("Tab")
    page.keyboard.type("focal-demo")
    page.keyboard.press("Enter")
    expect(page.get_by_role("button", name="Sign out")).to_be_visible()

    focus_by_tab(page, page.get_by_role("link", name="My indicators", exact=True))
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name=f"My indicators: {YEAR} results")).to_be_visible()
    missing = page.get_by_role("table", name="Targets without a submitted result")
    row = missing.get_by_role("row").filter(has_text="ACC.1 ")
    focus_by_tab(page, row.get_by_role("link", name="Enter the result"))
    page.keyboard.press("Enter")  # the form opens straight from the task list
    page.wait_for_url(re.compile(rf"/entries/results/\d+/{YEAR}/edit/$"))

    focus_by_tab(page, page.get_by_label(re.compile(r"^Result")))
    page.keyboard.type("47")
    # Back with Shift+Tab and forward again: the number stays.
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Tab")
    expect(page.get_by_label(re.compile(r"^Result"))).to_be_focused()
    # A percentage target's status is computed: the form does not ask for it.
    expect(page.get_by_label("Is the target on track?")).to_have_count(0)
    focus_by_tab(page, page.get_by_label("Explanation"))
    page.keyboard.type("From the HR database at 31 December.")
    focus_by_tab(page, page.get_by_role("button", name="Save as draft"))
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(rf"/entries/results/\d+/{YEAR}/$"))
    expect(page.get_by_role("status")).to_contain_text(f"Result for {YEAR} saved.")
    expect(page.get_by_role("definition").filter(has_text="47 per cent")).to_be_visible()

    focus_by_tab(page, page.get_by_role("button", name="Submit to GEDI"))
    page.keyboard.press("Space")
    page.wait_for_url(re.compile(rf"/entries/results/\d+/{YEAR}/$"))
    expect(page.get_by_role("status")).to_contain_text("Submitted to GEDI for review.")
    expect(page.locator(".review-state")).to_have_text("Submitted")

    result = acc1_target().results.get(year=YEAR)
    assert (result.value, result.review_state) == (47, "submitted")
    assert result.explanation == "From the HR database at 31 December."
