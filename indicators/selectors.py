"""Reads for the plan pages: everything a page shows, fetched in a fixed number of queries."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Protocol

from django.db.models import Case, Max, Model, Prefetch, QuerySet, Value, When
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy

from custodians.models import CustodianUnit
from custodians.plan_texts import in_language
from custodians.roles import User
from indicators.formatting import shown_number
from indicators.models import (
    AcceleratingAction,
    ActionPlan,
    Indicator,
    ReportingYear,
    Result,
    ResultBreakdownLine,
    Section,
    Target,
    TargetCustodian,
)
from indicators.review import Counting, is_counted
from indicators.status import Status
from indicators.versions import Change, history_changes


@dataclass(frozen=True)
class TargetRow:
    target: Target
    result: Result | None
    status: Status
    custodians: list[CustodianUnit]


@dataclass(frozen=True)
class IndicatorRows:
    indicator: Indicator
    rows: list[TargetRow]


@dataclass(frozen=True)
class SectionRows:
    section: Section
    indicators: list[IndicatorRows]


def default_plan() -> ActionPlan | None:
    """The plan pages open on: the newest active plan, else the newest closed one; a draft
    never (it is GEDI's until activated, and reached by its address)."""
    active_first = Case(When(state=ActionPlan.State.ACTIVE, then=Value(0)), default=Value(1))
    return (
        ActionPlan.objects.exclude(state=ActionPlan.State.DRAFT)
        .order_by(active_first, "-start_year", "pk")
        .first()
    )


def latest_reported_year(plan: ActionPlan) -> int:
    """The year pages show by default: the most recent year with a result that counts
    (submitted or approved), or the plan's first year when nothing is reported.

    A draft does not move it: one focal point's 2021 draft must not turn everyone's plan page,
    scorecards and exports to a year with nothing reported.
    """
    results = Result.objects.counted().filter(target__plan=plan)
    return results.aggregate(y=Max("year"))["y"] or plan.start_year


def current_reporting_year(years: Iterable[ReportingYear]) -> ReportingYear | None:
    """The year entries go to, by the calendar: the latest open one, else the latest closed one."""
    return max(years, key=lambda year: (year.is_open, year.year), default=None)


def entry_year(plan: ActionPlan) -> int:
    """The year of ``current_reporting_year``, or without a calendar the latest reported year."""
    current = current_reporting_year(plan.reporting_years.all())
    return current.year if current is not None else latest_reported_year(plan)


def targets_with_year(year: int) -> QuerySet[Target]:
    """Targets with their scope, custodians and the year's counted result (as ``year_results``).

    Only results that count (``Result.objects.counted()``): a draft is not reported.
    """
    return Target.objects.select_related("phase", "region", "portfolio").prefetch_related(
        Prefetch(
            "custodian_links",
            queryset=TargetCustodian.objects.select_related("custodian").order_by("position"),
        ),
        Prefetch(
            "results",
            queryset=Result.objects.counted()
            .filter(year=year)
            .prefetch_related(
                Prefetch(
                    "breakdown_lines",
                    queryset=ResultBreakdownLine.objects.select_related("portfolio", "custodian"),
                )
            ),
            to_attr="year_results",
        ),
    )


def target_row(target: Target) -> TargetRow:
    result = target.year_results[0] if target.year_results else None
    return TargetRow(
        target=target,
        result=result,
        status=target.status_for(result),
        custodians=[link.custodian for link in target.custodian_links.all()],
    )


def plan_overview(plan: ActionPlan, year: int) -> list[SectionRows]:
    """Sections, indicators and targets of a plan with the year's results: five queries."""
    sections = plan.sections.order_by("position").prefetch_related(
        Prefetch(
            "indicators",
            queryset=Indicator.objects.order_by("position").prefetch_related(
                Prefetch(
                    "targets",
                    queryset=targets_with_year(year).order_by("phase__start_year", "position"),
                )
            ),
        )
    )
    return [
        SectionRows(
            section=section,
            indicators=[
                IndicatorRows(indicator, [target_row(t) for t in indicator.targets.all()])
                for indicator in section.indicators.all()
            ],
        )
        for section in sections
    ]


# ---- The indicator page: results by year, trend, actions and what changed ----------------------


@dataclass(frozen=True)
class Trend:
    """How a target's result moved since the previous year.

    An arrow only when the change is larger than the indicator's ``trend_gap``: smaller moves
    are noise in a proportion of a few dozen units. The scorecards use the same rule.
    """

    previous_year: int
    change: Decimal | None = None
    gap: Decimal = Decimal("0")
    unit: str = ""
    better: bool | None = None

    @property
    def arrow(self) -> str:
        if self.change is None or abs(self.change) <= self.gap:
            return ""
        return "up" if self.change > 0 else "down"

    @property
    def symbol(self) -> str:
        return {"up": "▲", "down": "▼"}.get(self.arrow, "")

    @property
    def words(self) -> str:
        """ "Up 6 points since 2019, better"; "No clear change since 2019"."""
        year = {"year": self.previous_year}
        if self.change is None:
            return _("No comparison with %(year)s") % year
        if not self.arrow:
            return _("No clear change since %(year)s") % year
        words = {"movement": self._movement, **year}
        if self.better is None:
            return _("%(movement)s since %(year)s") % words
        if self.better:
            return _("%(movement)s since %(year)s, better") % words
        return _("%(movement)s since %(year)s, worse") % words

    @property
    def short_words(self) -> str:
        """The same under a "Since 2019" heading: "Up 6 points, better"."""
        if self.change is None:
            return _("No comparison")
        if not self.arrow:
            return _("No clear change")
        words = {"movement": self._movement}
        if self.better is None:
            return self._movement
        if self.better:
            return _("%(movement)s, better") % words
        return _("%(movement)s, worse") % words

    @property
    def _movement(self) -> str:
        """ "Up 6 points", "Down 2": the arrow and the amount, in the language of the page."""
        amount = {"amount": shown_number(abs(self.change))}
        if self.unit == "percent":
            if self.arrow == "up":
                return _("Up %(amount)s points") % amount
            return _("Down %(amount)s points") % amount
        if self.arrow == "up":
            return _("Up %(amount)s") % amount
        return _("Down %(amount)s") % amount


class Reported(Protocol):
    """What the trend reads of a result (a ``Result``, or the same values without a model)."""

    value: Decimal | None
    data_unavailable: bool


def trend_of(
    target: Target, previous: Reported | None, current: Reported | None, year: int
) -> Trend:
    """The trend of ``target`` from ``previous`` (year - 1) to ``current`` (counted results)."""
    trend = Trend(previous_year=year - 1, gap=target.indicator.trend_gap, unit=target.unit)
    values = [r.value for r in (previous, current) if r is not None and not r.data_unavailable]
    if len(values) < 2 or None in values:
        return trend
    before, now = values
    change = now - before
    if target.direction == Target.Direction.AT_LEAST:
        better = change > 0
    elif target.direction == Target.Direction.AT_MOST:
        better = change < 0
    else:
        better = target.value is not None and abs(now - target.value) < abs(before - target.value)
    return Trend(
        previous_year=year - 1, change=change, gap=trend.gap, unit=target.unit, better=better
    )


@dataclass(frozen=True)
class CarriedOver:
    """A result of the plan an indicator continues, as the trend reads it."""

    value: Decimal | None
    data_unavailable: bool


def carried_over(
    targets: list[Target], *, plan: ActionPlan, year: int, counting: str = Counting.WITH_SUBMITTED
) -> dict[int, CarriedOver]:
    """In a plan's first year, each continuing target's result of the year before in the plan it
    continues: the result of the predecessor indicator's target with the same scope and unit, so
    that the trend compares across plans. By target id; one query, and none at all unless a year
    is a plan's first and one of ``targets`` continues an indicator (``Indicator.predecessor``).
    """
    if year != plan.start_year:
        return {}
    wanted = {
        (t.indicator.predecessor_id, t.scope, t.region_id, t.portfolio_id, t.unit): t.pk
        for t in targets
        if t.indicator.predecessor_id is not None
    }
    if not wanted:
        return {}
    found: dict[int, CarriedOver] = {}
    earlier = Result.objects.filter(
        year=year - 1, target__indicator__in={key[0] for key in wanted}
    ).order_by("target__phase__start_year")  # a later phase's target's result wins
    for *key, value, unavailable, state in earlier.values_list(
        "target__indicator_id",
        "target__scope",
        "target__region_id",
        "target__portfolio_id",
        "target__unit",
        "value",
        "data_unavailable",
        "review_state",
    ):
        target_id = wanted.get(tuple(key))
        if target_id is not None and is_counted(state, counting):
            found[target_id] = CarriedOver(value, unavailable)
    return found


def status_is_declared(target: Target, result: Result | None) -> bool:
    """Whether the status shown is the custodian's declaration rather than a computed one.

    That is rule 4 of ``indicators/status.py``: a milestone, or a result given only in words.
    """
    if result is None or result.data_unavailable or not result.declared_status:
        return False
    return target.value is None or result.value is None


@dataclass(frozen=True)
class YearResult:
    """A target's result in one year, in whatever review state, and the status it counts as."""

    year: int
    result: Result | None
    status: Status
    in_phase: bool
    declared: bool

    @property
    def counted(self) -> bool:
        return self.result is not None and self.result.is_counted


@dataclass(frozen=True)
class TargetYears:
    target: Target
    custodians: list[CustodianUnit]
    years: list[YearResult]
    trend: Trend
    actions: list[AcceleratingAction]


@dataclass(frozen=True)
class IndicatorDetail:
    indicator: Indicator
    targets: list[TargetYears]
    changes: list[Change]
    earlier_changes: int


# The fields the history shows, with the words the page uses for them.
TRACKED_FIELDS: dict[type[Model], dict[str, str]] = {
    Result: {
        "value": gettext_lazy("Value"),
        "statement": gettext_lazy("Statement"),
        "data_unavailable": gettext_lazy("Data unavailable"),
        "unavailable_reason": gettext_lazy("Reason data are unavailable"),
        "declared_status": gettext_lazy("Declared status"),
        "status_confirmed": gettext_lazy("Status confirmed"),
        "explanation": gettext_lazy("Explanation"),
        "evidence_url": gettext_lazy("Evidence"),
        "review_state": gettext_lazy("Review state"),
    },
    Target: {
        "value": gettext_lazy("Target value"),
        "unit": pgettext_lazy("the unit of a target's value", "Unit"),
        "direction": gettext_lazy("Direction"),
        "text": gettext_lazy("Target as printed"),
        "kind": gettext_lazy("Kind"),
        "custodians_label": gettext_lazy("Custodians as printed"),
    },
    ResultBreakdownLine: {
        "portfolio": gettext_lazy("Portfolio"),
        "custodian": gettext_lazy("Custodian"),
        "statement": gettext_lazy("Statement"),
        "value": gettext_lazy("Value"),
    },
    AcceleratingAction: {
        "text": gettext_lazy("Action"),
        "state": gettext_lazy("State"),
        "progress_note": gettext_lazy("Progress note"),
        "due_date": gettext_lazy("Due date"),
        "next_review_date": gettext_lazy("Next review"),
    },
}
CHANGES_SHOWN = 100


def indicator_changes(indicator: Indicator, targets: list[TargetYears]) -> list[Change]:
    """What changed in the indicator's targets, results (with their portfolio lines) and actions,
    newest first: 4 queries."""
    labels = {row.target.pk: row.target.scope_label for row in targets}
    units = {a.custodian_id: a.custodian.acronym for row in targets for a in row.actions}
    results = {cell.result.pk: cell.result for row in targets for cell in row.years if cell.result}

    def history(model: type[Model], *related: str, **lookup: Any) -> QuerySet:
        return (
            model.history.filter(**lookup)
            .select_related("history_user", *related)
            .order_by("id", "history_date", "history_id")
        )

    def scope(target_id: int) -> str:
        return labels.get(target_id) or _("a removed target")

    target_ids = list(labels)
    changes = [
        *history_changes(
            history(Target, indicator_id=indicator.pk),
            TRACKED_FIELDS[Target],
            lambda r: _("Target, %(scope)s") % {"scope": scope(r.id)},
        ),
        *history_changes(
            history(Result, id__in=list(results)),  # only results the user may see
            TRACKED_FIELDS[Result],
            lambda r: (
                _("%(year)s result, %(scope)s") % {"year": r.year, "scope": scope(r.target_id)}
            ),
        ),
        *history_changes(
            history(ResultBreakdownLine, "portfolio", "custodian", result_id__in=list(results)),
            TRACKED_FIELDS[ResultBreakdownLine],
            lambda r: (
                _("%(year)s result, %(scope)s, %(portfolio)s Portfolio line")
                % {
                    "year": results[r.result_id].year,
                    "scope": scope(results[r.result_id].target_id),
                    "portfolio": in_language(r.portfolio),
                }
            ),
        ),
        *history_changes(
            history(AcceleratingAction, target_id__in=target_ids),
            TRACKED_FIELDS[AcceleratingAction],
            lambda r: (
                _("Action of %(unit)s, %(scope)s")
                % {
                    "unit": units.get(r.custodian_id) or _("a custodian"),
                    "scope": scope(r.target_id),
                }
            ),
        ),
    ]
    return sorted(changes, key=lambda change: change.when, reverse=True)


def indicator_detail(indicator_pk: int, year: int, *, user: User) -> IndicatorDetail:
    """An indicator with its targets, every year's result, trend, actions and history, as far
    as ``user`` may see them: a draft or a returned entry (its value, words and history) only
    by its units, GEDI and administrators (``Result.objects.visible_to``).

    Ten queries, however many targets, results and changes.
    """
    indicator = Indicator.objects.select_related("section__plan").get(pk=indicator_pk)
    plan = indicator.section.plan
    targets = (
        Target.objects.filter(indicator=indicator)
        .select_related("phase", "region", "portfolio")
        .prefetch_related(
            Prefetch(
                "custodian_links",
                queryset=TargetCustodian.objects.select_related("custodian").order_by("position"),
            ),
            Prefetch(
                "actions",
                queryset=AcceleratingAction.objects.select_related("custodian").order_by(
                    "custodian__name", "position"
                ),
            ),
            Prefetch(
                "results",
                queryset=Result.objects.visible_to(user)
                .order_by("year")
                .prefetch_related(
                    Prefetch(
                        "breakdown_lines",
                        queryset=ResultBreakdownLine.objects.select_related(
                            "portfolio", "custodian"
                        ),
                    )
                ),
            ),
        )
        .order_by("-phase__start_year", "position")
    )
    targets = list(targets)
    for target in targets:
        target.indicator = indicator  # the trend reads its gap; no query per target
    before_the_plan = carried_over(targets, plan=plan, year=year)
    rows = []
    for target in targets:
        by_year = {result.year: result for result in target.results.all()}
        counted = {y: r for y, r in by_year.items() if r.is_counted}
        rows.append(
            TargetYears(
                target=target,
                custodians=[link.custodian for link in target.custodian_links.all()],
                years=[
                    YearResult(
                        year=each,
                        result=by_year.get(each),
                        status=target.status_for(counted.get(each)),
                        in_phase=target.in_phase(each),
                        declared=status_is_declared(target, counted.get(each)),
                    )
                    for each in plan.years
                ],
                trend=trend_of(
                    target,
                    counted.get(year - 1) or before_the_plan.get(target.pk),
                    counted.get(year),
                    year,
                ),
                actions=list(target.actions.all()),
            )
        )
    changes = indicator_changes(indicator, rows)
    return IndicatorDetail(
        indicator=indicator,
        targets=rows,
        changes=changes[:CHANGES_SHOWN],
        earlier_changes=max(len(changes) - CHANGES_SHOWN, 0),
    )
