"""The scorecards in Chromium: charts drawn under the CSP, axe-clean, and one printed page.

It uses the browser fixtures of tests/browser (Playwright on the distribution's Chromium), which
tests/reports/conftest.py makes available here.
"""

import re
from pathlib import Path

from playwright.sync_api import Page, expect

from benchmarks.synthetic import generate_plan
from indicators.models import Indicator
from tests.browser.conftest import BROWSER_TEST

pytestmark = BROWSER_TEST

# An A4 sheet, landscape, in PDF points (297 × 210 mm).
A4_LANDSCAPE = re.compile(rb"/MediaBox \[0 0 841\.9\d* 594\.9\d*\]")


def test_plan_scorecard_draws_its_charts_and_passes_axe(sign_in, assert_accessible, console_errors):
    page: Page = sign_in("viewer")
    page.get_by_role("link", name="Scorecards", exact=True).click()
    page.get_by_role("link", name="Scorecard of the plan").click()
    expect(page.get_by_role("heading", name=re.compile("Scorecard of the plan"))).to_be_visible()
    page.get_by_label("Reporting year").select_option("2020")
    page.get_by_role("button", name="Show").click()
    # plotly drew every figure from its JSON, once it came near the window: sections,
    # portfolios, regions, results, years.
    for key in ["sections", "portfolio", "region", "results", "years"]:
        page.locator(f'[data-figure="chart-{key}"]').scroll_into_view_if_needed()
        expect(page.locator(f'[data-figure="chart-{key}"] svg.main-svg').first).to_be_visible()
    expect(page.locator('[data-figure="chart-sections"] .legendtext').first).to_be_visible()
    assert_accessible(page, "scorecard-plan")
    page.get_by_label("Status", exact=True).select_option(label="On track")
    page.get_by_role("button", name="Show").click()
    expect(page.locator(".scorecard-table tbody tr")).to_have_count(2)
    assert console_errors == []


def test_portfolio_scorecard_and_its_one_page_print(
    sign_in, assert_accessible, console_errors, tmp_path
):
    page: Page = sign_in("gedi")
    page.get_by_role("link", name="Scorecards", exact=True).click()
    page.get_by_role("link", name="Management and Reform", exact=True).click()
    expect(
        page.get_by_role("heading", name=re.compile("Management and Reform Portfolio"))
    ).to_be_visible()
    assert_accessible(page, "scorecard-portfolio")
    page.get_by_role("link", name="One-page scorecard for printing").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("gender equality scorecard")
    assert_accessible(page, "scorecard-one-page")
    assert printed_pages(page, tmp_path / "one-page.pdf") == 1
    assert console_errors == []


def test_one_page_scorecard_of_a_large_portfolio_with_long_texts_prints_on_one_sheet(
    sign_in, served_plan, tmp_path
):
    plan = generate_plan(targets=200, years=2, seed=8)
    longest = max(Indicator.objects.exclude(section__plan=plan), key=lambda i: len(i.text)).text
    for indicator in Indicator.objects.filter(section__plan=plan):
        indicator.text = longest  # the longest of the real plan, on every row
        indicator.save()
    page: Page = sign_in("viewer")
    for code in ["policy", "mr", "fop", "odg"]:
        page.goto(f"{served_plan}/scorecards/{plan.slug}/portfolios/{code}/one-page/")
        expect(page.locator(".left-out")).to_contain_text("more targets not listed here")
        assert printed_pages(page, tmp_path / f"{code}.pdf") == 1, code


def printed_pages(page: Page, path: Path) -> int:
    """Print the page as Chromium does (A4 landscape from its CSS) and count the PDF's pages."""
    page.emulate_media(media="print")
    page.pdf(path=str(path), prefer_css_page_size=True, print_background=True)
    content = path.read_bytes()
    assert A4_LANDSCAPE.search(content)
    return len(re.findall(rb"/Type\s*/Page(?!s)", content))
