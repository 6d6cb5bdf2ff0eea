"""The focal points page on the real plan: who reports for each unit, when they last signed in,
and what the unit still has to submit for the current reporting year (2021)."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from custodians.models import CustodianUnit
from indicators.models import Result, Target
from tests.factories import CustodianUnitFactory, MembershipFactory, UserFactory

# Session, user and roles (3), then the page's own eight (custodians/views/focal_points.py).
PAGE_QUERIES = 11


def _row(response, acronym: str):
    return next(row for row in response.context["overview"].units if row.unit.acronym == acronym)


def _hrd_targets_2021() -> list[Target]:
    return list(
        Target.objects.filter(
            custodian_links__custodian__acronym="HRD",
            phase__start_year__lte=2021,
            phase__end_year__gte=2021,
        ).order_by("pk")
    )


def test_last_sign_in_and_what_is_left_for_the_real_plan(ilo_plan, gedi_client):
    hrd = CustodianUnit.objects.get(acronym="HRD")
    signed_in = timezone.make_aware(datetime.datetime(2021, 3, 2, 9, 30))
    MembershipFactory(unit=hrd, user=UserFactory(username="fatou", last_login=signed_in))
    MembershipFactory(unit=hrd, user=UserFactory(username="george", last_login=None))
    first, second, *_ = _hrd_targets_2021()
    Result.objects.create(
        target=first, year=2021, statement="Done.", review_state=Result.ReviewState.SUBMITTED
    )
    Result.objects.create(
        target=second, year=2021, statement="Half.", review_state=Result.ReviewState.RETURNED
    )

    response = gedi_client.get(reverse("units:focal_points"))

    assert response.status_code == 200
    html = response.content.decode()
    assert "fatou: last signed in 2 March 2021, 09:30" in html
    assert "george: last signed in never" in html
    assert "Not submitted in 2021" in html
    row = _row(response, "HRD")
    # HRD has five 2021 targets: one submitted, one returned (still to submit), three untouched.
    assert (row.targets, row.not_submitted) == (5, 4)
    assert "4 of 5" in html
    assert (_row(response, "PARDEV").targets, _row(response, "PARDEV").not_submitted) == (6, 6)


def test_retired_units_are_left_out(ilo_plan, gedi_client):
    CustodianUnit.objects.filter(acronym="MEDIATOR").update(retired_on=datetime.date(2021, 1, 1))
    response = gedi_client.get(reverse("units:focal_points"))
    shown = {row.unit.acronym for row in response.context["overview"].units}
    assert "MEDIATOR" not in shown and "HRD" in shown


def test_page_without_a_plan_says_so(gedi_client):
    response = gedi_client.get(reverse("units:focal_points"))
    assert response.status_code == 200
    assert "No plan is loaded yet." in response.content.decode()


def _add_units(count: int) -> None:
    for n in range(count):
        unit = CustodianUnitFactory(acronym=f"EXTRA{n}", name=f"Extra unit {n}")
        MembershipFactory(unit=unit)
        MembershipFactory(unit=unit)


@pytest.mark.parametrize("extra_units", [2, 30])
def test_queries_do_not_grow_with_units(
    ilo_plan, gedi_client, django_assert_max_num_queries, extra_units
):
    _add_units(extra_units)
    with django_assert_max_num_queries(PAGE_QUERIES):
        response = gedi_client.get(reverse("units:focal_points"))
    assert len(response.context["overview"].units) == 21 + 1 + extra_units  # + FOCAL-UNIT
