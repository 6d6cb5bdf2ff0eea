"""The plan definition workbook carries each plan text's French and Spanish versions, and whether
each is a working translation, both ways; a workbook from before those columns still imports and
leaves the translations as they are."""

from __future__ import annotations

from io import BytesIO

import pytest
from openpyxl import load_workbook

from custodians.models import CustodianUnit, Portfolio, Region
from custodians.plan_texts import translation_names
from indicators.models import ActionPlan, Indicator, Section, Target
from tests.workbooks.conftest import save
from tests.workbooks.test_plan_definition import COPY, COPY_TITLE, admin, exported
from tests.workbooks.test_plan_definition_refusals import changed, messages, refused, set_cell
from workbooks.plan_definition.export import plan_definition_bytes
from workbooks.plan_definition.importing import import_plan_definition
from workbooks.plan_definition.layout import (
    COLUMNS,
    CUSTODIANS,
    INDICATORS,
    PORTFOLIOS,
    REGIONS,
    SECTIONS,
    SHEETS,
    TARGETS,
)

pytestmark = pytest.mark.django_db

__all__ = ["admin", "exported"]  # the fixtures, shared with the round-trip tests

TRANSLATED_SHEETS = {
    SECTIONS: "Title",
    INDICATORS: "Text",
    TARGETS: "Text",
    CUSTODIANS: "Name",
    PORTFOLIOS: "Name",
    REGIONS: "Name",
}
MODELS = (Portfolio, Region, CustodianUnit, Section, Indicator, Target)


def translations() -> dict[str, set[tuple]]:
    """Every plan text's versions and flags, by model: what an import may or may not change."""
    return {
        model.__name__: set(model.objects.values_list("pk", *translation_names(model)))
        for model in MODELS
    }


def row_of(content: bytes, sheet: str, heading: str, value: object) -> int:
    rows = load_workbook(BytesIO(content))[sheet].iter_rows(values_only=True)
    headings = next(rows)
    at = headings.index(heading)
    return next(number for number, row in enumerate(rows, start=2) if row[at] == value)


def cell(content: bytes, sheet: str, row: int, heading: str) -> object:
    worksheet = load_workbook(BytesIO(content))[sheet]
    headings = [c.value for c in worksheet[1]]
    return worksheet.cell(row=row, column=headings.index(heading) + 1).value


def without_translations(content: bytes) -> bytes:
    """The workbook as exported before the translations had columns."""
    workbook = load_workbook(BytesIO(content))
    for sheet in SHEETS:
        languages = [c.heading for c in COLUMNS[sheet] if c.language]
        worksheet = workbook[sheet]
        for position in sorted(
            (i for i, c in enumerate(worksheet[1], start=1) if c.value in languages),
            reverse=True,
        ):
            worksheet.delete_cols(position)
    return save(workbook)


def test_each_plan_text_has_a_column_per_language_and_a_working_translation_mark(exported):
    workbook = load_workbook(BytesIO(exported))
    for sheet, heading in TRANSLATED_SHEETS.items():
        headings = [c.value for c in workbook[sheet][1]]
        assert headings[-4:] == [
            f"{heading} (French)",
            "French is a working translation",
            f"{heading} (Spanish)",
            "Spanish is a working translation",
        ], sheet
    rbm1 = Indicator.objects.get(code="RBM.1")
    assert rbm1.text_fr and rbm1.unofficial_fr  # the working translations of the plan file
    row = row_of(exported, INDICATORS, "Code", "RBM.1")
    assert cell(exported, INDICATORS, row, "Text (French)") == rbm1.text_fr
    assert cell(exported, INDICATORS, row, "French is a working translation") == "Yes"
    assert cell(exported, INDICATORS, row, "Text (Spanish)") == rbm1.text_es


def test_changed_versions_are_written_and_an_emptied_one_is_cleared(ilo_plan, exported, admin):
    pardev = row_of(exported, CUSTODIANS, "Acronym", "PARDEV")
    rbm1 = row_of(exported, INDICATORS, "Code", "RBM.1")
    africa = row_of(exported, REGIONS, "Code", Region.objects.get(name="Africa").code)
    content = changed(
        exported,
        lambda workbook: [
            set_cell(CUSTODIANS, pardev, "Name (French)", "Département des partenariats")(workbook),
            set_cell(CUSTODIANS, pardev, "French is a working translation", "No")(workbook),
            set_cell(INDICATORS, rbm1, "Text (French)", "Proportion des propositions")(workbook),
            set_cell(REGIONS, africa, "Name (Spanish)", None)(workbook),
        ],
    )
    before = translations()

    import_plan_definition(content, slug=COPY, title=COPY_TITLE, user=admin)

    unit = CustodianUnit.objects.get(acronym="PARDEV")
    assert (unit.name_fr, unit.unofficial_fr) == ("Département des partenariats", False)
    africa = Region.objects.get(name="Africa")
    assert (africa.name_es, africa.unofficial_es) == ("", False)
    assert africa.name_fr and africa.unofficial_fr  # its French is as it was
    copy = Indicator.objects.get(section__plan__slug=COPY, code="RBM.1")
    # Its mark was left at "Yes": the new version is still a working translation.
    assert (copy.text_fr, copy.unofficial_fr) == ("Proportion des propositions", True)
    original = Indicator.objects.get(section__plan=ilo_plan, code="RBM.1")
    assert original.text_fr != copy.text_fr
    # The copy's other texts came with their versions, as exported.
    assert Section.objects.filter(plan__slug=COPY).exclude(title_fr="").count() == 5
    after = translations()
    for model in ("Portfolio", "Section", "Indicator", "Target"):
        assert before[model] <= after[model], model  # the original plan's are untouched


def test_a_workbook_without_the_translation_columns_changes_no_translation(ilo_plan, admin):
    ActionPlan.objects.filter(pk=ilo_plan.pk).update(state=ActionPlan.State.DRAFT)
    old = without_translations(plan_definition_bytes(ilo_plan))
    assert "Name (French)" not in [c.value for c in load_workbook(BytesIO(old))[CUSTODIANS][1]]
    before = translations()

    dry = import_plan_definition(old, dry_run=True, user=admin)
    done = import_plan_definition(old, user=admin)

    assert str(dry.summary) == str(done.summary) == "nothing changed"
    assert translations() == before
    assert Indicator.objects.get(code="RBM.1").text_fr  # kept, though the workbook has none


def test_an_unchanged_workbook_with_the_columns_changes_nothing(ilo_plan, exported, admin):
    ActionPlan.objects.filter(pk=ilo_plan.pk).update(state=ActionPlan.State.DRAFT)
    before = translations()
    assert str(import_plan_definition(exported, user=admin).summary) == "nothing changed"
    assert translations() == before


def test_one_of_a_languages_columns_without_the_other_is_refused(ilo_plan, exported):
    def drop_mark(workbook) -> None:
        sheet = workbook[INDICATORS]
        headings = [c.value for c in sheet[1]]
        sheet.delete_cols(headings.index("French is a working translation") + 1)

    found = messages(refused(changed(exported, drop_mark)))
    assert found[0] == (
        "Sheet “Indicators”, row 1, column “French is a working translation”: The column "
        "“French is a working translation” is missing. Keep every column of the exported "
        "workbook."
    )
    assert not any("Spanish" in message for message in found)  # its columns are both there


@pytest.mark.parametrize(
    ("sheet", "heading", "limit"),
    [(PORTFOLIOS, "Name (French)", 120), (TARGETS, "Text (Spanish)", 300)],
)
def test_a_version_longer_than_the_database_keeps_is_refused_at_its_cell(
    ilo_plan, exported, sheet, heading, limit
):
    letter = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"[[c.heading for c in COLUMNS[sheet]].index(heading)]
    content = changed(exported, set_cell(sheet, 2, heading, "x" * (limit + 1)))
    assert messages(refused(content)) == [
        f"Sheet “{sheet}”, row 2, column {letter} ({heading}): The text is "
        f"{limit + 1} characters long; at most {limit} are taken."
    ]
