"""The marked copy of a bad workbook is made once, by the check, and served as stored; the page
lists the first problems and says how many there are."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.workbooks.conftest import open_workbook, row_of, save, set_cell
from tests.workbooks.import_steps import download, upload
from workbooks.job_limits import PROBLEMS_SHOWN
from workbooks.layout import RESULTS_SHEET
from workbooks.models import ImportJob

pytestmark = pytest.mark.django_db


def test_the_marked_copy_is_made_by_the_check_and_not_again_for_each_download(
    client, users, ilo_plan, django_capture_on_commit_callbacks
):
    client.force_login(users["gedi"])
    workbook = open_workbook(download(client, reverse("workbooks:data_workbook"), year=2020))
    row = row_of(workbook, RESULTS_SHEET, "indicator_code", "OVS.2")
    set_cell(workbook, RESULTS_SHEET, row, "value", "about a third")
    upload(client, save(workbook), django_capture_on_commit_callbacks)
    job = ImportJob.objects.get()
    assert job.state == ImportJob.State.INVALID
    marked_url = reverse("workbooks:import_problems", args=[job.pk])

    first = download(client, marked_url)
    # Were the copy made again for this download, it would carry this problem instead.
    ImportJob.objects.filter(pk=job.pk).update(
        problems=[{"message": "changed since", "sheet": RESULTS_SHEET, "row": row, "column": "L"}]
    )
    second = download(client, marked_url)

    assert second == first
    comment = open_workbook(second)[RESULTS_SHEET][f"L{row}"].comment.text
    assert "is text where a number belongs" in comment
    assert ImportJob.objects.get(pk=job.pk).marked_copy_size == len(first)


def _many_problems(user, total: int) -> ImportJob:
    return ImportJob.objects.create(
        user=user,
        filename="many.xlsx",
        content=b"",
        state=ImportJob.State.INVALID,
        problems=[
            {"message": f"problem {n}", "sheet": RESULTS_SHEET, "row": n + 2, "column": "L"}
            for n in range(total)
        ],
    )


def test_the_page_lists_the_first_problems_and_says_how_many_more(client, users, ilo_plan):
    total = PROBLEMS_SHOWN + 57
    job = _many_problems(users["gedi"], total)
    client.force_login(users["gedi"])

    page = client.get(job.get_absolute_url()).content.decode()

    assert f"{total} problems: nothing was imported" in page
    assert page.count("<tr><td>Results</td>") == PROBLEMS_SHOWN
    assert f"Problem {PROBLEMS_SHOWN - 1}<" in page and f"Problem {PROBLEMS_SHOWN}<" not in page
    assert f"Problems found: the first {PROBLEMS_SHOWN} of {total}" in page
    assert "And 57 more;" in page


def test_with_a_marked_copy_the_page_sends_there_for_the_rest(client, users, ilo_plan):
    job = _many_problems(users["gedi"], PROBLEMS_SHOWN + 3)
    ImportJob.objects.filter(pk=job.pk).update(marked_copy=b"PK", marked_copy_size=2)
    client.force_login(users["gedi"])
    page = client.get(job.get_absolute_url()).content.decode()
    assert "And 3 more; download the marked copy to see them all." in page
    assert reverse("workbooks:import_problems", args=[job.pk]) in page


def test_without_a_marked_copy_the_page_says_how_to_see_the_rest(client, users, ilo_plan):
    job = ImportJob.objects.create(
        user=users["gedi"],
        filename="many.xlsx",
        content=b"",
        state=ImportJob.State.INVALID,
        problems=[{"message": "bad", "sheet": RESULTS_SHEET, "row": 2}] * (PROBLEMS_SHOWN + 1),
    )
    client.force_login(users["gedi"])
    page = client.get(job.get_absolute_url()).content.decode()
    assert "And 1 more; fix these and upload the workbook again to see the rest." in page
    assert client.get(reverse("workbooks:import_problems", args=[job.pk])).status_code == 404
