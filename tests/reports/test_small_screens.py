"""Pages that fit a phone (390 × 844) and a laptop (1366 × 768), in Chromium: nothing wider than
the window (wide tables scroll in their own box), the menu folded behind its button on a phone,
charts as wide as the screen with their legends clear of the axes, and every page axe-clean.

It uses the browser fixtures of tests/browser (Playwright on the distribution's Chromium), which
tests/reports/conftest.py makes available here.
"""

import re
from collections.abc import Callable

import pytest
from playwright.sync_api import Browser, Page, expect

from indicators.models import Indicator
from tests.browser.conftest import BROWSER_TEST

pytestmark = BROWSER_TEST

PHONE = {"width": 390, "height": 844}
LAPTOP = {"width": 1366, "height": 768}
SIZES = {"phone": PHONE, "laptop": LAPTOP}
PLAN = "ilo-2018-21"

# Each page: who reads it, and its address (read from the loaded plan).
PAGES: dict[str, tuple[str, Callable[[], str]]] = {
    "overview": ("gedi", lambda: "/scorecards/?year=2020"),
    "scorecard-plan": ("gedi", lambda: f"/scorecards/{PLAN}/?year=2020"),
    "scorecard-portfolio": ("gedi", lambda: f"/scorecards/{PLAN}/portfolios/mr/?year=2020"),
    "plan": ("gedi", lambda: f"/plans/{PLAN}/?year=2020"),
    "indicator": (
        "gedi",
        lambda: Indicator.objects.get(code="RBM.1").get_absolute_url() + "?year=2020",
    ),
    "review-queue": ("gedi", lambda: "/entries/review/"),
    "phases": ("gedi", lambda: f"/scorecards/{PLAN}/phases/"),
    "plans": ("gedi", lambda: "/plans/"),
    "plan-import": ("gedi", lambda: "/workbooks/plans/import/"),
    "units": ("gedi", lambda: "/units/"),
    "unit": ("gedi", lambda: "/units/hrd/"),
    "focal-points": ("gedi", lambda: "/units/focal-points/"),
    "my-indicators": ("focal", lambda: "/entries/mine/"),
}

# Each drawn chart: its plot's width, its box's, the window's; the bottom of its lowest axis
# label and the top of its legend.
CHART_BOXES = """() => Array.from(document.querySelectorAll('.chart[data-figure]')).map(chart => {
  const svg = chart.querySelector('svg.main-svg');
  const legend = chart.querySelector('.legend');
  const labels = Array.from(chart.querySelectorAll('.xaxislayer-above text, .g-xtitle text'))
    .map(text => text.getBoundingClientRect()).filter(box => box.height > 0);
  return {
    key: chart.dataset.figure,
    plot: svg ? svg.getBoundingClientRect().width : null,
    box: chart.getBoundingClientRect().width,
    right: chart.getBoundingClientRect().right,
    window: window.innerWidth,
    axisBottom: labels.length ? Math.max(...labels.map(box => box.bottom)) : null,
    legendTop: legend ? legend.getBoundingClientRect().top : null,
  };
})"""


def widths(page: Page) -> tuple[int, int]:
    return tuple(page.evaluate("() => [document.documentElement.scrollWidth, window.innerWidth]"))


def wait_for_charts(page: Page) -> None:
    """Bring each chart to the window (a chart is drawn only when it comes near) and wait until
    every one is drawn."""
    charts = page.locator(".chart[data-figure]")
    for chart in charts.all():
        chart.scroll_into_view_if_needed()
        expect(chart.locator("svg.main-svg").first).to_be_attached()
    if charts.count():
        page.wait_for_timeout(300)  # the legends' second layout (scorecards.js)


def assert_charts_fit(page: Page) -> None:
    wait_for_charts(page)
    for chart in page.evaluate(CHART_BOXES):
        assert chart["plot"] is not None, chart
        assert chart["plot"] <= chart["box"] + 1 and chart["right"] <= chart["window"], chart
        if chart["legendTop"] is not None and chart["axisBottom"] is not None:
            assert chart["axisBottom"] <= chart["legendTop"], chart


def sign_in_at(sign_in: Callable[[str], Page], username: str, size: dict) -> Page:
    """Sign in (the fixture's window is wide), then take the size asked for."""
    page = sign_in(username)
    page.set_viewport_size(size)
    return page


def sign_out(page: Page) -> None:
    page.set_viewport_size(LAPTOP)  # the button is in the open menu
    page.get_by_role("button", name="Sign out").click()
    expect(page.get_by_role("button", name="Sign in")).to_be_visible()


@pytest.mark.parametrize("size", list(SIZES))
def test_every_page_fits_the_window_and_passes_axe(
    sign_in, served_plan, assert_accessible, console_errors, size
):
    signed_in_as = ""
    page: Page | None = None
    for name, (username, address) in PAGES.items():
        if username != signed_in_as:
            if page is not None:
                sign_out(page)
            page = sign_in_at(sign_in, username, SIZES[size])
            signed_in_as = username
        response = page.goto(f"{served_plan}{address()}")
        assert response.status == 200, name
        wait_for_charts(page)
        scroll_width, window_width = widths(page)
        assert scroll_width <= window_width, (name, size, scroll_width)
        assert_accessible(page, f"{name}-{size}")
    assert console_errors == []


def test_on_a_phone_the_menu_folds_behind_its_button(sign_in, served_plan):
    page = sign_in_at(sign_in, "gedi", PHONE)
    page.goto(f"{served_plan}/plans/{PLAN}/")
    menu = page.get_by_role("button", name="Menu")
    scorecards = page.get_by_role("link", name="Scorecards", exact=True)
    expect(menu).to_be_visible()
    expect(menu).to_have_attribute("aria-expanded", "false")
    expect(scorecards).to_be_hidden()
    expect(page.get_by_role("button", name="Sign out")).to_be_hidden()
    header = page.locator(".site-header").bounding_box()
    assert header["height"] < 80, header  # the brand and the button, one line
    menu.click()
    expect(menu).to_have_attribute("aria-expanded", "true")
    expect(scorecards).to_be_visible()
    expect(page.get_by_role("link", name="Workbooks", exact=True)).to_be_visible()
    page.keyboard.press("Escape")
    expect(menu).to_have_attribute("aria-expanded", "false")
    expect(menu).to_be_focused()
    expect(scorecards).to_be_hidden()
    menu.click()
    scorecards.click()
    expect(page.get_by_role("heading", name="Scorecards, 2020", level=1)).to_be_visible()
    expect(page.get_by_role("link", name="Scorecards", exact=True)).to_be_hidden()  # folded again
    # On a laptop the menu is open and the button gone.
    page.set_viewport_size(LAPTOP)
    expect(page.get_by_role("button", name="Menu")).to_be_hidden()
    expect(page.get_by_role("link", name="Scorecards", exact=True)).to_be_visible()
    expect(page.get_by_role("link", name="Scorecards", exact=True)).to_have_attribute(
        "aria-current", "page"
    )


def test_without_javascript_the_menu_stays_open(browser: Browser, served_plan):
    context = browser.new_context(java_script_enabled=False, viewport=PHONE)
    try:
        page = context.new_page()
        page.goto(f"{served_plan}/accounts/login/")
        page.get_by_label("Username").fill("viewer")
        page.get_by_label("Password").fill("viewer-demo")
        page.get_by_role("button", name="Sign in").click()
        expect(page.get_by_role("link", name="Scorecards", exact=True)).to_be_visible()
        expect(page.get_by_role("button", name="Sign out")).to_be_visible()
        expect(page.get_by_role("button", name="Menu")).to_be_hidden()
        assert widths(page)[0] <= PHONE["width"]
    finally:
        context.close()


@pytest.mark.parametrize("size", list(SIZES))
def test_charts_are_as_wide_as_the_screen_and_their_legends_clear_the_axes(
    sign_in, served_plan, size
):
    page = sign_in_at(sign_in, "viewer", SIZES[size])
    for address in (f"/scorecards/{PLAN}/?year=2020", f"/scorecards/{PLAN}/regions/africa/"):
        page.goto(f"{served_plan}{address}")
        assert_charts_fit(page)


def test_charts_follow_the_window_when_it_narrows(sign_in, served_plan):
    page = sign_in_at(sign_in, "viewer", LAPTOP)
    page.goto(f"{served_plan}/scorecards/{PLAN}/?year=2020")
    wait_for_charts(page)
    page.set_viewport_size(PHONE)
    # plotly redraws on the window's resize (responsive), a moment later.
    page.wait_for_function(
        "() => Array.from(document.querySelectorAll('.chart[data-figure]')).every(chart =>"
        " chart.querySelector('svg.main-svg').getBoundingClientRect().width"
        " <= chart.getBoundingClientRect().width + 1)",
        timeout=5000,
    )
    assert_charts_fit(page)
    assert widths(page)[0] <= PHONE["width"]


def test_a_wide_table_scrolls_in_its_own_box_with_the_keyboard(sign_in, served_plan):
    page = sign_in_at(sign_in, "viewer", PHONE)
    page.goto(f"{served_plan}/scorecards/{PLAN}/portfolios/mr/?year=2020")
    box = page.get_by_role("region", name=re.compile(r"^Targets, 2020"))
    assert box.evaluate("box => box.scrollWidth > box.clientWidth")
    box.focus()
    for _ in range(5):
        page.keyboard.press("ArrowRight")
    page.wait_for_function(
        "() => document.activeElement.classList.contains('table-scroll')"
        " && document.activeElement.scrollLeft > 0"
    )
    assert widths(page)[0] <= PHONE["width"]


def test_the_scope_navigation_at_the_top_leads_to_every_scorecard(sign_in, served_plan):
    page = sign_in_at(sign_in, "viewer", PHONE)
    page.goto(f"{served_plan}/scorecards/{PLAN}/?year=2020")
    scopes = page.get_by_role("navigation", name="Scorecards", exact=True)
    expect(scopes.get_by_role("link", name="Plan")).to_have_attribute("aria-current", "page")
    expect(scopes.get_by_role("link", name="Management and Reform")).to_be_hidden()
    scopes.get_by_text("Portfolios", exact=True).click()
    scopes.get_by_role("link", name="Management and Reform").click()
    expect(
        page.get_by_role("heading", name="Scorecard: Management and Reform Portfolio, 2020")
    ).to_be_visible()
    scopes = page.get_by_role("navigation", name="Scorecards", exact=True)
    expect(scopes).to_contain_text("Portfolios: Management and Reform")
    scopes.get_by_text("Regions", exact=True).click()
    scopes.get_by_role("link", name="Africa").click()
    expect(page.get_by_role("heading", name="Scorecard: Africa, 2020")).to_be_visible()
    page.get_by_role("navigation", name="Scorecards", exact=True).get_by_role(
        "link", name="Overview"
    ).click()
    expect(page.get_by_role("heading", name="Scorecards, 2020", level=1)).to_be_visible()
    assert widths(page)[0] <= PHONE["width"]


@pytest.mark.parametrize("size", list(SIZES))
def test_a_status_badge_stays_in_its_column_on_the_one_page_scorecard(sign_in, served_plan, size):
    page = sign_in_at(sign_in, "viewer", SIZES[size])
    for code in ("policy", "mr", "fop", "odg"):
        page.goto(f"{served_plan}/scorecards/{PLAN}/portfolios/{code}/one-page/?year=2020")
        spills = page.evaluate(
            """() => Array.from(document.querySelectorAll('.one-page-targets td .status'))
              .filter(badge => {
                const cell = badge.closest('td').getBoundingClientRect();
                const box = badge.getBoundingClientRect();
                return box.left < cell.left || box.right > cell.right;
              }).map(badge => badge.textContent)"""
        )
        assert spills == [], (code, size)
        assert widths(page)[0] <= SIZES[size]["width"]
