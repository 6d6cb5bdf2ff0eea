"""The scorecard pages: every role reads them, their filters, charts, downloads and query counts."""

import json
import re

import pytest
from django.urls import reverse

from benchmarks.synthetic import generate_plan
from custodians.models import CustodianUnit
from indicators.models import Section
from tests.reports.conftest import ROLES

pytestmark = pytest.mark.django_db

# For a page asked for a year: session, user, plan; the counts in four (the reporting year, the
# counts of every year by section, status and submission, the phases with their loaded targets,
# the figures published for the whole plan); the table's page of
# targets, then for its rows sections, phases, custodian units, custodian links, the year's and
# the previous year's results and the breakdown lines; portfolios, regions; the results chart's
# gaps counted by bin and status, and its points (at most one more than it draws one by one:
# past that it draws the bins); units for the custodian filter and for the links, sections for
# the section filter.
# Without a filter, the table's count is the headline's total: no COUNT query. The plan has one
# query for the portfolio and region charts (their targets counted by status), where the others
# read the portfolio, region or unit they are about. One more reads the data stamp, under which a
# page's counts, charts and table are kept (reports/data_stamp.py; the tests keep nothing).
SCORECARD_QUERIES = 24
PLAN_QUERIES = SCORECARD_QUERIES
# session, user, plan, the portfolio (or, for JSON, the scope), the data stamp (what they compute
# is kept under it: reports/data_stamp.py), the counts in four, the rows (the one-page only the
# rows that could fit) in eight
ONE_PAGE_QUERIES = 17
JSON_QUERIES = 17
# Without a year, one more query finds the latest year with results.
DEFAULT_YEAR_QUERY = 1


def scorecard_urls(slug: str) -> dict[str, str]:
    return {
        "plan": reverse("reports:plan", args=[slug]),
        "portfolio": reverse("reports:portfolio", args=[slug, "policy"]),
        "region": reverse("reports:region", args=[slug, "africa"]),
        "custodian": reverse("reports:custodian", args=[slug, "hrd"]),
    }


def all_urls(slug: str) -> dict[str, str]:
    return scorecard_urls(slug) | {
        "one_page": reverse("reports:portfolio_one_page", args=[slug, "mr"]),
        "json": reverse("reports:json", args=[slug]),
    }


# What each page is asked, besides the year.
PARAMS = {"json": {"region": "africa"}}


EXPECTED_QUERIES = {
    "plan": PLAN_QUERIES,
    "portfolio": SCORECARD_QUERIES,
    "region": SCORECARD_QUERIES,
    "custodian": SCORECARD_QUERIES,
    "one_page": ONE_PAGE_QUERIES,
    "json": JSON_QUERIES,
}


@pytest.fixture
def reader(client, role_users):
    client.force_login(role_users["viewer"])
    return client


def test_every_page_runs_as_many_queries_for_30_targets_as_for_1000(
    client, role_users, django_assert_num_queries
):
    client.force_login(role_users["gedi"])
    small = generate_plan(targets=30, years=2, seed=11)
    large = generate_plan(targets=1000, years=2, seed=11)
    for plan in (small, large):
        for page, url in all_urls(plan.slug).items():
            with django_assert_num_queries(EXPECTED_QUERIES[page]):
                response = client.get(url, {"year": 2022, **PARAMS.get(page, {})})
            assert response.status_code == 200, (plan.slug, page)
        # Sorted by each column, on a later page; filtered (the table is counted: one more).
        plan_url = scorecard_urls(plan.slug)["plan"]
        for column in ["indicator", "-scope", "status", "-trend", "custodians"]:
            with django_assert_num_queries(PLAN_QUERIES):
                response = client.get(plan_url, {"year": 2022, "sort": column, "page": 2})
            assert response.status_code == 200, (plan.slug, column)
        with django_assert_num_queries(PLAN_QUERIES + 1):
            client.get(plan_url, {"year": 2022, "status": "not_on_track", "sort": "trend"})
    # The large plan's table is paged; its headline counts every target.
    page = client.get(scorecard_urls(large.slug)["plan"], {"year": 2022}).content.decode()
    assert "Targets 1 to 50 of 1000." in page
    assert '<td class="number">1000</td>' in page


@pytest.mark.parametrize("page", ["plan", "portfolio", "region", "custodian", "one_page", "json"])
@pytest.mark.parametrize("role", ROLES)
def test_every_role_reads_every_page(
    client, ilo_plan, role_users, role, page, django_assert_num_queries
):
    client.force_login(role_users[role])
    with django_assert_num_queries(EXPECTED_QUERIES[page]):
        response = client.get(all_urls(ilo_plan.slug)[page], {"year": 2020, **PARAMS.get(page, {})})
    assert response.status_code == 200


@pytest.mark.parametrize("page", ["plan", "one_page", "json"])
def test_without_a_year_the_latest_reported_year_is_shown(
    reader, ilo_plan, page, django_assert_num_queries
):
    url = all_urls(ilo_plan.slug)[page]
    with django_assert_num_queries(EXPECTED_QUERIES[page] + DEFAULT_YEAR_QUERY):
        latest = reader.get(url, PARAMS.get(page, {}))
    in_2020 = reader.get(url, {"year": 2020, **PARAMS.get(page, {})})

    def without_token(response) -> str:
        # The sign-out form's CSRF token differs each time; the sort links repeat the query.
        page = re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", response.content.decode())
        return re.sub(r'href="\?[^"]*"', "", page)

    assert without_token(latest) == without_token(in_2020)


@pytest.mark.parametrize("page", ["plan", "portfolio", "region", "custodian", "one_page", "json"])
def test_anonymous_user_is_sent_to_sign_in(client, ilo_plan, page):
    response = client.get(all_urls(ilo_plan.slug)[page])
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_the_plan_page_links_to_the_scorecards(reader, ilo_plan):
    page = reader.get(ilo_plan.get_absolute_url(), {"year": 2020}).content.decode()
    assert f'<a href="{reverse("reports:index")}">Scorecards</a>' in page
    assert f'href="{reverse("reports:plan", args=[ilo_plan.slug])}?year=2020"' in page
    overview = reader.get(reverse("reports:index")).content.decode()
    assert f'href="{reverse("reports:plan", args=[ilo_plan.slug])}?year=2020"' in overview


def test_without_a_plan_the_scorecards_say_how_to_load_one(reader):
    assert b"python manage.py load_plan" in reader.get(reverse("reports:index")).content


def test_plan_scorecard_shows_headline_table_and_charts(reader, ilo_plan):
    page = reader.get(scorecard_urls(ilo_plan.slug)["plan"], {"year": 2020}).content.decode()
    assert "Scorecard of the plan, 2020" in page
    assert (
        "Monitoring in 2020 of the 30 ILO Action Plan targets not met in the 2018–19 phase and "
        "listed in the appendix of GB.343/INS showed that 6.6 per cent of targets "
        "(or 2 targets out of a total of 30) were on track" in page
    )
    assert "29 of 30 targets reported for 2020; no deadline is set for 2020." in page
    assert "29 results were loaded from the Governing Body document with no submission date" in (
        page
    )
    # Status in words and colour: the badge carries its label.
    assert page.count('class="status status-on_track">On track<') == 2 + 1  # rows + headline
    assert page.count('class="status status-not_reported">Not reported<') == 1 + 1
    # Charts: by section, portfolio and region, results against targets, years, the whole plan
    # as published; each a figure with a caption, its JSON for plotly, and a table of the same
    # numbers.
    for key in ["sections", "portfolio", "region", "results", "years", "published"]:
        assert f'<script id="chart-{key}" type="application/json">' in page
        assert f'<figcaption id="chart-{key}-caption">' in page
    assert '<th scope="row">Field Operations and Partnerships</th>' in page
    assert page.count("<figure") == page.count("<figcaption") == 6


def test_chart_json_holds_the_same_numbers_as_its_table(reader, ilo_plan):
    page = reader.get(scorecard_urls(ilo_plan.slug)["plan"], {"year": 2020}).content.decode()
    figure = json.loads(re.search(r'id="chart-sections"[^>]*>(.*?)</script>', page, re.S)[1])
    on_track = next(trace for trace in figure["data"] if trace["name"] == "On track")
    assert on_track["y"] == [
        "Results-based management",
        "Oversight",
        "Accountability",
        "Human and financial resources",
        "Capacity",
    ]
    assert on_track["x"] == [1, 0, 0, 1, 0]
    assert "marker" in on_track and on_track["orientation"] == "h"


def test_pages_load_nothing_from_elsewhere_and_have_no_inline_script_or_style(reader, ilo_plan):
    for url in all_urls(ilo_plan.slug).values():
        if "json" in url:
            continue
        page = reader.get(url, {"year": 2020}).content.decode()
        assert ' style="' not in page and "<style" not in page
        for tag in re.findall(r"<script[^>]*>", page):
            assert 'type="application/json"' in tag or 'src="/static/' in tag, tag
        assert not re.search(r'(src|href)="(https?:)?//', page), url
    plan_page = reader.get(scorecard_urls(ilo_plan.slug)["plan"]).content.decode()
    # plotly.js itself is added by charts-on-demand.js when a chart comes near the window.
    assert (
        '<script src="/static/reports/charts-on-demand.js" '
        'data-plotly-src="/static/vendor/plotly/plotly.min.js" defer>'
    ) in plan_page
    assert '<script src="/static/reports/scorecards.js" defer>' in plan_page


def test_the_served_plotly_bundle_is_the_basic_one(reader):
    from django.contrib.staticfiles import finders

    bundle = finders.find("vendor/plotly/plotly.min.js")
    with open(bundle, encoding="utf-8") as handle:
        head = handle.read(200)
    assert "plotly.js (basic - minified) v4.1.1" in head
    with open(bundle, encoding="utf-8") as handle:
        assert "new Function" not in handle.read()  # a strict CSP refuses it


def test_filters_by_status_section_custodian_and_year(reader, ilo_plan, django_assert_num_queries):
    url = scorecard_urls(ilo_plan.slug)["plan"]
    page = reader.get(url, {"year": 2020, "status": "on_track"}).content.decode()
    assert "2 of 30 targets match the filters." in page
    assert page.count('class="status status-on_track">On track<') == 2 + 1
    assert page.count('class="status status-not_on_track">Not on track<') == 1  # headline
    oversight = Section.objects.get(plan=ilo_plan, title="Oversight")
    # The chosen section is checked (one query), and the table counted (one more).
    with django_assert_num_queries(PLAN_QUERIES + 2):
        page = reader.get(
            url, {"year": 2020, "section": oversight.pk, "custodian": ""}
        ).content.decode()
    assert "5 of 30 targets match the filters." in page
    hrd = CustodianUnit.objects.get(acronym="HRD")
    page = reader.get(
        url, {"year": 2020, "custodian": hrd.pk, "status": "not_on_track"}
    ).content.decode()
    assert "5 of 30 targets match the filters." in page  # six HRD targets, one not reported
    page = reader.get(url, {"year": 2021}).content.decode()
    assert "Scorecard of the plan, 2021" in page
    assert "0 of 29 targets reported for 2021" in page


def test_a_bad_filter_value_is_named_and_the_page_still_shows(reader, ilo_plan):
    page = reader.get(scorecard_urls(ilo_plan.slug)["plan"], {"status": "great"}).content.decode()
    assert "Select a valid choice. great is not one of the available choices." in page
    assert "Scorecard of the plan, 2020" in page


def test_table_sorts_by_status(reader, ilo_plan):
    url = scorecard_urls(ilo_plan.slug)["plan"]
    page = reader.get(url, {"year": 2020, "sort": "-status"}).content.decode()
    statuses = re.findall(r'class="status status-(\w+)">', page.split("Targets in 2020")[1])
    table = statuses[:30]
    assert (
        table
        == ["not_reported"] + ["data_unavailable"] * 6 + ["not_on_track"] * 21 + ["on_track"] * 2
    )
    assert 'aria-sort="descending"' in page


def test_portfolio_page_shows_the_portfolios_own_breakdown_line(reader, ilo_plan):
    page = reader.get(scorecard_urls(ilo_plan.slug)["portfolio"], {"year": 2020}).content.decode()
    assert "Scorecard: Policy Portfolio, 2020" in page
    assert "Policy Portfolio: one of two director or chiefs&#x27; outputs include such a" in page
    assert "Field Operations and Partnerships Portfolio: none of six" not in page
    assert reverse("reports:portfolio_one_page", args=[ilo_plan.slug, "policy"]) in page


def test_downloads_offer_the_json_of_the_same_year_and_scope(reader, ilo_plan):
    page = reader.get(scorecard_urls(ilo_plan.slug)["region"], {"year": 2020}).content.decode()
    link = reverse("reports:json", args=[ilo_plan.slug]) + "?year=2020&amp;region=africa"
    assert f'<a href="{link}" download>Scorecard data (JSON)</a>' in page
    response = reader.get(link.replace("&amp;", "&"))
    assert response["Content-Type"] == "application/json"
    assert "scorecard-ilo-2018-21-2020-africa.json" in response["Content-Disposition"]
    document = response.json()
    assert document["summary"] == {
        "total": 2,
        "on_track": 2,
        "not_on_track": 0,
        "data_unavailable": 0,
        "not_reported": 0,
        "provisional": 0,
    }
    assert [target["scope"] for target in document["targets"]] == ["Africa", "Global"]


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ({"year": "1999"}, "year must be one of 2018 to 2021."),
        ({"portfolio": "mars"}, "No portfolio 'mars'. Portfolios: policy"),
        ({"region": "africa", "custodian": "HRD"}, "Choose one of portfolio, region or custodian"),
    ],
)
def test_json_download_refuses_what_it_cannot_answer(reader, ilo_plan, query, message):
    response = reader.get(reverse("reports:json", args=[ilo_plan.slug]), query)
    assert response.status_code == 400
    assert response.json()["error"].startswith(message)


@pytest.mark.parametrize(
    "url",
    [
        "/scorecards/no-such-plan/",
        "/scorecards/ilo-2018-21/portfolios/nope/",
        "/scorecards/ilo-2018-21/regions/nope/",
        "/scorecards/ilo-2018-21/custodians/nope/",
        "/scorecards/ilo-2018-21/portfolios/nope/one-page/",
    ],
)
def test_unknown_scorecards_are_404(reader, ilo_plan, url):
    assert reader.get(url).status_code == 404


def test_scorecards_are_read_only(reader, ilo_plan):
    for url in all_urls(ilo_plan.slug).values():
        assert reader.post(url).status_code == 405


def test_one_page_scorecard_of_a_portfolio(reader, ilo_plan):
    page = reader.get(
        reverse("reports:portfolio_one_page", args=[ilo_plan.slug, "mr"]), {"year": 2020}
    ).content.decode()
    assert "Management and Reform Portfolio: gender equality scorecard, 2020" in page
    assert 'href="/static/reports/one-page.css"' in page
    assert "plotly" not in page  # nothing that would not print
    assert page.count('<th scope="row"><div class="clamp"><span class="code">') == 13
    assert "Management and Reform Portfolio: two of two" in page
    assert "more target" not in page
    # The section bars are drawn on the server, each segment labelled in words beside it.
    assert '<rect x="0.000" y="0" width="100.000" height="6" class="fill-not_on_track"/>' in page
    assert "1 on track · 4 not on track · 2 data unavailable · 1 not reported" in page


def test_one_page_scorecard_of_a_large_portfolio_lists_what_fits(reader, db):
    plan = generate_plan(targets=120, years=2, seed=3)
    page = reader.get(
        reverse("reports:portfolio_one_page", args=[plan.slug, "policy"])
    ).content.decode()
    statuses = re.findall(
        r'<td><span class="status status-(\w+)">', page.split('class="one-page-targets"')[1]
    )
    left_out = re.search(r"(\d+) more targets not listed here, to keep to one page \((.*?)\)", page)
    total = int(re.search(r"· (\d+) targets · printed", page)[1])
    assert 8 <= len(statuses) <= 20
    assert len(statuses) + int(left_out[1]) == total
    # The targets that need the meeting's attention come first.
    if "on_track" in statuses:
        assert left_out[2].split(", ") == [left_out[2].split(", ")[0]]
        assert left_out[2].endswith(" on track") and "not on track" not in left_out[2]
