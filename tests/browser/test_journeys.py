"""The season's journeys in a real browser: a custodian enters and submits 2021 results, GEDI
reviews them, the scorecards and workbooks show them, a bad import changes nothing; every main
page passes axe-core and result entry works with the keyboard alone.
"""

import re
from decimal import Decimal
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from openpyxl import load_workbook
from playwright.sync_api import Locator, Page, expect

from entries.services import result_submit
from indicators.models import AcceleratingAction, Result, Target
from indicators.services import result_write

pytestmark = pytest.mark.browser

PLAN = "ilo-2018-21"
YEAR = 2021
SENIOR_STAFF = (
    "Proportion of ILO senior staff (P5 and above on regular budget contracts) who are women"
)


def target_of(code: str) -> Target:
    """The 2020–21 target of the indicator ``code`` (the global one: focal's are all global)."""
    return Target.objects.get(indicator__code=code, phase__start_year__lte=YEAR, scope="global")


def my_row(page: Page, code: str) -> Locator:
    """The row of the "Still to enter or submit" table for the indicator ``code``."""
    table = page.get_by_role("table", name="Targets without a submitted result")
    return table.get_by_role("row").filter(has_text=f"{code} ")


def open_my_indicators(page: Page) -> None:
    page.get_by_role("link", name="My indicators", exact=True).click()
    expect(page.get_by_role("heading", name=f"My indicators: {YEAR} results")).to_be_visible()


def enter_result(page: Page, code: str, fill) -> None:
    """From My indicators, open the result form of ``code``, let ``fill`` fill it, and save."""
    my_row(page, code).get_by_role("link", name="Enter the result").click()  # the form itself
    expect(page.get_by_role("heading", name=f"Enter the {YEAR} result")).to_be_visible()
    fill(page)
    page.get_by_role("button", name="Save as draft").click()
    page.wait_for_url(re.compile(rf"/entries/results/\d+/{YEAR}/$"))
    expect(page.get_by_role("status")).to_contain_text(f"Result for {YEAR} saved.")


def submit_to_gedi(page: Page) -> None:
    page.get_by_role("button", name="Submit to GEDI").click()
    page.wait_for_url(re.compile(rf"/entries/results/\d+/{YEAR}/$"))
    expect(page.get_by_role("status")).to_contain_text("Submitted to GEDI for review.")
    expect(page.locator(".review-state")).to_have_text("Submitted")


def sign_out(page: Page) -> None:
    page.get_by_role("button", name="Sign out").click()
    expect(page.get_by_role("button", name="Sign out")).to_have_count(0)


@pytest.fixture
def submitted_results(served_plan: str) -> str:
    """focal's 2021 results for ACC.1 (47 per cent) and HFR.1 (data unavailable), submitted."""
    focal = get_user_model().objects.get(username="focal")
    blank = {"statement": "", "declared_status": "", "explanation": "", "evidence_url": ""}
    entries = {
        "ACC.1": {**blank, "value": Decimal(47), "data_unavailable": False},
        "HFR.1": {
            **blank,
            "value": None,
            "data_unavailable": True,
            "unavailable_reason": "Vacancy survey postponed",
        },
    }
    for code, fields in entries.items():
        fields.setdefault("unavailable_reason", "")
        result_write(target=target_of(code), year=YEAR, user=focal, fields=fields)
        result = Result.objects.get(target=target_of(code), year=YEAR)
        result_submit(result=result, user=focal)
    return served_plan


def test_a_custodian_enters_submits_and_updates_an_action(sign_in):
    page = sign_in("focal")
    open_my_indicators(page)

    def a_number(form: Page) -> None:
        form.get_by_label(re.compile(r"^Result")).fill("47")
        form.get_by_label("Explanation").fill("From the HR database at 31 December.")

    enter_result(page, "ACC.1", a_number)
    number = page.get_by_role("definition").filter(has_text="47")
    expect(number.first).to_be_visible()
    expect(page.locator(".review-state")).to_have_text("Draft")
    submit_to_gedi(page)

    open_my_indicators(page)

    def data_unavailable(form: Page) -> None:
        form.get_by_label("Data unavailable").check()
        form.get_by_label("Why the data are unavailable").fill("Vacancy survey postponed")

    enter_result(page, "HFR.1", data_unavailable)
    expect(page.locator("dl.facts").last).to_contain_text("Vacancy survey postponed")
    submit_to_gedi(page)

    open_my_indicators(page)
    waiting = page.get_by_role("table", name="Submitted results")
    expect(waiting.get_by_role("row").filter(has_text="ACC.1 ")).to_contain_text("47")
    expect(waiting.get_by_role("row").filter(has_text="HFR.1 ")).to_have_count(1)

    page.get_by_role("link", name=re.compile(r"^Update\W+Build upon Diversity outlook")).click()
    page.get_by_label("State").select_option(label="Under way")
    page.get_by_label("Progress note").fill("First portfolio review held with DDG/MR.")
    page.get_by_role("button", name="Save the update").click()
    page.wait_for_url(re.compile(r"/entries/mine/"))
    expect(page.get_by_role("status")).to_contain_text("Action updated.")
    updated = page.locator(".action-list li").filter(has_text="Build upon Diversity outlook")
    expect(updated.locator(".action-state")).to_have_text("Under way")

    acc, hfr = (Result.objects.get(target=target_of(c), year=YEAR) for c in ("ACC.1", "HFR.1"))
    assert (acc.value, acc.data_unavailable, acc.review_state) == (47, False, "submitted")
    assert (hfr.value, hfr.data_unavailable, hfr.review_state) == (None, True, "submitted")
    assert hfr.unavailable_reason == "Vacancy survey postponed"
    action = AcceleratingAction.objects.get(text__startswith="Build upon Diversity outlook")
    assert action.state == "under_way"
    assert action.progress_note == "First portfolio review held with DDG/MR."


def test_gedi_returns_one_result_and_approves_another(submitted_results, sign_in):
    page = sign_in("gedi")
    page.get_by_role("link", name="Review queue", exact=True).click()
    queue = page.get_by_role("table", name="Submitted results waiting for review")
    queue.get_by_role("link", name="Review ACC.1 Global").click()
    page.get_by_role("button", name="Return to the custodian").click()
    # The comment is required: nothing happens without it.
    expect(page.get_by_role("alert")).to_be_visible()
    assert Result.objects.get(target=target_of("ACC.1"), year=YEAR).review_state == "submitted"
    page.get_by_label("What should change (required)").fill("Please give the date of the count.")
    page.get_by_role("button", name="Return to the custodian").click()
    expect(page.get_by_role("status")).to_contain_text("Returned to the custodian")
    expect(page.locator(".review-state")).to_have_text("Returned")

    page.get_by_role("link", name="Review queue", exact=True).click()
    queue.get_by_role("link", name="Review HFR.1 Global").click()
    page.get_by_role("button", name="Approve").click()
    expect(page.get_by_role("status")).to_contain_text("Approved.")
    expect(page.locator(".review-state")).to_have_text("Approved")
    states = {
        code: Result.objects.get(target=target_of(code), year=YEAR).review_state
        for code in ("ACC.1", "HFR.1")
    }
    assert states == {"ACC.1": "returned", "HFR.1": "approved"}

    sign_out(page)
    sign_in("focal")
    open_my_indicators(page)
    returned = page.get_by_role("table", name="Results GEDI returned to you, with why")
    row = returned.get_by_role("row").filter(has_text="ACC.1 ")
    expect(row).to_contain_text("Please give the date of the count.")
    expect(row.get_by_role("link", name="Correct and resubmit")).to_be_visible()


def test_scorecards_draw_and_the_workbooks_download(
    submitted_results, sign_in, console_errors, tmp_path: Path
):
    page = sign_in("gedi")
    page.get_by_role("link", name="Scorecards", exact=True).click()
    page.get_by_label("Reporting year").select_option(str(YEAR))
    page.get_by_role("button", name="Show").click()
    page.wait_for_url(re.compile(rf"year={YEAR}"))
    expect(page.get_by_role("heading", name=f"Scorecards, {YEAR}", level=1)).to_be_visible()
    page.get_by_role("link", name="Scorecard of the plan").click()
    expect(page.get_by_role("heading", name=f"Scorecard of the plan, {YEAR}")).to_be_visible()
    # The targets table: each status in words beside its sign.
    acc = page.get_by_role("row", name=re.compile(r"women ACC\.1 Global"))
    hfr = page.get_by_role("row", name=re.compile(r"duties HFR\.1 Global"))
    expect(acc).to_contain_text("47 per cent")
    expect(acc).to_contain_text("On track")
    expect(hfr).to_contain_text("Data unavailable")
    figures = page.locator("figure.chart-figure")
    assert figures.count() > 0
    for figure in figures.all():
        figure.scroll_into_view_if_needed()  # a chart is drawn when it comes near the window
        expect(figure.locator(".main-svg").first).to_be_visible()

    with page.expect_download() as appendix_download:
        page.get_by_role("link", name=f"Governing Body appendix, {YEAR} results (Excel)").click()
    appendix_path = tmp_path / "appendix.xlsx"
    appendix_download.value.save_as(appendix_path)
    appendix = load_workbook(appendix_path).active
    cells = [str(c.value) for row in appendix.iter_rows() for c in row if c.value is not None]
    assert "Indicator" in cells
    assert any(SENIOR_STAFF in cell for cell in cells)

    with page.expect_download() as data_download:
        page.get_by_role("link", name=f"Data workbook, {YEAR} (Excel)").click()
    data_path = tmp_path / "data.xlsx"
    data_download.value.save_as(data_path)
    results = load_workbook(data_path)["Results"]
    heading, value_column = value_heading(results)
    row = next(
        r for r in results.iter_rows(min_row=heading + 1) if r[3].value == "ACC.1"
    )  # Indicator code
    assert row[value_column].value == 47
    assert [c.value for c in row].count("Submitted") == 1
    assert console_errors == [] or all(
        e.startswith("Failed to load resource") for e in console_errors
    )


def value_heading(sheet) -> tuple[int, int]:
    """The row number of the sheet's heading row and the index of its "Value" column."""
    for row in sheet.iter_rows():
        for cell in row:
            if cell.value == "Value":
                return cell.row, cell.column - 1
    raise AssertionError("no Value column in the Results sheet")


def all_results() -> list[tuple]:
    return list(
        Result.objects.order_by("pk").values_list(
            "pk", "value", "statement", "data_unavailable", "unavailable_reason", "review_state"
        )
    )


def test_a_bad_workbook_import_shows_where_and_changes_nothing(
    submitted_results, sign_in, tmp_path: Path
):
    page = sign_in("focal")
    page.get_by_role("link", name="Workbooks", exact=True).click()
    data_section = page.get_by_role("region", name="Data workbook")
    data_section.get_by_label("Reporting year").select_option(str(YEAR))
    with page.expect_download() as download:
        page.get_by_role("button", name="Download the data workbook (.xlsx)").click()
    path = tmp_path / "data.xlsx"
    download.value.save_as(path)

    workbook = load_workbook(path)
    sheet = workbook["Results"]
    heading, value_column = value_heading(sheet)
    bad = next(r for r in sheet.iter_rows(min_row=heading + 1) if r[3].value == "CAP.2")
    bad[value_column].value = "about half"
    bad_row, bad_letter = bad[value_column].row, bad[value_column].column_letter
    edited = tmp_path / "edited.xlsx"
    workbook.save(edited)

    before = all_results()
    page.get_by_label("Edited data workbook (.xlsx):").set_input_files(edited)
    page.get_by_role("button", name="Check the workbook").click()
    page.wait_for_url(re.compile(r"/workbooks/imports/\d+/"))
    expect(page.get_by_role("alert")).to_contain_text("nothing was imported")
    problems = page.get_by_role("table", name="Problems found")
    problem = problems.get_by_role("row").filter(has_text="about half")
    expect(problem.get_by_role("cell").nth(0)).to_have_text("Results")
    expect(problem.get_by_role("cell").nth(1)).to_have_text(str(bad_row))
    expect(problem.get_by_role("cell").nth(2)).to_have_text(f"{bad_letter} (Value)")
    expect(page.get_by_role("button", name="Import these changes")).to_have_count(0)
    assert all_results() == before
