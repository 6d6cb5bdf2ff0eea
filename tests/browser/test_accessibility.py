"""Every page (tests/site_pages.py) passes axe-core for the person who uses it; result entry
works by keyboard."""

import re

import pytest
from playwright.sync_api import Locator, Page, expect

from evaluations.loading import load_recommendations
from tests.site_pages import PAGES, YEAR, acc1_target

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("name", list(PAGES))
def test_main_pages_pass_axe(name, served_plan, sign_in, page: Page, assert_accessible):
    load_recommendations()
    username, address, status = PAGES[name]
    if username is not None:
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
