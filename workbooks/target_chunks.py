"""Targets read in chunks for the exports, as plain rows with what a workbook prints of them.

An export reads every target of a plan, and building a model instance per target and per result
costs several times what reading their values does. So the exports read values: a chunk of
targets, then their custodian links, the year's results, breakdown lines and listed actions in
one query each, filtered by the chunk's ids. The small tables a row points to (indicators,
sections, phases, regions, portfolios, custodian units) are read once and shared. A
``TargetRow`` and a ``ResultRow`` have the fields of a ``Target`` and a ``Result`` that the
workbooks print, and print them through the same rules (``indicators.formatting``,
``indicators.models.scope_label``, ``indicators.status.target_status``).

Each target row comes with:
- ``indicator`` (with its ``section``), ``phase``, ``region`` and ``portfolio``;
- ``custodian_units``: its custodian units in their order;
- ``year_results``: the year's result, or nothing: only a counted one (``counted_only``), and
  only one of the ``results`` given (a user's: ``Result.objects.visible_to``);
- with ``with_lines_and_actions`` (the appendix), a result's ``lines``: its breakdown lines
  with their portfolio and custodian, and the target's ``listed_actions``: the actions the
  workbooks list, in their order.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from itertools import islice
from typing import Any, NamedTuple

from django.db import connection
from django.db.models import Model, Q, QuerySet
from django.db.models.expressions import RawSQL

from custodians.models import CustodianUnit, Portfolio, Region
from custodians.plan_texts import translation_names
from indicators.formatting import result_text, target_text
from indicators.models import (
    AcceleratingAction,
    Indicator,
    Phase,
    Result,
    ResultBreakdownLine,
    Section,
    Target,
    TargetCustodian,
    scope_label,
)
from indicators.review import Counting, is_counted
from indicators.status import Status, target_status

# Rows read at a time: a plan of any size takes the memory of one chunk.
EXPORT_CHUNK = 2_000
# Dropped actions are no longer commitments: neither the appendix nor the data workbook lists them
# as the custodian's actions (they stay in the history and the administration).
LISTED_ACTIONS = ~Q(state=AcceleratingAction.State.DROPPED)

TARGET_FIELDS = (
    "id",
    "indicator_id",
    "phase_id",
    "scope",
    "region_id",
    "portfolio_id",
    "kind",
    "value",
    "unit",
    "direction",
    "text",
    "custodians_label",
    # The text's versions, so that it prints in the workbook's language (plan_texts).
    *translation_names(Target),
)
RESULT_FIELDS = (
    "id",
    "target_id",
    "value",
    "unit",
    "statement",
    "data_unavailable",
    "unavailable_reason",
    "declared_status",
    "explanation",
    "evidence_url",
    "review_state",
    "version",
)
REVIEW_STATES = dict(Result.ReviewState.choices)
DECLARED_STATUSES = dict(Result.DeclaredStatus.choices)


@dataclass(slots=True)
class TargetRow:
    """A target's printed fields and what the export attaches to it."""

    id: int
    indicator_id: int
    phase_id: int
    scope: str
    region_id: int | None
    portfolio_id: int | None
    kind: str
    value: Decimal | None
    unit: str
    direction: str
    text: str
    custodians_label: str
    text_fr: str
    text_es: str
    unofficial_fr: bool
    unofficial_es: bool
    indicator: Indicator | None = None
    phase: Phase | None = None
    region: Region | None = None
    portfolio: Portfolio | None = None
    custodian_units: list[CustodianUnit] = field(default_factory=list)
    year_results: list[ResultRow] = field(default_factory=list)
    listed_actions: list[ListedAction] = field(default_factory=list)

    @property
    def pk(self) -> int:
        return self.id

    @property
    def display_text(self) -> str:
        return target_text(self)

    @property
    def scope_label(self) -> str:
        return scope_label(self)

    def status_for(self, result: ResultRow | None) -> Status:
        return target_status(self, result)


@dataclass(slots=True)
class ResultRow:
    """A result's printed fields, and its breakdown lines when the export reads them."""

    id: int
    target_id: int
    value: Decimal | None
    unit: str
    statement: str
    data_unavailable: bool
    unavailable_reason: str
    declared_status: str
    explanation: str
    evidence_url: str
    review_state: str
    version: int
    lines: list[ResultBreakdownLine] = field(default_factory=list)

    @property
    def pk(self) -> int:
        return self.id

    @property
    def display_text(self) -> str:
        return result_text(self)

    def get_review_state_display(self) -> str:
        return REVIEW_STATES.get(self.review_state, self.review_state)

    def get_declared_status_display(self) -> str:
        return DECLARED_STATUSES.get(self.declared_status, self.declared_status)


class ListedAction(NamedTuple):
    """What the appendix prints of an action: under its custodian, its text (in the
    appendix's language when it has a version in it: ``custodians.plan_texts``)."""

    custodian_id: int
    text: str
    text_fr: str = ""
    text_es: str = ""
    unofficial_fr: bool = False
    unofficial_es: bool = False
    translated_field = "text"  # read by plan_texts; not a field of the tuple


LINE_PORTFOLIO, LINE_CUSTODIAN = (
    ResultBreakdownLine._meta.get_field(name) for name in ("portfolio", "custodian")
)
SECTION = Indicator._meta.get_field("section")


def among(ids: Iterable[int]) -> RawSQL:
    """A chunk's ids as one parameter, for ``field__in``: Django prepares an ``IN`` list value
    by value, which cost a third of reading the appendix's rows."""
    ids = [int(pk) for pk in ids]
    if connection.vendor == "postgresql":
        return RawSQL("SELECT unnest(%s::bigint[])", (ids,))
    return RawSQL("SELECT value FROM json_each(%s)", (json.dumps(ids),))


def chunks(rows: Iterable, size: int = EXPORT_CHUNK) -> Iterator[list]:
    iterator = iter(rows)
    while chunk := list(islice(iterator, size)):
        yield chunk


def target_rows(targets: QuerySet[Target]) -> Iterator[TargetRow]:
    """The targets' printed fields, in the queryset's order, read in chunks."""
    for values in targets.values_list(*TARGET_FIELDS).iterator(chunk_size=EXPORT_CHUNK):
        yield TargetRow(*values)


class RelatedRows:
    """The small tables the exported rows point to, read once (indicators as they are met)."""

    def __init__(self) -> None:
        self.phases = _by_id(Phase.objects.all())
        self.regions = _by_id(Region.objects.all())
        self.portfolios = _by_id(Portfolio.objects.all())
        self.units = _by_id(CustodianUnit.objects.all())
        self.indicators: dict[int, Indicator] = {}
        self.sections: dict[int, Section] = {}

    def read_indicators(self, ids: set[int]) -> None:
        missing = ids - self.indicators.keys()
        if not missing:
            return
        indicators = list(Indicator.objects.filter(pk__in=among(missing)))
        sections = {indicator.section_id for indicator in indicators} - self.sections.keys()
        if sections:
            self.sections.update(_by_id(Section.objects.filter(pk__in=among(sections))))
        for indicator in indicators:
            SECTION.set_cached_value(indicator, self.sections[indicator.section_id])
            self.indicators[indicator.pk] = indicator

    def set_target_relations(self, targets: list[TargetRow]) -> None:
        """Each target's indicator, phase, region and portfolio."""
        self.read_indicators({target.indicator_id for target in targets})
        for target in targets:
            target.indicator = self.indicators[target.indicator_id]
            target.phase = self.phases[target.phase_id]
            target.region = self.regions.get(target.region_id)
            target.portfolio = self.portfolios.get(target.portfolio_id)


def _by_id(rows: QuerySet) -> dict[Any, Model]:
    return {row.pk: row for row in rows}


def with_export_rows(
    targets: QuerySet[Target],
    *,
    year: int,
    counted_only: bool,
    counting: str = Counting.WITH_SUBMITTED,
    results: QuerySet[Result] | None = None,
    with_lines_and_actions: bool = False,
    related: RelatedRows | None = None,
) -> Iterator[TargetRow]:
    """``targets`` (already filtered and ordered) as rows in chunks, each with its rows.

    ``results`` are the results the rows may show (all by default); ``counted_only`` keeps
    only the counted ones of them, as ``counting`` says (submitted too, or approved only).
    """
    related = related or RelatedRows()
    for chunk in chunks(target_rows(targets), EXPORT_CHUNK):
        attach_rows(
            chunk,
            related=related,
            year=year,
            counted_only=counted_only,
            counting=counting,
            results=results,
            with_lines_and_actions=with_lines_and_actions,
        )
        yield from chunk


def attach_rows(
    chunk: list[TargetRow],
    *,
    related: RelatedRows,
    year: int,
    counted_only: bool,
    counting: str = Counting.WITH_SUBMITTED,
    results: QuerySet[Result] | None = None,
    with_lines_and_actions: bool = False,
) -> None:
    ids = [target.id for target in chunk]
    related.set_target_relations(chunk)

    units_of: dict[int, list[CustodianUnit]] = defaultdict(list)
    links = (
        TargetCustodian.objects.filter(target_id__in=among(ids))
        .order_by("target_id", "position", "pk")
        .values_list("target_id", "custodian_id")
    )
    for target_id, unit_id in links:
        units_of[target_id].append(related.units[unit_id])

    # Whether a result counts is checked here rather than in SQL: with it, SQLite's planner
    # takes the (year, state) index and reads every result of the year for each chunk.
    shown = (
        (Result.objects.all() if results is None else results)
        .filter(target_id__in=among(ids), year=year)
        .order_by()  # read into a dict: the model's ordering would only add joins
    )
    result_of = {
        result.target_id: result
        for result in (ResultRow(*values) for values in shown.values_list(*RESULT_FIELDS))
        if not counted_only or is_counted(result.review_state, counting)
    }
    if with_lines_and_actions and result_of:
        result_by_id = {result.id: result for result in result_of.values()}
        lines = ResultBreakdownLine.objects.filter(result_id__in=among(result_by_id)).order_by(
            "result_id", "position", "pk"
        )
        for line in lines:
            LINE_PORTFOLIO.set_cached_value(line, related.portfolios[line.portfolio_id])
            LINE_CUSTODIAN.set_cached_value(line, related.units[line.custodian_id])
            result_by_id[line.result_id].lines.append(line)

    actions_of: dict[int, list[ListedAction]] = defaultdict(list)
    if with_lines_and_actions:
        actions = (
            AcceleratingAction.objects.filter(LISTED_ACTIONS, target_id__in=among(ids))
            .order_by("target_id", "position", "pk")
            .values_list(
                "target_id", "custodian_id", "text", *translation_names(AcceleratingAction)
            )
        )
        for target_id, *listed in actions:
            actions_of[target_id].append(ListedAction(*listed))

    for target in chunk:
        target.custodian_units = units_of.get(target.id, [])
        result = result_of.get(target.id)
        target.year_results = [result] if result is not None else []
        target.listed_actions = actions_of.get(target.id, [])
