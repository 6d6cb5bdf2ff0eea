"""Who may store an upload, and how many each person keeps."""

from __future__ import annotations

from datetime import timedelta
from html import unescape

import pytest
from django.urls import reverse
from django.utils import timezone

from custodians.models import CustodianUnit, Membership
from tests.workbooks.conftest import workbook_bytes
from tests.workbooks.import_steps import upload
from workbooks.models import ImportJob

pytestmark = pytest.mark.django_db
INDEX = reverse("workbooks:index")


@pytest.fixture
def viewer_of_a_unit(users):
    """A viewer who also belongs to a unit: they read everything and change nothing."""
    Membership.objects.create(user=users["viewer"], unit=CustodianUnit.objects.first())
    return users["viewer"]


def test_a_viewer_who_belongs_to_a_unit_cannot_store_an_upload(
    client, users, ilo_plan, viewer_of_a_unit, django_capture_on_commit_callbacks
):
    client.force_login(viewer_of_a_unit)
    response = upload(
        client, workbook_bytes(users["gedi"], ilo_plan), django_capture_on_commit_callbacks
    )

    assert response.status_code == 403
    page = unescape(response.content.decode())
    assert "Viewers read every unit's entries and change none" in page
    assert "ask GEDI or an administrator" in page
    assert not ImportJob.objects.exists()


def test_a_viewer_sees_why_there_is_no_upload_form(client, ilo_plan, viewer_of_a_unit):
    client.force_login(viewer_of_a_unit)
    page = unescape(client.get(INDEX).content.decode())
    assert "so they cannot import a workbook; downloading one still works" in page
    assert 'id="id_workbook"' not in page
    assert 'action="/workbooks/data.xlsx"' in page


def _jobs(user, state: str, count: int, *, days_ago: int = 0) -> list[ImportJob]:
    jobs = [
        ImportJob.objects.create(
            user=user, filename=f"{state}-{days_ago}-{i}.xlsx", content=b"PK..", state=state
        )
        for i in range(count)
    ]
    ImportJob.objects.filter(pk__in=[j.pk for j in jobs]).update(
        created_at=timezone.now() - timedelta(days=days_ago)
    )
    return jobs


def test_no_upload_is_stored_while_the_limit_of_unfinished_imports_is_reached(
    client, users, ilo_plan, settings, django_capture_on_commit_callbacks
):
    settings.WORKBOOK_JOBS_PER_USER = 2
    waiting = _jobs(users["focal"], ImportJob.State.CHECKED, 2)
    client.force_login(users["focal"])
    content = workbook_bytes(users["focal"], ilo_plan)

    refused = upload(client, content, django_capture_on_commit_callbacks)

    assert refused.status_code == 400
    assert (
        "You have 2 imports that are not finished (being checked or saved, or waiting for your "
        "confirmation); each person may have 2 at a time." in refused.content.decode()
    )
    assert ImportJob.objects.count() == 2

    discard = reverse("workbooks:import_discard", args=[waiting[0].pk])
    assert client.post(discard).status_code == 302
    waiting[0].refresh_from_db()
    assert waiting[0].state == ImportJob.State.DISCARDED
    assert (bytes(waiting[0].content), waiting[0].files_removed_at is not None) == (b"", True)

    taken = upload(client, content, django_capture_on_commit_callbacks)

    assert taken.status_code == 302
    assert ImportJob.objects.count() == 3


def test_finished_imports_beyond_the_newest_lose_their_files_but_keep_their_records(
    client, users, ilo_plan, settings, django_capture_on_commit_callbacks
):
    settings.WORKBOOK_JOBS_PER_USER = 2
    oldest = _jobs(users["focal"], ImportJob.State.APPLIED, 1, days_ago=3)[0]
    older = _jobs(users["focal"], ImportJob.State.INVALID, 1, days_ago=2)[0]
    newer = _jobs(users["focal"], ImportJob.State.APPLIED, 1, days_ago=1)[0]
    someone_elses = _jobs(users["gedi"], ImportJob.State.APPLIED, 1, days_ago=9)[0]
    ImportJob.objects.filter(pk=oldest.pk).update(changes=[{"kind": "changed", "row": 3}])
    client.force_login(users["focal"])

    upload(client, workbook_bytes(users["focal"], ilo_plan), django_capture_on_commit_callbacks)

    kept = {job.filename: job for job in ImportJob.objects.all()}
    assert len(kept) == 5  # every record stays
    for gone in (oldest, older):
        assert bytes(kept[gone.filename].content) == b""
        assert kept[gone.filename].files_removed_at is not None
    assert kept[oldest.filename].changes == [{"kind": "changed", "row": 3}]
    assert bytes(kept[newer.filename].content) == b"PK.."
    assert bytes(kept[someone_elses.filename].content) == b"PK.."
    page = client.get(oldest.get_absolute_url()).content.decode()
    assert "The uploaded file was deleted on" in page


def test_only_a_checked_import_can_be_discarded(client, users, ilo_plan):
    applied = _jobs(users["focal"], ImportJob.State.APPLIED, 1)[0]
    client.force_login(users["focal"])
    response = client.post(reverse("workbooks:import_discard", args=[applied.pk]))
    assert response.status_code == 400
    assert "This import is imported." in response.content.decode()
    applied.refresh_from_db()
    assert bytes(applied.content) == b"PK.."
    client.force_login(users["eval"])
    assert client.post(reverse("workbooks:import_discard", args=[applied.pk])).status_code == 404
