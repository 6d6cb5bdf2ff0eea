"""Export, edit in a spreadsheet, import: exactly the edited cells change, with their history."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from indicators.models import AcceleratingAction, Result
from tests.workbooks.conftest import (
    column_of,
    open_workbook,
    row_of,
    save,
    set_cell,
    snapshot,
    workbook_bytes,
)
from workbooks.cells import write_text
from workbooks.importing import WorkbookRefused, apply_workbook, check_workbook
from workbooks.layout import ACTIONS_SHEET, RESULTS_SHEET

pytestmark = pytest.mark.django_db


def _result(plan, code: str, year: int = 2020) -> Result:
    return Result.objects.get(
        target__indicator__section__plan=plan, target__indicator__code=code, year=year
    )


def test_an_unchanged_workbook_changes_nothing(users, ilo_plan):
    content = workbook_bytes(users["gedi"], ilo_plan)
    before = snapshot()

    check = check_workbook(content, user=users["gedi"])
    assert check.problems == []
    assert check.count("new") == check.count("changed") == 0
    assert check.count("unchanged") == 30 + 51  # every target and every action
    apply_workbook(content, user=users["gedi"])

    assert snapshot() == before


def test_eleven_edited_cells_change_exactly_those_eleven_fields_with_history(users, ilo_plan):
    gedi = users["gedi"]
    workbook = open_workbook(workbook_bytes(gedi, ilo_plan))
    ovs1, acc1, cap2 = (_result(ilo_plan, code) for code in ("OVS.1", "ACC.1", "CAP.2"))
    hfr6_target = ilo_plan.phases.get(label="2020–21").targets.get(indicator__code="HFR.6")
    actions = list(AcceleratingAction.objects.filter(target__indicator__code="ACC.1")[:3])
    edits = [
        (RESULTS_SHEET, "target_id", ovs1.target_id, "value", "58 per cent"),
        (RESULTS_SHEET, "target_id", ovs1.target_id, "explanation", "More sampled reports."),
        (RESULTS_SHEET, "target_id", acc1.target_id, "value", 0.39),  # typed as 39% below
        (RESULTS_SHEET, "target_id", cap2.target_id, "statement", "Two sessions short"),
        (RESULTS_SHEET, "target_id", cap2.target_id, "evidence_url", "https://example.org/r"),
        (RESULTS_SHEET, "target_id", hfr6_target.pk, "statement", "Four interviews held"),
        (RESULTS_SHEET, "target_id", hfr6_target.pk, "declared_status", "On track"),
        (ACTIONS_SHEET, "action_id", actions[0].pk, "state", "Under way"),
        (ACTIONS_SHEET, "action_id", actions[0].pk, "due_date", date(2021, 12, 31)),
        (ACTIONS_SHEET, "action_id", actions[2].pk, "state", "Done"),
    ]
    for sheet, id_key, id_value, key, value in edits:
        set_cell(workbook, sheet, row_of(workbook, sheet, id_key, id_value), key, value)
    # Typed as text (in a spreadsheet: '=1+1), it is text, not a formula.
    note_row = row_of(workbook, ACTIONS_SHEET, "action_id", actions[1].pk)
    note_column = column_of(ACTIONS_SHEET, "progress_note")
    write_text(
        workbook[ACTIONS_SHEET].cell(row=note_row, column=note_column), "=1+1 is text, not a sum"
    )
    acc1_row = row_of(workbook, RESULTS_SHEET, "target_id", acc1.target_id)
    workbook[RESULTS_SHEET][f"L{acc1_row}"].number_format = "0%"
    content = save(workbook)
    before = snapshot()

    check = check_workbook(content, user=gedi)
    assert check.problems == []
    assert sum(len(c.changes) for c in check.changes) == 11
    assert (check.count("new"), check.count("changed")) == (1, 6)
    assert check.needs_reason == 3  # the 2020 results were approved
    with pytest.raises(WorkbookRefused, match="give a reason"):
        apply_workbook(content, user=gedi)
    assert snapshot() == before

    apply_workbook(content, user=gedi, reason="Corrections from the custodians")

    after = snapshot()
    changed = {
        (kind, pk, field)
        for kind in ("results", "actions")
        for pk, row in after[kind].items()
        for field, value in row.items()
        if pk in before[kind]
        and before[kind][pk][field] != value
        and field not in ("version", "updated_at", "unit")
    }
    assert changed == {
        ("results", ovs1.pk, "value"),
        ("results", ovs1.pk, "explanation"),
        ("results", acc1.pk, "value"),
        ("results", cap2.pk, "statement"),
        ("results", cap2.pk, "evidence_url"),
        ("actions", actions[0].pk, "state"),
        ("actions", actions[0].pk, "due_date"),
        ("actions", actions[1].pk, "progress_note"),
        ("actions", actions[2].pk, "state"),
    }
    new = Result.objects.get(target=hfr6_target, year=2020)
    assert (new.statement, new.declared_status) == ("Four interviews held", "on_track")
    assert new.review_state == Result.ReviewState.DRAFT
    assert set(after["results"]) - set(before["results"]) == {new.pk}
    assert _result(ilo_plan, "OVS.1").value == Decimal("58")
    assert _result(ilo_plan, "ACC.1").value == Decimal("39")
    assert AcceleratingAction.objects.get(pk=actions[1].pk).progress_note.startswith("=1+1")

    latest = _result(ilo_plan, "OVS.1").history.first()
    assert latest.history_user == gedi
    assert "Corrections from the custodians" in latest.history_change_reason
    diff = latest.diff_against(latest.prev_record)
    assert {c.field for c in diff.changes} >= {"value", "explanation"}
    action_history = AcceleratingAction.objects.get(pk=actions[0].pk).history.first()
    assert action_history.history_user == gedi
    assert action_history.history_change_reason.startswith("Workbook import")


def test_a_custodians_workbook_holds_only_their_units_rows_and_imports_back(users, ilo_plan):
    focal = users["focal"]  # HRD, RESEARCH, ITCILO
    workbook = open_workbook(workbook_bytes(focal, ilo_plan, year=2021))
    results, actions = workbook[RESULTS_SHEET], workbook[ACTIONS_SHEET]
    custodians = {results.cell(row=r, column=9).value for r in range(2, results.max_row + 1)}
    assert all(
        any(name in text for name in ("Human Resources", "Research", "Turin"))
        for text in custodians
    )
    action_units = {actions.cell(row=r, column=6).value for r in range(2, actions.max_row + 1)}
    assert action_units - {None} == {"HRD", "RESEARCH", "ITCILO"}

    cap2 = row_of(workbook, RESULTS_SHEET, "indicator_code", "CAP.2")
    set_cell(workbook, RESULTS_SHEET, cap2, "value", "41%")
    check = check_workbook(save(workbook), user=focal)
    assert check.problems == []
    assert [c.kind for c in check.changes if c.kind != "unchanged"] == ["new"]
    apply_workbook(save(workbook), user=focal)
    result = Result.objects.get(target__indicator__code="CAP.2", year=2021)
    assert result.value == Decimal("41")
    assert result.history.first().history_user == focal


def test_a_new_action_row_adds_an_action_for_the_users_unit(users, ilo_plan):
    focal = users["focal"]
    workbook = open_workbook(workbook_bytes(focal, ilo_plan))
    cap1_target = row_of(workbook, RESULTS_SHEET, "indicator_code", "CAP.1")
    target_id = workbook[RESULTS_SHEET].cell(row=cap1_target, column=1).value
    empty = row_of(workbook, ACTIONS_SHEET, "action_id", None)  # the first open row
    set_cell(workbook, ACTIONS_SHEET, empty, "target_id", target_id)
    set_cell(workbook, ACTIONS_SHEET, empty, "custodian", "HRD")
    set_cell(workbook, ACTIONS_SHEET, empty, "text", "Draft the plan with the Turin Centre.")
    set_cell(workbook, ACTIONS_SHEET, empty, "state", "Not started")

    apply_workbook(save(workbook), user=focal)

    action = AcceleratingAction.objects.get(text="Draft the plan with the Turin Centre.")
    assert (action.target_id, action.custodian.acronym) == (target_id, "HRD")
    assert action.history.first().history_user == focal


def test_a_change_made_after_the_export_is_not_overwritten(users, ilo_plan):
    from indicators.services import result_write

    gedi = users["gedi"]
    content = workbook_bytes(gedi, ilo_plan)
    ovs1 = _result(ilo_plan, "OVS.1")
    result_write(
        target=ovs1.target, year=2020, user=gedi, fields={"value": 57}, reason="Late correction"
    )
    workbook = open_workbook(content)
    set_cell(
        workbook,
        RESULTS_SHEET,
        row_of(workbook, RESULTS_SHEET, "target_id", ovs1.target_id),
        "value",
        60,
    )
    before = snapshot()

    check = check_workbook(save(workbook), user=gedi)

    assert len(check.problems) == 1
    assert "Someone changed this entry after the workbook was exported" in str(check.problems[0])
    assert check.problems[0].column == "C"
    with pytest.raises(WorkbookRefused):
        apply_workbook(save(workbook), user=gedi, reason="x")
    assert snapshot() == before


def testhistory_reasons_fit_the_history_column(users, ilo_plan):
    from workbooks.importing.applying import history_reason

    long = "x" * 300
    assert len(history_reason("workbook import of a-very-long-name.xlsx", long, locked=True)) == 100
    assert history_reason("workbook import 3", "", locked=False) == "Workbook import 3"
    assert history_reason("workbook import 3", "", locked=True) == ""  # the service asks why
