"""My indicators, the review queue, the result page and the reporting years: what each shows,
and a query count that does not grow with the number of targets."""

import datetime
from decimal import Decimal
from unittest import mock

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from entries.services import result_approve, result_return, result_submit
from indicators.models import Result
from indicators.services import result_write
from tests.entries.steps import edit_url, result_url
from tests.factories import AcceleratingActionFactory, IndicatorFactory, TargetFactory

pytestmark = pytest.mark.django_db


def _write(world, target, **fields):
    return result_write(target=target, year=2021, user=world.owner, fields=fields).instance


def _more_targets(world, count: int) -> None:
    """Targets of the owner's unit, each with a submitted result and an action."""
    for _ in range(count):
        target = TargetFactory(
            indicator=IndicatorFactory(section=world.target.indicator.section),
            phase=world.target.phase,
            custodians=[world.unit],
        )
        result_submit(result=_write(world, target, value=Decimal("30")), user=world.owner)
        AcceleratingActionFactory(target=target, custodian=world.unit)


def _section(page: str, start: str, end: str | None = None) -> str:
    part = page.split(f'id="{start}"')[1]
    return part.split(f'id="{end}"')[0] if end else part


def test_my_indicators_shows_what_is_missing_returned_waiting_and_approved(world):
    returned = result_submit(result=_write(world, world.target, value=40), user=world.owner)
    result_return(result=returned, user=world.reviewer, comment="Which month is this from?")
    approved = result_submit(
        result=_write(world, world.milestone, statement="Drafted", declared_status="on_track"),
        user=world.owner,
    )
    result_approve(result=approved, user=world.reviewer)
    page = world.client_for("owner").get(reverse("entries:my_indicators")).content.decode()

    assert "You report for Human Resources Development Department (HRD)." in page
    assert "Open for entries" in page and "31 January 2022" in page
    returned_part = _section(page, "returned", "missing")
    assert "ACC.1" in returned_part and "Which month is this from?" in returned_part
    assert "Returned by reviewer" in returned_part
    assert "Nothing approved yet." not in page
    assert "CAP.1" in _section(page, "approved", "actions")
    assert "OVS.1" not in page  # another unit's target
    actions = _section(page, "actions")
    assert "Hold two unconscious bias sessions." in actions
    assert reverse("entries:action", args=[world.action.pk]) in actions
    assert reverse("entries:action_new", args=[world.milestone.pk]) in actions


def test_my_indicators_for_someone_who_reports_for_no_unit(world):
    page = world.client_for("reviewer").get(reverse("entries:my_indicators")).content.decode()
    assert "You do not report for a custodian unit" in page


def test_my_indicators_query_count_does_not_grow_with_targets(world, django_assert_num_queries):
    _more_targets(world, 1)
    owner = world.client_for("owner")
    url = reverse("entries:my_indicators")
    # session, user, plan, its years, groups, units (whether any, which), targets, actions,
    # custodians, results, the comments that say why a result came back
    with django_assert_num_queries(11):
        owner.get(url)
    _more_targets(world, 15)
    with django_assert_num_queries(11):
        page = owner.get(url).content.decode()
    assert page.count("Waiting for GEDI's review: <strong>16</strong>") == 1


def test_review_queue_lists_submitted_returned_and_overdue(world):
    submitted = result_submit(result=_write(world, world.target, value=40), user=world.owner)
    Result.objects.filter(pk=submitted.pk).update(
        submitted_at=timezone.make_aware(datetime.datetime(2022, 2, 3))
    )
    returned = result_submit(
        result=_write(world, world.milestone, statement="Drafted", declared_status="on_track"),
        user=world.owner,
    )
    result_return(result=returned, user=world.reviewer, comment="Adopted or only drafted?")
    gedi = world.client_for("reviewer")
    page = gedi.get(reverse("entries:review_queue")).content.decode()

    submitted_part = _section(page, "submitted", "returned")
    assert "ACC.1" in submitted_part and "after the deadline" in submitted_part
    assert "Adopted or only drafted?" in _section(page, "returned", "not-submitted")
    waiting = _section(page, "not-submitted")
    assert "OVS.1" in waiting and "CAP.1" in waiting  # nothing entered; returned
    assert "Overdue: not submitted by the deadline" in page  # the deadline is in the past

    # Seen before the deadline (31 January 2022; a 2021 deadline cannot fall after 2023, so it
    # is "today" that moves back), nothing is overdue yet.
    today = timezone.localdate

    def before_the_deadline(value=None, timezone=None):
        return today(value, timezone) if value is not None else datetime.date(2022, 1, 15)

    with mock.patch("django.utils.timezone.localdate", before_the_deadline):
        page = gedi.get(reverse("entries:review_queue")).content.decode()
    assert "Not yet submitted" in page and "Overdue" not in page


def test_review_queue_query_count_does_not_grow_with_targets(world, django_assert_num_queries):
    _more_targets(world, 1)
    gedi = world.client_for("reviewer")
    url = reverse("entries:review_queue")
    # session, user, groups, plan, its years, targets, custodians, results, comments
    with django_assert_num_queries(9):
        gedi.get(url)
    _more_targets(world, 15)
    with django_assert_num_queries(9):
        page = gedi.get(url).content.decode()
    assert "Submitted, to review: <strong>16</strong>" in page


def test_result_page_shows_the_result_its_review_and_the_discussion(world):
    result = result_submit(
        result=_write(world, world.target, value=40, evidence_url="https://example.org/hr"),
        user=world.owner,
        comment="Figures from the HR dashboard.",
    )
    gedi = world.client_for("reviewer")
    page = gedi.get(result_url(world.target)).content.decode()
    assert "40 per cent" in page and 'href="https://example.org/hr" rel="noopener' in page
    assert 'class="review-state review-submitted">Submitted<' in page
    assert "Figures from the HR dashboard." in page
    assert "Approve" in page and "Return to the custodian" in page
    assert f'name="approve-version" value="{result.version}"' in page
    assert world.target.indicator.get_absolute_url() in page  # history lives there
    owner_page = world.client_for("owner").get(result_url(world.target)).content.decode()
    assert "Approve" not in owner_page and "Change the result" in owner_page


def test_result_page_query_count(world, ddg_target, django_assert_num_queries):
    result = _write(world, world.target, value=40)
    for text in ["One", "Two", "Three"]:
        world.client_for("owner").post(
            reverse("entries:result_comment", args=[world.target.pk, 2021]), {"text": text}
        )
    owner = world.client_for("owner")
    # session, user, groups, target, reporting year, result, lines, comments, custodians,
    # actions, then the permission checks: editable target (twice), editable actions, the
    # units the user may add actions for
    with django_assert_num_queries(14):
        owner.get(result_url(world.target))
    AcceleratingActionFactory.create_batch(5, target=world.target, custodian=world.unit)
    with django_assert_num_queries(14):
        page = owner.get(result_url(world.target)).content.decode()
    assert page.count('class="comment comment-comment"') == 3 and result.pk


def test_entry_and_action_pages_query_counts(world, ddg_target, django_assert_num_queries):
    gedi = world.client_for("reviewer")
    # session, user, groups, target, reporting year, result (+ lines and comments when there
    # is one), editable target, the reviewer's units, the Deputy Directors-General, the
    # target's earlier results
    with django_assert_num_queries(9):
        page = gedi.get(edit_url(ddg_target)).content.decode()
    assert page.count('name="line_') == 6
    # session, user, groups, target, the units the action can be added for
    with django_assert_num_queries(5):
        gedi.get(reverse("entries:action_new", args=[world.target.pk]))
    # session, user, groups, action, may edit it, its history
    with django_assert_num_queries(6):
        gedi.get(reverse("entries:action", args=[world.action.pk]))


def test_reporting_years_page_opens_closes_and_sets_deadlines(world, django_assert_num_queries):
    gedi = world.client_for("reviewer")
    url = reverse("entries:reporting_years")
    # session, user, groups, plan, years, their reopened units, the units to choose from
    with django_assert_num_queries(7):
        page = gedi.get(url).content.decode()
    assert "Close 2021 for entries" in page

    response = gedi.post(
        reverse("entries:year_deadline", args=[world.year.pk]),
        {f"year{world.year.pk}-deadline": "2022-02-28"},
    )
    assert response.status_code == 302
    world.year.refresh_from_db()
    assert world.year.deadline == datetime.date(2022, 2, 28)
    record = world.year.history.first()
    assert (record.history_user, record.history_change_reason) == (
        world.reviewer,
        "Deadline set to 28 February 2022",
    )

    bad = gedi.post(
        reverse("entries:year_deadline", args=[world.year.pk]),
        {f"year{world.year.pk}-deadline": "end of February"},
    )
    assert bad.status_code == 400
    assert 'value="end of February"' in bad.content.decode()
    assert "Enter a valid date." in bad.content.decode()

    gedi.post(reverse("entries:year_state", args=[world.year.pk, "close"]))
    gedi.post(
        reverse("entries:year_reopen", args=[world.year.pk]),
        {f"year{world.year.pk}-unit": world.unit.pk},
    )
    page = gedi.get(url).content.decode()
    assert "Closed for entries" in page and "Open 2021 for every unit" in page
    assert "Human Resources Development Department (HRD)" in page.split("Reopened for")[1]
    gedi.post(reverse("entries:year_state", args=[world.year.pk, "open"]))
    world.year.refresh_from_db()
    assert world.year.is_open and not world.year.reopened_for.exists()


def test_home_sends_focal_points_to_my_indicators_and_others_to_the_plan(world):
    plan_url = world.year.plan.get_absolute_url()
    assert world.client_for("owner").get("/")["Location"] == reverse("entries:my_indicators")
    assert world.client_for("owner").get("/?plan")["Location"] == plan_url
    for role in ["reviewer", "viewer", "administrator"]:
        assert world.client_for(role).get("/")["Location"] == plan_url


def test_navigation_shows_each_role_its_links_without_a_query_per_page(world):
    def nav_after_signing_in(username: str) -> str:
        client = Client()
        client.post(reverse("login"), {"username": username, "password": "pass-for-tests"})
        page = client.get(reverse("entries:my_indicators")).content.decode()
        return page.split('<nav aria-label="Main">')[1].split("</nav>")[0]

    focal = nav_after_signing_in("owner")
    assert "My indicators" in focal and "Review queue" not in focal
    reviewer = nav_after_signing_in("reviewer")
    assert "Review queue" in reviewer and "Reporting years" in reviewer
    assert "My indicators" not in reviewer
    viewer = nav_after_signing_in("viewer")
    assert "Review queue" not in viewer and "My indicators" not in viewer


def test_my_indicators_says_when_the_year_is_closed_and_for_whom_it_was_reopened(world):
    owner = world.client_for("owner")
    world.year.is_open = False
    world.year.save()
    page = owner.get(reverse("entries:my_indicators")).content.decode()
    assert "2021 is closed: results can no longer be entered or changed." in page
    world.year.reopened_for.add(world.unit)
    page = owner.get(reverse("entries:my_indicators")).content.decode()
    assert "GEDI reopened 2021 for HRD: you can still enter and change those results." in page
