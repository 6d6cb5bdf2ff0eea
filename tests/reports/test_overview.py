"""The scorecards' overview (/scorecards/), the scope navigation at the top of every scorecard,
and the scorecard table's rows grouped by indicator with no "No comparison" in every row."""

import re

import pytest
from django.urls import reverse

from benchmarks.synthetic import generate_plan
from custodians.models import CustodianUnit, Portfolio, Region
from reports.overview import scorecard_overview
from reports.selectors import (
    custodian_scope,
    plan_custodians,
    portfolio_scope,
    region_scope,
    scorecard_summary,
)
from tests.reports.test_pages import PLAN_QUERIES, SCORECARD_QUERIES, scorecard_urls

pytestmark = pytest.mark.django_db

# session, user, plan; the plan's counts in four (the reporting year, the counts of every year
# by section, status and submission, the phases with their loaded targets, the published
# figures); portfolios, regions, the plan's custodian units; one query for every group's counts;
# the data stamp (reports/data_stamp.py).
OVERVIEW_QUERIES = 12
# Without a year, one more query finds the latest year with results.
DEFAULT_YEAR_QUERY = 1


@pytest.fixture
def reader(client, role_users):
    client.force_login(role_users["viewer"])
    return client


def overview_page(client, **params) -> str:
    response = client.get(reverse("reports:index"), params)
    assert response.status_code == 200
    return response.content.decode()


def tile_counts(page: str, heading: str) -> dict[str, str]:
    """Each tile of a section of the overview: its name and its counts in words."""
    section = page.split(f">{heading}</h2>")[1].split("</section>")[0]
    tile = r'<h3 class="tile-title"><a href="[^"]+">([^<]+)</a>.*?<p class="bar-counts">(.*?)</p>'
    return dict(re.findall(tile, section, re.S))


def test_overview_counts_the_plan_and_every_portfolio_region_and_custodian(reader, ilo_plan):
    page = overview_page(reader, year=2020)
    assert "<h1>Scorecards, 2020</h1>" in page
    plan_url = reverse("reports:plan", args=[ilo_plan.slug])
    assert f'<a href="{plan_url}?year=2020">Scorecard of the plan</a>' in page
    assert (
        "<strong>30 targets</strong>: 2 on track · 21 not on track · 6 data unavailable · "
        "1 not reported" in page
    )
    assert "Monitoring in 2020 of the 30 ILO Action Plan targets" in page
    portfolios = tile_counts(page, "By portfolio")
    assert list(portfolios) == [portfolio.name for portfolio in Portfolio.objects.all()]
    assert portfolios["Management and Reform"] == (
        "<strong>13 targets</strong>: 1 on track · 9 not on track · 2 data unavailable · "
        "1 not reported"
    )
    # The focal point's unit's portfolio (a factory's) has none.
    assert "No targets in 2020" in portfolios.values()
    assert list(tile_counts(page, "By region")) == [region.name for region in Region.objects.all()]
    units = list(plan_custodians(ilo_plan))
    assert list(tile_counts(page, "By custodian unit")) == [unit.name for unit in units]
    # Each tile leads to its scorecard for the same year.
    policy = reverse("reports:portfolio", args=[ilo_plan.slug, "policy"])
    africa = reverse("reports:region", args=[ilo_plan.slug, "africa"])
    hrd = reverse("reports:custodian", args=[ilo_plan.slug, "hrd"])
    for url in (policy, africa, hrd):
        assert f'href="{url}?year=2020"' in page
    # The bars are drawn on the server, in classes (no inline style, no script).
    assert '<rect x="0.000" y="0" width="6.667" height="6" class="fill-on_track"/>' in page
    assert ' style="' not in page and "<style" not in page
    assert re.findall(r"<script(?![^>]*src=\"/static/)", page) == []


@pytest.mark.parametrize("year", [2018, 2020, 2021])
def test_each_tile_counts_what_its_own_scorecard_counts(ilo_plan, year):
    overview = scorecard_overview(plan=ilo_plan, year=year)
    for tiles, scope_of in (
        (overview.portfolios, portfolio_scope),
        (overview.regions, region_scope),
        (overview.custodians, custodian_scope),
    ):
        for tile in tiles:
            own = scorecard_summary(plan=ilo_plan, year=year, scope=scope_of(tile.group))
            assert tile.bar.counts == own.counts, (tile.group, year)
    assert overview.plan_bar.counts == overview.summary.counts
    assert any(tile.bar.counts.total for tile in overview.custodians)


def test_each_tile_of_a_generated_plan_counts_what_its_scorecard_counts():
    plan = generate_plan(targets=200, years=2, seed=21)
    for year in plan.years:
        overview = scorecard_overview(plan=plan, year=year)
        for tile in overview.custodians:
            own = scorecard_summary(plan=plan, year=year, scope=custodian_scope(tile.group))
            assert tile.bar.counts == own.counts, (tile.group, year)
        assert sum(tile.bar.counts.total for tile in overview.portfolios) >= (
            overview.summary.counts.total
        )


def test_the_overview_runs_as_many_queries_for_the_real_plan_as_for_1000_targets(
    client, role_users, django_assert_num_queries
):
    from indicators.loading import load_plan

    client.force_login(role_users["gedi"])
    ilo_plan, _ = load_plan()
    small = generate_plan(targets=30, years=2, seed=12)
    large = generate_plan(targets=1000, years=2, seed=12)
    for plan, year in ((ilo_plan, 2020), (small, 2022), (large, 2023)):
        with django_assert_num_queries(OVERVIEW_QUERIES):
            page = overview_page(client, plan=plan.slug, year=year)
        assert f"<h1>Scorecards, {year}</h1>" in page
        with django_assert_num_queries(OVERVIEW_QUERIES + DEFAULT_YEAR_QUERY):
            overview_page(client, plan=plan.slug)
    # Without ?plan=, the latest plan (the generated ones start in 2022).
    with django_assert_num_queries(OVERVIEW_QUERIES + DEFAULT_YEAR_QUERY):
        page = overview_page(client)
    assert large.title in page or small.title in page


def test_the_year_picker_keeps_the_plan_and_a_bad_year_falls_back(reader, ilo_plan):
    page = overview_page(reader, plan=ilo_plan.slug, year=1999)
    assert "<h1>Scorecards, 2020</h1>" in page  # the latest year with results
    assert f'<input type="hidden" name="plan" value="{ilo_plan.slug}">' in page
    assert '<label for="year">Reporting year</label>' in page
    assert '<option value="2021">2021</option>' in page


def test_an_unknown_plan_is_404_and_no_plan_says_how_to_load_one(reader, db):
    assert reader.get(reverse("reports:index"), {"plan": "nope"}).status_code == 404
    assert b"python manage.py load_plan" in reader.get(reverse("reports:index")).content


def test_the_overview_is_for_signed_in_users_and_read_only(client, role_users, ilo_plan):
    response = client.get(reverse("reports:index"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
    client.force_login(role_users["focal"])
    assert client.get(reverse("reports:index")).status_code == 200
    assert client.post(reverse("reports:index")).status_code == 405


def test_the_menus_scorecards_link_goes_to_the_overview(reader, ilo_plan):
    index = reverse("reports:index")
    page = reader.get(ilo_plan.get_absolute_url(), {"year": 2020}).content.decode()
    assert f'<a href="{index}">Scorecards</a>' in page
    page = overview_page(reader)
    assert f'<a href="{index}" aria-current="page">Scorecards</a>' in page


# ---- The scope navigation at the top of every scorecard -------------------------------------


@pytest.mark.parametrize(
    ("page", "current"),
    [
        ("plan", "Plan"),
        ("portfolio", "Policy"),
        ("region", "Africa"),
        ("custodian", "Human Resources Development Department"),
    ],
)
def test_every_scorecard_leads_to_the_others_from_its_top(reader, ilo_plan, page, current):
    html = reader.get(scorecard_urls(ilo_plan.slug)[page], {"year": 2020}).content.decode()
    nav = html.split('<nav class="scope-nav no-print"')[1].split("</nav>")[0]
    # Near the top: before the headline.
    assert html.index('class="scope-nav') < html.index('id="headline-heading"')
    overview = reverse("reports:index") + f"?plan={ilo_plan.slug}&amp;year=2020"
    assert f'<a href="{overview}">Overview</a>' in nav
    assert nav.count("<details") == 3  # portfolios, regions, custodians: no script needed
    assert nav.count('aria-current="page"') == 1
    assert re.search(rf'aria-current="page">{re.escape(current)}[ <]', nav), nav
    for portfolio in Portfolio.objects.all():
        url = reverse("reports:portfolio", args=[ilo_plan.slug, portfolio.code])
        assert f'href="{url}?year=2020"' in nav
    for unit in CustodianUnit.objects.filter(slug__in=["hrd", "ddg-pol"]):
        url = reverse("reports:custodian", args=[ilo_plan.slug, unit.slug])
        assert f'href="{url}?year=2020"' in nav


# ---- The table: an indicator's title once for its rows, no "No comparison" in every row ---------


def indicator_cells(page: str) -> list[str]:
    table = page.split('class="plan-table scorecard-table"')[1].split("</table>")[0]
    return re.findall(r'<td class="indicator-cell[^"]*">(.*?)</td>', table, re.S)


def test_an_indicators_title_is_shown_once_for_its_rows(reader, ilo_plan):
    page = reader.get(scorecard_urls(ilo_plan.slug)["plan"], {"year": 2020}).content.decode()
    title = "Proportion of project and programme proposals with marker on gender equality"
    cells = indicator_cells(page)
    rbm = [cell for cell in cells if "RBM.1<" in cell]
    assert len(rbm) > 1
    # The first row shows the title as the link; the others the code as the link, and the title
    # only for screen readers.
    assert rbm[0].startswith("<a href=") and ">RBM.1</span>" in rbm[0]
    for cell in rbm[1:]:
        assert '<span class="visually-hidden">' in cell and '<a class="code" href=' in cell
    shown = [re.sub(r'<span class="visually-hidden">.*?</span>', "", cell) for cell in rbm]
    assert [title in cell for cell in shown] == [True] + [False] * (len(rbm) - 1)
    assert all(title in cell for cell in rbm)  # for screen readers, in every row
    assert 'class="even first-of-indicator"' in page and "same-indicator" in page


def test_grouping_follows_the_order_and_the_page_shown(reader, db, django_assert_num_queries):
    plan = generate_plan(targets=120, years=2, seed=4)
    url = scorecard_urls(plan.slug)["plan"]
    for params in ({"sort": "status"}, {"sort": "-scope", "page": 2}, {"page": 2}):
        with django_assert_num_queries(PLAN_QUERIES):
            page = reader.get(url, {"year": 2022, **params}).content.decode()
        cells = indicator_cells(page)
        codes = [re.search(r"([A-Z]+\.\d+)</", cell)[1] for cell in cells]
        assert len(codes) == 50
        for index, cell in enumerate(cells):
            first = index == 0 or codes[index - 1] != codes[index]
            assert cell.startswith("<a href=") == first, (params, index)


def test_no_comparison_is_a_dash_with_its_reason_for_screen_readers(reader, ilo_plan):
    for year, reason in ((2020, "No comparison with 2019"), (2018, "No earlier year in the plan")):
        page = reader.get(scorecard_urls(ilo_plan.slug)["plan"], {"year": year}).content.decode()
        table = page.split('class="plan-table scorecard-table"')[1].split("</table>")[0]
        hidden = (
            '<span class="muted" aria-hidden="true">—</span>'
            f'<span class="visually-hidden">{reason}</span>'
        )
        assert table.count(hidden) >= 1
        visible = re.sub(r'<span class="visually-hidden">.*?</span>', "", table)
        assert "No comparison" not in visible and "No earlier year" not in visible


def test_wide_tables_scroll_in_a_box_the_keyboard_reaches(reader, ilo_plan):
    page = reader.get(scorecard_urls(ilo_plan.slug)["portfolio"], {"year": 2020}).content.decode()
    box = r'<div class="table-scroll" role="region" tabindex="0" aria-label="[^"]+">\s*'
    boxes = re.findall(box + r'<table class="([^"]+)"', page)
    assert "plan-table scorecard-table" in boxes
    assert "headline-counts" in boxes
    assert "counts" in boxes


def test_the_scope_navigation_costs_no_query(reader, ilo_plan, django_assert_num_queries):
    for url in scorecard_urls(ilo_plan.slug).values():
        with django_assert_num_queries(SCORECARD_QUERIES):
            reader.get(url, {"year": 2020})


def test_the_scope_navigation_keeps_approved_only_counting(reader, ilo_plan):
    url = scorecard_urls(ilo_plan.slug)["portfolio"]
    html = reader.get(url, {"year": 2020, "counting": "approved"}).content.decode()
    nav = html.split('<nav class="scope-nav no-print"')[1].split("</nav>")[0]
    africa = reverse("reports:region", args=[ilo_plan.slug, "africa"])
    assert f'href="{africa}?year=2020&amp;counting=approved"' in nav
    html = reader.get(url, {"year": 2020}).content.decode()
    assert "counting=" not in html.split('<nav class="scope-nav no-print"')[1].split("</nav>")[0]
