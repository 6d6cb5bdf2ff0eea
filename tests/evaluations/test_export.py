"""The tracker as a workbook, laid out like the evaluation documents' tables."""

import io

import pytest
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from evaluations.excel import HEADER_ROW, _sheet_name
from evaluations.models import Recommendation
from tests.evaluations.factories import EvaluationFactory, FollowUpFactory, RecommendationFactory
from tests.factories import UserFactory
from workbooks.cells import EXCEL_CELL_LIMIT, write_text

pytestmark = pytest.mark.django_db

HEADINGS = [
    "No.",
    "Recommendation",
    "Responsible unit",
    "Priority",
    "Time implication",
    "Resource implication",
    "Office response",
    "Office response text",
    "Follow-up year",
    "Follow-up state",
    "Follow-up note",
]


@pytest.fixture
def reader(client):
    client.force_login(UserFactory(username="reader"))
    return client


def download(client) -> Workbook:
    response = client.get(reverse("evaluations:export"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith(
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    assert response["Content-Disposition"].startswith('attachment; filename="recommendations-')
    return load_workbook(io.BytesIO(response.content))


def row_of(sheet, number: int) -> list:
    return [cell.value for cell in sheet[HEADER_ROW + number]]


def test_one_sheet_per_evaluation_in_the_documents_layout(
    reader, loaded_recommendations, django_assert_num_queries
):
    FollowUpFactory(
        recommendation=Recommendation.objects.get(
            evaluation__slug="gender-equality-mainstreaming-2016-21", number=3
        ),
        year=2022,
        state="under_way",
        note="Partnership framework drafted.",
    )
    # session, user, recommendations with their latest follow-up, units, sub-actions
    with django_assert_num_queries(5):
        workbook = download(reader)
    assert workbook.sheetnames == [
        "Gender equality 2016–21",
        "Sustainable enterprises 2014–19",
        "Research and KM 2010–19",
        "Andean countries 2016–19",
        "COVID-19 response",
    ]
    gender = workbook["Gender equality 2016–21"]
    assert gender["A1"].value == (
        "Independent Evaluation: ILO's Gender Equality and Mainstreaming Efforts 2016-2021"
    )
    assert [cell.value for cell in gender[HEADER_ROW]] == HEADINGS
    assert gender.max_row == HEADER_ROW + 6
    third = row_of(gender, 3)
    assert third[0] == 3
    assert third[1].startswith(
        "Recommendation 3. Strengthen ILO's framework for partnering around gender equality."
    )
    assert "• Creating a typology of ILO needs" in third[1]
    assert third[2:6] == [
        "ILO SMT, DDG/POL, DDG/FOP (MULTILATERALS, PARDEV), DDG/MR",
        "Medium",
        "Long-term",
        "Medium",
    ]
    assert third[8:] == [2022, "Under way", "Partnership framework drafted."]
    assert row_of(gender, 1)[9] == "No follow-up yet"
    assert gender.freeze_panes == f"B{HEADER_ROW + 1}"


def test_the_offices_response_and_printed_cells_are_exported(reader, loaded_recommendations):
    workbook = download(reader)
    andean = row_of(workbook["Andean countries 2016–19"], 3)
    assert andean[4:8] == [
        "Medium-term",
        "Medium-term",  # the resource cell as printed
        "Partly agrees",
        "The Office partly agrees with Recommendation 3. The Office will develop national "
        "programming frameworks, including a resource mobilization strategy aligned with "
        "national priorities, with the support of PARDEV.",
    ]
    covid = workbook["COVID-19 response"]
    assert covid.max_row == HEADER_ROW + 8
    # An empty priority stays empty; there is no Office response in that document.
    assert row_of(covid, 6)[3:7] == [None, "Medium-to-long-term", "Medium", None]


def test_text_that_looks_like_a_formula_stays_text(reader):
    RecommendationFactory(responsible_units_text='=HYPERLINK("http://evil.example","Click")')
    FollowUpFactory(recommendation=Recommendation.objects.get(), note="+cmd|' /C calc'!A0")
    sheet = download(reader).worksheets[0]
    units_cell, note_cell = sheet.cell(HEADER_ROW + 1, 3), sheet.cell(HEADER_ROW + 1, 11)
    assert (units_cell.data_type, units_cell.value) == (
        "s",
        '=HYPERLINK("http://evil.example","Click")',
    )
    assert (note_cell.data_type, note_cell.value) == ("s", "+cmd|' /C calc'!A0")
    assert units_cell.quotePrefix and note_cell.quotePrefix


def test_the_tracker_writes_text_cells_as_every_other_export_does(reader):
    """One rule for text in every workbook the app gives out (``workbooks.cells``)."""
    texts = ["=1+1", "-2+3", "@SUM(A1)", "\tx", "\r=1", "\nstarts on a new line", "plain"]
    evaluation = EvaluationFactory()
    for text in texts:
        FollowUpFactory(recommendation=RecommendationFactory(evaluation=evaluation), note=text)
    tracker = download(reader).worksheets[0]
    reference = Workbook()
    for row, text in enumerate(texts, start=1):
        write_text(reference.active.cell(row, 1), text)
    saved = io.BytesIO()
    reference.save(saved)
    expected = load_workbook(io.BytesIO(saved.getvalue())).active
    assert [
        (cell.value, cell.data_type, cell.quotePrefix)
        for cell in (tracker.cell(HEADER_ROW + row, 11) for row in range(1, len(texts) + 1))
    ] == [
        (cell.value, cell.data_type, cell.quotePrefix)
        for cell in (expected.cell(row, 1) for row in range(1, len(texts) + 1))
    ]


def test_the_text_helper_never_writes_a_formula():
    sheet = Workbook().active
    for index, text in enumerate(["=1+1", "-2+3", "@SUM(A1)", "\tx", "plain"], start=1):
        write_text(sheet.cell(index, 1), text)
    saved = io.BytesIO()
    sheet.parent.save(saved)
    reread = load_workbook(io.BytesIO(saved.getvalue())).active
    assert [reread.cell(i, 1).value for i in range(1, 6)] == [
        "=1+1",
        "-2+3",
        "@SUM(A1)",
        "\tx",
        "plain",
    ]
    assert {reread.cell(i, 1).data_type for i in range(1, 6)} == {"s"}


def test_the_text_helper_keeps_excels_limits():
    sheet = Workbook().active
    write_text(sheet["A1"], "x" * (EXCEL_CELL_LIMIT + 10))
    write_text(sheet["A2"], "bell\x07 and null\x00 removed")
    assert len(sheet["A1"].value) == EXCEL_CELL_LIMIT
    assert sheet["A2"].value == "bell and null removed"


def test_sheet_names_are_valid_and_unique():
    taken: set[str] = set()
    assert _sheet_name("Research/KM: 2010–19?", taken) == "Research KM  2010–19"
    assert _sheet_name("Research/KM: 2010–19?", taken) == "Research KM  2010–19 (2)"
    assert len(_sheet_name("x" * 40, taken)) == 31


def test_an_empty_tracker_gives_a_workbook_that_says_so(reader):
    sheet = download(reader).active
    assert sheet["A1"].value == "No recommendations are loaded."
