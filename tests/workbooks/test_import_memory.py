"""What an import keeps while it runs stays small at any size of workbook, and changes nothing.

The changes of every row are kept compact (``RowChanges``), and a sheet's checker keeps only so
many of the related rows it shares between chunks (``SheetChecker.share``): these tests prove
that both give what the plain lists and the unbounded cache gave.
"""

from __future__ import annotations

from dataclasses import asdict

import pytest

from indicators.models import Result
from tests.workbooks.conftest import open_workbook, row_of, save, set_cell, workbook_bytes
from workbooks.importing import ImportCheck, RowChange, apply_workbook, check_workbook, checking
from workbooks.importing import changes as changes_module
from workbooks.importing.changes import FieldChange, RowChanges
from workbooks.importing.problems import Problem
from workbooks.layout import RESULTS_SHEET

CHANGES = [
    RowChange("Results", 2, "unchanged", "ACC.1 · Global · 2020"),
    RowChange(
        "Results",
        3,
        "changed",
        "ACC.2 · Afrique · 2020",
        (FieldChange("Value", "31 per cent", "13 per cent"),),
        True,
    ),
    RowChange("Actions", 70_000, "new", "ACC.1 · HRD · nouvelle action – “élan” 🚀", (), False),
    RowChange(
        "Actions",
        70_001,
        "changed",
        "",
        (FieldChange("State", "Not started", "Done"), FieldChange("Due date", "—", "2021-03-07")),
        False,
    ),
]


def test_row_changes_give_back_the_changes_they_were_given():
    kept = RowChanges(CHANGES)

    assert len(kept) == 4
    assert list(kept) == CHANGES
    given = list(CHANGES)
    assert kept == given and given == kept  # compared either way round
    assert [kept[i] for i in range(-4, 4)] == CHANGES + CHANGES
    assert kept[1:3] == CHANGES[1:3]
    assert kept != CHANGES[:3] and kept != [*CHANGES[:3], CHANGES[0]]
    with pytest.raises(IndexError):
        kept[4]
    assert [change.as_dict() for change in kept] == [asdict(change) for change in CHANGES]


def test_row_changes_count_kinds_and_reasons_as_the_changes_do():
    check = ImportCheck(changes=list(CHANGES))
    check.add(changes_module.CheckedChunk(changes=[CHANGES[1]]))

    assert isinstance(check.changes, RowChanges)
    assert (check.count("new"), check.count("changed"), check.count("unchanged")) == (1, 3, 1)
    assert check.count("other") == 0
    assert check.needs_reason == 2
    assert check.summary() == "1 new, 3 changed, 1 unchanged"


def test_a_check_with_problems_lists_no_changes():
    check = ImportCheck(changes=list(CHANGES))
    check.problems.append(Problem("wrong", sheet="Results", row=2))

    assert check.finish().changes == []
    assert check.count("changed") == 0


def test_an_empty_check_compares_equal_to_an_empty_list():
    assert ImportCheck().changes == []
    assert ImportCheck().changes != [CHANGES[0]]


@pytest.mark.django_db
def test_sharing_only_a_few_related_rows_gives_the_same_check_and_the_same_saves(
    users, ilo_plan, monkeypatch
):
    """With room for two related rows, four rows a chunk: the indicators are read again chunk
    after chunk, and every row is checked and saved as with all of them kept."""
    gedi = users["gedi"]
    workbook = open_workbook(workbook_bytes(gedi, ilo_plan))
    for result in Result.objects.filter(year=2020, value__isnull=False, unit="percent")[:6]:
        row = row_of(workbook, RESULTS_SHEET, "target_id", result.target_id)
        set_cell(workbook, RESULTS_SHEET, row, "value", f"{min(result.value + 1, 100)} per cent")
    content = save(workbook)
    monkeypatch.setattr(checking, "CHUNK_ROWS", 4)
    kept_all = check_workbook(content, user=gedi)
    assert kept_all.ok and kept_all.count("changed") >= 5

    sizes = []
    share = changes_module.SheetChecker.share

    def recorded(self, rows, relation, related):
        share(self, rows, relation, related)
        sizes.append(max(len(known) for known in self._shared.values()))

    monkeypatch.setattr(changes_module, "SHARED_ROWS", 2)
    monkeypatch.setattr(changes_module.SheetChecker, "share", recorded)
    kept_few = check_workbook(content, user=gedi)

    assert kept_few.changes == kept_all.changes
    assert kept_few.digest == kept_all.digest
    assert max(sizes) <= 4  # a chunk's own rows at most
    applied = apply_workbook(content, user=gedi, reason="Checked", checked_digest=kept_all.digest)
    assert applied.count("changed") == kept_all.count("changed")
