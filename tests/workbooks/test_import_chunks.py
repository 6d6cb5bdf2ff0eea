"""A workbook is checked and saved a chunk of rows at a time: still all of it or nothing."""

from __future__ import annotations

import pytest

from indicators import services
from indicators.models import Result
from tests.workbooks.conftest import open_workbook, row_of, save, set_cell, snapshot, workbook_bytes
from workbooks.importing import (
    ImportCheck,
    WorkbookRefused,
    apply_workbook,
    check_workbook,
    checked_chunks,
    checking,
)
from workbooks.importing import applying as applying_module
from workbooks.layout import RESULTS_SHEET

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _small_chunks(monkeypatch):
    """Four rows per chunk, so that the 30 results of the plan make eight chunks."""
    monkeypatch.setattr(checking, "CHUNK_ROWS", 4)


def _results_in_sheet_order(workbook, plan) -> list[Result]:
    results = {r.target_id: r for r in Result.objects.filter(year=2020)}
    ids = [
        workbook[RESULTS_SHEET].cell(row=row, column=1).value
        for row in range(2, workbook[RESULTS_SHEET].max_row + 1)
    ]
    return [results[i] for i in ids if i in results]


def _edit_values(workbook, results: list[Result]) -> None:
    for result in results:
        if result.value is not None:
            row = row_of(workbook, RESULTS_SHEET, "target_id", result.target_id)
            set_cell(workbook, RESULTS_SHEET, row, "value", f"{result.value + 1} per cent")


def _numeric(results: list[Result]) -> list[Result]:
    return [r for r in results if r.value is not None and r.unit == "percent" and r.value < 99]


def test_reading_yields_checked_chunks_and_saves_nothing(users, ilo_plan):
    """The dry run and applying read the same chunks; reading them alone saves nothing."""
    gedi = users["gedi"]
    workbook = open_workbook(workbook_bytes(gedi, ilo_plan))
    edited = _numeric(_results_in_sheet_order(workbook, ilo_plan))
    _edit_values(workbook, edited)
    content = save(workbook)
    before = snapshot()

    chunks = list(checked_chunks(content, user=gedi))

    assert snapshot() == before
    # 30 results and 51 actions (the open rows for new actions are empty), four rows a chunk.
    assert len(chunks) == 8 + 13
    assert all(len(chunk.changes) <= 4 and not chunk.problems for chunk in chunks)
    assert [w.target.pk for chunk in chunks for w in chunk.writes] == [r.target_id for r in edited]
    done = [chunk.done for chunk in chunks]
    assert done == sorted(done) and 0.3 < done[0] < done[-1] <= 0.95
    collected = ImportCheck()
    for chunk in chunks:
        collected.add(chunk)
    assert collected.finish().digest == check_workbook(content, user=gedi).digest


def test_the_dry_run_reports_its_progress(users, ilo_plan):
    reported: list[tuple[float, str]] = []
    content = workbook_bytes(users["gedi"], ilo_plan)

    check_workbook(content, user=users["gedi"], progress=lambda f, s: reported.append((f, s)))

    stages = [stage for _, stage in reported]
    assert stages[0] == "Opening the workbook" and stages[-1] == "Checked"
    assert {"Checking results", "Checking actions"} <= set(stages)
    assert [f for f, _ in reported] == sorted(f for f, _ in reported)


def test_changes_in_every_chunk_are_saved_with_their_user_and_reason(users, ilo_plan):
    gedi = users["gedi"]
    workbook = open_workbook(workbook_bytes(gedi, ilo_plan))
    edited = _numeric(_results_in_sheet_order(workbook, ilo_plan))
    assert len(edited) > 8  # spread over several chunks
    _edit_values(workbook, edited)
    history_before = Result.history.count()

    check = apply_workbook(save(workbook), user=gedi, reason="Checked against the survey")

    assert check.count("changed") == len(edited)
    assert Result.history.count() == history_before + len(edited)
    for result in edited:
        saved = Result.objects.get(pk=result.pk)
        assert (saved.value, saved.version) == (result.value + 1, result.version + 1)
        latest = saved.history.first()
        assert latest.history_user == gedi
        assert latest.history_change_reason.startswith("Checked against the survey")


def test_a_bad_cell_in_the_last_row_undoes_the_chunks_saved_before_it(users, ilo_plan):
    gedi = users["gedi"]
    workbook = open_workbook(workbook_bytes(gedi, ilo_plan))
    in_order = _results_in_sheet_order(workbook, ilo_plan)
    _edit_values(workbook, _numeric(in_order))
    last_row = row_of(workbook, RESULTS_SHEET, "target_id", in_order[-1].target_id)
    set_cell(workbook, RESULTS_SHEET, last_row, "evidence_url", "not a web address")
    before = snapshot()

    with pytest.raises(WorkbookRefused) as refused:
        apply_workbook(save(workbook), user=gedi, reason="x")

    assert [(p.row, p.column) for p in refused.value.problems] == [(last_row, "R")]
    assert snapshot() == before


def test_an_entry_changed_while_the_import_is_saved_refuses_all_of_it(users, ilo_plan, monkeypatch):
    """Someone saves a row of the third chunk after the import checked it and before the import
    saves it: the import is refused and the chunks it saved already are undone."""
    gedi = users["gedi"]
    workbook = open_workbook(workbook_bytes(gedi, ilo_plan))
    edited = _numeric(_results_in_sheet_order(workbook, ilo_plan))
    _edit_values(workbook, edited)
    content = save(workbook)
    assert check_workbook(content, user=gedi).problems == []
    before = snapshot()
    calls = []

    def results_write_meanwhile(*, edits, user):
        calls.append(len(edits))
        if len(calls) == 3:  # someone else saves the chunk's second result first
            target, year = edits[1].target, edits[1].year
            services.result_write(
                target=target,
                year=year,
                user=None,
                fields={"statement": "Saved meanwhile"},
                reason="elsewhere",
            )
            before["results"][Result.objects.get(target=target, year=year).pk] = None
        return services.results_write(edits=edits, user=user)

    monkeypatch.setattr(applying_module, "results_write", results_write_meanwhile)

    with pytest.raises(WorkbookRefused) as refused:
        apply_workbook(content, user=gedi, reason="x")

    assert len(calls) == 3
    assert "Someone changed this entry a moment ago" in str(refused.value.problems[0])
    after = snapshot()
    assert after["result_history"] == before["result_history"]
    assert all(
        after["results"][pk] == row for pk, row in before["results"].items() if row is not None
    )
    assert not Result.objects.filter(statement="Saved meanwhile").exists()  # undone with it


def test_a_sheet_over_the_row_limit_is_refused(users, ilo_plan, settings):
    settings.WORKBOOK_MAX_ROWS = 20
    check = check_workbook(workbook_bytes(users["gedi"], ilo_plan), user=users["gedi"])
    assert [str(p) for p in check.problems] == [
        f"Sheet “{RESULTS_SHEET}”: The sheet has more than 20 rows; split it."
    ]
    assert check.changes == []
