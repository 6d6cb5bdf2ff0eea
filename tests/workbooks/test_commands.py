"""export_appendix, export_workbook and import_workbook, as a person runs them."""

from __future__ import annotations

import io

import pytest
from django.core.management import CommandError, call_command
from openpyxl import load_workbook

from indicators.models import Result
from tests.workbooks.conftest import open_workbook, row_of, save, set_cell, snapshot
from workbooks.layout import RESULTS_SHEET

pytestmark = pytest.mark.django_db


def _run(*args: str) -> str:
    out = io.StringIO()
    call_command(*args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


def test_export_appendix_writes_the_table(ilo_plan, tmp_path):
    path = tmp_path / "appendix.xlsx"
    out = _run("export_appendix", "--year", "2020", "--output", str(path))
    assert "30 targets" in out
    sheet = load_workbook(path).active
    assert sheet["B1"].value == "2020–21 targets"

    _run(
        "export_appendix",
        "--year",
        "2020",
        "--phase",
        "2020-21",
        "--only-off-track",
        "--output",
        str(path),
    )
    assert load_workbook(path).active.max_row < sheet.max_row


def test_export_commands_refuse_what_they_cannot_do(users, ilo_plan, tmp_path):
    path = str(tmp_path / "x.xlsx")
    with pytest.raises(CommandError, match="No phase '2016–17'"):
        _run("export_appendix", "--year", "2020", "--phase", "2016–17", "--output", path)
    with pytest.raises(CommandError, match="runs from 2018 to 2021"):
        _run("export_workbook", "--year", "2030", "--output", path)
    with pytest.raises(CommandError, match="outsider may not see any targets"):
        _run("export_workbook", "--year", "2020", "--output", path, "--user", "outsider")
    with pytest.raises(CommandError, match="No active user 'nobody'"):
        _run("export_appendix", "--year", "2020", "--output", path, "--user", "nobody")


def test_export_workbook_for_a_custodian_holds_their_rows(users, ilo_plan, tmp_path):
    path = tmp_path / "eval.xlsx"
    _run("export_workbook", "--year", "2021", "--output", str(path), "--user", "eval")
    codes = {row[3].value for row in load_workbook(path)[RESULTS_SHEET].iter_rows(min_row=2)}
    assert codes == {"OVS.1", "OVS.2", "OVS.3"}


def test_import_dry_run_shows_changes_and_saves_nothing(users, ilo_plan, tmp_path):
    path = tmp_path / "data.xlsx"
    _run("export_workbook", "--year", "2020", "--output", str(path), "--user", "gedi")
    workbook = open_workbook(path.read_bytes())
    row = row_of(workbook, RESULTS_SHEET, "indicator_code", "CAP.3")
    set_cell(workbook, RESULTS_SHEET, row, "value", 25)
    path.write_bytes(save(workbook))
    before = snapshot()

    out = _run("import_workbook", str(path), "--user", "gedi", "--dry-run")

    assert f"Results row {row}: changed – CAP.3 · Global · 2020" in out
    assert "    Value: 20 per cent → 25 per cent" in out
    assert "0 new, 1 changed, 80 unchanged." in out
    assert "1 of the changed entries were already submitted or approved" in out
    assert "Dry run: nothing was saved." in out
    assert snapshot() == before

    with pytest.raises(CommandError, match="nothing was imported"):
        _run("import_workbook", str(path), "--user", "gedi")
    assert snapshot() == before

    out = _run("import_workbook", str(path), "--user", "gedi", "--reason", "Turin recount")
    assert "Imported: 0 new, 1 changed, 80 unchanged." in out
    result = Result.objects.get(target__indicator__code="CAP.3", year=2020)
    assert result.value == 25
    assert result.history.first().history_user == users["gedi"]


def test_import_needs_a_real_user_and_file(users, ilo_plan, tmp_path):
    with pytest.raises(CommandError, match="No active user"):
        _run("import_workbook", str(tmp_path / "x.xlsx"), "--user", "ghost")
    with pytest.raises(CommandError, match="No such file"):
        _run("import_workbook", str(tmp_path / "missing.xlsx"), "--user", "gedi")
