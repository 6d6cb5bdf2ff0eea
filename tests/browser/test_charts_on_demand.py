"""Charts on a phone (390 px wide), in Chromium: plotly.js is not loaded until a chart comes near
the window, each chart is drawn when it does, and its box keeps the height it had before, so
nothing on the page moves (static/reports/charts-on-demand.js and charts.css)."""

import pytest
from playwright.sync_api import Page, expect

from evaluations.loading import load_recommendations

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}
PLAN = "ilo-2018-21"
PLOTLY = "/static/vendor/plotly/plotly.min.js"

# Set before the page's own scripts run: every layout shift the page makes, in the sum the
# browser's Cumulative Layout Shift adds up.
WATCH_SHIFTS = """
window.layoutShift = 0;
new PerformanceObserver(list => list.getEntries().forEach(entry => {
  if (!entry.hadRecentInput) window.layoutShift += entry.value;
})).observe({type: 'layout-shift', buffered: true});
"""
# Each chart box: its height on the page, the height its figure draws at, whether it is drawn.
BOXES = """selector => Array.from(document.querySelectorAll(selector)).map(box => ({
  height: box.getBoundingClientRect().height,
  reserved: Number(box.dataset.height),
  drawn: box.querySelector('svg.main-svg') !== null,
}))"""


def open_on_a_phone(sign_in, address: str) -> tuple[Page, list[str]]:
    """Sign in (the fixture's window is wide), then open the page on a phone's window; the
    page's requests for plotly.js are listed as they happen."""
    page = sign_in("viewer")
    page.set_viewport_size(PHONE)
    page.add_init_script(WATCH_SHIFTS)
    asked: list[str] = []
    page.on("request", lambda request: asked.append(request.url) if PLOTLY in request.url else 0)
    page.goto(address)
    return page, asked


def draw_each(page: Page, selector: str) -> None:
    """Scroll each chart into the window, and wait for it to be drawn there."""
    for box in page.locator(selector).all():
        box.scroll_into_view_if_needed()
        expect(box.locator("svg.main-svg").first).to_be_visible()
    page.wait_for_timeout(300)  # the legends' second layout (scorecards.js)


def test_plan_scorecard_draws_its_charts_as_they_come_near_and_nothing_moves(
    sign_in, served_plan, console_errors
):
    selector = ".chart[data-figure]"
    page, asked = open_on_a_phone(sign_in, f"{served_plan}/scorecards/{PLAN}/?year=2020")
    page.wait_for_load_state("load")
    page.wait_for_timeout(500)  # time enough to load plotly.js, were it asked for

    # At the top of the page no chart is near: no plotly.js, yet every box has its height.
    assert page.evaluate("() => typeof window.Plotly") == "undefined"
    assert asked == []
    before = page.evaluate(BOXES, selector)
    assert len(before) == 6
    assert all(box["height"] == box["reserved"] > 0 and not box["drawn"] for box in before)

    # The first chart in the window: plotly.js loads (once) and draws it, not the last one,
    # which is still far below.
    page.locator(selector).first.scroll_into_view_if_needed()
    expect(page.locator(selector).first.locator("svg.main-svg").first).to_be_visible()
    assert page.evaluate("() => typeof window.Plotly") == "object"
    assert not page.evaluate(BOXES, selector)[-1]["drawn"]

    draw_each(page, selector)
    after = page.evaluate(BOXES, selector)
    assert all(box["drawn"] for box in after)
    assert [box["height"] for box in after] == [box["height"] for box in before]
    assert page.evaluate("() => window.layoutShift") < 0.01
    assert len(asked) == 1
    assert page.locator(f'script[src="{PLOTLY}"]').count() == 1
    assert console_errors == []  # the added script passed the Content-Security-Policy


def test_the_tracker_draws_its_chart_in_the_box_kept_for_it(sign_in, served_plan, console_errors):
    load_recommendations()
    selector = ".chart[data-chart-source]"
    page, asked = open_on_a_phone(sign_in, f"{served_plan}/evaluations/")
    draw_each(page, selector)  # at the top of the page: drawn without scrolling
    (box,) = page.evaluate(BOXES, selector)
    assert box["drawn"] and box["height"] == box["reserved"] > 0
    assert page.evaluate("() => window.layoutShift") < 0.01
    assert len(asked) == 1
    assert console_errors == []


def test_where_css_cannot_read_the_height_the_script_keeps_it(sign_in, served_plan):
    """As in a browser whose CSS does not read attr() as a length: charts.css's rule has no
    effect (the file is not served) and CSS.supports says so."""
    page = sign_in("viewer")
    page.set_viewport_size(PHONE)
    page.route("**/reports/charts.css", lambda route: route.fulfill(status=404, body=""))
    page.add_init_script(
        "const supports = CSS.supports.bind(CSS);"
        "CSS.supports = (...asked) => !String(asked).includes('attr(') && supports(...asked);"
    )
    page.goto(f"{served_plan}/scorecards/{PLAN}/?year=2020")
    selector = ".chart[data-figure]"
    before = page.evaluate(BOXES, selector)
    assert all(box["height"] == box["reserved"] > 0 and not box["drawn"] for box in before)
    draw_each(page, selector)
    after = page.evaluate(BOXES, selector)
    assert [box["height"] for box in after] == [box["height"] for box in before]
