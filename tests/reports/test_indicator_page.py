"""The indicator page: targets by scope, results by year with statuses, trend, actions, history."""

from decimal import Decimal

import pytest
from django.urls import reverse

from custodians.models import CustodianUnit, Portfolio
from evaluations.models import FollowUp
from indicators.models import AcceleratingAction, Result, ResultBreakdownLine, Target
from indicators.services import BreakdownLineInput, action_write, result_write
from tests.evaluations.factories import (
    EvaluationFactory,
    FollowUpFactory,
    IndicatorLinkFactory,
    RecommendationFactory,
)
from tests.reports.conftest import ROLES

pytestmark = pytest.mark.django_db

# session, user, the user's roles and units (which unfinished entries they see), the indicator,
# its phase for the year; then the indicator again, its targets, custodians, actions, results and
# their breakdown lines, the history of targets, results, breakdown lines and actions, and the
# evaluation recommendations linked to the indicator, and the targets' revisions
# (indicators/plan_life.py).
INDICATOR_PAGE_QUERIES = 17


@pytest.fixture
def africa(ilo_plan) -> Target:
    return Target.objects.get(indicator__code="RBM.1", region__code="africa")


def page_of(client, target: Target, year: int = 2020) -> str:
    return client.get(target.indicator.get_absolute_url(), {"year": year}).content.decode()


@pytest.mark.parametrize("role", ROLES)
def test_every_role_reads_the_page_in_a_fixed_number_of_queries(
    client, africa, role_users, role, django_assert_num_queries
):
    client.force_login(role_users[role])
    url = africa.indicator.get_absolute_url()
    with django_assert_num_queries(INDICATOR_PAGE_QUERIES):
        response = client.get(url, {"year": 2020})
    assert response.status_code == 200


def test_anonymous_user_is_sent_to_sign_in(client, africa):
    response = client.get(africa.indicator.get_absolute_url())
    assert response["Location"].startswith(reverse("login"))


def test_queries_do_not_grow_with_results_actions_or_history(
    client, africa, role_users, django_assert_num_queries
):
    client.force_login(role_users["gedi"])
    policy, unit = Portfolio.objects.get(code="policy"), CustodianUnit.objects.first()
    for target in Target.objects.filter(indicator=africa.indicator):
        for statement in ("first count", "recount"):
            result_write(
                target=target,
                year=2021,
                user=role_users["gedi"],
                fields={"value": Decimal("20"), "explanation": "Entered for the test."},
                breakdown=[
                    BreakdownLineInput(portfolio=policy, custodian=unit, statement=statement)
                ],
            )
    for action in AcceleratingAction.objects.filter(target__indicator=africa.indicator):
        action_write(action=action, user=role_users["gedi"], fields={"state": "under_way"})
    for number in (1, 2, 3):
        link = IndicatorLinkFactory(
            indicator=africa.indicator, recommendation=RecommendationFactory(number=number)
        )
        FollowUpFactory(recommendation=link.recommendation, year=2021)
    url = africa.indicator.get_absolute_url()
    with django_assert_num_queries(INDICATOR_PAGE_QUERIES):
        client.get(url, {"year": 2021})


def test_results_by_year_with_their_statuses(client, africa, role_users):
    client.force_login(role_users["viewer"])
    page = page_of(client, africa)
    # One row per target, by scope, one column per year of the plan.
    assert '<span class="scope">Africa:</span> 27 per cent' in page
    for year in (2018, 2019, 2021):
        assert f'<th scope="col">{year}</th>' in page
    assert '<th scope="col" class="selected-year">2020<span class="visually-hidden">' in page
    assert page.count('class="status status-on_track">On track<') == 1
    assert page.count('class="status status-not_on_track">Not on track<') == 5
    # 2021 is open and nothing is reported yet; 2018–19 had no such targets.
    assert page.count('class="status status-not_reported">Not reported<') == 6
    assert page.count("No target for this year") == 12
    assert "Launch a community of practice news series" in page


def test_a_draft_is_shown_but_not_counted_and_a_trend_appears(client, africa, role_users):
    client.force_login(role_users["gedi"])
    result_write(target=africa, year=2021, user=role_users["gedi"], fields={"value": Decimal("40")})
    page = page_of(client, africa, 2021)
    assert "40 per cent" in page
    assert "draft: not counted until submitted" in page
    assert "No comparison with 2020" in page  # a draft does not count
    submitted = Result.objects.get(target=africa, year=2021)
    submitted.review_state = Result.ReviewState.SUBMITTED
    submitted.save()
    page = page_of(client, africa, 2021)
    assert "Up 9 points since 2020, better" in page
    assert '<span aria-hidden="true">▲</span>' in page


def test_what_changed_says_who_when_what_and_why(client, africa, role_users):
    gedi = role_users["gedi"]
    client.force_login(gedi)
    outcome = result_write(
        target=africa,
        year=2020,
        user=gedi,
        fields={"value": Decimal("33")},
        reason="Corrected after the regional office's recount",
    )
    assert outcome.changed_fields == ("value",)
    action = AcceleratingAction.objects.filter(target__indicator=africa.indicator).first()
    action_write(action=action, user=gedi, fields={"state": "under_way"}, reason="Started")
    page = page_of(client, africa)
    history = page.split("What changed")[1]
    rows = history.split("<tr>")[2:]  # newest first, after the header
    assert "role-gedi" in rows[0] and "Action of PARDEV, Global (headquarters managed)" in rows[0]
    assert "State: Not started → Under way" in rows[0] and "Started" in rows[0]
    assert "2020 result, Africa" in rows[1]
    assert "Value: 31 → 33" in rows[1]
    assert "Corrected after the regional office&#x27;s recount" in rows[1]
    # The loaded rows are listed as created by the loader, with its reason.
    assert "Loaded from the plan file" in rows[-1]
    assert "the system (no signed-in user)" in rows[-1]


def test_a_change_to_a_portfolio_line_alone_is_in_what_changed(client, ilo_plan, role_users):
    gedi = role_users["gedi"]
    client.force_login(gedi)
    line = ResultBreakdownLine.objects.select_related("result__target").get(statement="none of six")
    result_write(
        target=line.result.target,
        year=2020,
        user=gedi,
        fields={},
        reason="FOP recounted its directors' outputs",
        breakdown=[
            BreakdownLineInput(
                portfolio=line.portfolio,
                custodian=line.custodian,
                statement="one of six",
                value=Decimal("1"),
            )
        ],
    )
    page = page_of(client, line.result.target)
    newest = page.split("What changed")[1].split("<tr>")[2]
    assert "role-gedi" in newest
    scope = line.result.target.scope_label
    assert f"2020 result, {scope}, {line.portfolio.name} Portfolio line" in newest
    assert "Statement: none of six → one of six" in newest
    assert "Value: 0 → 1" in newest
    assert "FOP recounted its directors&#x27; outputs" in newest


def test_the_recommendations_it_takes_up_with_their_follow_up_for_the_year(
    client, africa, role_users
):
    client.force_login(role_users["viewer"])
    evaluation = EvaluationFactory(short_title="Gender equality 2016–21")
    reported = RecommendationFactory(evaluation=evaluation, number=2, title="Train the managers.")
    earlier = RecommendationFactory(evaluation=evaluation, number=5, title="Count the staff.")
    silent = RecommendationFactory(evaluation=evaluation, number=7, title="Publish the data.")
    for recommendation in (reported, earlier, silent):
        IndicatorLinkFactory(indicator=africa.indicator, recommendation=recommendation)
    IndicatorLinkFactory(recommendation=RecommendationFactory(title="Another indicator's."))
    FollowUpFactory(recommendation=reported, year=2020, state=FollowUp.State.COMPLETED)
    FollowUpFactory(recommendation=reported, year=2021, state=FollowUp.State.NO_LONGER_RELEVANT)
    FollowUpFactory(recommendation=earlier, year=2019, state=FollowUp.State.UNDER_WAY)
    page = page_of(client, africa, 2020)
    section = page.split("Evaluation recommendations it takes up")[1].split("What changed")[0]
    rows = section.split("<tr>")[2:]
    assert len(rows) == 3
    assert "Another indicator" not in section
    assert "Gender equality 2016–21" in rows[0] and "<td>2</td>" in rows[0]
    assert f'<a href="{reported.get_absolute_url()}">Train the managers.</a>' in rows[0]
    assert ">Completed<" in rows[0] and "No longer relevant" not in rows[0]
    assert ">Under way<" in rows[1] and "(reported for 2019)" in rows[1]
    assert ">No follow-up yet<" in rows[2]


def test_an_indicator_without_recommendations_says_so(client, africa, role_users):
    client.force_login(role_users["viewer"])
    assert "No evaluation recommendation is linked to this indicator." in page_of(client, africa)


def test_a_milestones_declaration_and_its_confirmation_are_shown(client, ilo_plan, role_users):
    client.force_login(role_users["viewer"])
    audit = Target.objects.get(indicator__code="OVS.5")
    page = page_of(client, audit)
    assert "No audits done" in page
    assert "Declared by the custodian, confirmed by GEDI" in page


def test_the_plan_page_links_to_its_scorecard(client, ilo_plan, role_users):
    client.force_login(role_users["focal"])
    page = client.get(ilo_plan.get_absolute_url(), {"year": 2020}).content.decode()
    assert f'href="{reverse("reports:plan", args=[ilo_plan.slug])}?year=2020"' in page


@pytest.mark.parametrize(
    ("role", "sees_it"),
    [("admin", True), ("gedi", True), ("viewer", False), ("focal", False), ("own", True)],
)
@pytest.mark.parametrize("state", ["draft", "returned"])
def test_an_unfinished_entry_is_shown_only_to_its_unit_and_gedi(
    client, africa, role_users, role, sees_it, state
):
    """A draft or a returned entry (its value, explanation and history) is seen by the target's
    own focal points, GEDI and administrators; another unit's focal point and a viewer see the
    year as not reported, as the entry pages and scorecards do."""
    from tests.factories import MembershipFactory, UserFactory

    if role == "own":
        user = UserFactory(username="africa-focal")
        MembershipFactory(user=user, unit=africa.custodians.first())
    else:
        user = role_users[role]
    result_write(
        target=africa,
        year=2021,
        user=None,
        fields={"value": Decimal("41.5"), "explanation": "Counted from the draft staff list"},
    )
    Result.objects.filter(target=africa, year=2021).update(review_state=state)
    client.force_login(user)
    page = page_of(client, africa, 2021)
    for secret in ("41.5", "Counted from the draft staff list"):
        assert (secret in page) is sees_it, (role, secret)
