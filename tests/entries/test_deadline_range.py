"""A reporting year's deadline falls from 1 January of the year to 31 December
two years after. Further dates (9999-12-31 made every scorecard answer 500) are refused by the
calendar's form, the service, the model's validation and the database, with the range allowed;
and a far date already in a database does not break the pages."""

from __future__ import annotations

import datetime
from contextlib import contextmanager

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.test import Client
from django.urls import reverse

from entries import services
from indicators.models import ReportingYear, Target
from tests.entries.steps import snapshot

pytestmark = pytest.mark.django_db
User = get_user_model()

REFUSED_2020 = "The deadline for 2020 must fall between 1 January 2020 and 31 December 2022."


@pytest.fixture
def year_2020(world) -> ReportingYear:
    return ReportingYear.objects.create(plan=world.year.plan, year=2020, is_open=False)


def _post_deadline(client: Client, reporting_year: ReportingYear, typed: str):
    return client.post(
        reverse("entries:year_deadline", args=[reporting_year.pk]),
        {f"year{reporting_year.pk}-deadline": typed},
    )


@pytest.mark.parametrize(
    "typed", ["9999-12-31", "0001-01-01", "1999-06-30", "2101-01-01", "2019-12-31", "2023-01-01"]
)
def test_the_calendar_refuses_a_deadline_far_from_its_year_saying_what_is_allowed(
    world, year_2020, typed
):
    before = snapshot()
    response = _post_deadline(world.client_for("reviewer"), year_2020, typed)
    assert response.status_code == 400
    assert REFUSED_2020 in response.content.decode()
    assert snapshot() == before


@pytest.mark.parametrize(
    ("typed", "reason"),
    [
        ("2020-01-01", "Deadline set to 1 January 2020"),
        ("2021-01-31", "Deadline set to 31 January 2021"),
        ("2022-12-31", "Deadline set to 31 December 2022"),
        ("", "Deadline removed"),
    ],
)
def test_the_calendar_takes_a_deadline_in_the_range_or_none(world, year_2020, typed, reason):
    response = _post_deadline(world.client_for("reviewer"), year_2020, typed)
    assert response.status_code == 302
    year_2020.refresh_from_db()
    assert year_2020.deadline == (datetime.date.fromisoformat(typed) if typed else None)
    assert year_2020.history.first().history_change_reason == reason


def test_the_service_and_the_model_refuse_it_too(world, year_2020):
    with pytest.raises(ValidationError) as refused:
        services.reporting_year_set_deadline(
            reporting_year=year_2020, user=world.reviewer, deadline=datetime.date(9999, 12, 31)
        )
    assert refused.value.message_dict == {"deadline": [REFUSED_2020]}
    year_2020.refresh_from_db()
    assert year_2020.deadline is None and year_2020.history.count() == 1

    year_2020.deadline = datetime.date(1, 1, 1)
    with pytest.raises(ValidationError) as refused:
        year_2020.full_clean()
    assert refused.value.message_dict == {"deadline": [REFUSED_2020]}


@pytest.mark.parametrize(
    ("deadline", "kept"),
    [
        (datetime.date(9999, 12, 31), False),
        (datetime.date(2019, 12, 31), False),
        (datetime.date(2023, 1, 1), False),
        (datetime.date(2020, 1, 1), True),
        (datetime.date(2022, 12, 31), True),
        (None, True),
    ],
)
def test_the_database_keeps_no_deadline_outside_the_range(year_2020, deadline, kept):
    """The check constraint, on SQLite and PostgreSQL alike, for a write that skips validation."""
    rows = ReportingYear.objects.filter(pk=year_2020.pk)
    if kept:
        rows.update(deadline=deadline)
        assert rows.get().deadline == deadline
    else:
        with pytest.raises(IntegrityError), transaction.atomic():
            rows.update(deadline=deadline)
        assert rows.get().deadline is None


DEADLINE_CONSTRAINT = "reportingyear_deadline_near_its_year"


@contextmanager
def _check_constraints_lifted():
    """A database written before the check constraint existed: for this test only (its
    transaction is rolled back)."""
    table = ReportingYear._meta.db_table
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("PRAGMA ignore_check_constraints = ON")
            try:
                yield
            finally:
                cursor.execute("PRAGMA ignore_check_constraints = OFF")
        else:
            # The rows this test made have their foreign keys checked first: PostgreSQL alters
            # no table with checks pending.
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            cursor.execute(f'ALTER TABLE "{table}" DROP CONSTRAINT IF EXISTS {DEADLINE_CONSTRAINT}')
            cursor.execute("SET CONSTRAINTS ALL DEFERRED")
            yield


def test_a_far_deadline_already_saved_breaks_no_page(ilo_plan, demo_users):
    with _check_constraints_lifted():
        ilo_plan.reporting_years.update(deadline=datetime.date(9999, 12, 31))
    assert set(ilo_plan.reporting_years.values_list("deadline", flat=True)) == {
        datetime.date(9999, 12, 31)
    }
    gedi, focal = Client(), Client()
    gedi.force_login(User.objects.get(username="gedi"))
    focal.force_login(User.objects.get(username="focal"))
    target = Target.objects.get(indicator__code="ACC.1", phase__label="2020–21")
    pages = {
        gedi: [
            reverse("reports:plan", args=[ilo_plan.slug]) + "?year=2020",
            reverse("reports:plan", args=[ilo_plan.slug]) + "?year=2021",
            reverse("reports:json", args=[ilo_plan.slug]) + "?year=2020",
            reverse("entries:review_queue") + "?year=2020",
            reverse("entries:review_queue") + "?year=2021",
            reverse("entries:reporting_years"),
            reverse("entries:result", args=[target.pk, 2021]),
        ],
        focal: [
            reverse("entries:my_indicators") + "?year=2020",
            reverse("entries:my_indicators") + "?year=2021",
            reverse("entries:result", args=[target.pk, 2021]),
            reverse("entries:result_edit", args=[target.pk, 2021]),
        ],
    }
    for client, urls in pages.items():
        for url in urls:
            response = client.get(url)
            assert response.status_code == 200, url
    page = focal.get(reverse("entries:my_indicators") + "?year=2021").content.decode()
    assert "31 December 9999" in page
