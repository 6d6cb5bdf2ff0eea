"""Four eyes. Nobody approves an entry they submitted themselves (unless
REVIEW_ALLOW_SELF_APPROVAL is set); the result page names who submitted and who approved."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.template.defaultfilters import date as date_filter
from django.test import Client
from django.urls import reverse
from django.utils.timezone import localtime

from custodians.roles import GEDI_REVIEWERS
from entries import services
from indicators.models import Result
from indicators.review import SELF_APPROVAL_REFUSED, STEPS
from indicators.services import result_write
from tests.entries.steps import (
    YEAR,
    enter,
    result_of,
    result_url,
    snapshot,
    take_step,
)
from tests.factories import UserFactory
from tests.test_settings_and_commands import _settings_in_subprocess

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _four_eyes(settings) -> None:
    """The default, whatever the environment running the tests says."""
    settings.REVIEW_ALLOW_SELF_APPROVAL = False


def _entered_and_submitted_by(world, person: str) -> Result:
    client = world.client_for(person)
    assert enter(client, world.target, value="47", explanation="HR dashboard").status_code == 302
    assert take_step(client, world.target, "submit", version=1).status_code == 302
    return result_of(world.target)


@pytest.fixture
def second_reviewer(world):
    person = UserFactory(username="second_reviewer")
    person.groups.add(Group.objects.get_or_create(name=GEDI_REVIEWERS)[0])
    return person


@pytest.mark.parametrize("person", ["reviewer", "administrator"])
def test_gedi_alone_cannot_enter_submit_and_approve_a_result(world, person):
    submitted = _entered_and_submitted_by(world, person)
    assert submitted.submitted_by == world.person(person)
    client = world.client_for(person)

    page = client.get(result_url(world.target)).content.decode()
    assert 'name="approve-version"' not in page  # not offered to the one who submitted
    assert 'name="return-version"' in page  # sending it back stays possible
    assert SELF_APPROVAL_REFUSED in page

    before = snapshot()
    response = take_step(client, world.target, "approve", version=submitted.version)
    assert response.status_code == 302
    shown = client.get(response["Location"]).content.decode()
    assert f'<li class="message error">{SELF_APPROVAL_REFUSED}</li>' in shown
    assert snapshot() == before
    assert result_of(world.target).review_state == "submitted"


def test_the_service_refuses_it_for_every_door(world):
    submitted = _entered_and_submitted_by(world, "reviewer")
    before = snapshot()
    with pytest.raises(services.StepRefused, match=SELF_APPROVAL_REFUSED):
        services.result_approve(result=submitted, user=world.reviewer)
    with pytest.raises(services.StepRefused, match=SELF_APPROVAL_REFUSED):
        services.result_step(step="approve", result=submitted, user=world.reviewer)
    assert snapshot() == before


def test_another_reviewer_approves_and_the_page_names_both(world, second_reviewer):
    submitted = _entered_and_submitted_by(world, "owner")
    gedi = world.client_for("reviewer")
    page = gedi.get(result_url(world.target)).content.decode()
    assert 'name="approve-version"' in page and SELF_APPROVAL_REFUSED not in page
    assert take_step(gedi, world.target, "approve", version=submitted.version).status_code == 302

    approved = result_of(world.target)
    assert (approved.review_state, approved.submitted_by, approved.approved_by) == (
        "approved",
        world.owner,
        world.reviewer,
    )
    assert approved.approved_at is not None
    page = world.client_for("owner").get(result_url(world.target)).content.decode()
    # As the page shows them: in the site's time zone (Zurich's day starts before UTC's).
    submitted_on = date_filter(localtime(approved.submitted_at), "j M Y")
    approved_on = date_filter(localtime(approved.approved_at), "j M Y")
    assert (
        f"Submitted by <strong>owner</strong> (first submission {submitted_on}), "
        f"approved by <strong>reviewer</strong> on {approved_on}"
    ) in page

    # Reopened, the approval lapses; resubmitted by GEDI, another reviewer approves it.
    take_step(gedi, world.target, "reopen", version=approved.version, comment="Recount.")
    reopened = result_of(world.target)
    assert (reopened.approved_by, reopened.approved_at) == (None, None)
    take_step(gedi, world.target, "submit", version=reopened.version)
    resubmitted = result_of(world.target)
    assert resubmitted.submitted_by == world.reviewer
    with pytest.raises(services.StepRefused, match=SELF_APPROVAL_REFUSED):
        services.result_approve(result=resubmitted, user=world.reviewer)
    services.result_approve(result=resubmitted, user=second_reviewer)
    assert result_of(world.target).approved_by == second_reviewer


def test_the_setting_allows_self_approval(world, settings):
    settings.REVIEW_ALLOW_SELF_APPROVAL = True
    submitted = _entered_and_submitted_by(world, "reviewer")
    gedi = world.client_for("reviewer")
    page = gedi.get(result_url(world.target)).content.decode()
    assert 'name="approve-version"' in page and SELF_APPROVAL_REFUSED not in page
    take_step(gedi, world.target, "approve", version=submitted.version)
    approved = result_of(world.target)
    assert approved.review_state == "approved"
    assert approved.submitted_by == approved.approved_by == world.reviewer


def test_results_loaded_without_a_submitter_are_still_approved_and_returned(ilo_plan, demo_users):
    """The real plan's results were loaded, not submitted by anyone: GEDI reviews them."""
    gedi = Client()
    gedi.force_login(get_user_model().objects.get(username="gedi"))
    loaded = Result.objects.filter(year=2020).order_by("pk")[:2]
    Result.objects.filter(pk__in=[r.pk for r in loaded]).update(review_state="submitted")
    for result, step, comment in zip(loaded, ["approve", "return"], ["", "Recount."], strict=True):
        assert result.submitted_by is None
        url = reverse("entries:result", args=[result.target_id, 2020])
        assert f'name="{step}-version"' in gedi.get(url).content.decode()
        response = gedi.post(
            reverse("entries:result_step", args=[result.target_id, 2020, step]),
            {f"{step}-version": str(result.version), f"{step}-comment": comment},
        )
        assert response.status_code == 302
        assert Result.objects.get(pk=result.pk).review_state == STEPS[step].to_state


def test_a_custodian_submits_again_after_a_return_and_is_named(world):
    submitted = _entered_and_submitted_by(world, "reviewer")
    gedi = world.client_for("reviewer")
    take_step(gedi, world.target, "return", version=submitted.version, comment="Source?")
    returned = result_of(world.target)
    owner = world.client_for("owner")
    take_step(owner, world.target, "submit", version=returned.version)
    resubmitted = result_of(world.target)
    assert resubmitted.submitted_by == world.owner
    take_step(gedi, world.target, "approve", version=resubmitted.version)
    approved = result_of(world.target)
    assert (approved.review_state, approved.approved_by) == ("approved", world.reviewer)
    assert approved.value == Decimal("47")


def test_the_workbook_and_the_admin_take_no_review_step(world):
    """The workbook import and the admin write through ``result_write``, which takes only what a
    result holds: never its review state, submitter or approver. The admin shows them."""
    for field in ("review_state", "submitted_by", "approved_by", "approved_at"):
        with pytest.raises(ValueError, match="Not writable here"):
            result_write(target=world.target, year=YEAR, user=world.reviewer, fields={field: 1})
    assert not Result.objects.filter(target=world.target).exists()

    _entered_and_submitted_by(world, "owner")
    services.result_approve(result=result_of(world.target), user=world.reviewer)
    admin = world.client_for("administrator")
    page = admin.get(
        reverse("admin:indicators_result_change", args=[result_of(world.target).pk])
    ).content.decode()
    for field in ("review_state", "submitted_by", "approved_by", "approved_at"):
        assert f'name="{field}"' not in page
    assert "Submitted by" in page and "Approved by" in page


@pytest.mark.parametrize(
    ("environment", "allowed"), [({}, "False"), ({"REVIEW_ALLOW_SELF_APPROVAL": "1"}, "True")]
)
def test_self_approval_is_off_unless_the_environment_allows_it(environment, allowed):
    env = {"DEBUG": "1", **environment}
    completed = _settings_in_subprocess(env, "settings.REVIEW_ALLOW_SELF_APPROVAL")
    assert completed.stdout.strip() == allowed, completed.stderr
