"""Downloads and the import in the browser: access, the dry run, confirming, problems, progress."""

from __future__ import annotations

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from indicators.models import Result
from tests.workbooks.conftest import (
    open_workbook,
    row_of,
    save,
    set_cell,
    snapshot,
)
from workbooks.importing.annotating import PROBLEMS_SHEET
from workbooks.layout import ACTIONS_SHEET, RESULTS_SHEET
from workbooks.models import ImportJob

pytestmark = pytest.mark.django_db
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
APPENDIX = reverse("workbooks:appendix")
DATA = reverse("workbooks:data_workbook")
INDEX = reverse("workbooks:index")
UPLOAD = reverse("workbooks:import_upload")


def _download(client, url: str, **params) -> bytes:
    response = client.get(url, params)
    assert response.status_code == 200, response.content[:300]
    assert response["Content-Type"] == XLSX
    assert response["Content-Disposition"].startswith("attachment;")
    return response.content


def _upload(client, content: bytes, name: str = "data.xlsx", capture=None):
    upload = SimpleUploadedFile(name, content, content_type=XLSX)
    with capture(execute=True):
        return client.post(UPLOAD, {"workbook": upload})


@pytest.mark.parametrize("url", [INDEX, APPENDIX, DATA])
def test_anonymous_visitors_are_sent_to_sign_in(client, ilo_plan, url):
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize("url", [INDEX, APPENDIX, DATA])
def test_an_outsider_gets_403_for_every_export(client, users, url):
    client.force_login(users["outsider"])
    assert client.get(url, {"year": 2020}).status_code == 403


def test_an_outsider_cannot_upload(client, users, ilo_plan):
    client.force_login(users["outsider"])
    upload = SimpleUploadedFile("x.xlsx", b"PK", content_type=XLSX)
    assert client.post(UPLOAD, {"workbook": upload}).status_code == 403
    assert not ImportJob.objects.exists()


def test_a_custodians_downloads_hold_only_their_units_rows(client, users, ilo_plan):
    client.force_login(users["eval"])
    workbook = open_workbook(_download(client, DATA, year=2020))
    codes = {row[3].value for row in workbook[RESULTS_SHEET].iter_rows(min_row=2)}
    assert codes == {"OVS.1", "OVS.2", "OVS.3"}
    units = {row[5].value for row in workbook[ACTIONS_SHEET].iter_rows(min_row=2)} - {None}
    assert units == {"EVAL"}
    appendix = open_workbook(_download(client, APPENDIX, year=2020, phase=_phase(ilo_plan)))
    custodians = {row[3].value for row in appendix.active.iter_rows(min_row=3)} - {None, ""}
    assert custodians == {"Evaluation Office"}


def _phase(plan) -> int:
    return plan.phases.get(label="2020–21").pk


def test_a_viewer_downloads_everything(client, users, ilo_plan):
    client.force_login(users["viewer"])
    workbook = open_workbook(_download(client, DATA, year=2020))
    assert workbook[RESULTS_SHEET].max_row == 31
    appendix = open_workbook(
        _download(client, APPENDIX, year=2020, phase=_phase(ilo_plan), targets="off_track")
    )
    assert appendix.active["B1"].value == "2020–21 targets"


def test_a_year_outside_the_phase_is_refused_in_words(client, users, ilo_plan):
    client.force_login(users["gedi"])
    response = client.get(APPENDIX, {"year": 2018, "phase": _phase(ilo_plan), "targets": "all"})
    assert response.status_code == 400
    assert "Choose a year of the 2020–21 phase." in response.content.decode()


def test_workbooks_page(client, users, ilo_plan, django_assert_num_queries):
    client.force_login(users["focal"])
    # … and the reporting years, for the data workbook's year (the calendar's).
    with django_assert_num_queries(9):
        response = client.get(INDEX)
    page = response.content.decode()
    assert response.status_code == 200
    assert f'action="{APPENDIX}"' in page and f'action="{DATA}"' in page
    assert '<label for="id_workbook">' in page
    assert "<script>" not in page and 'style="' not in page


def test_appendix_download_query_count(client, users, ilo_plan, django_assert_num_queries):
    client.force_login(users["gedi"])
    # The targets, their indicators and sections, custodian links, results, breakdown lines and
    # actions, and the small tables read once (phases, regions, portfolios, units); for the title
    # and the notes sheet, the phases with their loaded targets and the published figures; the
    # listed targets' history, for their revisions in the notes (one query); and the cover sheet's
    # phase summary (reports/phase_summary.py: the phases, the latest reported year and that
    # year's scorecard counts, six).
    with django_assert_num_queries(20 + 1 + 6):
        _download(client, APPENDIX, year=2020, phase=_phase(ilo_plan), targets="all")


def test_data_workbook_download_query_count(client, users, ilo_plan, django_assert_num_queries):
    client.force_login(users["gedi"])
    # Results: targets, indicators, sections, custodian links, results; Actions: actions and their
    # targets; the small tables read once for both sheets (phases, regions, portfolios, units).
    with django_assert_num_queries(18):
        _download(client, DATA, year=2020)


def test_dry_run_then_confirm_imports_the_change_with_history(
    client, users, ilo_plan, django_capture_on_commit_callbacks, django_assert_num_queries
):
    client.force_login(users["gedi"])
    workbook = open_workbook(_download(client, DATA, year=2020))
    ovs1 = Result.objects.get(target__indicator__code="OVS.1", year=2020)
    set_cell(
        workbook,
        RESULTS_SHEET,
        row_of(workbook, RESULTS_SHEET, "target_id", ovs1.target_id),
        "value",
        "58%",
    )
    before = snapshot()

    response = _upload(client, save(workbook), capture=django_capture_on_commit_callbacks)

    job = ImportJob.objects.get()
    assert response["Location"] == job.get_absolute_url()
    assert job.state == ImportJob.State.CHECKED
    with django_assert_num_queries(3):
        page = client.get(job.get_absolute_url()).content.decode()
    assert (
        "<strong>0</strong> new, <strong>1</strong> changed, <strong>80</strong> unchanged" in page
    )
    assert '<td class="old">56 per cent</td><td class="new">58 per cent</td>' in page
    assert "needs a reason" in page
    assert snapshot() == before  # the dry run saved nothing

    confirm = reverse("workbooks:import_confirm", args=[job.pk])
    refused = client.post(confirm, {"reason": ""})
    assert refused.status_code == 400
    assert "say why you change them" in refused.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(confirm, {"reason": "The evaluation office corrected its count"})

    job.refresh_from_db()
    assert job.state == ImportJob.State.APPLIED
    ovs1.refresh_from_db()
    assert ovs1.value == 58
    latest = ovs1.history.first()
    assert latest.history_user == users["gedi"]
    assert "corrected its count" in latest.history_change_reason
    page = client.get(job.get_absolute_url()).content.decode()
    assert "Imported: every change above is saved" in page
    # Drafts are submitted together on one page.
    assert f'href="{reverse("entries:drafts")}">Review and submit your drafts' in page
    assert client.post(confirm, {"reason": "again"}).status_code == 400  # only once


def test_a_bad_workbook_lists_its_problems_and_comes_back_marked(
    client, users, ilo_plan, django_capture_on_commit_callbacks
):
    client.force_login(users["gedi"])
    workbook = open_workbook(_download(client, DATA, year=2020))
    row = row_of(workbook, RESULTS_SHEET, "indicator_code", "OVS.2")
    set_cell(workbook, RESULTS_SHEET, row, "value", "about a third")
    before = snapshot()

    _upload(client, save(workbook), name="mine.xlsx", capture=django_capture_on_commit_callbacks)

    job = ImportJob.objects.get()
    assert job.state == ImportJob.State.INVALID
    page = client.get(job.get_absolute_url()).content.decode()
    assert "1 problem: nothing was imported" in page
    assert f"<td>Results</td><td>{row}</td><td>L (Value)</td>" in page
    assert "is text where a number belongs" in page
    assert snapshot() == before

    marked = open_workbook(_download(client, reverse("workbooks:import_problems", args=[job.pk])))
    cell = marked[RESULTS_SHEET][f"L{row}"]
    assert "is text where a number belongs" in cell.comment.text
    assert cell.fill.fgColor.rgb.endswith("FFC7CE")
    assert marked.sheetnames[0] == PROBLEMS_SHEET


def test_a_large_workbook_gets_its_problems_listed_but_no_marked_copy(users, ilo_plan):
    job = ImportJob.objects.create(
        user=users["gedi"],
        filename="big.xlsx",
        content=b"",
        size=ImportJob.MARKED_COPY_MAX_BYTES + 1,
        state=ImportJob.State.INVALID,
        problems=[{"message": "bad", "sheet": "Results", "row": 2, "column": "L", "heading": ""}],
    )
    assert job.has_cell_problems and not job.offers_marked_copy


def test_a_file_that_is_no_workbook_gets_no_marked_copy(
    client, users, ilo_plan, django_capture_on_commit_callbacks
):
    client.force_login(users["gedi"])
    _upload(client, b"just text", name="notes.txt", capture=django_capture_on_commit_callbacks)
    job = ImportJob.objects.get()
    page = client.get(job.get_absolute_url()).content.decode()
    assert "This is not an Excel workbook (.xlsx)." in page
    assert client.get(reverse("workbooks:import_problems", args=[job.pk])).status_code == 404


def test_an_upload_over_the_limit_is_refused_by_the_form(client, users, ilo_plan, settings):
    settings.WORKBOOK_MAX_UPLOAD_BYTES = 1_000
    client.force_login(users["gedi"])
    upload = SimpleUploadedFile("big.xlsx", b"PK" + b"0" * 2_000, content_type=XLSX)
    response = client.post(UPLOAD, {"workbook": upload})
    assert response.status_code == 400
    assert "the limit is 0.0 MB" in response.content.decode()
    assert not ImportJob.objects.exists()


def test_a_running_import_shows_a_progress_bar_that_polls(
    client, users, ilo_plan, django_assert_num_queries
):
    job = ImportJob.objects.create(
        user=users["focal"],
        filename="a.xlsx",
        content=b"",
        progress=40,
        stage="Checking results",
        state=ImportJob.State.CHECKING,
    )
    client.force_login(users["focal"])
    page = client.get(job.get_absolute_url()).content.decode()
    assert '<progress id="import-progress-bar" max="100" value="40">' in page
    assert '<noscript><meta http-equiv="refresh" content="3"></noscript>' in page
    assert 'src="/static/workbooks/progress.js"' in page
    assert "<script>" not in page
    status = reverse("workbooks:import_job_status", args=[job.pk])
    with django_assert_num_queries(3):
        answer = client.get(status).json()
    assert answer == {
        "state": "checking",
        "state_label": "Being checked",
        "progress": 40,
        "stage": "Checking results",
        "running": True,
    }


def test_someone_elses_import_is_not_found(client, users, ilo_plan):
    job = ImportJob.objects.create(user=users["focal"], filename="a.xlsx", content=b"")
    client.force_login(users["eval"])
    for name in ("import_job", "import_job_status", "import_problems"):
        assert client.get(reverse(f"workbooks:{name}", args=[job.pk])).status_code == 404
    assert client.post(reverse("workbooks:import_confirm", args=[job.pk])).status_code == 404
    client.force_login(users["admin"])
    assert client.get(job.get_absolute_url()).status_code == 200


def test_confirming_is_post_only(client, users, ilo_plan):
    job = ImportJob.objects.create(user=users["gedi"], filename="a.xlsx", content=b"")
    client.force_login(users["gedi"])
    assert client.get(reverse("workbooks:import_confirm", args=[job.pk])).status_code == 405
    assert client.get(UPLOAD).status_code == 405


def test_with_several_plans_the_page_offers_a_choice(client, users, ilo_plan):
    from tests.factories import ActionPlanFactory

    other = ActionPlanFactory(title="Another plan", start_year=2022, end_year=2025)
    client.force_login(users["gedi"])
    page = client.get(INDEX, {"plan": ilo_plan.slug}).content.decode()
    assert '<label for="plan-picker">Action plan</label>' in page
    assert f'<option value="{other.slug}">Another plan</option>' in page
    assert client.get(INDEX, {"plan": "no-such-plan"}).status_code == 404


def test_a_link_with_only_the_year_gets_the_years_phase(client, users, ilo_plan):
    client.force_login(users["gedi"])
    sheet = open_workbook(_download(client, APPENDIX, plan=ilo_plan.slug, year=2021)).active
    assert (sheet["B1"].value, sheet["C1"].value) == ("2020–21 targets", "2021 results")


def test_the_data_workbook_offers_the_open_year_and_the_appendix_the_newest_reported(
    client, users, ilo_plan
):
    """Before any 2021 entry, the data workbook is for 2021 (open), the appendix for 2020."""
    client.force_login(users["focal"])
    page = client.get(INDEX).content.decode()
    data_year = re.search(r'<select name="year"[^>]*id="id_data-year".*?</select>', page, re.S)[0]
    appendix_year = re.search(
        r'<select name="year"[^>]*id="id_appendix-year".*?</select>', page, re.S
    )[0]
    assert '<option value="2021" selected>' in data_year
    assert '<option value="2020" selected>' in appendix_year
    # A link without a year gets the same.
    assert "data-ilo-2018-21-2021-" in client.get(DATA)["Content-Disposition"]
