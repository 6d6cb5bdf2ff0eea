"""The rules of GEDI's changes to units and focal points, and what their history keeps."""

from __future__ import annotations

import datetime

import pytest
from django.contrib.auth import get_user_model

from custodians.models import CustodianUnit, Membership
from tests.factories import CustodianUnitFactory, MembershipFactory, PortfolioFactory, UserFactory
from units import services
from units.views.unit_history import unit_changes

pytestmark = pytest.mark.django_db


def test_add_unit_makes_an_address_from_the_acronym_and_records_who(gedi):
    portfolio = PortfolioFactory(name="Policy")
    unit = services.add_unit(
        user=gedi,
        acronym="DDG/NEW",
        name="New Deputy Director-General",
        kind=CustodianUnit.Kind.DEPUTY_DIRECTOR_GENERAL,
        portfolio=portfolio,
    )
    assert unit.slug == "ddg-new"
    record = unit.history.get()
    assert record.history_user == gedi
    assert record.history_change_reason == "Added DDG/NEW."


def test_a_unit_of_the_office_needs_a_portfolio(gedi):
    with pytest.raises(services.UnitChangeRefused, match="belongs to a portfolio"):
        services.add_unit(
            user=gedi, acronym="X", name="X unit", kind=CustodianUnit.Kind.BRANCH, portfolio=None
        )


def test_rename_refuses_a_name_or_acronym_already_used_in_any_case(gedi, unit):
    other = CustodianUnitFactory(acronym="EVAL", name="Evaluation Office")
    with pytest.raises(services.UnitChangeRefused) as refused:
        services.rename_unit(unit, user=gedi, name="evaluation office", acronym="eval")
    assert refused.value.message_dict == {
        "name": ["The name “evaluation office” is already used by EVAL."],
        "acronym": ["The acronym “eval” is already used by Evaluation Office."],
    }
    unit.refresh_from_db()
    assert (unit.name, unit.acronym) == ("Human Resources Exchange", "HRX")
    assert other.history.count() == 1  # nothing recorded on the other unit either


def test_rename_keeps_the_address_and_records_why(gedi, unit):
    services.rename_unit(
        unit, user=gedi, name="Human Resources Development", acronym="HRD", reason="Reform 2024"
    )
    unit.refresh_from_db()
    assert (unit.name, unit.acronym, unit.slug) == ("Human Resources Development", "HRD", "hrx")
    latest = unit.history.latest()
    assert (latest.history_user, latest.history_change_reason) == (gedi, "Reform 2024")
    change = unit_changes(unit)[0]
    assert (change.who, change.action, change.reason) == ("role-gedi", "changed", "Reform 2024")
    assert [(f.label, f.old, f.new) for f in change.fields] == [
        ("Name", "Human Resources Exchange", "Human Resources Development"),
        ("Acronym", "HRX", "HRD"),
    ]


def test_move_records_the_portfolios(gedi, unit):
    before = unit.portfolio
    after = PortfolioFactory(name="Management and Reform")
    services.move_unit(unit, after, from_year=2022, user=gedi)
    unit.refresh_from_db()
    assert unit.portfolio == after
    assert unit.history.latest().history_change_reason == (
        f"Moved to Management and Reform from 2022 (was: {before})."
    )


def test_retire_and_restore(gedi, unit):
    services.retire_unit(unit, user=gedi, on=datetime.date(2024, 1, 31), reason="Merged into HRD")
    unit.refresh_from_db()
    assert unit.retired_on == datetime.date(2024, 1, 31)
    with pytest.raises(services.UnitChangeRefused, match="already retired on 31 January 2024"):
        services.retire_unit(unit, user=gedi)
    services.restore_unit(unit, user=gedi)
    unit.refresh_from_db()
    assert unit.retired_on is None
    assert [r.history_change_reason for r in unit.history.order_by("history_id")][1:] == [
        "Merged into HRD",
        "Restored.",
    ]


def test_a_retired_unit_takes_no_new_focal_point(gedi, unit):
    services.retire_unit(unit, user=gedi, on=datetime.date(2024, 1, 31))
    with pytest.raises(services.UnitChangeRefused, match="takes no new focal point"):
        services.add_focal_point(unit, username="newcomer", email="n@ilo.org", user=gedi)
    assert not get_user_model().objects.filter(username="newcomer").exists()
    assert not unit.memberships.exists()


def test_add_focal_point_creates_an_account_without_a_usable_password(gedi, unit):
    membership = services.add_focal_point(unit, username="amina", email="amina@ilo.org", user=gedi)
    person = membership.user
    assert (person.username, person.email) == ("amina", "amina@ilo.org")
    assert not person.has_usable_password()
    record = Membership.history.get(unit_id=unit.pk)
    assert (record.history_user, record.history_change_reason) == (
        gedi,
        "amina made a focal point.",
    )


def test_add_focal_point_uses_an_existing_account_and_refuses_twice(gedi, unit):
    person = UserFactory(username="Bob", email="bob@ilo.org")
    services.add_focal_point(unit, username="bob", email="other@ilo.org", user=gedi)
    person.refresh_from_db()
    assert person.email == "bob@ilo.org"  # an existing account keeps its e-mail
    assert person.check_password("pass-for-tests")
    with pytest.raises(services.UnitChangeRefused, match="Bob is already a focal point of HRX"):
        services.add_focal_point(unit, username="Bob", email="", user=gedi)


def test_removing_a_focal_point_is_kept_in_the_history(gedi, unit):
    membership = MembershipFactory(unit=unit, user=UserFactory(username="carla"))
    services.remove_focal_point(membership, gedi, reason="Left the Office")
    assert not unit.memberships.exists()
    removal = unit_changes(unit)[0]
    assert (removal.who, removal.subject, removal.action, removal.reason) == (
        "role-gedi",
        "Focal point carla",
        "deleted",
        "Left the Office",
    )


@pytest.mark.parametrize("role", ["viewer", "focal"])
def test_only_gedi_changes_units(role_users, role, unit):
    person = role_users[role]
    refusal = "Only GEDI reviewers and administrators change custodian units."
    changes = [
        lambda: services.add_unit(
            user=person, acronym="Z", name="Z", kind="branch", portfolio=unit.portfolio
        ),
        lambda: services.rename_unit(unit, user=person, name="Other name"),
        lambda: services.move_unit(unit, PortfolioFactory(), from_year=2022, user=person),
        lambda: services.retire_unit(unit, user=person),
        lambda: services.add_focal_point(unit, username="z", email="", user=person),
        lambda: services.remove_focal_point(MembershipFactory(unit=unit), person),
    ]
    for change in changes:
        with pytest.raises(services.UnitChangeRefused, match=refusal):
            change()
    unit.refresh_from_db()
    assert (unit.name, unit.retired_on) == ("Human Resources Exchange", None)
    assert unit.history.count() == 1  # only its creation


def test_an_administrator_changes_units(role_users, unit):
    services.rename_unit(unit, user=role_users["admin"], acronym="HRY")
    unit.refresh_from_db()
    assert unit.acronym == "HRY"
