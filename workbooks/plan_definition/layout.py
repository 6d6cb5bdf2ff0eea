"""The plan definition workbook's sheets and columns: the one description that the export
writes and the import reads, so that the two cannot drift apart.

A plan text (a portfolio's, region's or unit's name, a section's title, an indicator's or
target's text) has columns for its French and Spanish versions ("Name (French)") and for whether
each is a working translation ("French is a working translation"), not the Office's text
(custodians/plan_texts.py). They are optional: a workbook exported before they existed still
imports, and leaves the translations the database holds as they are.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

from django.conf.locale import LANG_INFO
from django.db import models
from django.utils.functional import Promise

from custodians.models import CustodianUnit, Portfolio, Region
from custodians.plan_texts import TRANSLATED, TranslatedText
from indicators.models import Indicator, Section, Target, Unit
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
    # For a text: the most characters the database keeps (None: no limit).
    limit: int | None = None
    # For a translation's columns (its text and whether it is a working one): the language. They
    # are optional, but a sheet that has one of a language's columns needs the other.
    language: str = ""


def _choices(text_choices: type) -> tuple[tuple[str, str | Promise], ...]:
    """The stored values and their labels, left lazy: the import takes a label in any of the
    languages (read when a cell is, never frozen in the language of the first import)."""
    return tuple((str(value), label) for value, label in text_choices.choices)


def _limit(model: type[models.Model], field: str) -> int | None:
    return model._meta.get_field(field).max_length


def _translations(model: type[TranslatedText], heading: str, width: int) -> tuple[Column, ...]:
    """The columns of the French and Spanish versions of ``model``'s plan text, each followed by
    whether it is a working translation; headed in English like the others ("Name (French)")."""
    field = model.translated_field
    columns: list[Column] = []
    for language in TRANSLATED:
        name = LANG_INFO[language]["name"]  # "French", "Spanish"
        key = f"{field}_{language}"
        columns += [
            Column(
                key,
                f"{heading} ({name})",
                width=width,
                limit=_limit(model, key),
                language=language,
            ),
            Column(
                f"unofficial_{language}",
                f"{name} is a working translation",
                Kind.YES_NO,
                width=12,
                language=language,
            ),
        ]
    return tuple(columns)


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
        Column("title", "Title", required=True, width=40, limit=_limit(Section, "title")),
        *_translations(Section, "Title", 40),
    ),
    INDICATORS: (
        Column("section", "Section", required=True, width=30),
        Column("code", "Code", required=True),
        Column("text", "Text", required=True, width=60),
        Column("kind", "Kind", Kind.CHOICE, required=True, choices=_choices(Indicator.Kind)),
        Column("position", "Position", Kind.INTEGER, required=True),
        Column("trend_gap", "Trend gap", Kind.DECIMAL, required=True),
        *_translations(Indicator, "Text", 60),
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
        Column("text", "Text", width=40, limit=_limit(Target, "text")),
        Column("baseline_value", "Baseline value", Kind.DECIMAL),
        Column("baseline_text", "Baseline text", width=30),
        Column("baseline_year", "Baseline year", Kind.INTEGER),
        Column("custodians", "Custodians", Kind.LIST, width=30),
        Column("custodians_label", "Custodians label", width=30),
        Column("position", "Position", Kind.INTEGER, required=True),
        *_translations(Target, "Text", 40),
    ),
    CUSTODIANS: (
        Column("acronym", "Acronym", required=True),
        Column("name", "Name", required=True, width=50, limit=_limit(CustodianUnit, "name")),
        Column("kind", "Kind", Kind.CHOICE, required=True, choices=_choices(CustodianUnit.Kind)),
        Column("portfolio", "Portfolio code"),
        Column("region", "Region code"),
        *_translations(CustodianUnit, "Name", 50),
    ),
    PORTFOLIOS: (
        Column("code", "Code", required=True),
        Column("name", "Name", required=True, width=40, limit=_limit(Portfolio, "name")),
        *_translations(Portfolio, "Name", 40),
    ),
    REGIONS: (
        Column("code", "Code", required=True),
        Column("name", "Name", required=True, width=40, limit=_limit(Region, "name")),
        *_translations(Region, "Name", 40),
    ),
}

SHEETS: tuple[str, ...] = tuple(COLUMNS)
LIST_SEPARATOR = ", "
YES, NO = DATA_YES, DATA_NO  # what the data workbook writes and reads
