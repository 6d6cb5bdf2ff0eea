"""From the definition's typed rows to the plan document ``indicators.loading`` takes.

Checks what one cell alone cannot tell: codes that name nothing, duplicates, a target's scope
without its region or portfolio. Each problem names the cell. ``places`` keeps, for each thing
of the document, the row it came from, so that a refusal of the loader (a value the model
refuses) is shown on that row too.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import ngettext, pgettext_lazy

from custodians.models import CustodianUnit, Portfolio, Region
from custodians.plan_texts import TRANSLATED
from indicators.models import Target
from workbooks.importing.problems import Problem
from workbooks.plan_definition.layout import (
    COLUMNS,
    CUSTODIANS,
    INDICATORS,
    PHASES,
    PLAN,
    PORTFOLIOS,
    PUBLISHED,
    REGIONS,
    REPORTING_YEARS,
    SECTIONS,
    TARGETS,
    Kind,
)
from workbooks.plan_definition.reading import ReadSheets, Row

# What a cell names, in the problems' words ("Row 2 has the same indicator code “RBM.1”.").
WHAT = {
    "portfolio code": pgettext_lazy("what a cell of a plan definition names", "portfolio code"),
    "portfolio name": pgettext_lazy("what a cell of a plan definition names", "portfolio name"),
    "region code": pgettext_lazy("what a cell of a plan definition names", "region code"),
    "region name": pgettext_lazy("what a cell of a plan definition names", "region name"),
    "acronym": pgettext_lazy("what a cell of a plan definition names", "acronym"),
    "name": pgettext_lazy("what a cell of a plan definition names", "name"),
    "phase label": pgettext_lazy("what a cell of a plan definition names", "phase label"),
    "year": pgettext_lazy("what a cell of a plan definition names", "year"),
    "section title": pgettext_lazy("what a cell of a plan definition names", "section title"),
    "indicator code": pgettext_lazy("what a cell of a plan definition names", "indicator code"),
    "section": pgettext_lazy("what a cell of a plan definition names", "section"),
    "phase": pgettext_lazy("what a cell of a plan definition names", "phase"),
}


def _what(what: str) -> str:
    return str(WHAT.get(what, what))


@dataclass
class Definition:
    document: dict[str, Any] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    # How the loader names a thing in its messages ("indicator ACC.1, target 2") -> its row.
    places: dict[str, Row] = field(default_factory=dict)
    plan_row: Row | None = None

    def place_of(self, message: str) -> Problem:
        """The loader's message ("<where>: <what>") as a problem on the row it is about."""
        where, _colon, what = message.partition(": ")
        for length in range(len(where), 0, -1):
            row = self.places.get(where[:length])
            if row is not None and (length == len(where) or where[length] == ","):
                return row.problem("", what or message)
        return Problem(message)


def _unique(rows: Iterable[Row], key: str, what: str, problems: list[Problem]) -> dict[Any, Row]:
    """The rows by their ``key`` value; a second row with the same value is a problem."""
    found: dict[Any, Row] = {}
    for row in rows:
        value = row.values.get(key)
        if value is None:
            continue
        if value in found:
            problems.append(
                row.problem(
                    key,
                    _("Row %(row)s has the same %(what)s “%(value)s”.")
                    % {"row": found[value].number, "what": _what(what), "value": value},
                )
            )
        else:
            found[value] = row
    return found


def _values(row: Row, *keys: str) -> dict[str, Any]:
    return {key: row.values[key] for key in keys if row.values.get(key) is not None}


def _translated(row: Row, field: str) -> dict[str, Any]:
    """The French and Spanish versions of the row's ``field`` and their working-translation
    flags, as the plan document takes them (``name_fr``, ``unofficial_fr``): an empty cell
    clears a version. A language whose columns the sheet lacks (a workbook exported before
    they existed) is not mentioned, so the database keeps its version."""
    given: dict[str, Any] = {}
    for language in TRANSLATED:
        key = f"{field}_{language}"
        if key in row.letters:
            given[key] = row.values.get(key) or ""
            given[f"unofficial_{language}"] = bool(row.values.get(f"unofficial_{language}"))
    return given


def _sorted(rows: Iterable[Row]) -> list[Row]:
    return sorted(rows, key=lambda row: (row.values.get("position") or 0, row.number))


class _Builder:
    def __init__(self, read: ReadSheets) -> None:
        self.rows = read.rows
        self.definition = Definition(problems=list(read.problems))
        self.problems = self.definition.problems
        self.places = self.definition.places

    def known(self, row: Row, key: str, codes: set[str], what: str, sheet: str = "") -> None:
        """The ``key`` cell names one of ``codes`` (those of ``sheet``, when said)."""
        value = row.values.get(key)
        if value is not None and value not in codes:
            if sheet:
                message = _("Unknown %(what)s “%(value)s” (not on the %(sheet)s sheet).")
            else:
                message = _("Unknown %(what)s “%(value)s”.")
            self.problems.append(
                row.problem(key, message % {"what": _what(what), "value": value, "sheet": sheet})
            )

    def build(self) -> Definition:
        document = self.definition.document
        portfolios = self.coded(PORTFOLIOS, Portfolio, "portfolio", document)
        regions = self.coded(REGIONS, Region, "region", document)
        acronyms = self.custodians(document, portfolios, regions)
        self.plan(document)
        phases = self.phases(document)
        self.reporting_years(document)
        self.published(document)
        self.sections(document, phases, portfolios, regions, acronyms)
        return self.definition

    def coded(self, sheet: str, model: type, what: str, document: dict) -> set[str]:
        rows = self.rows.get(sheet, [])
        _unique(rows, "code", f"{what} code", self.problems)
        _unique(rows, "name", f"{what} name", self.problems)
        key = "portfolios" if sheet == PORTFOLIOS else "regions"
        document[key] = [_values(row, "code", "name") | _translated(row, "name") for row in rows]
        for row in rows:
            self.places[f"{what} {row.values.get('code')}"] = row
        stored = set(model.objects.values_list("code", flat=True))
        return stored | {row.values["code"] for row in rows if row.values.get("code")}

    def custodians(self, document: dict, portfolios: set[str], regions: set[str]) -> set[str]:
        rows = self.rows.get(CUSTODIANS, [])
        _unique(rows, "acronym", "acronym", self.problems)
        _unique(rows, "name", "name", self.problems)
        for row in rows:
            self.known(row, "portfolio", portfolios, "portfolio code")
            self.known(row, "region", regions, "region code")
            self.places[f"custodian {row.values.get('acronym')}"] = row
        document["custodians"] = [
            _values(row, "acronym", "name", "kind", "portfolio", "region")
            | _translated(row, "name")
            for row in rows
        ]
        stored = set(CustodianUnit.objects.values_list("acronym", flat=True))
        return stored | {row.values["acronym"] for row in rows if row.values.get("acronym")}

    def plan(self, document: dict) -> None:
        rows = self.rows.get(PLAN)
        if rows is None:
            return
        if len(rows) != 1:
            self.problems.append(
                Problem(
                    ngettext(
                        "The sheet holds %(count)s plans; it takes one, on row 2.",
                        "The sheet holds %(count)s plans; it takes one, on row 2.",
                        len(rows),
                    )
                    % {"count": len(rows)},
                    sheet=PLAN,
                    row=rows[1].number if rows else 2,
                )
            )
        if rows:
            row = rows[0]
            document["plan"] = _values(
                row,
                "slug",
                "title",
                "organisation",
                "start_year",
                "end_year",
                "source_document",
                "loaded_targets",
            )
            self.places[f"plan {row.values.get('slug')}"] = row
            self.definition.plan_row = row

    def phases(self, document: dict) -> set[str]:
        rows = self.rows.get(PHASES, [])
        _unique(rows, "label", "phase label", self.problems)
        document["phases"] = [
            _values(row, "label", "start_year", "end_year")
            | {"target_count": row.values.get("target_count")}
            for row in rows
        ]
        for row in rows:
            self.places[f"phase {row.values.get('label')}"] = row
        return {row.values["label"] for row in rows if row.values.get("label")}

    def reporting_years(self, document: dict) -> None:
        rows = self.rows.get(REPORTING_YEARS, [])
        _unique(rows, "year", "year", self.problems)
        document["reporting_years"] = [
            {
                "year": row.values.get("year"),
                "deadline": row.values["deadline"].isoformat()
                if row.values.get("deadline")
                else None,
                "is_open": row.values.get("is_open") is not False,
            }
            for row in rows
        ]
        for row in rows:
            self.places[f"reporting year {row.values.get('year')}"] = row

    def published(self, document: dict) -> None:
        rows = self.rows.get(PUBLISHED, [])
        _unique(rows, "year", "year", self.problems)
        document["published_figures"] = [
            {
                column.key: row.values.get(column.key)
                if column.kind == Kind.INTEGER
                else row.values.get(column.key) or ""
                for column in COLUMNS[PUBLISHED]
            }
            for row in rows
        ]
        for figures in document["published_figures"]:
            for count in ("on_track", "not_on_track", "data_unavailable", "not_reported"):
                figures[count] = figures[count] or 0
        for row in rows:
            self.places[f"published figures {row.values.get('year')}"] = row

    def sections(
        self,
        document: dict,
        phases: set[str],
        portfolios: set[str],
        regions: set[str],
        acronyms: set[str],
    ) -> None:
        sections = _sorted(self.rows.get(SECTIONS, []))
        titles = _unique(sections, "title", "section title", self.problems)
        indicators = self.rows.get(INDICATORS, [])
        codes = _unique(indicators, "code", "indicator code", self.problems)
        by_section: dict[str, list[Row]] = defaultdict(list)
        for row in indicators:
            self.known(row, "section", set(titles), "section", SECTIONS)
            by_section[row.values.get("section")].append(row)
        targets_of = self.targets(phases, portfolios, regions, acronyms, set(codes))
        document["sections"] = []
        for position, section in enumerate(sections, start=1):
            self.places[f"section {position}"] = section
            specs = []
            for row in _sorted(by_section[section.values.get("title")]):
                code = row.values.get("code")
                self.places[f"indicator {code}"] = row
                targets = _sorted(targets_of[code])
                for number, target in enumerate(targets, start=1):
                    self.places[f"indicator {code}, target {number}"] = target
                specs.append(
                    _values(row, "code", "text", "kind", "trend_gap")
                    | _translated(row, "text")
                    | {"targets": [self.target(target) for target in targets]}
                )
            document["sections"].append(
                {"title": section.values.get("title")}
                | _translated(section, "title")
                | {"indicators": specs}
            )

    def targets(
        self,
        phases: set[str],
        portfolios: set[str],
        regions: set[str],
        acronyms: set[str],
        codes: set[str],
    ) -> dict[str, list[Row]]:
        by_indicator: dict[str, list[Row]] = defaultdict(list)
        seen: dict[tuple, Row] = {}
        for row in self.rows.get(TARGETS, []):
            values = row.values
            self.known(row, "indicator", codes, "indicator code", INDICATORS)
            self.known(row, "phase", phases, "phase", PHASES)
            self.known(row, "region", regions, "region code")
            self.known(row, "portfolio", portfolios, "portfolio code")
            for acronym in values.get("custodians") or []:
                if acronym not in acronyms:
                    self.problems.append(
                        row.problem(
                            "custodians",
                            _("Unknown custodian unit “%(acronym)s”.") % {"acronym": acronym},
                        )
                    )
            self.scoped(row)
            identity = tuple(
                values.get(k) for k in ("indicator", "phase", "scope", "region", "portfolio")
            )
            if values.get("scope") in (Target.Scope.GLOBAL, Target.Scope.HEADQUARTERS):
                identity = (values.get("indicator"), values.get("phase"), "global")
            if identity in seen:
                self.problems.append(
                    row.problem(
                        "scope",
                        _(
                            "Row %(row)s is already this indicator's target for this phase and "
                            "scope."
                        )
                        % {"row": seen[identity].number},
                    )
                )
            else:
                seen[identity] = row
            by_indicator[values.get("indicator")].append(row)
        return by_indicator

    def scoped(self, row: Row) -> None:
        """A regional target names its region and only it; a portfolio's, its portfolio."""
        scope = row.values.get("scope")
        messages = {
            "region": (
                _("A region target names its region code."),
                _("Only a region target has a region code; this one is %(scope)s."),
            ),
            "portfolio": (
                _("A portfolio target names its portfolio code."),
                _("Only a portfolio target has a portfolio code; this one is %(scope)s."),
            ),
        }
        for key, needed in (("region", Target.Scope.REGION), ("portfolio", Target.Scope.PORTFOLIO)):
            missing, only = messages[key]
            if scope == needed and row.values.get(key) is None:
                self.problems.append(row.problem(key, missing))
            elif scope and scope != needed and row.values.get(key) is not None:
                self.problems.append(row.problem(key, only % {"scope": scope}))

    @staticmethod
    def target(row: Row) -> dict[str, Any]:
        spec = _values(
            row,
            "phase",
            "scope",
            "region",
            "portfolio",
            "kind",
            "value",
            "direction",
            "baseline_value",
            "baseline_year",
        )
        for key in ("unit", "text", "baseline_text", "custodians_label"):
            spec[key] = row.values.get(key) or ""
        spec["custodians"] = row.values.get("custodians") or []
        return spec | _translated(row, "text")


def build_definition(read: ReadSheets) -> Definition:
    """The plan document of the sheets read, with every problem found on the way."""
    return _Builder(read).build()
