"""A submitted result is provisional: counted and marked so, or left out where a reader asks for
approved results only; the Governing Body appendix holds approved results unless asked."""

import io
import json
from io import BytesIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.urls import reverse
from openpyxl import load_workbook

from custodians.roles import GEDI_REVIEWERS, VIEWERS, ensure_role_groups
from indicators.models import Result
from indicators.review import Counting
from indicators.status import Status
from reports.selectors import plan_scope, scope_named, scorecard

pytestmark = pytest.mark.django_db


@pytest.fixture
def acc1_submitted(ilo_plan) -> Result:
    """ACC.1's 2020 result (38 per cent, not on track) as if submitted and not yet approved."""
    result = Result.objects.get(target__indicator__code="ACC.1", year=2020)
    Result.objects.filter(pk=result.pk).update(review_state="submitted")
    return result


def _row(card, code):
    return next(row for row in card.rows if row.target.indicator.code == code)


def test_by_default_a_submitted_result_counts_and_is_marked_provisional(ilo_plan, acc1_submitted):
    card = scorecard(plan=ilo_plan, year=2020, scope=plan_scope())
    assert card.counts.not_on_track == 21 and card.provisional == 1
    row = _row(card, "ACC.1")
    assert (row.status, row.provisional) == (Status.NOT_ON_TRACK, True)
    assert not _row(card, "RBM.1").provisional


def test_approved_only_leaves_it_out(ilo_plan, acc1_submitted):
    scope = plan_scope().counting_as(Counting.APPROVED_ONLY)
    card = scorecard(plan=ilo_plan, year=2020, scope=scope)
    assert (card.counts.not_on_track, card.counts.not_reported) == (20, 2)
    assert card.provisional == 0
    assert _row(card, "ACC.1").status == Status.NOT_REPORTED


def test_the_json_and_the_command_say_which_results_they_count(client, ilo_plan, acc1_submitted):
    client.force_login(_viewer())
    url = reverse("reports:json", args=[ilo_plan.slug])
    marked = client.get(url, {"year": 2020}).json()
    assert marked["counting"] == "submitted" and marked["summary"]["provisional"] == 1
    acc1 = [t for t in marked["targets"] if t["provisional"]]
    assert [t["result"] for t in acc1] == ["38 per cent"]
    approved = client.get(url, {"year": 2020, "counting": "approved"}).json()
    assert approved["counting"] == "approved" and approved["summary"]["not_on_track"] == 20
    assert client.get(url, {"counting": "maybe"}).status_code == 400
    out = io.StringIO()
    call_command("scorecard", "--year", "2020", "--approved-only", "--json", stdout=out)
    assert json.loads(out.getvalue())["summary"]["not_reported"] == 2
    with pytest.raises(Exception, match="counting must be one of"):
        scope_named(counting="maybe")


def _viewer():
    user = get_user_model().objects.create(username="provisional-viewer")
    user.groups.add(ensure_role_groups()[VIEWERS])
    return user


def _appendix_cells(client, **params) -> tuple[str, list[str]]:
    response = client.get(reverse("workbooks:appendix"), {"year": 2020, **params})
    workbook = load_workbook(BytesIO(response.content))
    cells = [
        str(value)
        for row in workbook["Appendix"].iter_rows(values_only=True)
        for value in row
        if value is not None
    ]
    return workbook.properties.title, cells


def test_the_appendix_holds_approved_results_unless_asked_and_says_which(
    client, ilo_plan, acc1_submitted
):
    client.force_login(_viewer())
    title, cells = _appendix_cells(client)
    assert title.endswith("(2020–21 targets; approved results only)")
    assert not any(cell.startswith("38 per cent") for cell in cells)
    title, cells = _appendix_cells(client, counting="submitted")
    assert title.endswith("submitted ones marked provisional)")
    assert "38 per cent (provisional: submitted, not yet approved)" in cells


def test_the_scorecard_page_says_how_many_are_provisional_and_offers_approved_only(
    client, ilo_plan, acc1_submitted
):
    client.force_login(_viewer())
    url = reverse("reports:plan", args=[ilo_plan.slug])
    page = client.get(url, {"year": 2020}).content.decode()
    assert "1 of the results counted is provisional: submitted, not yet approved." in page
    assert '<select name="counting"' in page
    page = client.get(url, {"year": 2020, "counting": "approved"}).content.decode()
    assert "Approved results only: submitted ones are left out" in page
    assert "28 of 30 targets reported for 2020" in page


def test_the_indicator_page_marks_the_result_provisional(client, ilo_plan, acc1_submitted):
    client.force_login(_viewer())
    page = client.get(acc1_submitted.target.indicator.get_absolute_url(), {"year": 2020})
    assert page.content.decode().count('class="review-mark provisional"') == 1


def test_the_overview_and_the_one_page_scorecard_count_as_asked(client, ilo_plan, acc1_submitted):
    client.force_login(_viewer())
    overview = client.get(reverse("reports:index"), {"year": 2020}).content.decode()
    assert "1 of the results counted is provisional" in overview
    overview = client.get(
        reverse("reports:index"), {"year": 2020, "counting": "approved"}
    ).content.decode()
    assert "Approved results only: submitted ones are left out" in overview
    assert "28 of 30 targets reported for 2020" in overview
    assert "?year=2020&amp;counting=approved" in overview  # the tiles keep the choice
    portfolio = acc1_submitted.target.custodians.get(acronym="HRD").portfolio
    url = reverse("reports:portfolio_one_page", args=[ilo_plan.slug, portfolio.code])
    marked = client.get(url, {"year": 2020}).content.decode()
    approved = client.get(url, {"year": 2020, "counting": "approved"}).content.decode()
    assert 'class="review-mark provisional"' in marked
    assert 'class="review-mark provisional"' not in approved


def test_the_data_workbook_words_the_status_as_the_pages_do(client, ilo_plan, acc1_submitted):
    client.force_login(_viewer())
    response = client.get(reverse("workbooks:data_workbook"), {"year": 2020})
    sheet = load_workbook(BytesIO(response.content))["Results"]
    header = [cell.value for cell in sheet[1]]
    rows = [dict(zip(header, row, strict=False)) for row in sheet.iter_rows(2, values_only=True)]
    acc1 = [row for row in rows if row["Indicator code"] == "ACC.1"]
    assert [row["Status"] for row in acc1] == [
        "Not on track (provisional: submitted, not yet approved)"
    ]
    Result.objects.filter(pk=acc1_submitted.pk).update(review_state="draft")
    gedi = get_user_model().objects.create(username="provisional-gedi")
    gedi.groups.add(ensure_role_groups()[GEDI_REVIEWERS])
    client.force_login(gedi)  # a draft is GEDI's and its unit's to see
    response = client.get(reverse("workbooks:data_workbook"), {"year": 2020})
    sheet = load_workbook(BytesIO(response.content))["Results"]
    statuses = [row[header.index("Status")] for row in sheet.iter_rows(2, values_only=True)]
    assert "Not on track (draft: not counted until submitted)" in statuses
