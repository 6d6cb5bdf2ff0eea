"""The tracker, the evaluation and recommendation pages: what they show, and in how many queries."""

import json
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from evaluations.models import Recommendation
from evaluations.services import follow_up_write
from tests.evaluations.factories import (
    FollowUpFactory,
    IndicatorLinkFactory,
    OfficeResponseFactory,
    RecommendationFactory,
)
from tests.factories import CustodianUnitFactory, IndicatorFactory, UserFactory

pytestmark = pytest.mark.django_db

THIS_YEAR = timezone.localdate().year


@pytest.fixture
def reader(client):
    client.force_login(UserFactory(username="reader"))
    return client


def chart_of(page: str) -> dict:
    found = re.search(r'<script id="tracker-chart" type="application/json">(.*?)</script>', page)
    return json.loads(found.group(1))


def test_the_nav_links_to_the_recommendations(reader, loaded_recommendations):
    page = reader.get(reverse("evaluations:tracker")).content.decode()
    assert f'<a href="{reverse("evaluations:tracker")}">Recommendations</a>' in page


def test_anonymous_readers_are_sent_to_sign_in(client, loaded_recommendations):
    for url in [
        reverse("evaluations:tracker"),
        reverse("evaluations:export"),
        Recommendation.objects.first().get_absolute_url(),
    ]:
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize("grouping", ["evaluation", "unit", "priority", "state"])
def test_every_tracker_view_runs_in_a_fixed_number_of_queries(
    reader, loaded_recommendations, django_assert_num_queries, grouping
):
    url = reverse("evaluations:tracker_by", args=[grouping])
    # session, user, recommendations with their latest follow-up, their units
    with django_assert_num_queries(4):
        response = reader.get(url)
    assert response.status_code == 200


def test_tracker_by_evaluation_counts_each_documents_recommendations(
    reader, loaded_recommendations
):
    follow_up_write(
        recommendation=Recommendation.objects.get(evaluation__slug="covid-19-response", number=2),
        year=THIS_YEAR,
        user=None,
        state="completed",
        note="",
        expected_version=0,
    )
    page = reader.get(reverse("evaluations:tracker")).content.decode()
    chart = chart_of(page)
    assert chart["data"][0]["y"] == [
        "Gender equality 2016–21",
        "Sustainable enterprises 2014–19",
        "Research and KM 2010–19",
        "Andean countries 2016–19",
        "COVID-19 response",
    ]
    by_state = {trace["name"]: trace["x"] for trace in chart["data"]}
    assert by_state["Completed"] == [0, 0, 0, 0, 1]
    assert by_state["No follow-up yet"] == [6, 9, 7, 7, 7]
    # The chart sits in a figure with a caption, and the same numbers are in a table.
    assert "<figure" in page and "<figcaption>" in page
    assert re.search(
        r'<th scope="row">High-level evaluation of the ILO&#x27;s COVID-19 response</th>\s*'
        r'(<td class="number">\d+</td>){2}<td class="number">1</td>',
        page,
    )
    assert '<span class="follow-up follow-up-completed">Completed</span>' in page


def test_tracker_by_unit_lists_each_units_recommendations(reader, loaded_recommendations):
    page = reader.get(reverse("evaluations:tracker_by", args=["unit"])).content.decode()
    section = page.split('id="group-hrd"')[1].split("</section>")[0]
    # HRD: 000 recommendation 4, 003 research 3, 004 recommendation 8.
    assert section.count('scope="row" class="rec-cell"') == 3
    assert "(3)" in section
    assert "GEM Capacity Development" in section


def test_tracker_by_priority_keeps_unstated_priorities_apart(reader, loaded_recommendations):
    page = reader.get(reverse("evaluations:tracker_by", args=["priority"])).content.decode()
    totals = {
        label: sum(x)
        for label, x in zip(
            chart_of(page)["data"][0]["y"],
            zip(*[trace["x"] for trace in chart_of(page)["data"]], strict=True),
            strict=True,
        )
    }
    assert totals == {"High": 23, "Medium": 6, "Low": 0, "Priority not stated": 8}


def test_tracker_by_state_shows_each_state_in_words(reader, loaded_recommendations):
    first = Recommendation.objects.first()
    FollowUpFactory(recommendation=first, year=2021, state="not_started")
    FollowUpFactory(recommendation=first, year=2022, state="under_way")
    page = reader.get(reverse("evaluations:tracker_by", args=["state"])).content.decode()
    # The latest report counts: under way, not the older "not started".
    assert '<h2 id="group-under_way">Under way <span class="muted">(1)</span></h2>' in page
    assert 'id="group-not_started"' not in page
    assert '<h2 id="group-not_reported">No follow-up yet <span class="muted">(36)</span>' in page


def test_an_unknown_grouping_is_not_found(reader):
    assert reader.get(reverse("evaluations:tracker_by", args=["colour"])).status_code == 404


def test_the_charts_are_drawn_from_our_own_static_files(reader, loaded_recommendations):
    page = reader.get(reverse("evaluations:tracker")).content.decode()
    # plotly.js itself is added by charts-on-demand.js when the chart comes near the window.
    assert (
        '<script src="/static/reports/charts-on-demand.js" '
        'data-plotly-src="/static/vendor/plotly/plotly.min.js" defer></script>'
    ) in page
    assert '<script src="/static/evaluations/charts.js" defer></script>' in page
    # No inline script: only the JSON data block, which the browser does not run.
    assert re.findall(r"<script(?![^>]*(src=|type=\"application/json\"))", page) == []
    assert "http://" not in page.replace("http://www.w3.org", "")


def test_an_empty_tracker_says_how_to_load_it(reader, django_assert_num_queries):
    with django_assert_num_queries(3):
        page = reader.get(reverse("evaluations:tracker")).content.decode()
    assert "python manage.py load_recommendations" in page
    assert "plotly.min.js" not in page


def test_evaluation_page_follows_the_documents_layout(
    reader, loaded_recommendations, django_assert_num_queries
):
    url = reverse("evaluations:evaluation", args=["gender-equality-mainstreaming-2016-21"])
    # session, user, evaluation, recommendations, units, sub-actions
    with django_assert_num_queries(6):
        page = reader.get(url).content.decode()
    assert page.count('<table class="implications">') == 6
    assert (
        "<td>ILO SMT, DDG/POL, DDG/FOP (MULTILATERALS, PARDEV), DDG/MR</td>\n"
        "    <td>Medium</td>\n    <td>Long-term</td>\n    <td>Medium</td>"
    ) in page
    assert "Rapid review and inventorying of ILO Policy Departments" in page


def test_an_empty_cell_is_shown_as_empty_in_words(reader, loaded_recommendations):
    url = reverse("evaluations:evaluation", args=["covid-19-response"])
    page = reader.get(url).content.decode()
    assert page.count("empty in the document") == 8


def test_recommendation_page_shows_response_indicators_follow_up_and_history(
    client, people, django_assert_num_queries
):
    recommendation = people.recommendation
    OfficeResponseFactory(recommendation=recommendation, text="The Office agrees fully.")
    indicator = IndicatorFactory(code="ACC.3", text="Proportion of outputs with a gender target")
    IndicatorLinkFactory(recommendation=recommendation, indicator=indicator, note="Target 2022–23")
    follow_up_write(
        recommendation=recommendation,
        year=THIS_YEAR,
        user=people.owner,
        state="not_started",
        note="Planned for spring.",
        expected_version=0,
    )
    follow_up_write(
        recommendation=recommendation,
        year=THIS_YEAR,
        user=people.reviewer,
        state="under_way",
        note="Planned for spring.",
        expected_version=1,
    )
    client.force_login(people.owner)
    # session, user, its groups, membership check; the recommendation and four prefetches;
    # three history tables
    with django_assert_num_queries(12):
        page = client.get(recommendation.get_absolute_url()).content.decode()
    assert "<strong>Agrees</strong>" in page and "The Office agrees fully." in page
    assert f'<a href="{indicator.get_absolute_url()}">ACC.3: ' in page
    assert "Target 2022–23" in page
    assert '<span class="follow-up follow-up-under_way">Under way</span>' in page
    history = page.split("<h2>History</h2>")[1]
    assert "<td>reviewer</td>" in history and "<td>owner</td>" in history
    assert f"Follow-up {THIS_YEAR} changed" in history
    assert re.search(
        r"<strong>State</strong>: Not started <span aria-hidden=\"true\">→</span>"
        r"<span class=\"visually-hidden\">changed to</span> Under way",
        history,
    )


def test_the_history_is_worded_as_on_the_indicator_page(reader, people):
    """One wording for history on every page (``indicators.versions``): who saved without a
    signed-in user, a first report with its values, a change with the values before and after."""
    recommendation = people.recommendation
    follow_up_write(
        recommendation=recommendation,
        year=THIS_YEAR,
        user=None,
        state="not_started",
        note="",
        expected_version=0,
    )
    recommendation.title = "Do the recommended thing, reworded."
    recommendation.save()
    page = reader.get(recommendation.get_absolute_url()).content.decode()
    history = page.split("<h2>History</h2>")[1]
    assert "<td>the system (no signed-in user)</td>" in history
    assert f"Follow-up {THIS_YEAR} created" in history
    assert re.search(
        r"<strong>State</strong>: — <span aria-hidden=\"true\">→</span>"
        r"<span class=\"visually-hidden\">changed to</span> Not started",
        history,
    )
    assert f"{recommendation.label} changed" in history
    assert "Do the recommended thing, reworded." in history


def test_recommendation_page_without_response_or_links_says_so(reader, loaded_recommendations):
    item = Recommendation.objects.get(evaluation__slug="covid-19-response", number=1)
    page = reader.get(item.get_absolute_url()).content.decode()
    assert "The document prints no response from the Office" in page
    assert "No Action Plan indicator is linked" in page
    assert "No follow-up has been reported yet." in page
    assert "Turin Centre (ITCILO)" in page or "(ITCILO)" in page


def test_a_missing_recommendation_is_not_found(reader):
    assert reader.get(reverse("evaluations:recommendation", args=[999])).status_code == 404


def test_follow_up_form_has_labels_and_the_version(client, people, django_assert_num_queries):
    client.force_login(people.owner)
    url = reverse("evaluations:follow_up", args=[people.recommendation.pk, THIS_YEAR])
    # session, user, recommendation, groups, membership check, the year's report
    with django_assert_num_queries(6):
        page = client.get(url).content.decode()
    assert '<label for="id_state">State:</label>' in page
    assert '<label for="id_note">Note:</label>' in page
    assert '<input type="hidden" name="version" value="0" id="id_version">' in page


def test_a_unit_named_by_two_recommendations_is_one_group(reader):
    unit = CustodianUnitFactory(acronym="SOCPRO", name="Social Protection Department")
    RecommendationFactory(units=[unit])
    RecommendationFactory(units=[unit])
    page = reader.get(reverse("evaluations:tracker_by", args=["unit"])).content.decode()
    assert page.count('id="group-socpro"') == 1
    assert chart_of(page)["data"][0]["y"] == ["SOCPRO"]
