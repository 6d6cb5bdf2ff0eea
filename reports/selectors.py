"""Reads for the scorecards: a plan, a portfolio, a region or a custodian, for one reporting year.

The rules a scorecard follows are written once, here:

- **Which targets a year counts** (``counts_in_year``): the targets of the phase the year falls
  in, and targets of an earlier phase that still have a counted result in that year (GB.343/INS
  reports HFR.7's 2018–19 target beside its 2020–21 one).
- **Status**: the rule of ``indicators/status.py`` (in SQL: ``status_expression``) on the year's
  counted result; only submitted or approved results count (``indicators.review``).
- **A portfolio's targets**: targets one of whose custodian units is in the portfolio in the
  scorecard's year (a unit moved from a given year counts in its old portfolio before it:
  custodians/placements.py), targets set for the portfolio itself (portfolio scope), and
  targets with a result broken down by portfolio that has a line for it (in any year). The
  same targets are compared across years. The status is the target's own: the documents give
  the portfolio lines no status.
- **A region's targets**: the regional targets of the region, and targets one of whose
  custodians is the region's regional office.
- **A custodian's targets**: targets it is a custodian of, and targets with a breakdown line in
  its name.

Everything is read in a fixed number of queries, whatever the number of targets, and the work
grows with the plan only inside the database: which targets a year counts and their status are
SQL, the counts are aggregates (GROUP BY, COUNT … FILTER), and a page's table is sorted and cut
in SQL, so that only its shown rows become objects with their custodians, results, breakdown
lines and trend. Related rows are filtered by a subquery (never by a list of ids, which would
grow with the plan), or by the ids of one page's rows.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import date, datetime, time
from decimal import Decimal
from typing import Any, NamedTuple

from django.db import connection
from django.db.models import (
    Case,
    Count,
    Exists,
    F,
    FilteredRelation,
    FloatField,
    Model,
    OrderBy,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Cast, Coalesce, Floor, Greatest, Least, Round
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from custodians.models import CustodianUnit, Portfolio, Region
from custodians.placements import portfolio_in, units_in_portfolio
from custodians.plan_texts import (
    PlanText,
    in_language,
    in_reading_order,
    plan_text,
    translation_names,
)
from indicators.coverage import Coverage, coverage_in, phases_with_counts, published_in
from indicators.models import (
    ActionPlan,
    Phase,
    PublishedFigures,
    ReportingYear,
    Result,
    ResultBreakdownLine,
    Section,
    Target,
    TargetCustodian,
    phase_covers,
    phase_ended_before,
)
from indicators.review import (
    PROVISIONAL_STATES,
    Counting,
    counted_condition,
    is_counted,
    is_provisional,
)
from indicators.selectors import (
    Trend,
    carried_over,
    status_is_declared,
    trend_of,
)
from indicators.status import Status, status_expression
from reports.headline import StatusCounts, headline_paragraph
from reports.published import (
    CountsColumn,
    CountsTable,
    ReconciledLine,
    published_counts,
    reconciled,
)

# ---- Scopes: whose targets a scorecard counts ------------------------------------------------


@dataclass(frozen=True)
class Way:
    """One way a target belongs to a portfolio, region or unit: through ``link`` (its custodian
    links, its results' breakdown lines; "" for the target's own field), whose ``group`` field
    is the group, and whose other fields meet ``condition``."""

    group: str
    link: str = ""
    condition: tuple[tuple[str, Any], ...] = ()
    # The group is the custodian's portfolio in the scorecard's year, not its current one.
    dated: bool = False

    @property
    def path(self) -> str:
        """The lookup from a target to the group."""
        return f"{self.link}__{self.group}" if self.link else self.group

    def conditions(self) -> dict[str, Any]:
        return {f"{self.link}__{name}": value for name, value in self.condition}

    def lookups(self, group: Model, year: int) -> dict[str, Any]:
        """The conditions, in one filter(), that a target belongs to ``group`` this way."""
        if self.dated:
            return {f"{self.link}__custodian__in": units_in_portfolio(group, year)}
        return {self.path: group, **self.conditions()}


PORTFOLIO_WAYS = (
    Way("portfolio"),
    Way("custodian__portfolio", "custodian_links", dated=True),
    Way("portfolio", "results__breakdown_lines"),
)
REGION_WAYS = (
    Way("region"),
    Way(
        "custodian__region",
        "custodian_links",
        (("custodian__kind", CustodianUnit.Kind.REGIONAL_OFFICE),),
    ),
)
CUSTODIAN_WAYS = (
    Way("custodian", "custodian_links"),
    Way("custodian", "results__breakdown_lines"),
)


def belonging(group: Model, ways: Iterable[Way], plan: ActionPlan, year: int) -> Q:
    """The targets of ``plan`` that belong to ``group`` by any of ``ways`` in ``year``.

    How a way through links or lines is asked follows each database's planner, measured on
    plans of 30 and 10,000 targets in one database:

    - PostgreSQL: the plan's targets linked to the group, IN a subquery that it reads once and
      hashes. Asked per target (EXISTS), it ran the subquery for every target: 150-220 ms a
      query on a 10,000-target portfolio scorecard, against 45-70 ms.
    - SQLite: each target is asked about its own links and lines (EXISTS, an index probe). Its
      planner starts an IN subquery from the group's links in every plan, so that a 30-target
      page paid for the whole database.
    """
    by_subquery = connection.vendor == "postgresql"
    condition = Q()
    for way in ways:
        lookups = way.lookups(group, year)  # in one filter(): the same link
        if not way.link:
            condition |= Q(**lookups)
        elif by_subquery:
            condition |= Q(pk__in=Target.objects.of_plan(plan).filter(**lookups).values("pk"))
        else:
            condition |= Q(Exists(Target.objects.filter(pk=OuterRef("pk"), **lookups)))
    return condition


@dataclass(frozen=True)
class ScorecardScope:
    """What a scorecard is about: the whole plan, or one portfolio, region or custodian."""

    kind: str
    label: str
    portfolio: Portfolio | None = None
    region: Region | None = None
    custodian: CustodianUnit | None = None
    # Which results count: approved and submitted (marked provisional), or approved only.
    counting: str = Counting.WITH_SUBMITTED

    def counting_as(self, counting: str) -> ScorecardScope:
        return replace(self, counting=Counting(counting))

    @property
    def approved_only(self) -> bool:
        return self.counting == Counting.APPROVED_ONLY

    @property
    def heading(self) -> str:
        """The scope's name as a page and its paragraphs show it, in the page's language, the
        names too (``label`` stays the name as written)."""
        if self.portfolio is not None:
            return _("%(portfolio)s Portfolio") % {"portfolio": in_language(self.portfolio)}
        group = self.region or self.custodian
        return in_language(group) if group is not None else self.label

    def targets(self, plan: ActionPlan, year: int) -> QuerySet[Target]:
        """The plan's targets the scorecard of ``year`` counts (the rules above), in any year:
        the same targets are compared across years."""
        targets = Target.objects.of_plan(plan)
        if self.portfolio is not None:
            return targets.filter(belonging(self.portfolio, PORTFOLIO_WAYS, plan, year))
        if self.region is not None:
            return targets.filter(belonging(self.region, REGION_WAYS, plan, year))
        if self.custodian is not None:
            return targets.filter(belonging(self.custodian, CUSTODIAN_WAYS, plan, year))
        return targets

    @property
    def key(self) -> tuple[str, int | None, str]:
        """The scope in a few words, for the cache (reports/data_stamp.py)."""
        group = self.portfolio or self.region or self.custodian
        return (self.kind, group.pk if group is not None else None, self.counting)

    @property
    def query(self) -> dict[str, str]:
        """The scope as the JSON download and the ``scorecard`` command name it."""
        counting = {"counting": self.counting} if self.approved_only else {}
        if self.portfolio is not None:
            return {"portfolio": self.portfolio.code, **counting}
        if self.region is not None:
            return {"region": self.region.code, **counting}
        if self.custodian is not None:
            return {"custodian": self.custodian.acronym, **counting}
        return counting

    def subject(self, plan: ActionPlan, coverage: Coverage, total: int) -> str:
        """How the headline paragraph names the ``total`` targets it counts: "all ILO Action
        Plan targets" only when every target of the plan is loaded; otherwise what they are
        ("the 30 ILO Action Plan targets not met in the 2018–19 phase and listed in …").

        In the page's language, as the paragraph is, the names of portfolios, regions and units
        too; the plan's name and its description of the loaded targets are the plan's own words,
        as the plan gives them.
        """
        short = plan.title.split(" for ")[0]
        described = plan.loaded_targets or _("loaded in detail")
        if self.kind == "plan":
            if coverage.complete or not total:
                return _("all %(plan)s targets") % {"plan": short}
            return ngettext(
                "the %(count)s %(plan)s target %(described)s",
                "the %(count)s %(plan)s targets %(described)s",
                total,
            ) % {"count": total, "plan": short, "described": described}
        if coverage.complete:
            return _("the %(plan)s targets of the %(scope)s") % {
                "plan": short,
                "scope": self.heading,
            }
        return _("the %(plan)s targets of the %(scope)s %(described)s") % {
            "plan": short,
            "scope": self.heading,
            "described": described,
        }


def plan_scope() -> ScorecardScope:
    return ScorecardScope(kind="plan", label="plan")


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


def scope_named(
    *, portfolio: str = "", region: str = "", custodian: str = "", counting: str = ""
) -> ScorecardScope:
    """The scope the JSON download or the command asks for, by code (or name, or acronym), and
    which results it counts ("approved" for approved only)."""
    if counting and counting not in Counting.values:
        choices = ", ".join(Counting.values)
        raise UnknownScope(f"counting must be one of {choices}, not {counting!r}.")
    return _scope_named(portfolio=portfolio, region=region, custodian=custodian).counting_as(
        counting or Counting.WITH_SUBMITTED
    )


def _scope_named(*, portfolio: str, region: str, custodian: str) -> ScorecardScope:
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


# ---- Which targets a year counts, and their status, in SQL -----------------------------------

# The order the documents print the targets in; the id settles ties, so that a page of the table
# always holds the same targets.
DOCUMENT_ORDER = (
    "indicator__section__position",
    "indicator__position",
    "-phase__start_year",
    "position",
    "pk",
)
YEAR_RESULT = "year_result"
PREVIOUS_RESULT = "previous_result"


def counted_result(year: int, counting: str = Counting.WITH_SUBMITTED) -> FilteredRelation:
    """A target's counted result in ``year`` (submitted or approved, or approved only, as
    ``counting`` says): one row at most."""
    return FilteredRelation(
        "results",
        condition=Q(results__year=year) & counted_condition("results__", counting),
    )


def counts_in_year(year: int, result: str) -> Q:
    """Which targets ``year`` counts: its phase's, and earlier ones with a counted result then.

    ``result`` names the target's ``counted_result(year)`` in the queryset.
    """
    still_reported = phase_ended_before(year) & Q(**{f"{result}__id__isnull": False})
    return phase_covers(year) | still_reported


def scorecard_targets(*, plan: ActionPlan, year: int, scope: ScorecardScope) -> QuerySet[Target]:
    """The targets the scorecard of ``scope`` counts in ``year``, in the document's order.

    Each carries its ``status`` (``status_expression``) and its counted result of the year
    (``year_result``), so that counts, filters, sorting and pages are all done in SQL.
    """
    return (
        scope.targets(plan, year)
        .annotate(**{YEAR_RESULT: counted_result(year, scope.counting)})
        .filter(counts_in_year(year, YEAR_RESULT))
        .annotate(status=status_expression(result=f"{YEAR_RESULT}__"))
        .select_related("indicator", "region", "portfolio")
        .order_by(*DOCUMENT_ORDER)
    )


def _sort_keys(column: str) -> list[tuple[Any, bool]]:
    """What each column of the table sorts by: (expression, whether it runs downwards)."""
    if column == "indicator":
        return [
            (F("indicator__section__position"), False),
            (F("indicator__position"), False),
            (F("phase__start_year"), True),
            (F("position"), False),
        ]
    if column == "scope":
        # The scope's label is the region's name, or the portfolio's name and "Portfolio", as
        # the reader reads them.
        return [
            (F("scope"), False),
            (in_reading_order("region__name"), False),
            (in_reading_order("portfolio__name"), False),
        ]
    if column == "status":
        position = Case(
            *(When(status=status.value, then=Value(index)) for index, status in enumerate(Status))
        )
        return [(position, False)]
    if column == "custodians":
        first = TargetCustodian.objects.filter(target=OuterRef("pk")).order_by("position", "pk")
        name = first.values(shown=in_reading_order("custodian__name"))[:1]
        return [(Coalesce(Subquery(name), Value("")), False)]
    if column == "trend":
        return [(_trend_change(), False)]
    raise ValueError(f"The scorecard table has no sorted column {column!r}.")


def _trend_change() -> Case:
    """The change the trend arrow shows (``indicators.selectors.trend_of``): this year's number
    less last year's, when both years have a counted number; NULL otherwise."""
    both = Q(
        **{
            f"{result}__{name}": value
            for result in (YEAR_RESULT, PREVIOUS_RESULT)
            for name, value in (("value__isnull", False), ("data_unavailable", False))
        }
    )
    change = F(f"{YEAR_RESULT}__value") - F(f"{PREVIOUS_RESULT}__value")
    # Rounded to the values' two decimals: SQLite subtracts in floating point, and equal changes
    # must tie, so that they keep the document's order.
    return Case(When(both, then=Round(change, 2)), default=None)


def sort_targets(
    targets: QuerySet[Target],
    column: str,
    *,
    year: int,
    descending: bool,
    counting: str = Counting.WITH_SUBMITTED,
) -> QuerySet[Target]:
    """``targets`` sorted by a column of the table, up or down; ties in the document's order.

    Without a change to compare, a target sorts below every change.
    """
    if column == "trend":
        targets = targets.annotate(**{PREVIOUS_RESULT: counted_result(year - 1, counting)})
    keys = [
        # Up, NULL (no change) comes first; down, last.
        OrderBy(expression, descending=True, nulls_last=True)
        if downwards != descending
        else OrderBy(expression, nulls_first=True)
        for expression, downwards in _sort_keys(column)
    ]
    return targets.order_by(*keys, *DOCUMENT_ORDER)


def counts_by_group(
    targets: QuerySet[Target],
    plan: ActionPlan,
    year: int,
    groups: dict[str, tuple[Iterable[Way], list[Model]]],
) -> dict[str, list[tuple[str, StatusCounts]]]:
    """The ``year``'s targets of each portfolio, region…, by status, for the plan's charts.

    ``groups`` names each kind of group with its ways and its groups. Asking every target
    whether it is in each group (EXISTS) is the cost of a query per group; here the plan's
    links, as rows (target, group) of every way, are joined to ``targets`` with their statuses
    and counted in the database: one query for all the groups, a few dozen rows back. A target
    that belongs to a group by two ways counts once (COUNT DISTINCT).
    """
    parts = [
        _group_links(plan, year, way, kind) for kind, (ways, _) in groups.items() for way in ways
    ]
    tallies: dict[tuple[str, int], Counter[str]] = defaultdict(Counter)
    if parts:
        links = parts[0].union(*parts[1:], all=True).order_by().query
        links_sql, links_params = links.sql_with_params()
        scored = targets.order_by().values(scored_id=F("pk"), scored_status=F("status"))
        scored_sql, scored_params = scored.query.sql_with_params()
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT links.group_kind, links.group_id, scored.scored_status,"
                " COUNT(DISTINCT links.member)"
                f" FROM ({links_sql}) links JOIN ({scored_sql}) scored"
                " ON scored.scored_id = links.member"
                " GROUP BY links.group_kind, links.group_id, scored.scored_status",
                (*links_params, *scored_params),
            )
            for kind, group_id, status, count in cursor.fetchall():
                tallies[(kind, group_id)][status] = count
    return {
        kind: [(in_language(group), _counts(tallies[(kind, group.pk)])) for group in listed]
        for kind, (_, listed) in groups.items()
    }


def _group_links(plan: ActionPlan, year: int, way: Way, kind: str) -> QuerySet[Any]:
    """The plan's targets belonging to a group of ``kind`` by one way: rows (member, group_id,
    group_kind)."""
    if way.dated:
        # From the plan's links: each link's unit is asked its portfolio in ``year``.
        links = TargetCustodian.objects.filter(target__plan=plan)
        return links.order_by().values(
            member=F("target_id"),
            group_id=portfolio_in(year, "custodian"),
            group_kind=Value(kind),
        )
    in_plan = Target.objects.of_plan(plan).order_by()
    return in_plan.filter(**{f"{way.path}__isnull": False}, **way.conditions()).values(
        member=F("pk"), group_id=F(way.path), group_kind=Value(kind)
    )


# A region's or portfolio's name and its versions, as ``result_points`` reads them.
NAMES = ("name", *translation_names(Region))


class ResultPoint(NamedTuple):
    """A target set in per cent and its result: a point of the results chart.

    A tuple of floats, as the chart draws them: a large plan has thousands of points, and
    decimals and objects made for each took most of this chart's time.
    """

    code: str
    scope_label: str
    target: float
    result: float
    status: Status


# The results chart's bins when it counts gaps: percentage points of result minus target, each
# bin holding its lower end, from -100 (and below) to +90 (and above).
GAP_BIN = 10
GAP_LOWEST, GAP_HIGHEST = -100, 100 - GAP_BIN


@dataclass(frozen=True)
class ResultSpread:
    """The year's numbered results of the targets set in per cent: how many, the count of each
    gap bin by status (``gaps``: a bin's lower end, then status value to count), and the
    targets one by one while there are at most the number asked for (else none)."""

    total: int
    gaps: dict[int, Counter[str]]
    points: list[ResultPoint]


def _percent_targets(targets: QuerySet[Target]) -> QuerySet[Target]:
    """The targets set in per cent whose counted result of the year is a number."""
    # Whether the year's result is a number is asked in a CASE on its (left-joined) columns: a
    # plain condition on them turns the join into an inner one, which SQLite then starts from,
    # reading every result of the year of every plan (and a filter() on the relation itself
    # would join the results a second time).
    numbered = Q(
        **{f"{YEAR_RESULT}__value__isnull": False, f"{YEAR_RESULT}__data_unavailable": False}
    )
    return targets.alias(
        numbered_result=Case(When(numbered, then=Value(True)), default=Value(False))
    ).filter(unit="percent", value__isnull=False, numbered_result=True)


def gap_bin() -> Greatest:
    """A target's bin (``GAP_BIN``): the lower end of the ten points its result minus its target
    falls in, as IEEE doubles on both databases (floor((result - target) / 10) * 10), kept
    within ``GAP_LOWEST`` and ``GAP_HIGHEST``."""
    gap = Cast(f"{YEAR_RESULT}__value", FloatField()) - Cast("value", FloatField())
    low = Floor(gap / Value(float(GAP_BIN)), output_field=FloatField()) * Value(float(GAP_BIN))
    return Greatest(
        Value(float(GAP_LOWEST)),
        Least(Value(float(GAP_HIGHEST)), low, output_field=FloatField()),
        output_field=FloatField(),
    )


def result_spread(targets: QuerySet[Target], *, points_up_to: int) -> ResultSpread:
    """The results chart's data for the scorecard's ``targets``, in two queries whatever the
    plan's size: the gaps counted by the database, then at most ``points_up_to`` + 1 points (a
    chart past that draws the gaps, and those points are left unread)."""
    percent = _percent_targets(targets)
    gaps: dict[int, Counter[str]] = defaultdict(Counter)
    counted = (
        percent.annotate(gap=gap_bin())
        .values("gap", "status")
        .annotate(count=Count("pk"))
        .order_by()
    )
    for group in counted:
        gaps[int(group["gap"])][group["status"]] += group["count"]
    total = sum(sum(tally.values()) for tally in gaps.values())
    points = result_points(percent[: points_up_to + 1])
    return ResultSpread(total, dict(gaps), points if total <= points_up_to else [])


def result_points(targets: QuerySet[Target]) -> list[ResultPoint]:
    """The points of ``targets`` (already ``_percent_targets``), in the document's order."""
    rows = targets.values_list(
        "indicator__code",
        "scope",
        Cast("value", FloatField()),
        Cast(f"{YEAR_RESULT}__value", FloatField()),
        "status",
        # The region's or portfolio's name, with its versions: the label is in the reader's
        # language.
        *(f"region__{name}" for name in NAMES),
        *(f"portfolio__{name}" for name in NAMES),
    )
    labels: dict[tuple[Any, ...], str] = {}
    statuses = {status.value: status for status in Status}
    points = []
    for code, scope, target, result, status, *names in rows:
        key = (scope, *names)
        if key not in labels:
            # The label of the target's scope, as the model writes it; a few kinds per plan.
            region, portfolio = names[: len(NAMES)], names[len(NAMES) :]
            labels[key] = Target(
                scope=scope,
                region=Region(**dict(zip(NAMES, region, strict=True))) if region[0] else None,
                portfolio=Portfolio(**dict(zip(NAMES, portfolio, strict=True)))
                if portfolio[0]
                else None,
            ).scope_label
        points.append(ResultPoint(code, labels[key], target, result, statuses[status]))
    return points


# ---- One row of a scorecard -------------------------------------------------------------------


@dataclass(frozen=True)
class ScorecardRow:
    target: Target
    result: Result | None
    status: Status
    custodians: list[CustodianUnit]
    breakdown: list[ResultBreakdownLine]
    trend: Trend

    @property
    def declared(self) -> bool:
        return status_is_declared(self.target, self.result)

    @property
    def provisional(self) -> bool:
        """Counted, but submitted and not yet approved."""
        return self.result is not None and is_provisional(self.result.review_state)

    @property
    def indicator_order(self) -> tuple[int, int, int, int, int]:
        """The document's order (``DOCUMENT_ORDER``)."""
        target = self.target
        return (
            target.indicator.section.position,
            target.indicator.position,
            -target.phase.start_year,
            target.position,
            target.pk,
        )


@dataclass(frozen=True)
class _Counted:
    """What the trend reads of the previous year's result: no model instance needed."""

    value: Decimal | None
    data_unavailable: bool


def scorecard_rows(
    targets: list[Target],
    *,
    plan: ActionPlan,
    year: int,
    target_ids: QuerySet | None = None,
    counting: str = Counting.WITH_SUBMITTED,
) -> list[ScorecardRow]:
    """The rows of ``targets`` (from ``scorecard_targets``): seven queries, however many.

    Their custodians, the year's results with their breakdown lines and the previous year's
    values are read for ``target_ids`` (a subquery, for a whole plan) or else for the targets'
    own ids (a page of the table). Sections, phases and custodian units are read once and
    shared by the targets.
    """
    # An empty page asks the same queries, for an id no target has (Django skips a query whose
    # list of ids is empty): a page's queries do not depend on what it shows.
    ids = target_ids if target_ids is not None else [target.pk for target in targets] or [0]
    sections = {section.pk: section for section in plan.sections.all()}
    phases = {phase.pk: phase for phase in plan.phases.all()}
    for target in targets:
        target.phase = phases[target.phase_id]
        target.indicator.section = sections[target.indicator.section_id]
    links = TargetCustodian.objects.filter(target__in=ids)
    units = CustodianUnit.objects.filter(pk__in=links.values("custodian_id")).in_bulk()
    custodians: dict[int, list[CustodianUnit]] = defaultdict(list)
    for target_id, unit_id in links.order_by("target_id", "position", "pk").values_list(
        "target_id", "custodian_id"
    ):
        custodians[target_id].append(units[unit_id])
    # The review state is checked here rather than in SQL: asked for it as well, SQLite reads
    # every result of the year by the (year, review state) index instead of the targets' own.
    # .order_by(): the results' own order (by target) would join the targets for nothing.
    results = {
        result.target_id: result
        for result in Result.objects.filter(target__in=ids, year=year).order_by()
        if is_counted(result.review_state, counting)
    }
    previous = {
        target_id: _Counted(value, unavailable)
        for target_id, value, unavailable, state in Result.objects.filter(
            target__in=ids, year=year - 1
        )
        .order_by()
        .values_list("target_id", "value", "data_unavailable", "review_state")
        if is_counted(state, counting)
    }
    # In a plan's first year, a continuing indicator compares with the plan it continues.
    for target_id, result in carried_over(targets, plan=plan, year=year, counting=counting).items():
        previous.setdefault(target_id, result)
    lines: dict[int, list[ResultBreakdownLine]] = defaultdict(list)
    for line in (
        ResultBreakdownLine.objects.filter(result__target__in=ids, result__year=year)
        .select_related("portfolio", "custodian")
        .order_by("position")
    ):
        lines[line.result_id].append(line)
    rows = []
    for target in targets:
        result = results.get(target.pk)
        rows.append(
            ScorecardRow(
                target=target,
                result=result,
                status=Status(target.status),
                custodians=custodians[target.pk],
                breakdown=lines[result.pk] if result else [],
                trend=trend_of(target, previous.get(target.pk), result, year),
            )
        )
    return rows


# ---- A scorecard's counts: the headline, the years, the completeness --------------------------


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
class ScorecardSummary:
    """What a scorecard says of all its targets: counts by status year by year, the headline,
    and, for the plan, the figures published for the whole of it (``reports.coverage``)."""

    plan: ActionPlan
    year: int
    scope: ScorecardScope
    counts_by_year: dict[int, StatusCounts]
    # Each section's title (in the reader's language, marked if need be) and its counts.
    by_section: list[tuple[PlanText, StatusCounts]]
    previous_label: str
    completeness: Completeness
    coverage: Coverage
    published_by_year: dict[int, PublishedFigures]
    provisional: int  # of the year's counted results, how many await approval

    @property
    def counts(self) -> StatusCounts:
        return self.counts_by_year[self.year]

    @property
    def previous(self) -> StatusCounts | None:
        """The previous year's counts, when that year is in the plan and anything was reported."""
        counts = self.counts_by_year.get(self.year - 1)
        return counts if counts is not None and counts.reported else None

    @property
    def published(self) -> PublishedFigures | None:
        """The year's figures published for the whole plan: on the plan's scorecard only."""
        return self.published_by_year.get(self.year) if self.scope.kind == "plan" else None

    @property
    def published_previous(self) -> PublishedFigures | None:
        """The previous exercise's published figures (2018–19 for 2020), on the plan's only."""
        if self.scope.kind != "plan":
            return None
        return self.published_by_year.get(self.year - 1)

    @property
    def label(self) -> str:
        """What the scorecard counts, for captions: "the 30 loaded targets" when not all."""
        if self.scope.kind != "plan":
            return self.scope.heading
        if self.coverage.complete:
            return _("all the plan's targets")
        return ngettext(
            "the %(count)s target loaded in detail",
            "the %(count)s targets loaded in detail",
            self.counts.total,
        ) % {"count": self.counts.total}

    @property
    def headline(self) -> str:
        """The paragraph over the targets this scorecard counts, naming which they are.

        The earlier exercise is compared with from detailed results, or, for a plan whose every
        target is loaded, from the figures published for it.
        """
        previous, reason = self.previous, ""
        whole_plan = self.scope.kind == "plan" and self.coverage.complete
        if previous is None and whole_plan and self.published_previous is not None:
            previous = published_counts(self.published_previous)
            reason = self.published_previous.unavailable_reason
        return headline_paragraph(
            year=self.year,
            counts=self.counts,
            subject=self.scope.subject(self.plan, self.coverage, self.counts.total),
            all_targets=whole_plan,
            previous_label=self.previous_label,
            previous=previous,
            previous_unavailable_reason=reason,
            # In the page's language (``reports.headline_words``), the subject with it.
        )

    @property
    def published_headline(self) -> str:
        """The paragraph over the whole plan, from the figures published for the year and the
        previous exercise: GB.343/INS's paragraph 2, word for word in English, for 2020; in
        the page's language otherwise, the published reasons as the document gives them."""
        figures = self.published
        if figures is None:
            return ""
        earlier = self.published_previous
        return headline_paragraph(
            year=self.year,
            counts=published_counts(figures),
            subject=_("all %(plan)s targets") % {"plan": self.plan.title.split(" for ")[0]},
            all_targets=True,
            unavailable_reason=figures.unavailable_reason,
            previous_label=self.previous_label,
            previous=published_counts(earlier) if earlier is not None else None,
            previous_unavailable_reason=earlier.unavailable_reason if earlier else "",
        )

    @property
    def counts_table(self) -> CountsTable:
        """The headline's table: this scorecard's counts, then the published ones beside."""
        columns = [
            CountsColumn(
                f"{self.label}, {self.year}", _("computed from the loaded results"), self.counts
            )
        ]
        for label, figures in (
            (str(self.year), self.published),
            (self.previous_label, self.published_previous),
        ):
            if figures is not None:
                columns.append(
                    CountsColumn(
                        _("The whole plan, %(exercise)s") % {"exercise": label},
                        _("published in %(source)s") % {"source": figures.source},
                        published_counts(figures),
                    )
                )
        return CountsTable(columns)

    @property
    def reconciliation(self) -> list[ReconciledLine]:
        """The published figures against the loaded targets', status by status."""
        if self.published is None:
            return []
        return reconciled(published_counts(self.published), self.counts)


@dataclass(frozen=True)
class Scorecard(ScorecardSummary):
    """A scorecard with every one of its targets' rows: the JSON download and the command."""

    rows: list[ScorecardRow]


def _exercise_label(phases: Iterable[Phase], year: int) -> str:
    """How the documents name a year's monitoring: a biennium's closing year names the biennium.

    GB.343/INS compares 2020 with "the monitoring exercise for 2018–19".
    """
    for phase in phases:
        if phase.start_year < year == phase.end_year:
            return phase.label
    return str(year)


def _end_of(deadline: date) -> datetime:
    """The last moment of the deadline's day, in the site's time zone.

    No day is added: a deadline of 9999-12-31 has no day after it (an OverflowError on every
    scorecard, as an outside probe found).
    """
    return timezone.make_aware(datetime.combine(deadline, time.max))


def _submission(result: str, deadline: date | None) -> Case:
    """When the year's counted result came in: "" (none), "undated", "on_time" or "late"."""
    submitted = f"{result}__submitted_at"
    when = [
        When(Q(**{f"{result}__id__isnull": True}), then=Value("")),
        When(Q(**{f"{submitted}__isnull": True}), then=Value("undated")),
    ]
    if deadline is not None:
        when.append(When(Q(**{f"{submitted}__lte": _end_of(deadline)}), then=Value("on_time")))
    return Case(*when, default=Value("late" if deadline else "dated"))


def scorecard_summary(*, plan: ActionPlan, year: int, scope: ScorecardScope) -> ScorecardSummary:
    """The counts of ``scope``: every year's, the year's by section, its completeness.

    One query counts them all. Each year's counted result is joined (``counted_result``), each
    target gets its status in each year it counts in (``counts_in_year``, ``status_expression``;
    "" in the others), and the targets are counted by section, statuses and submission: a few
    dozen groups at most, which are added up here. Three more queries read the year's
    deadline, the phases with how many of their targets are loaded, and the figures published
    for the whole plan.
    """
    reporting_year = ReportingYear.objects.filter(plan=plan, year=year).first()
    phases = phases_with_counts(plan)
    deadline = reporting_year.deadline if reporting_year else None
    targets = scope.targets(plan, year)
    columns: dict[str, Any] = {
        "section": F("indicator__section"),
        "section_title": F("indicator__section__title"),
        # The title's French and Spanish versions: the page names each section in its language.
        **{f"section_{name}": F(f"indicator__section__{name}") for name in SECTION_VERSIONS},
        "section_position": F("indicator__section__position"),
        "submission": _submission(f"result_{year}", deadline),
        "provisional": Case(
            When(Q(**{f"result_{year}__review_state__in": PROVISIONAL_STATES}), then=Value(1)),
            default=Value(0),
        ),
    }
    for each_year in plan.years:
        result = f"result_{each_year}"
        targets = targets.annotate(**{result: counted_result(each_year, scope.counting)})
        columns[f"status_{each_year}"] = Case(
            When(counts_in_year(each_year, result), then=status_expression(result=f"{result}__")),
            default=Value(""),
        )
    by_year: dict[int, Counter[str]] = {each_year: Counter() for each_year in plan.years}
    by_section: dict[tuple[int, int], tuple[PlanText, Counter[str]]] = {}
    submissions: Counter[str] = Counter()
    provisional = 0
    for group in targets.values(**columns).annotate(targets=Count("pk")).order_by():
        for each_year, tally in by_year.items():
            tally[group[f"status_{each_year}"]] += group["targets"]
        if group[f"status_{year}"]:
            section = (group["section_position"], group["section"])
            title, tally = by_section.setdefault(section, (_section_title(group), Counter()))
            tally[group[f"status_{year}"]] += group["targets"]
            submissions[group["submission"]] += group["targets"]
            provisional += group["provisional"] * group["targets"]
    counts_by_year = {each_year: _counts(tally) for each_year, tally in by_year.items()}
    return ScorecardSummary(
        plan=plan,
        year=year,
        scope=scope,
        counts_by_year=counts_by_year,
        by_section=[(title, _counts(tally)) for _, (title, tally) in sorted(by_section.items())],
        previous_label=_exercise_label(phases, year - 1),
        completeness=Completeness(
            total=counts_by_year[year].total,
            reported=counts_by_year[year].total - submissions[""],
            deadline=deadline,
            by_deadline=submissions["on_time"],
            late=submissions["late"],
            no_submission_date=submissions["undated"],
        ),
        coverage=coverage_in(plan, phases, year),
        published_by_year=published_in(plan, plan.years),
        provisional=provisional,
    )


SECTION_VERSIONS = translation_names(Section)


def _section_title(group: dict[str, Any]) -> PlanText:
    """A section's title in the reader's language, from a row of ``scorecard_summary``."""
    section = Section(
        title=group["section_title"],
        **{name: group[f"section_{name}"] for name in SECTION_VERSIONS},
    )
    return plan_text(section)


def _counts(tally: Counter[str]) -> StatusCounts:
    return StatusCounts(**{status.value: tally[status.value] for status in Status})


def scorecard(*, plan: ActionPlan, year: int, scope: ScorecardScope) -> Scorecard:
    """The scorecard of ``scope`` for ``year`` with a row for every target: eleven queries."""
    summary = scorecard_summary(plan=plan, year=year, scope=scope)
    targets = scorecard_targets(plan=plan, year=year, scope=scope)
    in_scope = scope.targets(plan, year).values("pk")
    rows = scorecard_rows(
        list(targets), plan=plan, year=year, target_ids=in_scope, counting=scope.counting
    )
    return Scorecard(**vars(summary), rows=rows)


def plan_custodians(plan: ActionPlan) -> QuerySet[CustodianUnit]:
    """The units that are custodians of at least one of the plan's targets, by their names as the
    reader reads them.

    Read from the plan's own links, made distinct first (IN a subquery, read once), not by
    asking each unit whether it has a link in the plan: that read every link of every unit, of
    every plan, in SQLite, and PostgreSQL rebuilt the plan's links once per unit.
    """
    links = TargetCustodian.objects.filter(target__plan=plan)
    units = links.values("custodian_id").distinct()
    return CustodianUnit.objects.filter(pk__in=units).order_by(in_reading_order("name"), "name")
