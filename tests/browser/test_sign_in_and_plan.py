"""A person signs in and reads the plan, in a real browser; the pages pass axe-core."""

import pytest
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.browser


def test_sign_in_page_is_accessible_and_refuses_a_wrong_password(
    page: Page, served_plan, assert_accessible
):
    page.goto(f"{served_plan}/")
    expect(page.get_by_role("heading", name="Sign in")).to_be_visible()
    assert_accessible(page, "sign-in")
    page.get_by_label("Username").fill("gedi")
    page.get_by_label("Password").fill("wrong")
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("alert")).to_contain_text("enter a correct username and password")


def test_plan_page_shows_statuses_in_words(sign_in, assert_accessible, console_errors):
    page = sign_in("viewer")
    expect(
        page.get_by_role("heading", name="ILO Action Plan for Gender Equality 2018–21")
    ).to_be_visible()
    page.get_by_label("Reporting year").select_option("2020")
    page.get_by_role("button", name="Show").click()
    expect(page.locator(".status-on_track")).to_have_count(2)
    expect(page.locator(".status-on_track").first).to_have_text("On track")
    assert_accessible(page, "plan")
    assert console_errors == []


def test_keyboard_reaches_sign_in_and_focus_is_visible(page: Page, served_plan):
    page.goto(f"{served_plan}/accounts/login/")
    # The username field has the focus on arrival; from the top, the skip link comes first.
    expect(page.get_by_label("Username")).to_be_focused()
    page.get_by_role("link", name="Skip to content").focus()
    expect(page.get_by_role("link", name="Skip to content")).to_be_in_viewport()
    page.keyboard.press("Tab")
    expect(page.get_by_role("link", name="Action Plan monitor")).to_be_focused()
    page.keyboard.press("Tab")
    expect(page.get_by_label("Username")).to_be_focused()
    outline = page.get_by_label("Username").evaluate("e => getComputedStyle(e).outlineStyle")
    assert outline != "none"
    page.keyboard.type("focal")
    page.keyboard.press("Tab")
    page.keyboard.type("focal-demo")
    page.keyboard.press("Enter")
    expect(page.get_by_role("button", name="Sign out")).to_be_visible()
