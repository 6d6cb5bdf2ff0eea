"""A plan's definition goes out as a workbook and comes back as the same structure.

Exporting the 2018–21 plan and importing it under another slug gives a plan whose sections,
indicators, targets (custodians in order) and phases are those of the original, which stays
as it was; the copy's own export holds the same cells. Helpers here serve the refusal tests too.
"""

from __future__ import annotations

from io import BytesIO, StringIO
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db.models import F
from openpyxl import load_workbook

from custodians.models import CustodianUnit, Portfolio, Region
from indicators.models import ActionPlan, Indicator, Phase, Section, Target, TargetCustodian
from workbooks.plan_definition.export import plan_definition_bytes
from workbooks.plan_definition.importing import PlanDefinitionRefused, import_plan_definition
from workbooks.plan_definition.layout import COLUMNS, PLAN, SHEETS, TARGETS

pytestmark = pytest.mark.django_db

COPY = "ilo-copy"
COPY_TITLE = "ILO Action Plan for Gender Equality 2018–21 (copy)"


def structure(plan: ActionPlan) -> dict[str, list[tuple]]:
    """Everything that defines ``plan``, as plain tuples in a stable order (no ids, no slug)."""
    targets = (
        Target.objects.of_plan(plan)
        .select_related("indicator", "phase", "region", "portfolio")
        .order_by("indicator__position", "position")
    )
    return {
        "plan": [
            (
                plan.organisation,
                plan.start_year,
                plan.end_year,
                plan.source_document,
                plan.loaded_targets,
            )
        ],
        "phases": list(
            plan.phases.order_by("start_year").values_list(
                "label", "start_year", "end_year", "target_count"
            )
        ),
        "reporting years": list(
            plan.reporting_years.order_by("year").values_list("year", "deadline", "is_open")
        ),
        "published figures": list(
            plan.published_figures.order_by("year").values_list(
                "year",
                "on_track",
                "not_on_track",
                "data_unavailable",
                "not_reported",
                "unavailable_reason",
                "source_document",
                "source_paragraph",
                "reconciliation",
            )
        ),
        "sections": list(plan.sections.order_by("position").values_list("title", "position")),
        "indicators": list(
            Indicator.objects.filter(section__plan=plan)
            .order_by("position")
            .values_list("section__title", "code", "text", "kind", "position", "trend_gap")
        ),
        "targets": [
            (
                t.indicator.code,
                t.phase.label,
                t.scope,
                t.region.code if t.region else None,
                t.portfolio.code if t.portfolio else None,
                t.kind,
                t.value,
                t.unit,
                t.direction,
                t.text,
                t.baseline_value,
                t.baseline_text,
                t.baseline_year,
                tuple(
                    t.custodian_links.order_by("position").values_list(
                        "custodian__acronym", flat=True
                    )
                ),
                t.custodians_label,
                t.position,
            )
            for t in targets
        ],
        "custodian units": list(
            CustodianUnit.objects.order_by("acronym").values_list(
                "acronym", "slug", "name", "kind", "portfolio__code", "region__code"
            )
        ),
        "portfolios": list(
            Portfolio.objects.order_by("code").values_list("code", "name", "position")
        ),
        "regions": list(Region.objects.order_by("code").values_list("code", "name", "position")),
    }


def row_counts() -> dict[str, int]:
    """How many of each structural row there are: a refused import changes none."""
    return {
        model.__name__: model.objects.count()
        for model in (
            ActionPlan,
            Phase,
            Section,
            Indicator,
            Target,
            TargetCustodian,
            CustodianUnit,
            Portfolio,
            Region,
        )
    }


def cells(content: bytes) -> dict[str, list[tuple[Any, ...]]]:
    """Every sheet's cell values, row by row."""
    workbook = load_workbook(BytesIO(content))
    return {
        sheet.title: [tuple(row) for row in sheet.iter_rows(values_only=True)]
        for sheet in workbook.worksheets
    }


def column(sheet: str, heading: str) -> int:
    return next(i for i, c in enumerate(COLUMNS[sheet], start=1) if c.heading == heading)


@pytest.fixture
def admin(demo_users):
    return get_user_model().objects.get(username="admin")


@pytest.fixture
def exported(ilo_plan) -> bytes:
    return plan_definition_bytes(ilo_plan)


def test_a_copy_has_the_same_structure_and_the_original_is_unchanged(ilo_plan, exported, admin):
    before = structure(ilo_plan)
    results_before = ilo_plan.sections.values_list("indicators__targets__results", flat=True)
    results_before = sorted(r for r in results_before if r)

    outcome = import_plan_definition(exported, slug=COPY, title=COPY_TITLE, user=admin)

    copy = ActionPlan.objects.get(slug=COPY)
    assert copy.title == COPY_TITLE
    assert outcome.summary.created["action plans"] == 1
    assert outcome.summary.created["targets"] == 30
    assert [row[:4] for row in before["published figures"]] == [
        (2019, 29, 24, 4),
        (2020, 29, 21, 7),
    ]  # GB.343/INS's figures for the whole plan travel with it
    assert "custodian units" not in outcome.summary.created  # the units are shared
    assert structure(copy) == before
    ilo_plan.refresh_from_db()
    assert structure(ilo_plan) == before
    assert ilo_plan.title == "ILO Action Plan for Gender Equality 2018–21"
    results_after = ilo_plan.sections.values_list("indicators__targets__results", flat=True)
    assert sorted(r for r in results_after if r) == results_before
    assert not Target.objects.of_plan(copy).filter(results__isnull=False).exists()
    # Each target carries its own plan, its indicator's and its phase's (Target.plan).
    assert Target.objects.of_plan(copy).count() == 30
    assert not Target.objects.exclude(plan=F("indicator__section__plan")).exists()
    assert not Target.objects.exclude(plan=F("phase__plan")).exists()
    # The history of the copy names the administrator who imported it.
    record = Target.history.filter(indicator__section__plan=copy).first()
    assert record.history_user == admin
    assert record.history_change_reason == "Loaded from the plan file"


def test_export_import_export_gives_the_same_cells(ilo_plan, exported, admin):
    import_plan_definition(exported, slug=COPY, title=COPY_TITLE, user=admin)
    again = cells(plan_definition_bytes(ActionPlan.objects.get(slug=COPY)))
    first = cells(exported)

    assert list(again) == list(first) == list(SHEETS)
    assert again[PLAN][1][:2] == (COPY, COPY_TITLE)
    assert again[PLAN][1][2:] == first[PLAN][1][2:]
    for sheet in SHEETS[1:]:
        assert again[sheet] == first[sheet], sheet


def test_an_active_plans_structure_is_not_imported_over_but_a_drafts_is(ilo_plan, exported, admin):
    with pytest.raises(PlanDefinitionRefused, match="is active: a plan's structure is imported"):
        import_plan_definition(exported, user=admin)
    copy = import_plan_definition(exported, slug="ilo-draft", title="Draft copy", user=admin)
    assert ActionPlan.objects.get(slug="ilo-draft").state == ActionPlan.State.DRAFT
    again = import_plan_definition(exported, slug="ilo-draft", title="Draft copy", user=admin)
    assert (copy.slug, str(again.summary)) == ("ilo-draft", "nothing changed")


def test_the_workbook_shows_the_plan_as_its_document_prints_it(exported):
    workbook = load_workbook(BytesIO(exported))
    assert workbook.sheetnames == list(SHEETS)
    targets = workbook[TARGETS]
    assert [c.value for c in targets[1]] == [c.heading for c in COLUMNS[TARGETS]]
    assert all(c.font.bold for c in targets[1])
    assert targets.freeze_panes == "A2"
    rows = [dict(zip(COLUMNS[TARGETS], row, strict=True)) for row in targets.iter_rows(min_row=2)]
    assert len(rows) == 30
    first = {c.heading: cell.value for c, cell in rows[0].items()}
    assert first["Indicator code"] == "RBM.1"
    assert first["Phase"] == "2020–21"
    assert first["Scope"] == "headquarters"
    assert first["Value"] == 37
    assert first["Unit"] == "percent"
    assert first["Text"] == "37 per cent"
    assert first["Custodians"] == "PARDEV"
    several = [r for r in rows if "," in str(r[COLUMNS[TARGETS][13]].value or "")]
    assert several, "some targets have more than one custodian, listed in order"


def test_text_that_looks_like_a_formula_is_written_as_text_and_comes_back(ilo_plan, admin):
    section = ilo_plan.sections.order_by("position").first()
    section.title = '=HYPERLINK("http://evil.example", "click")'
    section.save()
    Target.objects.of_plan(ilo_plan).filter(indicator__code="RBM.1").update(
        custodians_label="-DDG/FOP"
    )
    content = plan_definition_bytes(ilo_plan)

    sheet = load_workbook(BytesIO(content))["Sections"]
    cell = sheet.cell(row=2, column=column("Sections", "Title"))
    assert cell.data_type == "s"
    assert cell.value == section.title
    assert cell.quotePrefix

    import_plan_definition(content, slug=COPY, title=COPY_TITLE, user=admin)
    copy = ActionPlan.objects.get(slug=COPY)
    assert copy.sections.filter(title=section.title).exists()
    labels = Target.objects.of_plan(copy).filter(indicator__code="RBM.1")
    assert set(labels.values_list("custodians_label", flat=True)) == {"-DDG/FOP"}


def test_a_dry_run_creates_nothing_and_says_what_it_would(ilo_plan, exported, admin, tmp_path):
    path: Path = tmp_path / "plan.xlsx"
    path.write_bytes(exported)
    before = row_counts()
    out = StringIO()
    call_command(
        "import_plan", str(path), "--dry-run", "--slug", COPY, "--user", "admin", stdout=out
    )

    assert row_counts() == before
    assert not ActionPlan.objects.filter(slug=COPY).exists()
    text = out.getvalue()
    assert "1 action plans created" in text
    assert "2 phases created" in text
    assert "5 sections created" in text
    assert "24 indicators created" in text
    assert "30 targets created" in text
    assert "Dry run: nothing was saved." in text


def test_the_commands_export_and_import_a_plan(ilo_plan, admin, tmp_path):
    path = tmp_path / "definition.xlsx"
    out = StringIO()
    call_command("export_plan", "--plan", ilo_plan.slug, "--output", str(path), stdout=out)
    assert "24 indicators and 30 targets" in out.getvalue()

    out = StringIO()
    call_command(
        "import_plan",
        str(path),
        "--slug",
        COPY,
        "--title",
        COPY_TITLE,
        "--user",
        "admin",
        stdout=out,
    )
    assert "30 targets created" in out.getvalue()
    assert f"Imported the plan {COPY}" in out.getvalue()
    assert structure(ActionPlan.objects.get(slug=COPY)) == structure(ilo_plan)
