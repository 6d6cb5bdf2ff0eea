"""The data workbook in the language of who exports it, imported back whatever its language.

A French focal point gets French headings, choices and "pour cent" (the sheets keep their English
names); the import reads a workbook written in any of the three languages, under any language,
and a label typed in another language than the workbook's still counts.
"""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.utils import translation

from indicators.models import AcceleratingAction, Result
from tests.workbooks.conftest import open_workbook, row_of, save, set_cell, snapshot, workbook_bytes
from workbooks.importing import apply_workbook, check_workbook
from workbooks.layout import ACTIONS_SHEET, RESULTS_SHEET

pytestmark = pytest.mark.django_db

HEADINGS = {
    "en": ("Target ID", "Year", "Version", "Indicator code", "Indicator", "Scope", "Target"),
    "fr": (
        "ID de la cible",
        "Année",
        "Version",
        "Code de l’indicateur",
        "Indicateur",
        "Portée",
        "Cible",
    ),
    "es": (
        "ID de la meta",
        "Año",
        "Versión",
        "Código del indicador",
        "Indicador",
        "Ámbito",
        "Meta",
    ),
}
PER_CENT = {"en": "per cent", "fr": "pour cent", "es": "por ciento"}


def _exported(users, plan, language: str):
    with translation.override(language):
        return workbook_bytes(users["gedi"], plan)


@pytest.mark.parametrize("language", ["en", "fr", "es"])
def test_the_workbook_is_written_in_the_exporter_language(users, ilo_plan, language):
    workbook = open_workbook(_exported(users, ilo_plan, language))
    assert workbook.sheetnames == ["Instructions", "Results", "Actions"]
    results = workbook[RESULTS_SHEET]
    assert next(results.iter_rows(max_row=1, values_only=True))[:7] == HEADINGS[language]
    formats = {row[11].number_format for row in results.iter_rows(min_row=2)}
    assert f'General" {PER_CENT[language]}"' in formats
    # The drop-down lists offer the language's words.
    lists = " ".join(v.formula1 for v in results.data_validations.dataValidation)
    assert {"en": "Yes", "fr": "Oui", "es": "Sí"}[language] in lists


@pytest.mark.parametrize(
    ("written_in", "read_in"), [("fr", "en"), ("es", "fr"), ("en", "es"), ("fr", "fr")]
)
def test_an_unchanged_workbook_in_any_language_changes_nothing(
    users, ilo_plan, written_in, read_in
):
    content = _exported(users, ilo_plan, written_in)
    before = snapshot()
    with translation.override(read_in):
        check = check_workbook(content, user=users["gedi"])
        assert check.problems == []
        assert check.count("changed") == check.count("new") == 0
        apply_workbook(content, user=users["gedi"])
    assert snapshot() == before


def test_edits_in_a_french_workbook_are_read_as_they_mean(users, ilo_plan):
    gedi = users["gedi"]
    workbook = open_workbook(_exported(users, ilo_plan, "fr"))
    ovs1 = Result.objects.get(target__indicator__code="OVS.1", year=2020)
    hfr6 = ilo_plan.phases.get(label="2020–21").targets.get(indicator__code="HFR.6")
    action = AcceleratingAction.objects.filter(target__indicator__code="ACC.1").first()
    row = row_of(workbook, RESULTS_SHEET, "target_id", ovs1.target_id)
    set_cell(workbook, RESULTS_SHEET, row, "value", "58 pour cent")
    row = row_of(workbook, RESULTS_SHEET, "target_id", hfr6.pk)
    set_cell(workbook, RESULTS_SHEET, row, "statement", "Quatre entretiens")
    set_cell(workbook, RESULTS_SHEET, row, "declared_status", "En bonne voie")
    row = row_of(workbook, ACTIONS_SHEET, "action_id", action.pk)
    set_cell(workbook, ACTIONS_SHEET, row, "state", "En cours")
    content = save(workbook)

    with translation.override("en"):  # confirmed by someone reading in English
        check = check_workbook(content, user=gedi)
        assert check.problems == []
        assert check.count("changed") == 2 and check.count("new") == 1  # HFR.6 had none
        apply_workbook(content, user=gedi, reason="Corrected in the French workbook")

    ovs1.refresh_from_db()
    assert ovs1.value == Decimal(58)
    hfr6_result = Result.objects.get(target=hfr6, year=2020)
    assert hfr6_result.declared_status == Result.DeclaredStatus.ON_TRACK
    action.refresh_from_db()
    assert action.state == AcceleratingAction.State.UNDER_WAY


def test_a_wrong_choice_names_the_choices_in_the_reader_language(users, ilo_plan):
    workbook = open_workbook(_exported(users, ilo_plan, "es"))
    action = AcceleratingAction.objects.filter(target__indicator__code="ACC.1").first()
    row = row_of(workbook, ACTIONS_SHEET, "action_id", action.pk)
    set_cell(workbook, ACTIONS_SHEET, row, "state", "Quizás")
    with translation.override("es"):
        check = check_workbook(save(workbook), user=users["gedi"])
    [problem] = check.problems
    assert "Quizás" in str(problem) and "no figura en la lista" in str(problem)


@pytest.mark.parametrize("reader", ["en", "fr", "es"])
def test_a_plan_definition_choice_is_read_in_any_language_whoever_reads(reader):
    """The plan definition workbook's choices (a target's scope) are taken as the stored value
    or the label in any language, whatever language the reader works in: never only the
    language that happened to be active when the code was first loaded."""
    from workbooks.plan_definition.layout import COLUMNS, TARGETS
    from workbooks.plan_definition.reading import _choice

    scope = next(column for column in COLUMNS[TARGETS] if column.key == "scope")
    with translation.override(reader):
        for text in ("global", "Global", "Mondial", "mundial"):
            assert _choice(text, scope) == "global", text
        assert _choice("Mondial (géré par le siège)", scope) == "headquarters"
