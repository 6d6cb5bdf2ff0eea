"""The Actions sheet carries each action's French and Spanish versions beside its text.

They are exported from the database, headed in the exporter's language, and imported through the
services with the action's other fields: the dry run lists a changed version (and what saving it
does to the working-translation mark), the import writes it with its history, and nothing else
changes. Actions are still matched by their ID and, for a new one, by their text as written.
"""

from __future__ import annotations

import pytest
from django.utils import translation

from indicators.models import AcceleratingAction
from tests.workbooks.conftest import (
    column_of,
    open_workbook,
    row_of,
    save,
    set_cell,
    snapshot,
    workbook_bytes,
)
from workbooks.importing import apply_workbook, check_workbook
from workbooks.layout import ACTIONS_SHEET

pytestmark = pytest.mark.django_db

NEW_FRENCH = "Lancer une série de nouvelles sur l'égalité de genre."


def _action() -> AcceleratingAction:
    action = AcceleratingAction.objects.filter(target__indicator__code="ACC.1").first()
    assert action.text_fr and action.unofficial_fr and action.text_es  # the plan file's
    return action


def _edited(user, plan, action: AcceleratingAction, **cells: object) -> bytes:
    workbook = open_workbook(workbook_bytes(user, plan))
    row = row_of(workbook, ACTIONS_SHEET, "action_id", action.pk)
    for key, value in cells.items():
        set_cell(workbook, ACTIONS_SHEET, row, key, value)
    return save(workbook)


def _changed_fields(before: dict, after: dict) -> set[tuple[int, str]]:
    return {
        (pk, name)
        for pk, row in after["actions"].items()
        for name, value in row.items()
        if before["actions"][pk][name] != value and name not in ("version", "updated_at")
    }


@pytest.mark.parametrize(
    ("language", "headings"),
    [
        ("en", ("Action", "Action (French)", "Action (Spanish)")),
        ("fr", ("Action", "Action (French)", "Action (Spanish)")),
    ],
)
def test_the_versions_sit_beside_the_action_from_the_database(users, ilo_plan, language, headings):
    action = _action()
    with translation.override(language):
        workbook = open_workbook(workbook_bytes(users["gedi"], ilo_plan))
        expected = tuple(str(translation.gettext(heading)) for heading in headings)
    sheet = workbook[ACTIONS_SHEET]
    text = column_of(ACTIONS_SHEET, "text")
    assert tuple(c.value for c in sheet[1][text - 1 : text + 2]) == expected
    row = row_of(workbook, ACTIONS_SHEET, "action_id", action.pk)
    assert [sheet.cell(row=row, column=text + i).value for i in range(3)] == [
        action.text,
        action.text_fr,
        action.text_es,
    ]
    assert not sheet.cell(row=row, column=text + 1).protection.locked


def test_a_changed_french_version_is_listed_written_and_recorded(users, ilo_plan):
    gedi, action = users["gedi"], _action()
    content = _edited(gedi, ilo_plan, action, text_fr=NEW_FRENCH)
    before = snapshot()

    check = check_workbook(content, user=gedi)
    assert check.problems == []
    assert (check.count("changed"), check.count("new")) == (1, 0)
    [change] = [c for c in check.changes if c.kind == "changed"]
    assert [(f.heading, f.old, f.new) for f in change.changes] == [
        ("Action (French)", action.text_fr, NEW_FRENCH),
        # Written by someone, it is theirs: no longer the working translation (services' rule).
        ("French is a working translation", "Yes", "No"),
    ]
    assert snapshot() == before  # the dry run saves nothing

    applied = apply_workbook(content, user=gedi)
    assert applied.digest == check.digest

    saved = AcceleratingAction.objects.get(pk=action.pk)
    assert (saved.text_fr, saved.unofficial_fr) == (NEW_FRENCH, False)
    assert (saved.text, saved.text_es, saved.unofficial_es) == (
        action.text,
        action.text_es,
        action.unofficial_es,
    )
    assert _changed_fields(before, snapshot()) == {
        (action.pk, "text_fr"),
        (action.pk, "unofficial_fr"),
    }
    latest = saved.history.first()
    assert (latest.text_fr, latest.history_user) == (NEW_FRENCH, gedi)
    assert latest.prev_record.text_fr == action.text_fr


def test_a_french_workbook_imports_its_versions_whoever_reads(users, ilo_plan):
    gedi, action = users["gedi"], _action()
    with translation.override("fr"):
        content = _edited(gedi, ilo_plan, action, text_es="Nueva versión")
    with translation.override("es"):
        check = check_workbook(content, user=gedi)
        assert check.problems == [] and check.count("changed") == 1
        apply_workbook(content, user=gedi)
    assert AcceleratingAction.objects.get(pk=action.pk).text_es == "Nueva versión"


def test_a_reworded_action_loses_the_versions_of_its_old_text_and_the_dry_run_says_so(
    users, ilo_plan
):
    gedi, action = users["gedi"], _action()
    content = _edited(gedi, ilo_plan, action, text="Launch a news series on gender equality.")

    check = check_workbook(content, user=gedi)
    [change] = [c for c in check.changes if c.kind == "changed"]
    assert [(f.heading, f.new) for f in change.changes] == [
        ("Action", "Launch a news series on gender equality."),
        ("Action (French)", "—"),
        ("Action (Spanish)", "—"),
        ("French is a working translation", "No"),
        ("Spanish is a working translation", "No"),
    ]
    apply_workbook(content, user=gedi)
    saved = AcceleratingAction.objects.get(pk=action.pk)
    assert (saved.text_fr, saved.text_es, saved.unofficial_fr) == ("", "", False)


def test_a_reworded_action_with_its_new_versions_keeps_them(users, ilo_plan):
    gedi, action = users["gedi"], _action()
    content = _edited(
        gedi, ilo_plan, action, text="Launch a news series.", text_fr="Lancer une série."
    )
    apply_workbook(content, user=gedi)
    saved = AcceleratingAction.objects.get(pk=action.pk)
    assert (saved.text, saved.text_fr) == ("Launch a news series.", "Lancer une série.")


def test_a_version_longer_than_an_action_takes_is_refused_at_its_cell(users, ilo_plan):
    gedi, action = users["gedi"], _action()
    content = _edited(gedi, ilo_plan, action, text_es="e" * 4001)
    before = snapshot()

    [problem] = check_workbook(content, user=gedi).problems
    assert (problem.column, problem.heading) == ("I", "Action (Spanish)")
    assert problem.message == "The text is 4,001 characters long; at most 4,000 are taken."
    assert snapshot() == before


def test_a_new_action_comes_with_its_versions_and_is_matched_by_its_text_as_written(
    users, ilo_plan
):
    gedi, action = users["gedi"], _action()
    workbook = open_workbook(workbook_bytes(gedi, ilo_plan))
    first_open = row_of(workbook, ACTIONS_SHEET, "action_id", None)
    for row, text in ((first_open, "A new action"), (first_open + 1, action.text)):
        set_cell(workbook, ACTIONS_SHEET, row, "target_id", action.target_id)
        set_cell(workbook, ACTIONS_SHEET, row, "custodian", action.custodian.acronym)
        set_cell(workbook, ACTIONS_SHEET, row, "text", text)
        # The same French as an existing action: a translation never matches one action to another.
        set_cell(workbook, ACTIONS_SHEET, row, "text_fr", action.text_fr)
        set_cell(workbook, ACTIONS_SHEET, row, "state", "Not started")
    problems = check_workbook(save(workbook), user=gedi).problems
    # Only the row with an existing action's English text is the same action.
    assert [(p.row, p.message) for p in problems] == [
        (first_open + 1, "The same action as an existing action: keep one.")
    ]

    set_cell(workbook, ACTIONS_SHEET, first_open + 1, "text", "Another new action")
    content = save(workbook)
    check = check_workbook(content, user=gedi)
    assert check.problems == [] and check.count("new") == 2
    apply_workbook(content, user=gedi)
    new = AcceleratingAction.objects.get(target=action.target_id, text="A new action")
    assert (new.text_fr, new.text_es, new.unofficial_fr) == (action.text_fr, "", False)
