"""The one write path for results and actions: versions, reasons and history."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from indicators.models import Result
from indicators.permissions import editable_targets, visible_targets, year_open_for
from indicators.services import (
    ReasonRequired,
    StaleEdit,
    action_create,
    action_write,
    result_write,
)
from tests.factories import (
    AcceleratingActionFactory,
    CustodianUnitFactory,
    MembershipFactory,
    RegionFactory,
    TargetFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def target():
    return TargetFactory(value=Decimal("45"), unit="percent")


def test_first_entry_creates_the_result_in_the_target_unit(target):
    user = UserFactory()
    outcome = result_write(target=target, year=2021, user=user, fields={"value": Decimal("47")})
    result = outcome.instance
    assert outcome.created and result.unit == "percent" and result.version == 1
    assert result.history.get().history_user == user


def test_unchanged_write_changes_nothing(target):
    first = result_write(
        target=target, year=2021, user=None, fields={"value": Decimal("47")}
    ).instance
    again = result_write(
        target=target, year=2021, user=None, fields={"value": Decimal("47")}, expected_version=1
    )
    assert again.changed_fields == () and Result.objects.get(pk=first.pk).version == 1
    assert first.history.count() == 1


def test_second_save_from_a_stale_form_is_refused(target):
    result_write(target=target, year=2021, user=None, fields={"value": Decimal("40")})
    alice, bob = UserFactory(), UserFactory()
    result_write(
        target=target, year=2021, user=alice, fields={"value": Decimal("41")}, expected_version=1
    )
    with pytest.raises(StaleEdit) as refused:
        result_write(
            target=target, year=2021, user=bob, fields={"value": Decimal("42")}, expected_version=1
        )
    assert refused.value.current.value == Decimal("41")
    saved = Result.objects.get(target=target, year=2021)
    assert (saved.value, saved.version) == (Decimal("41"), 2)


def test_changing_a_submitted_result_needs_a_reason_kept_in_history(target):
    result = result_write(
        target=target, year=2021, user=None, fields={"value": Decimal("40")}
    ).instance
    Result.objects.filter(pk=result.pk).update(review_state="submitted")
    with pytest.raises(ReasonRequired):
        result_write(target=target, year=2021, user=None, fields={"value": Decimal("44")})
    assert Result.objects.get(pk=result.pk).value == Decimal("40")
    result_write(
        target=target,
        year=2021,
        user=None,
        fields={"value": Decimal("44")},
        reason="Late data from the regions",
    )
    assert result.history.first().history_change_reason == "Late data from the regions"


def test_data_unavailable_takes_no_number(target):
    result_write(target=target, year=2021, user=None, fields={"value": Decimal("40")})
    unavailable = {"data_unavailable": True, "unavailable_reason": "No events held"}
    with pytest.raises(ValidationError) as refused:  # the number is still there: say which
        result_write(target=target, year=2021, user=None, fields=unavailable)
    assert refused.value.message_dict == {
        "value": ["Leave the number empty when the data are unavailable."]
    }
    outcome = result_write(
        target=target, year=2021, user=None, fields={**unavailable, "value": None}
    )
    assert outcome.instance.value is None and outcome.instance.unit == ""


def test_actions_are_added_at_the_end_and_updated_with_versions():
    action = AcceleratingActionFactory(position=0)
    added = action_create(
        target=action.target,
        custodian=action.custodian,
        user=None,
        fields={"text": "Hold two sessions."},
    )
    assert added.position == 1
    action_write(action=action, user=None, fields={"state": "under_way"}, expected_version=1)
    with pytest.raises(StaleEdit):
        action_write(action=action, user=None, fields={"state": "done"}, expected_version=1)
    action.refresh_from_db()
    assert (action.state, action.version) == ("under_way", 2)


def test_targets_visible_and_editable_by_role(target):
    own_unit, other_unit = CustodianUnitFactory(), CustodianUnitFactory()
    target.custodians.add(own_unit)
    other_target = TargetFactory(
        indicator=target.indicator, scope="region", region=RegionFactory(), phase=target.phase
    )
    other_target.custodians.add(other_unit)
    focal = MembershipFactory(unit=own_unit).user
    assert list(visible_targets(focal)) == [target]
    assert list(editable_targets(focal)) == [target]
    outsider = UserFactory()
    assert not visible_targets(outsider).exists()


def test_closed_year_is_open_only_for_reopened_units(target):
    from indicators.models import ReportingYear

    unit = CustodianUnitFactory()
    target.custodians.add(unit)
    focal = MembershipFactory(unit=unit).user
    year = ReportingYear.objects.create(plan=target.phase.plan, year=2021, is_open=False)
    assert not year_open_for(focal, year, target)
    year.reopened_for.add(unit)
    assert year_open_for(focal, year, target)
