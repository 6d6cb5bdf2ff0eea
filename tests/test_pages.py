"""The first pages: the plan as the document lays it out, behind sign-in."""

import pytest
from django.urls import reverse

from indicators.models import Target
from tests.factories import ResultFactory, TargetFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def signed_in(client):
    client.force_login(UserFactory(username="reader"))
    return client


def test_anonymous_user_is_sent_to_sign_in(client, ilo_plan):
    response = client.get(ilo_plan.get_absolute_url())
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_sign_in_page_is_open(client):
    response = client.get(reverse("login"))
    assert response.status_code == 200
    assert b'<label for="id_username">' in response.content


def test_demo_user_signs_in_and_lands_on_the_plan(client, demo_users, ilo_plan):
    response = client.post(
        reverse("login"), {"username": "viewer", "password": "viewer-demo"}, follow=True
    )
    assert response.redirect_chain[-1][0] == ilo_plan.get_absolute_url()
    assert "ILO Action Plan for Gender Equality 2018–21" in response.content.decode()


def test_plan_page_shows_sections_targets_results_and_custodians(signed_in, ilo_plan):
    page = signed_in.get(ilo_plan.get_absolute_url(), {"year": 2020}).content.decode()
    for heading in [
        "Results-based management",
        "Oversight",
        "Accountability",
        "Human and financial resources",
        "Capacity",
    ]:
        assert f"<h2>{heading}</h2>" in page
    assert "Africa:</span> 27 per cent" in page
    assert "31 per cent" in page
    assert (
        "Proportion of ILO senior staff (P5 and above on regular budget contracts) who are women"
        in page
    )
    assert "Human Resources Development Department" in page
    assert (
        "Policy Portfolio: one of two director or chiefs&#x27; outputs include such a target"
        in page
    )
    assert "(2018–19 target)" in page
    # Status is written in words, not only coloured.
    assert page.count('class="status status-on_track">On track<') == 2
    assert page.count('class="status status-not_on_track">Not on track<') == 21
    assert page.count('class="status status-data_unavailable">Data unavailable<') == 6
    assert page.count('class="status status-not_reported">Not reported<') == 1


def test_plan_page_query_count_does_not_grow_with_targets(
    signed_in, ilo_plan, django_assert_num_queries
):
    url = ilo_plan.get_absolute_url()
    # session + user, plan, phase, sections, indicators, targets, custodians, results, breakdowns
    with django_assert_num_queries(10):
        signed_in.get(url, {"year": 2020})
    section = ilo_plan.sections.first()
    phase = ilo_plan.phases.get(label="2020–21")
    for _ in range(20):
        target = TargetFactory(indicator__section=section, phase=phase)
        ResultFactory(target=target, year=2020)
    assert Target.objects.of_plan(ilo_plan).count() == 50
    with django_assert_num_queries(10):
        signed_in.get(url, {"year": 2020})


def test_indicator_page_lists_targets_results_and_actions(signed_in, ilo_plan):
    indicator = Target.objects.get(indicator__code="RBM.1", region__name="Africa").indicator
    page = signed_in.get(indicator.get_absolute_url(), {"year": 2020}).content.decode()
    assert "Global (headquarters managed):</span> 37 per cent" in page
    assert "Launch a community of practice news series" in page
    assert page.count("Not on track") == 5


def test_unknown_plan_is_a_404_page(signed_in, db):
    assert signed_in.get(reverse("indicators:plan", args=["nope"])).status_code == 404


def test_home_without_a_plan_says_how_to_load_one(signed_in):
    assert b"python manage.py load_plan" in signed_in.get(reverse("home")).content
