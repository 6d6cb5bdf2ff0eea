"""The reporting season in a real browser, on a phone (390×844) and a laptop (1366×768): a focal
point enters and submits a result from My indicators in at most three clicks, submits a batch of
drafts (as a workbook import leaves them) in one go; GEDI, another person than the submitter,
approves several from the queue at once and returns one with a comment, which the focal point
then reads on the form. No page is wider than the screen and every page passes axe-core.
"""

import re
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from playwright.sync_api import Locator, Page, expect

from entries.models import ResultComment
from indicators.models import Result, Target
from indicators.selectors import trend_of
from indicators.services import result_write

pytestmark = pytest.mark.browser

YEAR = 2021
VIEWPORTS = {"phone": (390, 844), "laptop": (1366, 768)}
# Three of focal's targets, all in per cent, with the numbers an import would bring.
DRAFTS = {"ACC.1": Decimal(41), "HFR.1": Decimal(65), "CAP.2": Decimal(40)}


@pytest.fixture(params=list(VIEWPORTS))
def screen(request) -> str:
    return request.param


@pytest.fixture
def sign_in_on(screen: str, sign_in, page: Page):
    """Sign in (on the default window), then look at the app on the test's screen."""

    def _sign_in_on(username: str) -> Page:
        page.set_viewport_size({"width": 1366, "height": 768})  # the sign-in checks the menu
        sign_in(username)
        width, height = VIEWPORTS[screen]
        page.set_viewport_size({"width": width, "height": height})
        return page

    return _sign_in_on


def target_of(code: str) -> Target:
    return Target.objects.get(indicator__code=code, phase__start_year__lte=YEAR, scope="global")


def result_of(code: str) -> Result:
    return Result.objects.get(target=target_of(code), year=YEAR)


def fits_the_screen(page: Page) -> None:
    """Nothing sticks out sideways: the page scrolls only downwards."""
    width, inner = page.evaluate("() => [document.documentElement.scrollWidth, window.innerWidth]")
    assert width <= inner, f"{page.url} is {width}px wide on a {inner}px screen"


def checked(page: Page, name: str, assert_accessible) -> None:
    fits_the_screen(page)
    assert_accessible(page, name)


class Clicks:
    """Counts the person's clicks, so that a test can say how many a task takes."""

    def __init__(self) -> None:
        self.count = 0

    def __call__(self, control: Locator) -> None:
        control.click()
        self.count += 1


def open_my_indicators(page: Page, served_plan: str) -> None:
    page.goto(f"{served_plan}/entries/mine/")
    expect(page.get_by_role("heading", name=f"My indicators: {YEAR} results")).to_be_visible()


def sign_out(page: Page) -> None:
    menu = page.get_by_role("button", name="Menu")
    if menu.is_visible() and menu.get_attribute("aria-expanded") != "true":
        menu.click()  # on a phone the menu folds away
    page.get_by_role("button", name="Sign out").click()
    expect(page.get_by_role("button", name="Sign out")).to_have_count(0)


def test_a_focal_point_enters_and_submits_a_result_in_two_clicks(
    screen, served_plan, sign_in_on, assert_accessible, console_errors
):
    page = sign_in_on("focal")
    open_my_indicators(page, served_plan)
    checked(page, f"season-my-indicators-{screen}", assert_accessible)
    click = Clicks()

    missing = page.get_by_role("table", name="Targets without a submitted result")
    row = missing.get_by_role("row").filter(has_text="ACC.1 ")
    click(row.get_by_role("link", name="Enter the result"))
    expect(page.get_by_role("heading", name=f"Enter the {YEAR} result")).to_be_visible()
    # Beside the fields: the target, its phase, and last year's counted result.
    facts = page.locator("dl.entry-facts")
    expect(facts).to_contain_text("45 per cent")
    expect(facts).to_contain_text("2020–21")
    expect(facts.locator(".earlier-results")).to_contain_text("2020: 38 per cent")
    # A percentage target's status is computed: the form never asks for it.
    expect(page.get_by_label("Is the target on track?")).to_have_count(0)
    expect(page.get_by_label("Data unavailable")).to_be_visible()
    checked(page, f"season-result-form-{screen}", assert_accessible)

    page.get_by_label("Result (per cent)").fill("41")
    page.get_by_label("Explanation").fill("HR database, 31 December 2021.")
    click(page.get_by_role("button", name="Save and submit to GEDI"))
    page.wait_for_url(re.compile(rf"/entries/results/\d+/{YEAR}/$"))
    expect(page.get_by_role("status")).to_contain_text("Submitted to GEDI for review.")
    expect(page.locator(".review-state")).to_have_text("Submitted")
    checked(page, f"season-result-submitted-{screen}", assert_accessible)

    assert click.count <= 3
    assert click.count == 2
    result = result_of("ACC.1")
    assert (result.value, result.review_state) == (41, "submitted")
    assert result.submitted_by.username == "focal"
    assert console_errors == []


@pytest.fixture
def imported_drafts(served_plan: str) -> str:
    """focal's drafts for three targets, written as the workbook import writes them: through
    ``indicators.services.result_write``, left as drafts."""
    focal = get_user_model().objects.get(username="focal")
    for code, value in DRAFTS.items():
        result_write(
            target=target_of(code),
            year=YEAR,
            user=focal,
            fields={"value": value, "explanation": "From the data workbook."},
            reason="Imported from the data workbook",
        )
    return served_plan


def test_drafts_are_submitted_together_then_gedi_approves_several_and_returns_one(
    screen, imported_drafts, sign_in_on, assert_accessible, console_errors
):
    page = sign_in_on("focal")
    open_my_indicators(page, imported_drafts)
    page.get_by_role("link", name="You have 3 drafts: review and submit them").click()
    expect(
        page.get_by_role("heading", name=f"Submit drafts to GEDI: {YEAR} results")
    ).to_be_visible()
    drafts = page.get_by_role("table", name="Drafts to submit to GEDI")
    for code in DRAFTS:
        expect(drafts.get_by_role("checkbox", name=f"Submit {code} Global")).to_be_checked()
    checked(page, f"season-drafts-{screen}", assert_accessible)
    page.get_by_role("button", name="Submit 3 entries to GEDI").click()
    expect(page.get_by_role("status")).to_contain_text("3 entries submitted to GEDI")
    assert {result_of(code).review_state for code in DRAFTS} == {"submitted"}
    sign_out(page)

    # GEDI is another person than the one who submitted: four eyes.
    page = sign_in_on("gedi")
    page.goto(f"{imported_drafts}/entries/review/")
    queue = page.get_by_role("table", name="Submitted results waiting for review")
    acc = queue.get_by_role("row").filter(has_text="ACC.1 ")
    expect(acc).to_contain_text("38 per cent")  # 2020, counted
    acc_target = target_of("ACC.1")
    change = trend_of(acc_target, acc_target.results.get(year=2020), result_of("ACC.1"), YEAR)
    expect(acc).to_contain_text(change.short_words)  # the scorecards' rule: 41 against 38
    checked(page, f"season-review-queue-{screen}", assert_accessible)
    for code in ("ACC.1", "HFR.1"):
        queue.get_by_role("checkbox", name=f"Select {code} Global").check()
    page.get_by_role("button", name="Approve 2 selected").click()
    expect(page.get_by_role("status")).to_contain_text("2 entries approved: ACC.1 Global, HFR.1")
    assert [result_of(code).review_state for code in DRAFTS] == [
        "approved",
        "approved",
        "submitted",
    ]

    cap = queue.get_by_role("row").filter(has_text="CAP.2 ")
    cap.get_by_text("Return with comment").click()
    cap.get_by_label("What should change (required)").fill("Which staff categories are counted?")
    checked(page, f"season-review-queue-return-{screen}", assert_accessible)
    cap.get_by_role("button", name="Return to the custodian").click()
    expect(page.get_by_role("status")).to_contain_text("Returned to the custodian")
    expect(page.get_by_role("heading", name=f"Review queue: {YEAR} results")).to_be_visible()
    returned = result_of("CAP.2")
    assert returned.review_state == "returned"
    assert ResultComment.objects.get(result=returned).text == "Which staff categories are counted?"
    sign_out(page)

    page = sign_in_on("focal")
    open_my_indicators(page, imported_drafts)
    back = page.get_by_role("table", name="Results GEDI returned to you, with why")
    back.get_by_role("link", name="Correct and resubmit CAP.2").click()
    sent_back = page.get_by_role("region", name=re.compile("GEDI returned this entry"))
    expect(sent_back).to_contain_text("Which staff categories are counted?")
    expect(page.get_by_label("Result (per cent)")).to_have_value("40")  # not 40.00
    expect(page.locator("#discussion + .discussion")).to_contain_text("staff categories")
    checked(page, f"season-returned-form-{screen}", assert_accessible)
    assert console_errors == []
