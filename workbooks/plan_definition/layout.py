"""The plan definition workbook's sheets and columns: the one description that the export
writes and the import reads, so that the two cannot drift apart."""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

from django.utils.functional import Promise

from custodians.models import CustodianUnit
from indicators.models import Indicator, Target, Unit
from workbooks.layout import NO as DATA_NO
from workbooks.layout import YES as DATA_YES


class Kind(Enum):
    TEXT = "text"
    INTEGER = "integer"
    DECIMAL = "decimal"
    DATE = "date"
    YES_NO = "yes/no"
    CHOICE = "choice"
    LIST = "list"  # acronyms separated by ", ", in order


@dataclass(frozen=True)
class Column:
    key: str
    heading: str
    kind: Kind = Kind.TEXT
    required: bool = False
    # For a choice: the stored values and their labels; the export writes the stored value,
    # the import takes either, whatever the case.
    choices: tuple[tuple[str, str | Promise], ...] = ()
    width: int = 14


def _choices(text_choices: type) -> tuple[tuple[str, str | Promise], ...]:
    """The stored values and their labels, left lazy: the import takes a label in any of the
    languages (read when a cell is, never frozen in the language of the first import)."""
    return tuple((str(value), label) for value, label in text_choices.choices)


PLAN = "Plan"
PHASES = "Phases"
REPORTING_YEARS = "Reporting years"
PUBLISHED = "Published figures"
SECTIONS = "Sections"
INDICATORS = "Indicators"
TARGETS = "Targets"
CUSTODIANS = "Custodian units"
PORTFOLIOS = "Portfolios"
REGIONS = "Regions"

COLUMNS: dict[str, tuple[Column, ...]] = {
    PLAN: (
        Column("slug", "Slug", required=True, width=20),
        Column("title", "Title", required=True, width=40),
        Column("organisation", "Organisation", required=True, width=30),
        Column("start_year", "Start year", Kind.INTEGER, required=True),
        Column("end_year", "End year", Kind.INTEGER, required=True),
        Column("source_document", "Source document", width=50),
        Column("loaded_targets", "Loaded targets", width=50),
    ),
    PHASES: (
        Column("label", "Label", required=True),
        Column("start_year", "Start year", Kind.INTEGER, required=True),
        Column("end_year", "End year", Kind.INTEGER, required=True),
        Column("target_count", "Target count", Kind.INTEGER),
    ),
    REPORTING_YEARS: (
        Column("year", "Year", Kind.INTEGER, required=True),
        Column("deadline", "Deadline", Kind.DATE),
        Column("is_open", "Open", Kind.YES_NO),
    ),
    # The monitoring figures a document published for the whole plan, where only part of it is
    # loaded in detail (indicators.models.PublishedFigures).
    PUBLISHED: (
        Column("year", "Year", Kind.INTEGER, required=True),
        Column("on_track", "On track (met)", Kind.INTEGER),
        Column("not_on_track", "Not on track", Kind.INTEGER),
        Column("data_unavailable", "Data unavailable", Kind.INTEGER),
        Column("not_reported", "Not reported", Kind.INTEGER),
        Column("unavailable_reason", "Why data is unavailable", width=30),
        Column("source_document", "Source document", required=True, width=16),
        Column("source_paragraph", "Paragraph"),
        Column("reconciliation", "Reconciliation", width=60),
    ),
    SECTIONS: (
        Column("position", "Position", Kind.INTEGER, required=True),
        Column("title", "Title", required=True, width=40),
    ),
    INDICATORS: (
        Column("section", "Section", required=True, width=30),
        Column("code", "Code", required=True),
        Column("text", "Text", required=True, width=60),
        Column("kind", "Kind", Kind.CHOICE, required=True, choices=_choices(Indicator.Kind)),
        Column("position", "Position", Kind.INTEGER, required=True),
        Column("trend_gap", "Trend gap", Kind.DECIMAL, required=True),
    ),
    TARGETS: (
        Column("indicator", "Indicator code", required=True),
        Column("phase", "Phase", required=True),
        Column("scope", "Scope", Kind.CHOICE, required=True, choices=_choices(Target.Scope)),
        Column("region", "Region code"),
        Column("portfolio", "Portfolio code"),
        Column("kind", "Kind", Kind.CHOICE, required=True, choices=_choices(Target.Kind)),
        Column("value", "Value", Kind.DECIMAL),
        Column("unit", "Unit", Kind.CHOICE, choices=_choices(Unit)),
        Column(
            "direction",
            "Direction",
            Kind.CHOICE,
            required=True,
            choices=_choices(Target.Direction),
        ),
        Column("text", "Text", width=40),
        Column("baseline_value", "Baseline value", Kind.DECIMAL),
        Column("baseline_text", "Baseline text", width=30),
        Column("baseline_year", "Baseline year", Kind.INTEGER),
        Column("custodians", "Custodians", Kind.LIST, width=30),
        Column("custodians_label", "Custodians label", width=30),
        Column("position", "Position", Kind.INTEGER, required=True),
    ),
    CUSTODIANS: (
        Column("acronym", "Acronym", required=True),
        Column("name", "Name", required=True, width=50),
        Column("kind", "Kind", Kind.CHOICE, required=True, choices=_choices(CustodianUnit.Kind)),
        Column("portfolio", "Portfolio code"),
        Column("region", "Region code"),
    ),
    PORTFOLIOS: (
        Column("code", "Code", required=True),
        Column("name", "Name", required=True, width=40),
    ),
    REGIONS: (
        Column("code", "Code", required=True),
        Column("name", "Name", required=True, width=40),
    ),
}

SHEETS: tuple[str, ...] = tuple(COLUMNS)
LIST_SEPARATOR = ", "
YES, NO = DATA_YES, DATA_NO  # what the data workbook writes and reads
