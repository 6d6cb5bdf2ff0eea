"""The import takes what the browser form takes, and keeps what it keeps: one entry rule
(``indicators.result_rules``) for both, with its messages on the cells they concern."""

from __future__ import annotations

import pytest

from indicators import limits
from indicators.models import AcceleratingAction, Result
from indicators.result_rules import DECLARE_STATUS
from tests.workbooks.conftest import (
    open_workbook,
    row_of,
    save,
    set_cell,
    snapshot,
    workbook_bytes,
)
from workbooks.importing import WorkbookRefused, apply_workbook, check_workbook
from workbooks.importing.changes import FieldChange
from workbooks.layout import ACTIONS_SHEET, RESULTS_SHEET

pytestmark = pytest.mark.django_db


def _result(code: str, value: int | None = None) -> Result:
    results = Result.objects.filter(target__indicator__code=code, year=2020)
    return results.get(value=value) if value is not None else results.get()


def _edited(user, plan, sheet: str, id_key: str, id_value: int, **cells: object) -> bytes:
    workbook = open_workbook(workbook_bytes(user, plan))
    row = row_of(workbook, sheet, id_key, id_value)
    for key, value in cells.items():
        set_cell(workbook, sheet, row, key, value)
    return save(workbook)


def test_a_number_with_a_declared_status_is_saved_without_it_as_the_form_saves_it(users, ilo_plan):
    rbm1 = _result("RBM.1", value=31)  # a per cent target: the number decides the status
    content = _edited(
        users["gedi"],
        ilo_plan,
        RESULTS_SHEET,
        "target_id",
        rbm1.target_id,
        value=13,
        declared_status="Not on track",
    )

    check = check_workbook(content, user=users["gedi"])

    assert check.problems == []
    [change] = [c for c in check.changes if c.kind == "changed"]
    assert change.changes == (FieldChange("Value", "31 per cent", "13 per cent"),)
    apply_workbook(content, user=users["gedi"], reason="Recounted")
    rbm1.refresh_from_db()
    assert (rbm1.value, rbm1.declared_status) == (13, "")


def test_a_statement_without_a_declared_status_is_refused_on_that_cell(users, ilo_plan):
    ovs1 = _result("OVS.1")
    content = _edited(
        users["gedi"],
        ilo_plan,
        RESULTS_SHEET,
        "target_id",
        ovs1.target_id,
        value=None,
        statement="Survey not finished",
    )
    before = snapshot()

    check = check_workbook(content, user=users["gedi"])

    assert [(p.column, p.heading, p.message) for p in check.problems] == [
        ("P", "Declared status", DECLARE_STATUS)
    ]
    assert check.changes == []
    with pytest.raises(WorkbookRefused):
        apply_workbook(content, user=users["gedi"], reason="Survey")
    assert snapshot() == before


def test_an_explanation_is_taken_up_to_the_forms_limit(users, ilo_plan):
    ovs1 = _result("OVS.1")
    too_long = _edited(
        users["gedi"],
        ilo_plan,
        RESULTS_SHEET,
        "target_id",
        ovs1.target_id,
        explanation="x" * (limits.NOTE + 1),
    )
    before = snapshot()

    problems = check_workbook(too_long, user=users["gedi"]).problems

    assert [(p.column, p.message) for p in problems] == [
        ("Q", "The text is 4,001 characters long; at most 4,000 are taken.")
    ]
    with pytest.raises(WorkbookRefused):
        apply_workbook(too_long, user=users["gedi"], reason="Longer")
    assert snapshot() == before

    longest = _edited(
        users["gedi"],
        ilo_plan,
        RESULTS_SHEET,
        "target_id",
        ovs1.target_id,
        explanation="x" * limits.NOTE,
    )
    apply_workbook(longest, user=users["gedi"], reason="Longer")
    ovs1.refresh_from_db()
    assert len(ovs1.explanation) == limits.NOTE == 4_000


def test_a_constrained_action_without_a_progress_note_is_refused(users, ilo_plan):
    action = AcceleratingAction.objects.filter(progress_note="", state="not_started").first()
    content = _edited(
        users["gedi"], ilo_plan, ACTIONS_SHEET, "action_id", action.pk, state="Constrained"
    )
    before = snapshot()

    check = check_workbook(content, user=users["gedi"])

    assert [(p.column, p.heading, p.message) for p in check.problems] == [
        ("K", "Progress note", "Say what constrains it.")
    ]
    with pytest.raises(WorkbookRefused):
        apply_workbook(content, user=users["gedi"])
    assert snapshot() == before


def test_a_new_action_is_refused_with_every_problem_of_its_row(users, ilo_plan):
    """The rule's messages come with those about the row's IDs: one upload names them all."""
    workbook = open_workbook(workbook_bytes(users["focal"], ilo_plan))
    row = row_of(workbook, ACTIONS_SHEET, "action_id", None)  # the first open row
    evaluation_target = _result("OVS.1").target_id  # the Evaluation Office's
    set_cell(workbook, ACTIONS_SHEET, row, "target_id", evaluation_target)
    set_cell(workbook, ACTIONS_SHEET, row, "custodian", "HRD")
    set_cell(workbook, ACTIONS_SHEET, row, "state", "Dropped")

    problems = check_workbook(save(workbook), user=users["focal"]).problems

    assert sorted((p.column, p.message) for p in problems) == [
        ("C", f"Target {evaluation_target} is not one of your units' targets."),
        ("F", f"HRD is not a custodian of target {evaluation_target}."),
        ("G", "An action needs its text."),
        ("K", "Say why it was dropped."),
    ]
