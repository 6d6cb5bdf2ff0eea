"""Which year pages show by default: the newest counted result, never a draft; entries follow
the calendar."""

import pytest
from django.urls import reverse

from indicators.models import ReportingYear, Result, Target
from indicators.selectors import entry_year, latest_reported_year

pytestmark = pytest.mark.django_db


def _acc1(plan) -> Target:
    return Target.objects.get(indicator__section__plan=plan, indicator__code="ACC.1")


def test_a_draft_does_not_turn_the_pages_to_its_year(client, ilo_plan, django_user_model):
    Result.objects.create(
        target=_acc1(ilo_plan), year=2021, value=40, unit="percent", review_state="draft"
    )
    assert latest_reported_year(ilo_plan) == 2020
    client.force_login(django_user_model.objects.create(username="reader"))
    page = client.get(reverse("indicators:plan", args=[ilo_plan.slug])).content.decode()
    assert "2020 result" in page and "2021 result" not in page


def test_a_submitted_result_does(ilo_plan):
    Result.objects.create(
        target=_acc1(ilo_plan), year=2021, value=40, unit="percent", review_state="submitted"
    )
    assert latest_reported_year(ilo_plan) == 2021


def test_entries_go_to_the_open_year_else_the_latest_closed_one(ilo_plan):
    assert entry_year(ilo_plan) == 2021  # open, although nothing is reported for it yet
    ReportingYear.objects.filter(plan=ilo_plan).update(is_open=False)
    assert entry_year(ilo_plan) == 2021
    ReportingYear.objects.filter(plan=ilo_plan, year=2021).delete()
    assert entry_year(ilo_plan) == 2020
    ReportingYear.objects.filter(plan=ilo_plan).delete()
    assert entry_year(ilo_plan) == 2020  # no calendar: the latest reported year
