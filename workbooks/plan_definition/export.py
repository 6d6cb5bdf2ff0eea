"""Writing one plan's definition (its structure, no results) as an .xlsx workbook.

One sheet per kind of thing (``layout.COLUMNS``), a bold frozen heading row, choices as their
stored values. Every text goes through ``workbooks.cells.write_text``, so a title that starts
with "=" or "-" stays text and is never run as a formula.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from decimal import Decimal
from io import BytesIO
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from custodians.models import CustodianUnit, Portfolio, Region
from custodians.plan_texts import TRANSLATED, TranslatedText
from indicators.models import ActionPlan, Indicator, Target
from workbooks.cells import write_text
from workbooks.plan_definition.layout import (
    COLUMNS,
    CUSTODIANS,
    INDICATORS,
    LIST_SEPARATOR,
    NO,
    PHASES,
    PLAN,
    PORTFOLIOS,
    PUBLISHED,
    REGIONS,
    REPORTING_YEARS,
    SECTIONS,
    TARGETS,
    YES,
    Kind,
)

HEADING_FONT = Font(bold=True)
DATE_FORMAT = "yyyy-mm-dd"

Row = dict[str, Any]


def _translations(item: TranslatedText) -> Row:
    """The item's French and Spanish versions, each with whether it is a working translation
    (left empty where there is no version)."""
    field = item.translated_field
    row: Row = {}
    for language in TRANSLATED:
        version = getattr(item, f"{field}_{language}")
        row[f"{field}_{language}"] = version
        row[f"unofficial_{language}"] = getattr(item, f"unofficial_{language}") if version else None
    return row


def _plan_rows(plan: ActionPlan) -> Iterator[Row]:
    yield {
        "slug": plan.slug,
        "title": plan.title,
        "organisation": plan.organisation,
        "start_year": plan.start_year,
        "end_year": plan.end_year,
        "source_document": plan.source_document,
        "loaded_targets": plan.loaded_targets,
    }


def _phase_rows(plan: ActionPlan) -> Iterator[Row]:
    for phase in plan.phases.order_by("start_year", "label"):
        yield {
            "label": phase.label,
            "start_year": phase.start_year,
            "end_year": phase.end_year,
            "target_count": phase.target_count,
        }


def _reporting_year_rows(plan: ActionPlan) -> Iterator[Row]:
    for year in plan.reporting_years.order_by("year"):
        yield {"year": year.year, "deadline": year.deadline, "is_open": year.is_open}


def _published_rows(plan: ActionPlan) -> Iterator[Row]:
    for figures in plan.published_figures.order_by("year"):
        yield {column.key: getattr(figures, column.key) for column in COLUMNS[PUBLISHED]}


def _section_rows(plan: ActionPlan) -> Iterator[Row]:
    for section in plan.sections.order_by("position", "title"):
        yield {"position": section.position, "title": section.title, **_translations(section)}


def _indicator_rows(plan: ActionPlan) -> Iterator[Row]:
    indicators = Indicator.objects.filter(section__plan=plan).select_related("section")
    for indicator in indicators.order_by("section__position", "position", "code"):
        yield {
            "section": indicator.section.title,
            "code": indicator.code,
            "text": indicator.text,
            "kind": indicator.kind,
            "position": indicator.position,
            "trend_gap": indicator.trend_gap,
            **_translations(indicator),
        }


def _target_rows(plan: ActionPlan) -> Iterator[Row]:
    targets = (
        Target.objects.of_plan(plan)
        .select_related("indicator__section", "phase", "region", "portfolio")
        .prefetch_related("custodian_links__custodian")
        .order_by(
            "indicator__section__position", "indicator__position", "position", "phase__start_year"
        )
    )
    for target in targets:
        links = sorted(target.custodian_links.all(), key=lambda link: (link.position, link.pk))
        yield {
            "indicator": target.indicator.code,
            "phase": target.phase.label,
            "scope": target.scope,
            "region": target.region.code if target.region else None,
            "portfolio": target.portfolio.code if target.portfolio else None,
            "kind": target.kind,
            "value": target.value,
            "unit": target.unit,
            "direction": target.direction,
            "text": target.text,
            "baseline_value": target.baseline_value,
            "baseline_text": target.baseline_text,
            "baseline_year": target.baseline_year,
            "custodians": LIST_SEPARATOR.join(link.custodian.acronym for link in links),
            "custodians_label": target.custodians_label,
            "position": target.position,
            **_translations(target),
        }


def _custodian_rows() -> Iterator[Row]:
    units = CustodianUnit.objects.select_related("portfolio", "region").order_by("acronym")
    for unit in units:
        yield {
            "acronym": unit.acronym,
            "name": unit.name,
            "kind": unit.kind,
            "portfolio": unit.portfolio.code if unit.portfolio else None,
            "region": unit.region.code if unit.region else None,
            **_translations(unit),
        }


def _coded_rows(model: type[Portfolio] | type[Region]) -> Iterator[Row]:
    for item in model.objects.order_by("position", "name"):
        yield {"code": item.code, "name": item.name, **_translations(item)}


def _write_sheet(sheet: Worksheet, name: str, rows: Iterable[Row]) -> None:
    columns = COLUMNS[name]
    for position, column in enumerate(columns, start=1):
        write_text(sheet.cell(row=1, column=position), column.heading).font = HEADING_FONT
        sheet.column_dimensions[get_column_letter(position)].width = column.width
    sheet.freeze_panes = "A2"
    for number, row in enumerate(rows, start=2):
        for position, column in enumerate(columns, start=1):
            _write_cell(sheet.cell(row=number, column=position), column.kind, row[column.key])


def _write_cell(cell: Any, kind: Kind, value: Any) -> None:
    if value is None or value == "":
        return
    if kind == Kind.YES_NO:
        write_text(cell, YES if value else NO)
    elif kind == Kind.DATE:
        cell.value = value
        cell.number_format = DATE_FORMAT
    elif isinstance(value, Decimal):
        # Whole numbers as integers, so that 37.00 reads back as the 37 it shows.
        cell.value = int(value) if value == value.to_integral_value() else float(value)
    elif isinstance(value, int):
        cell.value = value
    else:
        write_text(cell, value)


def plan_definition_workbook(plan: ActionPlan) -> Workbook:
    workbook = Workbook()
    workbook.remove(workbook.active)
    sheets = {
        PLAN: _plan_rows(plan),
        PHASES: _phase_rows(plan),
        REPORTING_YEARS: _reporting_year_rows(plan),
        PUBLISHED: _published_rows(plan),
        SECTIONS: _section_rows(plan),
        INDICATORS: _indicator_rows(plan),
        TARGETS: _target_rows(plan),
        CUSTODIANS: _custodian_rows(),
        PORTFOLIOS: _coded_rows(Portfolio),
        REGIONS: _coded_rows(Region),
    }
    for name, rows in sheets.items():
        _write_sheet(workbook.create_sheet(name), name, rows)
    return workbook


def plan_definition_bytes(plan: ActionPlan) -> bytes:
    """The .xlsx file of ``plan``'s definition."""
    buffer = BytesIO()
    plan_definition_workbook(plan).save(buffer)
    return buffer.getvalue()
