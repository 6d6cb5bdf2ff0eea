"""The whole review of a result in the browser: enter, submit, return, resubmit, approve,
reopen, close the year, and reopen it for one unit; every step is in the history."""

from decimal import Decimal

import pytest
from django.urls import reverse

from entries.models import ResultComment
from tests.entries.steps import enter, result_of, result_url, take_step

pytestmark = pytest.mark.django_db


def test_enter_submit_return_resubmit_approve_reopen_and_close(world):
    owner, gedi = world.client_for("owner"), world.client_for("reviewer")
    target = world.target

    # The custodian enters a draft.
    response = enter(owner, target, value="47", explanation="From the HR dashboard.")
    assert response.status_code == 302 and response["Location"] == result_url(target)
    result = result_of(target)
    assert (result.value, result.unit, result.review_state, result.version) == (
        Decimal("47"),
        "percent",
        "draft",
        1,
    )

    # … submits it; the first submission's time is kept for the deadline.
    assert take_step(owner, target, "submit", version=1).status_code == 302
    result.refresh_from_db()
    assert result.review_state == "submitted" and result.submitted_at is not None
    first_submitted = result.submitted_at

    # Changing a submitted entry asks for a reason, and keeps it with the change.
    refused = enter(owner, target, value="48", version=2)
    assert refused.status_code == 200
    assert "Say why you change an entry that was already submitted" in refused.content.decode()
    assert result_of(target).value == Decimal("47")
    enter(owner, target, value="48", version=2, reason="Corrected HR extract")
    result.refresh_from_db()
    assert (result.value, result.review_state) == (Decimal("48"), "submitted")
    assert result.history.first().history_change_reason == "Corrected HR extract"

    # GEDI returns it with a comment; the custodian sees it under "Returned to you", with why.
    response = take_step(
        gedi, target, "return", version=3, comment="Please give the source of the figure."
    )
    assert response.status_code == 302
    assert result_of(target).review_state == "returned"
    mine = owner.get(reverse("entries:my_indicators")).content.decode()
    returned_section = mine.split('id="returned"')[1].split('id="missing"')[0]
    assert "Please give the source of the figure." in returned_section
    assert "Correct and resubmit" in returned_section

    # The custodian corrects it (no reason needed: it came back to them) and resubmits.
    enter(owner, target, value="48", version=4, explanation="HR dashboard, 31 December 2021.")
    response = take_step(owner, target, "submit", version=5, comment="Source added.")
    assert response.status_code == 302
    result.refresh_from_db()
    assert result.review_state == "submitted" and result.submitted_at == first_submitted

    # GEDI approves: the entry is locked for the custodian.
    assert take_step(gedi, target, "approve", version=6).status_code == 302
    assert result_of(target).review_state == "approved"
    locked = owner.get(reverse("entries:result_edit", args=[target.pk, 2021]))
    assert locked.status_code == 403
    assert "approved, so it is locked" in locked.content.decode()
    assert enter(owner, target, value="50", version=7, reason="x").status_code == 403
    assert result_of(target).value == Decimal("48")

    # GEDI reopens it: it goes back to the custodian with the reason.
    response = take_step(gedi, target, "reopen", version=7, comment="Regional figures revised.")
    assert response.status_code == 302
    assert result_of(target).review_state == "returned"
    assert enter(owner, target, value="49", version=8).status_code == 302

    # GEDI closes the year: custodians can no longer change results …
    close = reverse("entries:year_state", args=[world.year.pk, "close"])
    assert gedi.post(close).status_code == 302
    closed = enter(owner, target, value="50", version=9)
    assert closed.status_code == 403 and "reporting year is closed" in closed.content.decode()
    # … except a unit GEDI reopens the year for.
    reopen_for = reverse("entries:year_reopen", args=[world.year.pk])
    gedi.post(reopen_for, {f"year{world.year.pk}-unit": world.unit.pk})
    assert enter(owner, target, value="50", version=9).status_code == 302
    assert world.outsider.pk not in world.year.reopened_for.values_list("pk", flat=True)

    # Every step is in the history: who, and the state it left.
    steps = [
        (record.history_user.username, record.review_state, record.history_change_reason)
        for record in result.history.order_by("history_date", "history_id")
    ]
    assert steps == [
        ("owner", "draft", None),
        ("owner", "submitted", "Submitted for review"),
        ("owner", "submitted", "Corrected HR extract"),
        ("reviewer", "returned", "Returned to the custodian"),
        ("owner", "returned", None),
        ("owner", "submitted", "Resubmitted for review"),
        ("reviewer", "approved", "Approved"),
        ("reviewer", "returned", "Reopened after approval"),
        ("owner", "returned", None),
        ("owner", "returned", None),
    ]
    thread = [(c.author.username, c.step, c.text) for c in result.comments.all()]
    assert thread == [
        ("reviewer", "returned", "Please give the source of the figure."),
        ("owner", "submitted", "Source added."),
        ("reviewer", "reopened", "Regional figures revised."),
    ]


def test_approving_a_declared_milestone_confirms_it(world):
    owner, gedi = world.client_for("owner"), world.client_for("reviewer")
    enter(owner, world.milestone, statement="Plan drafted in March", declared_status="on_track")
    take_step(owner, world.milestone, "submit", version=1)
    take_step(gedi, world.milestone, "approve", version=2)
    result = result_of(world.milestone)
    assert result.status_confirmed and result.status_confirmed_by == world.reviewer
    assert result.status_confirmed_at is not None
    page = gedi.get(result_url(world.milestone)).content.decode()
    assert "confirmed by reviewer" in page
    # Reopening withdraws the confirmation until GEDI approves again.
    take_step(gedi, world.milestone, "reopen", version=3, comment="Was it adopted?")
    result.refresh_from_db()
    assert not result.status_confirmed and result.status_confirmed_by is None


def test_a_return_needs_a_comment_and_keeps_the_entry_submitted(world):
    owner, gedi = world.client_for("owner"), world.client_for("reviewer")
    enter(owner, world.target, value="47")
    take_step(owner, world.target, "submit", version=1)
    response = take_step(gedi, world.target, "return", version=2, comment="  ")
    assert response.status_code == 400
    assert "This field is required." in response.content.decode()
    assert result_of(world.target).review_state == "submitted"
    assert not ResultComment.objects.exists()


def test_steps_out_of_order_are_refused_with_a_message(world):
    owner, gedi = world.client_for("owner"), world.client_for("reviewer")
    enter(owner, world.target, value="47")
    response = take_step(gedi, world.target, "approve", version=1)
    assert response.status_code == 302
    page = gedi.get(response["Location"]).content.decode()
    assert "This entry is draft: only a submitted entry is approved." in page
    assert result_of(world.target).review_state == "draft"
    unknown_step = reverse("entries:result_step", args=[world.target.pk, 2021, "publish"])
    assert owner.post(unknown_step).status_code == 404


def test_a_milestone_without_a_declared_status_cannot_be_saved_or_submitted(world):
    from django.core.exceptions import ValidationError

    from indicators.models import Result
    from indicators.services import result_write

    with pytest.raises(ValidationError) as refused:
        result_write(
            target=world.milestone, year=2021, user=world.owner, fields={"statement": "Started"}
        )
    assert "declared_status" in refused.value.message_dict
    # A row saved before the rule existed (or by hand) is still held at submission.
    Result.objects.create(target=world.milestone, year=2021, statement="Started")
    owner = world.client_for("owner")
    response = take_step(owner, world.milestone, "submit", version=1)
    page = owner.get(response["Location"]).content.decode()
    assert "Say whether the target is on track before submitting" in page
    assert result_of(world.milestone).review_state == "draft"


def test_reviewers_are_not_held_by_a_closed_year(world):
    world.year.is_open = False
    world.year.save()
    gedi = world.client_for("reviewer")
    assert enter(gedi, world.target, value="47").status_code == 302
    assert result_of(world.target).history.get().history_user == world.reviewer


@pytest.mark.django_db(transaction=True)
def test_drafts_saved_in_the_browser_leave_the_kept_scorecards_and_a_submission_does_not(world):
    """A draft is counted nowhere: saving one keeps every reader's scorecards served from the
    cache (reports/data_stamp.py); submitting it changes what they count."""
    from reports.data_stamp import current_stamp

    owner = world.client_for("owner")
    stamp = current_stamp()
    assert enter(owner, world.target, value="47").status_code == 302
    assert enter(owner, world.target, value="48", version=1).status_code == 302
    assert result_of(world.target).value == Decimal("48")
    assert current_stamp() == stamp
    assert take_step(owner, world.target, "submit", version=2).status_code == 302
    assert current_stamp() not in (None, stamp)
