"""A bad plan definition workbook is refused whole: every problem named by sheet, row and
column, nothing created, and the person's workbook handed back with the bad cells marked."""

from __future__ import annotations

from collections.abc import Callable
from io import BytesIO, StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from openpyxl import Workbook, load_workbook

from tests.workbooks.conftest import save
from tests.workbooks.crafted_parts import BILLION_LAUGHS, with_part
from tests.workbooks.test_plan_definition import COPY, admin, column, exported, row_counts
from workbooks.importing.annotating import BAD_CELL, PROBLEMS_SHEET
from workbooks.importing.reading import BOMB
from workbooks.plan_definition.importing import PlanDefinitionRefused, import_plan_definition
from workbooks.plan_definition.layout import CUSTODIANS, INDICATORS, TARGETS

pytestmark = pytest.mark.django_db

__all__ = ["admin", "exported"]  # the fixtures, shared with the round-trip tests

Change = Callable[[Workbook], None]


def changed(content: bytes, change: Change) -> bytes:
    workbook = load_workbook(BytesIO(content))
    change(workbook)
    return save(workbook)


def set_cell(sheet: str, row: int, heading: str, value: object) -> Change:
    def change(workbook: Workbook) -> None:
        workbook[sheet].cell(row=row, column=column(sheet, heading)).value = value

    return change


def refused(content: bytes) -> PlanDefinitionRefused:
    """The refusal of ``content``, imported as a new plan; and proof that nothing was created."""
    before = row_counts()
    with pytest.raises(PlanDefinitionRefused) as caught:
        import_plan_definition(content, slug=COPY, title="A copy")
    assert row_counts() == before
    return caught.value


def messages(refusal: PlanDefinitionRefused) -> list[str]:
    return [str(problem) for problem in refusal.problems]


def _rename_targets(workbook: Workbook) -> None:
    workbook[TARGETS].title = "Target list"


def _delete_scope(workbook: Workbook) -> None:
    workbook[TARGETS].delete_cols(column(TARGETS, "Scope"))


def _duplicate_code(workbook: Workbook) -> None:
    sheet = workbook[INDICATORS]
    code = column(INDICATORS, "Code")
    sheet.cell(row=3, column=code).value = sheet.cell(row=2, column=code).value


CASES = {
    "wrong sheet name": (
        _rename_targets,
        [
            "Sheet “Target list”: “Target list” is not one of the plan definition's sheets",
            "Sheet “Targets”: The sheet “Targets” is missing",
        ],
    ),
    "missing column": (
        _delete_scope,
        ["Sheet “Targets”, row 1, column “Scope”: The column “Scope” is missing."],
    ),
    "unknown custodian unit": (
        set_cell(TARGETS, 4, "Custodians", "PARDEV, NOPE"),
        ["Sheet “Targets”, row 4, column N (Custodians): Unknown custodian unit “NOPE”."],
    ),
    "unknown unit of measure": (
        set_cell(TARGETS, 4, "Unit", "per mille"),
        ["Sheet “Targets”, row 4, column H (Unit): “per mille” is not one of: percent, count."],
    ),
    "unknown portfolio": (
        set_cell(CUSTODIANS, 2, "Portfolio code", "nowhere"),
        ["Sheet “Custodian units”, row 2, column D (Portfolio code): Unknown portfolio code"],
    ),
    "unknown region": (
        set_cell(TARGETS, 3, "Region code", "atlantis"),
        ["Sheet “Targets”, row 3, column D (Region code): Unknown region code “atlantis”."],
    ),
    "duplicate indicator code": (
        _duplicate_code,
        ["Sheet “Indicators”, row 3, column B (Code): Row 2 has the same indicator code “RBM.1”."],
    ),
    "target without a scope": (
        set_cell(TARGETS, 7, "Scope", None),
        ["Sheet “Targets”, row 7, column C (Scope): The scope is missing."],
    ),
    "unknown phase": (
        set_cell(TARGETS, 5, "Phase", "2022–23"),
        [
            "Sheet “Targets”, row 5, column B (Phase): "
            "Unknown phase “2022–23” (not on the Phases sheet)."
        ],
    ),
    "formula": (
        set_cell(TARGETS, 5, "Value", "=1+1"),
        ["Sheet “Targets”, row 5, column G (Value): The cell holds a formula (=1+1)"],
    ),
    "text for a number": (
        set_cell(TARGETS, 5, "Value", "lots"),
        ["Sheet “Targets”, row 5, column G (Value): “lots” is not a number"],
    ),
    "text for a year": (
        set_cell("Phases", 2, "Start year", "twenty"),
        ["Sheet “Phases”, row 2, column B (Start year): “twenty” is not a whole number"],
    ),
    "a value the model refuses": (
        set_cell(TARGETS, 2, "Value", 150),
        ["Sheet “Targets”, row 2: Constraint “target_value_in_range” is violated."],
    ),
}


@pytest.mark.parametrize("case", CASES)
def test_a_bad_workbook_is_refused_with_the_place_of_each_problem(ilo_plan, exported, case):
    change, expected = CASES[case]
    refusal = refused(changed(exported, change))
    found = messages(refusal)
    for wanted in expected:
        assert any(message.startswith(wanted) for message in found), (wanted, found)


def test_every_problem_is_reported_not_only_the_first(ilo_plan, exported):
    def change(workbook: Workbook) -> None:
        set_cell(TARGETS, 7, "Scope", None)(workbook)
        set_cell(TARGETS, 5, "Value", "=1+1")(workbook)
        _duplicate_code(workbook)

    found = messages(refused(changed(exported, change)))
    assert {m.split(":")[0] for m in found} >= {
        "Sheet “Targets”, row 7, column C (Scope)",
        "Sheet “Targets”, row 5, column G (Value)",
        "Sheet “Indicators”, row 3, column B (Code)",
    }


def test_the_marked_copy_shows_each_bad_cell(ilo_plan, exported):
    refusal = refused(changed(exported, set_cell(TARGETS, 7, "Scope", None)))
    marked = load_workbook(BytesIO(refusal.marked))
    cell = marked[TARGETS]["C7"]
    assert cell.fill.fgColor.rgb.endswith(BAD_CELL.fgColor.rgb[-6:])
    assert "The scope is missing." in cell.comment.text
    listing = [tuple(r) for r in marked[PROBLEMS_SHEET].iter_rows(min_row=2, values_only=True)]
    assert listing == [(TARGETS, 7, "C", "The scope is missing.")]


def test_an_entity_bomb_is_refused_unopened(ilo_plan, exported):
    bomb = with_part("xl/worksheets/sheet1.xml", BILLION_LAUGHS)(exported, {})
    refusal = refused(bomb)
    assert messages(refusal) == [BOMB]
    assert refusal.marked is None


def test_a_file_that_is_not_a_workbook_is_refused(ilo_plan):
    refusal = refused(b"slug,title\nilo,ILO\n")
    assert "not an Excel workbook" in messages(refusal)[0]


def test_the_command_fails_names_each_place_and_writes_the_marked_copy(
    ilo_plan, exported, admin, tmp_path
):
    path: Path = tmp_path / "plan.xlsx"
    path.write_bytes(changed(exported, set_cell(TARGETS, 7, "Scope", None)))
    before = row_counts()
    err = StringIO()
    with pytest.raises(CommandError) as caught:
        call_command("import_plan", str(path), "--slug", COPY, "--user", "admin", stderr=err)
    assert row_counts() == before
    assert "Sheet “Targets”, row 7, column C (Scope): The scope is missing." in err.getvalue()
    copy = tmp_path / "plan-problems.xlsx"
    assert str(copy) in str(caught.value)
    assert "1 problem(s): nothing was imported." in str(caught.value)
    assert load_workbook(copy)[TARGETS]["C7"].comment is not None


def test_the_command_refuses_a_user_who_is_not_an_administrator(ilo_plan, exported, tmp_path):
    call_command("create_demo_users", "--force", stdout=StringIO())
    path = tmp_path / "plan.xlsx"
    path.write_bytes(exported)
    with pytest.raises(CommandError, match="not an administrator"):
        call_command("import_plan", str(path), "--user", "viewer", stdout=StringIO())
