"""Every view that changes data × every role: the ones allowed change something, every other
attempt gets 403 or 404 (anonymous: the sign-in page) and changes nothing."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pytest
from django.urls import get_resolver, reverse

from entries.services import result_approve, result_submit
from indicators.services import result_write
from tests.entries.steps import edit_url, enter, result_of, result_url, snapshot, step_url

pytestmark = pytest.mark.django_db

ROLES = ["anonymous", "owner", "outsider", "viewer", "reviewer", "administrator"]
REVIEWERS = {"reviewer": 302, "administrator": 302}
OWNER_AND_REVIEWERS = {"owner": 302, **REVIEWERS}
# Pages that only read; every other named view of the entries app must be in the matrix.
READ_ONLY = {"my_indicators", "drafts", "review_queue", "result", "reporting_years"}


@dataclass(frozen=True)
class Attempt:
    """How to set a view up and call it; ``allowed`` maps roles to the answer they get."""

    prepare: Callable  # world -> (url, POST data)
    allowed: dict[str, int]
    refused: dict[str, int]


def _draft(world):
    return result_write(
        target=world.target, year=2021, user=world.owner, fields={"value": 40}
    ).instance


def _submitted(world):
    return result_submit(result=_draft(world), user=world.owner)


def _approved(world):
    return result_approve(result=_submitted(world), user=world.reviewer)


def _closed_year(world, reopened_for=None):
    world.year.is_open = False
    world.year.save()
    if reopened_for is not None:
        world.year.reopened_for.add(reopened_for)
    return world.year


def _edit(world):
    _draft(world)
    return edit_url(world.target), {"value": "50", "explanation": "Checked.", "version": "1"}


def _step(prepare, step: str, comment: str = ""):
    def _prepared(world):
        result = prepare(world)
        data = {f"{step}-version": str(result.version), f"{step}-comment": comment}
        return step_url(world.target, step), data

    return _prepared


def _ticked(prepare, url_name: str):
    """Entries ticked on a list (the drafts to submit, the queue's approvals)."""

    def _prepared(world):
        result = prepare(world)
        return reverse(url_name), {"entries": f"{result.pk}:{result.version}"}

    return _prepared


def _comment(world):
    _draft(world)
    return reverse("entries:result_comment", args=[world.target.pk, 2021]), {"text": "Hello"}


def _new_action(world):
    url = reverse("entries:action_new", args=[world.target.pk])
    return url, {"custodian": world.unit.pk, "text": "Hold a clinic.", "state": "not_started"}


def _update_action(world):
    url = reverse("entries:action", args=[world.action.pk])
    return url, {"text": world.action.text, "state": "under_way", "version": "1"}


def _year_state(world):
    return reverse("entries:year_state", args=[world.year.pk, "close"]), {}


def _deadline(world):
    url = reverse("entries:year_deadline", args=[world.year.pk])
    return url, {f"year{world.year.pk}-deadline": "2022-02-28"}


def _reopen_for(world):
    _closed_year(world)
    url = reverse("entries:year_reopen", args=[world.year.pk])
    return url, {f"year{world.year.pk}-unit": world.unit.pk}


def _withdraw(world):
    _closed_year(world, reopened_for=world.unit)
    return reverse("entries:year_withdraw", args=[world.year.pk, world.unit.pk]), {}


MATRIX = {
    "result_edit": Attempt(_edit, OWNER_AND_REVIEWERS, {"outsider": 404, "viewer": 403}),
    "result_step/submit": Attempt(
        _step(_draft, "submit"), OWNER_AND_REVIEWERS, {"outsider": 404, "viewer": 403}
    ),
    "result_step/return": Attempt(
        _step(_submitted, "return", "Fix it."), REVIEWERS, {"owner": 403, "outsider": 404}
    ),
    "result_step/approve": Attempt(
        _step(_submitted, "approve"), REVIEWERS, {"owner": 403, "outsider": 404}
    ),
    "result_step/reopen": Attempt(
        _step(_approved, "reopen", "Revised."), REVIEWERS, {"owner": 403, "outsider": 404}
    ),
    "submit_drafts": Attempt(
        _ticked(_draft, "entries:submit_drafts"), {"owner": 302}, {"outsider": 404}
    ),
    "approve_selected": Attempt(
        _ticked(_submitted, "entries:approve_selected"), REVIEWERS, {"owner": 403}
    ),
    "result_comment": Attempt(_comment, OWNER_AND_REVIEWERS, {"outsider": 404, "viewer": 403}),
    "action_new": Attempt(_new_action, OWNER_AND_REVIEWERS, {"outsider": 404, "viewer": 403}),
    "action": Attempt(_update_action, OWNER_AND_REVIEWERS, {"outsider": 404, "viewer": 403}),
    "year_state": Attempt(_year_state, REVIEWERS, {"owner": 403, "outsider": 403}),
    "year_deadline": Attempt(_deadline, REVIEWERS, {"owner": 403, "outsider": 403}),
    "year_reopen": Attempt(_reopen_for, REVIEWERS, {"owner": 403, "outsider": 403}),
    "year_withdraw": Attempt(_withdraw, REVIEWERS, {"owner": 403, "outsider": 403}),
}


def _expected(attempt: Attempt, role: str) -> int:
    if role in attempt.allowed:
        return attempt.allowed[role]
    return attempt.refused.get(role, 403)


def test_the_matrix_covers_every_view_that_changes_data():
    names = {
        pattern.name
        for pattern in get_resolver().url_patterns
        if getattr(pattern, "namespace", None) == "entries"
        for pattern in pattern.url_patterns
    }
    assert names - READ_ONLY == {name.split("/")[0] for name in MATRIX}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("view", list(MATRIX))
def test_view_by_role(world, view, role):
    attempt = MATRIX[view]
    url, data = attempt.prepare(world)
    before = snapshot()
    response = world.client_for(role).post(url, data)
    if role == "anonymous":
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))
        assert snapshot() == before
    elif role in attempt.allowed:
        assert response.status_code == attempt.allowed[role], response.content.decode()[:2000]
        assert snapshot() != before, "an allowed change changed nothing"
    else:
        assert response.status_code == _expected(attempt, role)
        assert snapshot() == before


@pytest.mark.parametrize("view", list(MATRIX))
def test_changes_are_post_only(world, view):
    url, _ = MATRIX[view].prepare(world)
    before = snapshot()
    response = world.client_for("administrator").get(url)
    if view in {"result_edit", "action_new", "action"}:
        assert response.status_code == 200  # the form itself
    else:
        assert response.status_code == 405
    assert snapshot() == before


@pytest.mark.parametrize("role", ROLES)
def test_read_only_pages_by_role(world, role):
    _draft(world)
    client = world.client_for(role)
    expected = {
        "my_indicators": 200,
        "drafts": 200,
        "result": 404 if role == "outsider" else 200,
        "review_queue": 200 if role in REVIEWERS else 403,
        "reporting_years": 200 if role in REVIEWERS else 403,
    }
    urls = {
        "my_indicators": reverse("entries:my_indicators"),
        "drafts": reverse("entries:drafts"),
        "result": result_url(world.target),
        "review_queue": reverse("entries:review_queue"),
        "reporting_years": reverse("entries:reporting_years"),
    }
    for name, url in urls.items():
        response = client.get(url)
        if role == "anonymous":
            assert response.status_code == 302, name
        else:
            assert response.status_code == expected[name], name


def test_a_crafted_custodian_field_adds_no_action_for_another_unit(world):
    before = snapshot()
    url = reverse("entries:action_new", args=[world.target.pk])
    response = world.client_for("owner").post(
        url, {"custodian": world.other_unit.pk, "text": "Sneaky.", "state": "done"}
    )
    assert response.status_code == 403
    assert snapshot() == before


def test_crafted_fields_cannot_change_the_review_state_or_the_target(world):
    _draft(world)
    crafted = {"review_state": "approved", "target": world.other_target.pk, "year": 2020}
    response = world.client_for("owner").post(
        edit_url(world.target),
        {"value": "41", "version": "1", "status_confirmed": "on", "submitted_at": "", **crafted},
    )
    assert response.status_code == 302
    result = result_of(world.target)
    assert (result.value, result.review_state, result.status_confirmed) == (41, "draft", False)
    assert not world.other_target.results.exists()


def test_a_focal_point_of_another_unit_cannot_reach_the_target_by_any_url(world):
    _draft(world)
    outsider = world.client_for("outsider")
    for url in [
        result_url(world.target),
        edit_url(world.target),
        reverse("entries:action_new", args=[world.target.pk]),
        reverse("entries:action", args=[world.action.pk]),
    ]:
        assert outsider.get(url).status_code == 404, url
    mine = outsider.get(reverse("entries:my_indicators")).content.decode()
    assert "ACC.1" not in mine and "OVS.1" in mine


def test_a_viewer_who_belongs_to_a_unit_still_only_reads(world):
    from tests.factories import MembershipFactory

    MembershipFactory(user=world.viewer, unit=world.unit)
    _draft(world)
    before = snapshot()
    viewer = world.client_for("viewer")
    assert enter(viewer, world.target, value="47", version=1).status_code == 403
    assert viewer.get(result_url(world.target)).status_code == 200
    assert snapshot() == before


def test_results_are_taken_only_for_the_years_and_targets_of_the_plan(world):
    owner = world.client_for("owner")
    assert owner.get(edit_url(world.target, year=2019)).status_code == 404  # no such year
    from indicators.models import ReportingYear

    ReportingYear.objects.create(plan=world.year.plan, year=2019)
    assert owner.get(edit_url(world.target, year=2019)).status_code == 404  # not its phase
