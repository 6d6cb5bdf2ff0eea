"""Targets read in chunks for the exports, each with what a workbook prints of it.

An export reads every target of a plan, so the reading is kept to plain rows: the targets of a
chunk, then their custodian links, the year's results (with their breakdown lines) and their
listed actions in one query each, filtered by the chunk's ids. The small tables a row refers
to (indicators with their sections, phases, regions, portfolios, custodian units) are read once
and shared, rather than joined and built again for every row: so a chunk of 2,000 targets
costs a handful of queries and about one object per row read.

Each target comes with:
- ``indicator`` (with its ``section``), ``phase``, ``region`` and ``portfolio`` set;
- ``custodian_units``: its custodian units in their order;
- ``year_results``: the year's result, or nothing (``counted_only``: submitted or approved);
- with ``with_lines_and_actions`` (the appendix), a result's ``lines``: its breakdown lines
  with their portfolio and custodian set, and the target's ``listed_actions``: the actions the
  workbooks list, in their order.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator
from itertools import islice
from typing import NamedTuple

from django.db.models import Model, Q, QuerySet

from custodians.models import CustodianUnit, Portfolio, Region
from indicators.models import (
    AcceleratingAction,
    Indicator,
    Phase,
    Result,
    ResultBreakdownLine,
    Target,
    TargetCustodian,
)

# Rows read at a time: a plan of any size takes the memory of one chunk.
EXPORT_CHUNK = 2_000
# Dropped actions are no longer commitments: neither the appendix nor the data workbook lists them
# as the custodian's actions (they stay in the history and the administration).
LISTED_ACTIONS = ~Q(state=AcceleratingAction.State.DROPPED)


class ListedAction(NamedTuple):
    """What the appendix prints of an action: under its custodian, its text."""

    custodian_id: int
    text: str


def chunks(rows: Iterable, size: int = EXPORT_CHUNK) -> Iterator[list]:
    iterator = iter(rows)
    while chunk := list(islice(iterator, size)):
        yield chunk


class RelatedRows:
    """The small tables the exported rows point to, read once (indicators as they are met)."""

    def __init__(self) -> None:
        self.phases = _by_id(Phase.objects.all())
        self.regions = _by_id(Region.objects.all())
        self.portfolios = _by_id(Portfolio.objects.all())
        self.units = _by_id(CustodianUnit.objects.all())
        self.indicators: dict[int, Indicator] = {}

    def indicator(self, pk: int) -> Indicator:
        return self.indicators[pk]

    def read_indicators(self, ids: set[int]) -> None:
        missing = ids - self.indicators.keys()
        if missing:
            self.indicators.update(
                _by_id(Indicator.objects.filter(pk__in=missing).select_related("section"))
            )

    def set_target_relations(self, targets: list[Target]) -> None:
        self.read_indicators({target.indicator_id for target in targets})
        for target in targets:
            target.indicator = self.indicators[target.indicator_id]
            target.phase = self.phases[target.phase_id]
            target.region = self.regions.get(target.region_id) if target.region_id else None
            target.portfolio = (
                self.portfolios.get(target.portfolio_id) if target.portfolio_id else None
            )


def _by_id(rows: QuerySet) -> dict[int, Model]:
    return {row.pk: row for row in rows}


def with_export_rows(
    targets: QuerySet[Target],
    *,
    year: int,
    counted_only: bool,
    with_lines_and_actions: bool = False,
    related: RelatedRows | None = None,
) -> Iterator[Target]:
    """``targets`` (already filtered and ordered) in chunks, each target with its rows."""
    related = related or RelatedRows()
    for chunk in chunks(targets.iterator(chunk_size=EXPORT_CHUNK)):
        attach_rows(
            chunk,
            related=related,
            year=year,
            counted_only=counted_only,
            with_lines_and_actions=with_lines_and_actions,
        )
        yield from chunk


def attach_rows(
    chunk: list[Target],
    *,
    related: RelatedRows,
    year: int,
    counted_only: bool,
    with_lines_and_actions: bool = False,
) -> None:
    ids = [target.pk for target in chunk]
    related.set_target_relations(chunk)

    units_of: dict[int, list[CustodianUnit]] = defaultdict(list)
    links = (
        TargetCustodian.objects.filter(target_id__in=ids)
        .order_by("target_id", "position", "pk")
        .values_list("target_id", "custodian_id")
    )
    for target_id, unit_id in links:
        units_of[target_id].append(related.units[unit_id])

    results = Result.objects.filter(target_id__in=ids, year=year)
    if counted_only:
        results = results.filter(review_state__in=Result.COUNTED_STATES)
    result_of = {result.target_id: result for result in results}
    lines_of: dict[int, list[ResultBreakdownLine]] = defaultdict(list)
    if with_lines_and_actions and result_of:
        result_ids = [result.pk for result in result_of.values()]
        for line in ResultBreakdownLine.objects.filter(result_id__in=result_ids).order_by(
            "result_id", "position", "pk"
        ):
            line.portfolio = related.portfolios[line.portfolio_id]
            line.custodian = related.units[line.custodian_id]
            lines_of[line.result_id].append(line)

    actions_of: dict[int, list[ListedAction]] = defaultdict(list)
    if with_lines_and_actions:
        actions = (
            AcceleratingAction.objects.filter(LISTED_ACTIONS, target_id__in=ids)
            .order_by("target_id", "position", "pk")
            .values_list("target_id", "custodian_id", "text")
        )
        for target_id, custodian_id, text in actions:
            actions_of[target_id].append(ListedAction(custodian_id, text))

    for target in chunk:
        target.custodian_units = units_of.get(target.pk, [])
        result = result_of.get(target.pk)
        if result is not None:
            result.target = target
            result.lines = lines_of.get(result.pk, [])  # type: ignore[attr-defined]
        target.year_results = [result] if result is not None else []
        target.listed_actions = actions_of.get(target.pk, [])
