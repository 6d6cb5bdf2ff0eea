"""Reads for the scorecards: a plan, a portfolio, a region or a custodian, for one reporting year.

The rules a scorecard follows are written once, here:

- **Which targets a year counts**: the targets of the phase the year falls in, and targets of an
  earlier phase that still have a counted result in that year (GB.343/INS reports HFR.7's 2018–19
  target beside its 2020–21 one).
- **Status**: ``Target.status_for`` (``indicators/status.py``) on the year's counted result; only
  submitted or approved results count (``Result.COUNTED_STATES``).
- **A portfolio's targets**: targets one of whose custodian units is in the portfolio, targets set
  for the portfolio itself (portfolio scope), and targets with a result broken down by portfolio
  that has a line for it (in any year, so that a portfolio compares the same targets across
  years). The status is the target's own: the documents give the portfolio lines no status.
- **A region's targets**: the regional targets of the region, and targets one of whose
  custodians is the region's regional office.
- **A custodian's targets**: targets it is a custodian of, and targets with a breakdown line in
  its name.

Everything is fetched in a fixed number of queries, whatever the number of targets: the targets,
their custodians, their counted results and the year's breakdown lines, each in one query
filtered by a subquery (never by a list of ids, which would grow with the plan).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Container, Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any, TypeVar

from django.db.models import Exists, OuterRef, Q, QuerySet, Value
from django.utils import timezone

from custodians.models import CustodianUnit, Portfolio, Region
from indicators.models import (
    ActionPlan,
    Phase,
    ReportingYear,
    Result,
    ResultBreakdownLine,
    Target,
    TargetCustodian,
)
from indicators.selectors import Trend, status_is_declared, trend_of
from indicators.status import Status
from reports.headline import StatusCounts, headline_paragraph

STATUS_ORDER = {status: position for position, status in enumerate(Status)}
Key = TypeVar("Key")


# ---- Scopes: whose targets a scorecard counts ------------------------------------------------


# Each rule is asked of a plan's targets one by one (EXISTS on the target's own links and
# lines), so that its cost follows the plan, whatever else the database holds.
def portfolio_targets(portfolio: Portfolio) -> Q:
    custodian_in_portfolio = TargetCustodian.objects.filter(
        target=OuterRef("pk"), custodian__portfolio=portfolio
    )
    line_for_portfolio = ResultBreakdownLine.objects.filter(
        result__target=OuterRef("pk"), portfolio=portfolio
    )
    return (
        Q(portfolio=portfolio) | Q(Exists(custodian_in_portfolio)) | Q(Exists(line_for_portfolio))
    )


def region_targets(region: Region) -> Q:
    regional_office = TargetCustodian.objects.filter(
        target=OuterRef("pk"),
        custodian__kind=CustodianUnit.Kind.REGIONAL_OFFICE,
        custodian__region=region,
    )
    return Q(region=region) | Q(Exists(regional_office))


def custodian_targets(unit: CustodianUnit) -> Q:
    custodian = TargetCustodian.objects.filter(target=OuterRef("pk"), custodian=unit)
    line = ResultBreakdownLine.objects.filter(result__target=OuterRef("pk"), custodian=unit)
    return Q(Exists(custodian)) | Q(Exists(line))


@dataclass(frozen=True)
class ScorecardScope:
    """What a scorecard is about: the whole plan, or one portfolio, region or custodian."""

    kind: str
    label: str
    portfolio: Portfolio | None = None
    region: Region | None = None
    custodian: CustodianUnit | None = None

    @property
    def targets(self) -> Q:
        """Which targets the scorecard counts (the rules above)."""
        if self.portfolio is not None:
            return portfolio_targets(self.portfolio)
        if self.region is not None:
            return region_targets(self.region)
        if self.custodian is not None:
            return custodian_targets(self.custodian)
        return Q()

    @property
    def query(self) -> dict[str, str]:
        """The scope as the JSON download and the ``scorecard`` command name it."""
        if self.portfolio is not None:
            return {"portfolio": self.portfolio.code}
        if self.region is not None:
            return {"region": self.region.code}
        if self.custodian is not None:
            return {"custodian": self.custodian.acronym}
        return {}

    def subject(self, plan: ActionPlan) -> str:
        """How the headline paragraph names the targets ("all ILO Action Plan targets")."""
        short = plan.title.split(" for ")[0]
        if self.kind == "plan":
            return f"all {short} targets"
        return f"the {short} targets of the {self.label}"


def plan_scope() -> ScorecardScope:
    return ScorecardScope(kind="plan", label="whole plan")


def portfolio_scope(portfolio: Portfolio) -> ScorecardScope:
    return ScorecardScope(
        kind="portfolio", label=f"{portfolio.name} Portfolio", portfolio=portfolio
    )


def region_scope(region: Region) -> ScorecardScope:
    return ScorecardScope(kind="region", label=region.name, region=region)


def custodian_scope(unit: CustodianUnit) -> ScorecardScope:
    return ScorecardScope(kind="custodian", label=unit.name, custodian=unit)


class UnknownScope(ValueError):
    """A portfolio, region or custodian that does not exist; the message lists the ones that do."""


def _by_code(model: type[Portfolio] | type[Region], name: str, what: str) -> Portfolio | Region:
    found = model.objects.filter(Q(code=name) | Q(name__iexact=name)).first()
    if found is None:
        codes = ", ".join(model.objects.values_list("code", flat=True))
        raise UnknownScope(f"No {what} {name!r}. {what.capitalize()}s: {codes}.")
    return found


def scope_named(*, portfolio: str = "", region: str = "", custodian: str = "") -> ScorecardScope:
    """The scope the JSON download or the command asks for, by code (or name, or acronym)."""
    if sum(bool(name) for name in (portfolio, region, custodian)) > 1:
        raise UnknownScope("Choose one of portfolio, region or custodian, not several.")
    if portfolio:
        return portfolio_scope(_by_code(Portfolio, portfolio, "portfolio"))
    if region:
        return region_scope(_by_code(Region, region, "region"))
    if custodian:
        named = Q(acronym__iexact=custodian) | Q(slug=custodian)
        unit = CustodianUnit.objects.filter(named).first()
        if unit is None:
            raise UnknownScope(
                f"No custodian {custodian!r}. Use a unit's acronym, for example HRD or DDG/POL."
            )
        return custodian_scope(unit)
    return plan_scope()


# ---- One row of a scorecard -------------------------------------------------------------------


@dataclass(frozen=True)
class ScorecardRow:
    target: Target
    result: Result | None
    status: Status
    custodians: list[CustodianUnit]
    breakdown: list[ResultBreakdownLine]
    trend: Trend
    on_time: bool | None

    @property
    def declared(self) -> bool:
        return status_is_declared(self.target, self.result)

    # Sort keys for the table (django-tables2 sorts a list by these).
    @property
    def indicator_order(self) -> tuple[int, int, int, int]:
        target = self.target
        section = target.indicator.section
        return (
            section.position,
            target.indicator.position,
            -target.phase.start_year,
            target.position,
        )

    @property
    def scope_order(self) -> tuple[str, str]:
        return (self.target.scope, self.target.scope_label)

    @property
    def status_order(self) -> int:
        return STATUS_ORDER[self.status]

    @property
    def custodian_order(self) -> str:
        return self.custodians[0].name if self.custodians else ""


@dataclass(frozen=True)
class Completeness:
    """How many targets were reported, and how many by the year's deadline."""

    total: int
    reported: int
    deadline: date | None
    by_deadline: int
    late: int
    no_submission_date: int


@dataclass(frozen=True)
class Scorecard:
    plan: ActionPlan
    year: int
    scope: ScorecardScope
    rows: list[ScorecardRow]
    counts_by_year: dict[int, StatusCounts]
    previous_label: str
    completeness: Completeness

    @property
    def counts(self) -> StatusCounts:
        return self.counts_by_year[self.year]

    @property
    def previous(self) -> StatusCounts | None:
        """The previous year's counts, when that year is in the plan and anything was reported."""
        counts = self.counts_by_year.get(self.year - 1)
        return counts if counts is not None and counts.reported else None

    @property
    def headline(self) -> str:
        return headline_paragraph(
            year=self.year,
            counts=self.counts,
            subject=self.scope.subject(self.plan),
            previous_label=self.previous_label,
            previous=self.previous,
        )

    def counts_by_section(self) -> list[tuple[str, StatusCounts]]:
        sections: dict[int, tuple[str, list[Status]]] = {}
        for row in self.rows:
            section = row.target.indicator.section
            sections.setdefault(section.pk, (section.title, []))[1].append(row.status)
        return [(title, StatusCounts.of(statuses)) for title, statuses in sections.values()]

    def counts_by_group(self, members: dict[Any, set[int]]) -> list[tuple[str, StatusCounts]]:
        """Counts for each group of ``group_members`` (named by its ``str``)."""
        return [
            (str(group), StatusCounts.of(row.status for row in self.rows if row.target.pk in ids))
            for group, ids in members.items()
        ]


def _counts_in_year(target: Target, year: int, counted_years: Container[int]) -> bool:
    phase = target.phase
    return phase.start_year <= year <= phase.end_year or (
        phase.end_year < year and year in counted_years
    )


def _exercise_label(phases: Iterable[Phase], year: int) -> str:
    """How the documents name a year's monitoring: a biennium's closing year names the biennium.

    GB.343/INS compares 2020 with "the monitoring exercise for 2018–19".
    """
    for phase in phases:
        if phase.start_year < year == phase.end_year:
            return phase.label
    return str(year)


def _on_time(result: Result | None, deadline: date | None) -> bool | None:
    if result is None or result.submitted_at is None or deadline is None:
        return None
    return timezone.localdate(result.submitted_at) <= deadline


@dataclass(frozen=True)
class _Counted:
    """What the status rule and the trend read of a counted result: no model instance needed."""

    value: Decimal | None
    data_unavailable: bool
    declared_status: str


def scorecard(*, plan: ActionPlan, year: int, scope: ScorecardScope) -> Scorecard:
    """The scorecard of ``scope`` for ``year``: nine queries, whatever the size of the plan.

    Sections, phases and custodian units are fetched once and shared by the targets, and only
    the year's results become model instances: the other years are read as plain values. At
    10,000 targets that is most of the page's time saved.
    """
    in_scope = Target.objects.of_plan(plan).filter(scope.targets)
    target_ids = in_scope.values("pk")
    sections = {section.pk: section for section in plan.sections.all()}
    phases = {phase.pk: phase for phase in plan.phases.all()}
    targets = list(
        in_scope.select_related("indicator", "region", "portfolio").order_by(
            "indicator__section__position", "indicator__position", "-phase__start_year", "position"
        )
    )
    for target in targets:
        target.phase = phases[target.phase_id]
        target.indicator.section = sections[target.indicator.section_id]
    links = TargetCustodian.objects.filter(target__in=target_ids)
    units = CustodianUnit.objects.filter(pk__in=links.values("custodian_id")).in_bulk()
    custodians: dict[int, list[CustodianUnit]] = defaultdict(list)
    for target_id, unit_id in links.order_by("target_id", "position").values_list(
        "target_id", "custodian_id"
    ):
        custodians[target_id].append(units[unit_id])
    counted = Result.objects.filter(target__in=target_ids, review_state__in=Result.COUNTED_STATES)
    by_year: dict[int, dict[int, _Counted]] = defaultdict(dict)
    for target_id, each_year, *values in counted.values_list(
        "target_id", "year", "value", "data_unavailable", "declared_status"
    ):
        by_year[target_id][each_year] = _Counted(*values)
    results = {result.target_id: result for result in counted.filter(year=year)}
    lines: dict[int, list[ResultBreakdownLine]] = defaultdict(list)
    for line in (
        ResultBreakdownLine.objects.filter(result__in=counted.filter(year=year).values("pk"))
        .select_related("portfolio", "custodian")
        .order_by("position")
    ):
        lines[line.result_id].append(line)
    reporting_year = ReportingYear.objects.filter(plan=plan, year=year).first()
    deadline = reporting_year.deadline if reporting_year else None

    rows = []
    for target in targets:
        reported = by_year[target.pk]
        if not _counts_in_year(target, year, reported):
            continue
        result = results.get(target.pk)
        rows.append(
            ScorecardRow(
                target=target,
                result=result,
                status=target.status_for(result),
                custodians=custodians[target.pk],
                breakdown=lines[result.pk] if result else [],
                trend=trend_of(target, reported.get(year - 1), reported.get(year), year),
                on_time=_on_time(result, deadline),
            )
        )
    counts_by_year = {
        each_year: StatusCounts.of(
            target.status_for(by_year[target.pk].get(each_year))
            for target in targets
            if _counts_in_year(target, each_year, by_year[target.pk])
        )
        for each_year in plan.years
    }
    answered = [row for row in rows if row.result is not None]
    return Scorecard(
        plan=plan,
        year=year,
        scope=scope,
        rows=rows,
        counts_by_year=counts_by_year,
        previous_label=_exercise_label(phases.values(), year - 1),
        completeness=Completeness(
            total=len(rows),
            reported=len(answered),
            deadline=deadline,
            by_deadline=sum(1 for row in answered if row.on_time),
            late=sum(1 for row in answered if row.on_time is False),
            no_submission_date=sum(1 for row in answered if row.result.submitted_at is None),
        ),
    )


def group_members(plan: ActionPlan, groups: dict[Key, Q]) -> dict[Key, set[int]]:
    """The ids of the plan's targets each group (portfolio, region) counts: one query for all."""
    if not groups:
        return {}
    keys = list(groups)
    base = Target.objects.of_plan(plan).order_by()
    parts: list[QuerySet] = [
        base.filter(rule).annotate(group=Value(position)).values_list("pk", "group")
        for position, rule in enumerate(groups.values())
    ]
    members: dict[Key, set[int]] = {key: set() for key in keys}
    for target_id, position in parts[0].union(*parts[1:], all=True).order_by():
        members[keys[position]].add(target_id)
    return members


def portfolio_groups(portfolios: Iterable[Portfolio]) -> dict[Portfolio, Q]:
    return {portfolio: portfolio_targets(portfolio) for portfolio in portfolios}


def region_groups(regions: Iterable[Region]) -> dict[Region, Q]:
    return {region: region_targets(region) for region in regions}


def plan_custodians(plan: ActionPlan) -> QuerySet[CustodianUnit]:
    """The units that are custodians of at least one of the plan's targets."""
    return (
        CustodianUnit.objects.filter(target_links__target__indicator__section__plan=plan)
        .distinct()
        .order_by("name")
    )
