"""The season as custodians and reviewers live it: the entry form opened straight from
My indicators with what the person needs beside it, "save and submit" in one go, submitting a
batch of drafts, and reviewing from the queue (per entry and several at once) with the next
entry offered after each decision."""

from __future__ import annotations

import datetime
from decimal import Decimal
from unittest import mock

import pytest
from django.urls import reverse

from entries.models import ResultComment
from entries.services import (
    DECLARE_BEFORE_SUBMITTING,
    StepRefused,
    result_approve,
    result_return,
    result_submit,
)
from indicators.models import Result, Target
from indicators.review import SELF_APPROVAL_REFUSED
from indicators.services import result_write
from tests.entries.steps import YEAR, edit_url, enter, result_of, result_url, snapshot
from tests.factories import IndicatorFactory, TargetFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _four_eyes(settings) -> None:
    settings.REVIEW_ALLOW_SELF_APPROVAL = False


def _write(world, target, year: int = YEAR, user=None, **fields) -> Result:
    user = user or world.owner
    return result_write(target=target, year=year, user=user, fields=fields).instance


def _submitted(world, target, year: int = YEAR, user=None, **fields) -> Result:
    user = user or world.owner
    return result_submit(result=_write(world, target, year, user, **fields), user=user)


def _more_targets(world, count: int, *, unit=None) -> list[Target]:
    return [
        TargetFactory(
            indicator=IndicatorFactory(section=world.target.indicator.section),
            phase=world.target.phase,
            custodians=[unit or world.unit],
        )
        for _ in range(count)
    ]


def _ticks(*results: Result) -> dict[str, list[str]]:
    return {"entries": [f"{r.pk}:{r.version}" for r in results]}


def _messages(response) -> list[str]:
    return [str(message) for message in response.context["messages"]]


# ---- 1. The entry form, opened from My indicators --------------------------------------------


def test_my_indicators_opens_the_form_straight_away(world):
    returned = _submitted(world, world.milestone, statement="Drafted", declared_status="on_track")
    result_return(result=returned, user=world.reviewer, comment="Adopted or only drafted?")
    page = world.client_for("owner").get(reverse("entries:my_indicators")).content.decode()
    assert f'href="{edit_url(world.target)}">Enter the result' in page
    assert f'href="{edit_url(world.milestone)}">Correct and resubmit' in page


def test_in_a_closed_year_my_indicators_links_to_the_result_page_which_says_why(world):
    world.year.is_open = False
    world.year.save()
    page = world.client_for("owner").get(reverse("entries:my_indicators")).content.decode()
    assert edit_url(world.target) not in page
    assert f'href="{result_url(world.target)}">Enter the result' in page


def test_the_form_shows_the_target_earlier_results_the_return_comment_and_the_discussion(world):
    earlier = _write(world, world.target, year=2020, value=38)
    result_submit(result=earlier, user=world.owner)
    result = _submitted(world, world.target, value=41, explanation="HR dashboard.")
    result_return(result=result, user=world.reviewer, comment="Which month is this from?")
    world.client_for("owner").post(
        reverse("entries:result_comment", args=[world.target.pk, YEAR]),
        {"text": "December, I will add it."},
    )
    page = world.client_for("owner").get(edit_url(world.target)).content.decode()

    facts = page.split('class="facts entry-facts"')[1].split("</dl>")[0]
    assert (
        "<strong>At least 45 per cent</strong>" in facts
        and "Global" in facts
        and "2020–21" in facts
    )
    assert "<strong>2020:</strong> 38 per cent" in facts
    assert "status-not_on_track" in facts and "not counted yet" not in facts
    returned = page.split('class="notice sent-back"')[1].split("</section>")[0]
    assert "GEDI returned this entry" in returned and "Which month is this from?" in returned
    discussion = page.split('id="discussion"')[1]
    assert "Which month is this from?" in discussion and "December, I will add it." in discussion
    assert 'name="value" value="41"' in page  # not 41.00


def test_earlier_drafts_of_the_unit_are_marked_as_not_counted(world):
    _write(world, world.target, year=2020, value=38)
    page = world.client_for("owner").get(edit_url(world.target)).content.decode()
    assert "38 per cent" in page
    assert "(draft: your unit's entry, not counted yet)" in page


def test_a_percentage_target_never_asks_for_a_declared_status(world):
    owner = world.client_for("owner")
    page = owner.get(edit_url(world.target)).content.decode()
    assert 'name="value"' in page and 'name="declared_status"' not in page
    assert 'name="data_unavailable"' in page and 'name="unavailable_reason"' in page
    assert "The status is computed against the target (At least 45 per cent)." in page
    assert enter(owner, world.target, value="47").status_code == 302
    assert result_of(world.target).status == "on_track"


def test_words_without_a_number_bring_the_question_the_rule_asks(world):
    refused = enter(world.client_for("owner"), world.target, statement="About half").content
    page = refused.decode()
    assert 'name="declared_status"' in page
    assert 'id="id_declared_status_error"><li>Say whether the target is on track' in page


def test_a_milestone_asks_the_words_and_whether_it_is_on_track(world):
    page = world.client_for("owner").get(edit_url(world.milestone)).content.decode()
    assert 'name="value"' not in page
    assert "Result (in words)" in page and 'name="declared_status"' in page
    assert 'name="data_unavailable"' in page


def test_a_reopened_value_is_shown_as_typed(world):
    _write(world, world.target, value=Decimal("41.00"))
    page = world.client_for("owner").get(edit_url(world.target)).content.decode()
    assert 'value="41"' in page and "41.00" not in page


def test_save_and_submit_sends_the_entry_to_gedi_in_one_go(world):
    owner = world.client_for("owner")
    response = enter(owner, world.target, value="47", save="submit")
    assert response["Location"] == result_url(world.target)
    result = result_of(world.target)
    assert (result.value, result.review_state, result.submitted_by) == (
        47,
        "submitted",
        world.owner,
    )
    reasons = list(result.history.order_by("history_date").values_list("history_change_reason"))
    assert reasons == [(None,), ("Submitted for review",)]
    page = owner.get(response["Location"]).content.decode()
    assert "Result for 2021 saved. Submitted to GEDI for review." in page


def test_save_as_draft_keeps_the_entry_with_the_unit(world):
    enter(world.client_for("owner"), world.target, value="47", save="draft")
    assert result_of(world.target).review_state == "draft"


def test_a_returned_entry_is_corrected_and_resubmitted_from_the_form(world):
    result = _submitted(world, world.target, value=41)
    result = result_return(result=result, user=world.reviewer, comment="Check the count.")
    owner = world.client_for("owner")
    page = owner.get(edit_url(world.target)).content.decode()
    assert "Save and submit to GEDI" in page
    enter(owner, world.target, value="43", version=result.version, save="submit")
    result = result_of(world.target)
    assert (result.value, result.review_state) == (43, "submitted")


def test_a_refused_submission_keeps_the_draft_and_says_why(world):
    refusal = StepRefused(DECLARE_BEFORE_SUBMITTING)
    owner = world.client_for("owner")
    with mock.patch("entries.services.result_step", side_effect=refusal):
        response = enter(owner, world.target, value="47", save="submit")
    assert response["Location"] == edit_url(world.target)
    assert result_of(world.target).review_state == "draft"
    page = owner.get(response["Location"]).content.decode()
    assert f"Result for 2021 saved as a draft, not submitted: {DECLARE_BEFORE_SUBMITTING}" in page
    assert 'name="value" value="47"' in page


def test_a_submitted_entry_is_changed_without_being_submitted_again(world):
    result = _submitted(world, world.target, value=41)
    owner = world.client_for("owner")
    page = owner.get(edit_url(world.target)).content.decode()
    assert "Save and submit to GEDI" not in page and "Save the change" in page
    response = enter(
        owner, world.target, value="42", version=result.version, reason="Typo", save="submit"
    )
    assert response.status_code == 302
    result = result_of(world.target)
    assert (result.value, result.review_state) == (42, "submitted")
    assert result.history.filter(history_change_reason="Resubmitted for review").count() == 0


def test_the_form_query_count_does_not_grow_with_earlier_results_or_comments(
    world, django_assert_num_queries
):
    result = _write(world, world.target, value=40)
    owner = world.client_for("owner")
    # session, user, groups, target, reporting year, result, its lines, its comments, editable
    # target, the owner's units, the Deputy Directors-General, the earlier results
    with django_assert_num_queries(12):
        owner.get(edit_url(world.target))
    for year in (2018, 2019, 2020):
        _write(world, world.target, year=year, value=30 + year % 10)
    for text in ("One", "Two", "Three"):
        owner.post(reverse("entries:result_comment", args=[world.target.pk, YEAR]), {"text": text})
    with django_assert_num_queries(12):
        page = owner.get(edit_url(world.target)).content.decode()
    assert page.count("<strong>20") == 3 and page.count('class="comment comment-comment"') == 3
    assert result.pk


# ---- 2. Submitting the drafts in one go ------------------------------------------------------


def test_my_indicators_points_to_the_drafts(world):
    owner = world.client_for("owner")
    assert "review and submit" not in owner.get(reverse("entries:my_indicators")).content.decode()
    _write(world, world.target, value=40)
    _write(world, world.milestone, statement="Drafted", declared_status="on_track")
    page = owner.get(reverse("entries:my_indicators")).content.decode()
    assert f'href="{reverse("entries:drafts")}?year=2021">You have 2 drafts: review and' in page


def test_the_drafts_page_lists_drafts_and_corrected_returns_all_ticked(world):
    draft = _write(world, world.target, value=40)
    returned = _submitted(world, world.milestone, statement="Drafted", declared_status="on_track")
    returned = result_return(result=returned, user=world.reviewer, comment="Adopted?")
    untouched_return, submitted = (
        _submitted(world, target, value=30) for target in _more_targets(world, 2)
    )
    result_return(result=untouched_return, user=world.reviewer, comment="Source?")
    owner = world.client_for("owner")
    page = owner.get(reverse("entries:drafts")).content.decode()
    assert f'value="{draft.pk}:{draft.version}" id="entry-{draft.pk}" checked' in page
    assert f'value="{returned.pk}:' not in page  # returned, not changed since
    assert f'value="{untouched_return.pk}:' not in page and f'value="{submitted.pk}:' not in page
    assert "Submit 1 entry to GEDI" in page

    enter(
        owner,
        world.milestone,
        statement="Adopted",
        declared_status="on_track",
        version=returned.version,
    )
    page = owner.get(reverse("entries:drafts")).content.decode()
    assert f'value="{returned.pk}:{returned.version + 1}"' in page
    assert "changed since GEDI returned it" in page and "Submit 2 entries to GEDI" in page


def test_the_drafts_are_submitted_each_with_the_version_seen(world):
    first, second, stale, not_reported = (
        _write(world, target, value=40) for target in _more_targets(world, 4)
    )
    # Its target became a milestone since: the number no longer tells whether it is on track,
    # so the submit step refuses it (``entries.services.DECLARE_BEFORE_SUBMITTING``).
    Target.objects.filter(pk=not_reported.target_id).update(
        kind=Target.Kind.MILESTONE, value=None, unit="", text="Plan adopted"
    )
    ticked = _ticks(first, second, stale, not_reported)
    _write(world, stale.target, value=41)  # changed by someone after the page was opened
    owner = world.client_for("owner")
    response = owner.post(reverse("entries:submit_drafts"), ticked, follow=True)

    states = {
        r.pk: r.review_state
        for r in Result.objects.filter(pk__in=[first.pk, second.pk, stale.pk, not_reported.pk])
    }
    assert states == {
        first.pk: "submitted",
        second.pk: "submitted",
        stale.pk: "draft",
        not_reported.pk: "draft",
    }
    said = _messages(response)
    name = f"{stale.target.indicator.code} Global"
    assert said[0].startswith("2 entries submitted to GEDI: ")
    assert (
        f"{name} was not submitted: it changed after you opened the page. Check it again." in said
    )
    assert any(
        m.startswith(f"{not_reported.target.indicator.code} Global was not submitted: Say whether")
        for m in said
    )
    assert response.redirect_chain[-1][0] == reverse("entries:drafts")


def test_submitting_drafts_of_another_unit_is_refused_whole(world):
    mine = _write(world, world.target, value=40)
    theirs = _write(world, world.other_target, value=40, user=world.outsider)
    before = snapshot()
    response = world.client_for("owner").post(
        reverse("entries:submit_drafts"), _ticks(mine, theirs)
    )
    assert response.status_code == 404
    assert snapshot() == before


def test_nothing_ticked_submits_nothing(world):
    _write(world, world.target, value=40)
    before = snapshot()
    response = world.client_for("owner").post(reverse("entries:submit_drafts"), {}, follow=True)
    assert "Tick at least one entry to submit." in _messages(response)
    assert snapshot() == before
    crafted = world.client_for("owner").post(
        reverse("entries:submit_drafts"), {"entries": ["1:x"]}, follow=True
    )
    assert "Tick at least one entry to submit." in _messages(crafted)
    assert snapshot() == before


def test_a_closed_year_refuses_each_draft_with_the_reason(world):
    draft = _write(world, world.target, value=40)
    world.year.is_open = False
    world.year.save()
    response = world.client_for("owner").post(
        reverse("entries:submit_drafts"), _ticks(draft), follow=True
    )
    assert result_of(world.target).review_state == "draft"
    assert _messages(response) == [
        "ACC.1 Global was not submitted: The 2021 reporting year is closed. Ask GEDI to reopen "
        "it for your unit."
    ]


def test_the_drafts_page_query_count_does_not_grow_with_drafts(world, django_assert_num_queries):
    for target in _more_targets(world, 1):
        _write(world, target, value=40)
    owner = world.client_for("owner")
    url = reverse("entries:drafts")
    # as My indicators: session, user, plan, its years, groups, units (whether any, which),
    # targets, actions, custodians, results, the comments that say why a result came back
    with django_assert_num_queries(11):
        owner.get(url)
    for target in _more_targets(world, 15):
        _write(world, target, value=40)
    with django_assert_num_queries(11):
        page = owner.get(url).content.decode()
    assert "Submit 16 entries to GEDI" in page


# ---- 3. Reviewing from the queue ------------------------------------------------------------


def test_the_queue_shows_the_previous_year_and_the_change(world):
    earlier = _write(world, world.target, year=2020, value=38)
    result_submit(result=earlier, user=world.owner)
    _submitted(world, world.target, value=41)
    _submitted(world, world.milestone, statement="Drafted", declared_status="on_track")
    page = world.client_for("reviewer").get(reverse("entries:review_queue")).content.decode()
    submitted = page.split('id="submitted"')[1].split('id="returned"')[0]
    rows = submitted.split("<tr>")
    acc = next(row for row in rows if "ACC.1" in row)
    assert 'data-label="In 2020">38 per cent' in acc and "Up 3 points, better" in acc
    cap = next(row for row in rows if "CAP.1" in row)
    assert "No counted result" in cap and "No comparison" in cap


def test_the_queue_approves_and_returns_an_entry_and_comes_back(world):
    result = _submitted(world, world.target, value=41)
    other = _submitted(world, world.milestone, statement="Drafted", declared_status="on_track")
    gedi = world.client_for("reviewer")
    queue = reverse("entries:review_queue") + "?year=2021"
    page = gedi.get(queue).content.decode()
    assert f'name="next" value="{queue}"' in page
    assert f'<input type="hidden" name="approve-version" value="{result.version}">' in page

    approve = reverse("entries:result_step", args=[world.target.pk, YEAR, "approve"])
    response = gedi.post(approve, {"approve-version": result.version, "next": queue})
    assert response["Location"] == queue
    assert result_of(world.target).review_state == "approved"

    give_back = reverse("entries:result_step", args=[world.milestone.pk, YEAR, "return"])
    before = snapshot()
    refused = gedi.post(give_back, {"return-version": other.version, "next": queue})
    assert refused.status_code == 400 and snapshot() == before  # the comment is required
    response = gedi.post(
        give_back,
        {"return-version": other.version, "return-comment": "Adopted?", "next": queue},
    )
    assert response["Location"] == queue
    assert result_of(world.milestone).review_state == "returned"
    assert ResultComment.objects.get(result=other).text == "Adopted?"
    elsewhere = {"approve-version": 99, "next": "https://evil.example/"}
    assert gedi.post(approve, elsewhere)["Location"] == result_url(world.target)


def test_several_entries_are_approved_at_once_each_checked_on_its_own(world):
    first, second, stale = (
        _submitted(world, target, value=41) for target in _more_targets(world, 3)
    )
    own = _submitted(world, world.target, user=world.reviewer, value=47)  # four eyes
    draft = _write(world, world.milestone, statement="Drafted", declared_status="on_track")
    gedi = world.client_for("reviewer")
    page = gedi.get(reverse("entries:review_queue")).content.decode()
    assert f'value="{first.pk}:{first.version}" form="approve-selected"' in page
    assert f'value="{own.pk}:' not in page and "You submitted it" in page  # not offered
    ticked = _ticks(first, second, stale, own, draft)
    result_return(result=stale, user=world.administrator, comment="Changed meanwhile.")
    comments_before = ResultComment.objects.count()

    queue = reverse("entries:review_queue") + "?year=2021"
    response = gedi.post(
        reverse("entries:approve_selected"), {**ticked, "next": queue}, follow=True
    )
    states = {
        r.pk: r.review_state
        for r in Result.objects.filter(pk__in=[first.pk, second.pk, stale.pk, own.pk, draft.pk])
    }
    assert states == {
        first.pk: "approved",
        second.pk: "approved",
        stale.pk: "returned",
        own.pk: "submitted",
        draft.pk: "draft",
    }
    assert ResultComment.objects.count() == comments_before  # nothing else changed
    said = _messages(response)
    assert said[0].startswith("2 entries approved: ")
    assert f"ACC.1 Global was not approved: {SELF_APPROVAL_REFUSED}" in said
    assert "CAP.1 Global was not approved: This entry is draft: only a submitted entry is " in (
        " ".join(said)
    )
    assert any("it changed after you opened the page" in m for m in said)
    assert response.redirect_chain[-1][0] == queue


def test_only_reviewers_approve_several(world):
    result = _submitted(world, world.target, value=41)
    before = snapshot()
    response = world.client_for("owner").post(reverse("entries:approve_selected"), _ticks(result))
    assert response.status_code == 403 and snapshot() == before


def test_the_queue_query_count_does_not_grow_with_entries(world, django_assert_num_queries):
    for target in _more_targets(world, 1):
        result_submit(result=_write(world, target, year=2020, value=30), user=world.owner)
        _submitted(world, target, value=35)
    gedi = world.client_for("reviewer")
    url = reverse("entries:review_queue")
    # session, user, groups, plan, its years, targets, custodians, results (this year's and the
    # year before's), comments
    with django_assert_num_queries(9):
        gedi.get(url)
    for target in _more_targets(world, 15):
        result_submit(result=_write(world, target, year=2020, value=30), user=world.owner)
        _submitted(world, target, value=35)
    with django_assert_num_queries(9):
        page = gedi.get(url).content.decode()
    assert page.count("Up 5 points, better") == 16


def test_after_a_decision_the_result_page_offers_the_next_entry(world):
    targets = _more_targets(world, 2)
    first = _submitted(world, world.target, value=41)
    _submitted(world, targets[1], value=41)
    gedi = world.client_for("reviewer")
    gedi.post(
        reverse("entries:result_step", args=[world.target.pk, YEAR, "approve"]),
        {"approve-version": first.version},
    )
    page = gedi.get(result_url(world.target)).content.decode()
    assert f'href="{result_url(targets[1])}">Next entry in the queue' in page
    # The last one leads back to the first still waiting.
    _submitted(world, world.milestone, statement="Drafted", declared_status="on_track")
    page = gedi.get(result_url(targets[1])).content.decode()
    assert f'href="{result_url(world.milestone)}">Next entry in the queue' in page
    owner_page = world.client_for("owner").get(result_url(world.target)).content.decode()
    assert "Next entry in the queue" not in owner_page


def test_the_reviewers_result_page_query_count_does_not_grow_with_the_queue(
    world, django_assert_num_queries
):
    targets = _more_targets(world, 2)
    _submitted(world, world.target, value=41)
    _submitted(world, targets[0], value=41)
    gedi = world.client_for("reviewer")
    # session, user, groups, target, reporting year, result, lines, comments, custodians,
    # actions, editable actions, the units the reviewer may add actions for, and the next
    # entry in the queue (a reviewer's permission checks need no query of their own)
    with django_assert_num_queries(13):
        gedi.get(result_url(world.target))
    for target in _more_targets(world, 10):
        _submitted(world, target, value=41)
    with django_assert_num_queries(13):
        page = gedi.get(result_url(world.target)).content.decode()
    assert f'href="{result_url(targets[0])}">Next entry in the queue' in page


def test_the_queue_says_when_approving_confirms_a_declared_status(world):
    _submitted(world, world.milestone, statement="Drafted", declared_status="on_track")
    page = world.client_for("reviewer").get(reverse("entries:review_queue")).content.decode()
    assert "declared by the custodian: approving confirms it" in page


def test_the_last_entry_says_nothing_else_waits(world):
    result = _submitted(world, world.target, value=41)
    result_approve(result=result, user=world.reviewer)
    page = world.client_for("reviewer").get(result_url(world.target)).content.decode()
    assert "No other entry waits for review." in page


def test_an_entry_returned_and_then_edited_is_told_apart_from_one_not_edited(world):
    result = _submitted(world, world.target, value=41)
    result_return(result=result, user=world.reviewer, comment="Check.")
    comment = ResultComment.objects.get(result=result)
    # The return step saves the result before writing its comment.
    assert result_of(world.target).updated_at <= comment.created_at
    Result.objects.filter(pk=result.pk).update(
        updated_at=comment.created_at + datetime.timedelta(seconds=1)
    )
    page = world.client_for("owner").get(reverse("entries:drafts")).content.decode()
    assert "changed since GEDI returned it" in page
