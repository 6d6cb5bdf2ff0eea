"""GEDI's unit pages: who may open them, and what each form changes and says."""

from __future__ import annotations

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse

from custodians.models import CustodianUnit
from tests.factories import CustodianUnitFactory, MembershipFactory, PortfolioFactory, UserFactory

pytestmark = pytest.mark.django_db


def _messages(response) -> list[str]:
    return [str(message) for message in response.context["messages"]]


@pytest.mark.parametrize("role", ["viewer", "focal"])
def test_others_than_gedi_are_refused(role_users, role, unit):
    client = Client()
    client.force_login(role_users[role])
    pages = [
        reverse("units:units"),
        reverse("units:focal_points"),
        reverse("units:unit", args=[unit.slug]),
    ]
    for page in pages:
        assert client.get(page).status_code == 403
    posts = {
        reverse("units:units"): {"acronym": "NEW", "name": "New", "kind": "branch"},
        reverse("units:rename", args=[unit.slug]): {
            "rename-name": "Taken over",
            "rename-acronym": "TKO",
        },
        reverse("units:retire", args=[unit.slug]): {"retire-retired_on": "2024-01-01"},
        reverse("units:add_focal_point", args=[unit.slug]): {"focal-username": "intruder"},
    }
    for page, data in posts.items():
        assert client.post(page, data).status_code == 403
    unit.refresh_from_db()
    assert (unit.acronym, unit.retired_on) == ("HRX", None)
    assert not get_user_model().objects.filter(username="intruder").exists()


def test_anonymous_visitors_are_refused_or_sent_to_sign_in(unit):
    response = Client().get(reverse("units:units"))
    assert response.status_code in (302, 403)


@pytest.mark.parametrize("role", ["gedi", "admin"])
def test_units_page_lists_every_unit_with_its_state(role_users, role, unit):
    MembershipFactory(unit=unit)
    MembershipFactory(unit=unit)
    CustodianUnitFactory(acronym="OLD", name="Old Office", retired_on=datetime.date(2023, 6, 30))
    client = Client()
    client.force_login(role_users[role])
    response = client.get(reverse("units:units"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "<caption" in html and 'scope="col"' in html
    row = {u.acronym: u for u in response.context["units"]}
    assert row["HRX"].focal_points == 2
    assert "Retired on 30 June 2023" in html
    assert list(row)[-1] == "OLD"  # retired units come last


def test_adding_a_unit(gedi_client):
    portfolio = PortfolioFactory(name="Policy portfolio")
    response = gedi_client.post(
        reverse("units:units"),
        {"acronym": "GEDI2", "name": "Gender second", "kind": "branch", "portfolio": portfolio.pk},
        follow=True,
    )
    unit = CustodianUnit.objects.get(acronym="GEDI2")
    assert response.redirect_chain[-1][0] == reverse("units:unit", args=[unit.slug])
    assert _messages(response) == ["Gender second (GEDI2) added."]
    assert unit.portfolio == portfolio


def test_adding_a_unit_with_a_used_name_is_refused_on_the_form(gedi_client, unit):
    response = gedi_client.post(
        reverse("units:units"),
        {
            "acronym": "HRZ",
            "name": "Human Resources Exchange",
            "kind": "branch",
            "portfolio": unit.portfolio.pk,
        },
    )
    assert response.status_code == 400
    assert "The name “Human Resources Exchange” is already used by HRX." in (
        response.content.decode()
    )
    assert not CustodianUnit.objects.filter(acronym="HRZ").exists()


def test_unit_page_shows_forms_and_history(gedi_client, unit):
    response = gedi_client.get(reverse("units:unit", args=[unit.slug]))
    assert response.status_code == 200
    html = response.content.decode()
    for label in ('for="id_rename-name"', 'for="id_focal-username"', 'for="id_move-portfolio"'):
        assert label in html
    assert "Rename the unit" in html and "Retire the unit" in html
    assert "History" in html


def test_renaming_on_the_page(gedi_client, unit):
    response = gedi_client.post(
        reverse("units:rename", args=[unit.slug]),
        {"rename-name": "Human Resources Department", "rename-acronym": "HRD", "rename-reason": ""},
        follow=True,
    )
    assert _messages(response) == [
        "Human Resources Exchange (HRX) is now Human Resources Department (HRD)."
    ]
    html = response.content.decode()
    assert "Human Resources Department (HRD)" in html
    assert "Renamed from Human Resources Exchange (HRX)." in html  # the history says why
    assert "role-gedi" in html


def test_renaming_to_a_used_acronym_is_refused(gedi_client, unit):
    CustodianUnitFactory(acronym="EVAL", name="Evaluation Office")
    response = gedi_client.post(
        reverse("units:rename", args=[unit.slug]),
        {"rename-name": unit.name, "rename-acronym": "EVAL"},
    )
    assert response.status_code == 400
    assert "The acronym “EVAL” is already used by Evaluation Office." in response.content.decode()
    unit.refresh_from_db()
    assert unit.acronym == "HRX"


def test_moving_to_another_portfolio(gedi_client, unit):
    portfolio = PortfolioFactory(name="Field Operations")
    response = gedi_client.post(
        reverse("units:move", args=[unit.slug]),
        {"move-portfolio": portfolio.pk, "move-from_year": "2025", "move-reason": "Office reform"},
        follow=True,
    )
    assert _messages(response) == ["HRX is in Field Operations from 2025."]
    unit.refresh_from_db()
    assert unit.portfolio == portfolio
    assert "Office reform" in response.content.decode()


def test_retiring_and_restoring_on_the_page(gedi_client, unit):
    response = gedi_client.post(
        reverse("units:retire", args=[unit.slug]),
        {"retire-retired_on": "2024-03-01", "retire-reason": "Merged into HRD"},
        follow=True,
    )
    assert _messages(response) == ["HRX is retired as of 1 March 2024."]
    html = response.content.decode()
    assert "Retired on 1 March 2024" in html
    assert "Add the focal point" not in html  # a retired unit takes no new focal point
    assert "Restore the unit" in html
    response = gedi_client.post(
        reverse("units:restore", args=[unit.slug]), {"restore-reason": ""}, follow=True
    )
    assert _messages(response) == ["HRX is active again."]
    unit.refresh_from_db()
    assert unit.retired_on is None


def test_retiring_on_a_day_to_come_is_refused(gedi_client, unit):
    tomorrow = datetime.date.today() + datetime.timedelta(days=2)
    response = gedi_client.post(
        reverse("units:retire", args=[unit.slug]),
        {"retire-retired_on": tomorrow.isoformat()},
    )
    assert response.status_code == 400
    unit.refresh_from_db()
    assert unit.retired_on is None


def test_a_retired_unit_refuses_a_focal_point_posted_anyway(gedi_client, unit):
    unit.retired_on = datetime.date(2024, 1, 1)
    unit.save()
    response = gedi_client.post(
        reverse("units:add_focal_point", args=[unit.slug]),
        {"focal-username": "late", "focal-email": "late@ilo.org"},
    )
    assert response.status_code == 400
    assert "takes no new focal point" in response.content.decode()
    assert not unit.memberships.exists()


def test_adding_and_removing_a_focal_point(gedi_client, unit):
    response = gedi_client.post(
        reverse("units:add_focal_point", args=[unit.slug]),
        {"focal-username": "dana", "focal-email": "dana@ilo.org"},
        follow=True,
    )
    assert _messages(response) == [
        "dana is a focal point of HRX. The site sends no e-mail (EMAIL_URL is not set): an "
        "administrator sets their first password in the administration."
    ]
    assert "dana (dana@ilo.org)" in response.content.decode()
    membership = unit.memberships.get()
    assert not membership.user.has_usable_password()

    response = gedi_client.post(
        reverse("units:remove_focal_point", args=[unit.slug, membership.pk]), follow=True
    )
    assert _messages(response) == ["dana is no longer a focal point of HRX."]
    assert not unit.memberships.exists()
    html = response.content.decode()
    assert "Focal point dana deleted" in html and "dana no longer a focal point." in html


def test_a_focal_point_of_another_unit_cannot_be_removed_here(gedi_client, unit):
    elsewhere = MembershipFactory(user=UserFactory(username="erin"))
    response = gedi_client.post(reverse("units:remove_focal_point", args=[unit.slug, elsewhere.pk]))
    assert response.status_code == 404
    assert elsewhere.unit.memberships.exists()
