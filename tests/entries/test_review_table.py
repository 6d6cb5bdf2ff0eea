"""The review steps, generated from their one table (indicators/review.py): for every state,
step and person, the result page offers the step exactly when the table allows it, and posting
it moves the entry exactly as the table says — or changes nothing."""

from __future__ import annotations

import itertools

import pytest

from indicators.models import Result
from indicators.review import STEPS, ReviewState, Who
from indicators.services import result_write
from tests.entries.steps import YEAR, result_of, result_url, take_step

pytestmark = pytest.mark.django_db
# Who each person is to the table: the target's own focal point, GEDI, an administrator, another
# unit's focal point and a viewer (the last two may take no step on this target).
PEOPLE = {
    "owner": {Who.CUSTODIAN},
    "reviewer": {Who.CUSTODIAN, Who.REVIEWER},
    "administrator": {Who.CUSTODIAN, Who.REVIEWER},
    "outsider": set(),
    "viewer": set(),
}
CASES = list(itertools.product(ReviewState.values, STEPS, PEOPLE))


def _entry_in(world, state: str) -> Result:
    result_write(
        target=world.target, year=YEAR, user=world.owner, fields={"value": 47}, expected_version=0
    )
    Result.objects.filter(target=world.target, year=YEAR).update(review_state=state)
    return result_of(world.target)


@pytest.mark.parametrize(("state", "step", "person"), CASES)
def test_a_step_is_offered_and_taken_exactly_as_the_table_says(world, state, step, person):
    spec = STEPS[step]
    before = _entry_in(world, state)
    allowed = spec.allowed_from(state) and spec.who in PEOPLE[person]
    client = world.client_for(person)

    page = client.get(result_url(world.target))
    if person in ("outsider",):
        assert page.status_code == 404  # another unit's target is not shown at all
    else:
        offered = f'name="{step}-version"' in page.content.decode()
        assert offered is allowed, (state, step, person)

    comment = "Please check the denominator." if spec.comment_required else ""
    response = take_step(client, world.target, step, version=before.version, comment=comment)
    after = result_of(world.target)
    if allowed:
        assert response.status_code == 302
        assert (after.review_state, after.version) == (spec.to_state, before.version + 1)
        assert after.history.first().history_change_reason == spec.history_reason_from(state)
    else:
        assert response.status_code in (302, 403, 404)
        assert (after.review_state, after.version) == (state, before.version)


@pytest.mark.parametrize("step", [name for name, spec in STEPS.items() if spec.comment_required])
def test_a_step_that_needs_a_comment_is_refused_without_one(world, step):
    state = STEPS[step].from_states[0]
    before = _entry_in(world, state)
    take_step(world.client_for("reviewer"), world.target, step, version=before.version)
    after = result_of(world.target)
    assert (after.review_state, after.version) == (state, before.version)
