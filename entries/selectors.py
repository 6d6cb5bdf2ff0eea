"""Reads for result entry and review: each page's rows in a fixed number of queries."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cached_property

from django.db.models import Case, IntegerField, Prefetch, Q, QuerySet, Value, When
from django.utils import timezone
from django.utils.translation import gettext as _

from custodians.models import CustodianUnit, Portfolio
from custodians.plan_texts import in_language, in_reading_order
from custodians.roles import User, units_of
from entries.models import ResultComment
from indicators.models import (
    AcceleratingAction,
    ActionPlan,
    ReportingYear,
    Result,
    ResultBreakdownLine,
    Target,
    TargetCustodian,
    phase_covers,
)
from indicators.review import ReviewState, counted_condition
from indicators.selectors import (
    Trend,
    current_reporting_year,
    default_plan,
    trend_of,
)
from indicators.status import Status

# The steps whose comment says why an entry came back to its custodians.
SENT_BACK_STEPS = (ResultComment.Step.RETURNED, ResultComment.Step.REOPENED)


@dataclass(frozen=True)
class EntryRow:
    """A target to report on in a year, with where its result stands."""

    target: Target
    result: Result | None
    custodians: list[CustodianUnit]
    actions: list[AcceleratingAction]
    sent_back: ResultComment | None  # the latest return or reopening, which says why
    deadline: datetime.date | None
    previous: Result | None = None  # the counted result of the year before, when asked for

    @property
    def stage(self) -> str:
        """missing (nothing or a draft), returned, submitted or approved."""
        if self.result is None or self.result.review_state == Result.ReviewState.DRAFT:
            return "missing"
        return self.result.review_state

    @property
    def status(self) -> Status:
        return self.target.status_for(self.result)

    @property
    def submitted_late(self) -> bool:
        return bool(
            self.deadline
            and self.result
            and self.result.submitted_at
            and timezone.localdate(self.result.submitted_at) > self.deadline
        )

    @property
    def edited_since_sent_back(self) -> bool:
        """A returned entry its custodians changed after GEDI sent it back: ready to resubmit.

        The step that sends an entry back saves it before its comment is written, so a later
        save (the form, the workbook import) is the only way ``updated_at`` passes the comment.
        """
        return bool(
            self.result
            and self.result.review_state == ReviewState.RETURNED
            and self.sent_back
            and self.result.updated_at > self.sent_back.created_at
        )

    @property
    def ready_to_submit(self) -> bool:
        """A draft, or a returned entry changed since: what "submit these drafts" offers."""
        return bool(
            self.result
            and (self.result.review_state == ReviewState.DRAFT or self.edited_since_sent_back)
        )

    @property
    def trend(self) -> Trend:
        """The change since the previous year's counted result (the scorecards' rule)."""
        year = self.result.year if self.result else 0
        return trend_of(self.target, self.previous, self.result, year)


@dataclass
class EntryGroups:
    """Rows sorted by where they stand, in the order people act on them."""

    missing: list[EntryRow] = field(default_factory=list)
    returned: list[EntryRow] = field(default_factory=list)
    submitted: list[EntryRow] = field(default_factory=list)
    approved: list[EntryRow] = field(default_factory=list)

    @classmethod
    def of(cls, rows: list[EntryRow]) -> EntryGroups:
        groups = cls()
        for row in rows:
            getattr(groups, row.stage).append(row)
        return groups


def reporting_years(plan: ActionPlan) -> list[ReportingYear]:
    """The plan's reporting years with the units each was reopened for: two queries."""
    return list(plan.reporting_years.order_by("year").prefetch_related("reopened_for"))


@dataclass(frozen=True)
class YearChoice:
    """The reporting year a page shows, and the plan's other years to pick from."""

    reporting_year: ReportingYear | None
    years: list[ReportingYear]


def choose_reporting_year(asked: str | None = None) -> YearChoice:
    """The year asked for if the plan reports on it, else the latest open year, else the
    latest: two queries (the plan, its years)."""
    plan = default_plan()
    years = list(plan.reporting_years.order_by("year")) if plan else []
    for year in years:
        year.plan = plan  # the pages link back to it
    chosen = next((y for y in years if asked and str(y.year) == asked), None)
    return YearChoice(chosen or current_reporting_year(years), years)


def targets_reported_in(reporting_year: ReportingYear) -> QuerySet[Target]:
    """The targets results are taken for in a year: those of the phase that covers it."""
    return Target.objects.filter(phase_covers(reporting_year.year), plan_id=reporting_year.plan_id)


def is_reported_in(target: Target, reporting_year: ReportingYear) -> bool:
    """Whether results are taken for the target that year (or one was already entered)."""
    return (
        target.indicator.section.plan_id == reporting_year.plan_id
        and target.in_phase(reporting_year.year)
    ) or target.results.filter(year=reporting_year.year).exists()


# The order of the plan, in which My indicators and the review queue list targets.
QUEUE_ORDER = ("indicator__section__position", "indicator__position", "position", "pk")


def _entry_rows(
    targets: QuerySet[Target],
    reporting_year: ReportingYear,
    actions_of: list[int] | None = None,
    *,
    with_previous: bool = False,
) -> list[EntryRow]:
    """Rows for the targets with the year's result, custodians and why it came back, and the
    accelerating actions of the units ``actions_of`` when it is given.

    Four queries (targets, custodians, results, their sent-back comments), five with actions.
    ``with_previous`` adds the counted result of the year before to each row, read in the same
    query as the year's results.
    """
    year = reporting_year.year
    if actions_of is not None:
        targets = targets.prefetch_related(
            Prefetch(
                "actions",
                queryset=AcceleratingAction.objects.filter(custodian__in=actions_of)
                .select_related("custodian")
                .order_by("custodian__name", "position"),
                to_attr="listed_actions",
            )
        )
    wanted = Q(year=year)
    sent_back = ResultComment.objects.filter(step__in=SENT_BACK_STEPS)
    if with_previous:
        wanted |= Q(year=year - 1) & counted_condition()
        sent_back = sent_back.filter(result__year=year)
    targets = (
        targets.select_related("indicator__section", "phase", "region", "portfolio")
        .prefetch_related(
            Prefetch(
                "custodian_links",
                queryset=TargetCustodian.objects.select_related("custodian").order_by("position"),
            ),
            Prefetch(
                "results",
                queryset=Result.objects.filter(wanted).prefetch_related(
                    Prefetch(
                        "comments",
                        queryset=sent_back.select_related("author").order_by("-created_at", "-pk"),
                        to_attr="sent_back_comments",
                    )
                ),
                to_attr="year_results",
            ),
        )
        .order_by(*QUEUE_ORDER)
    )
    rows = []
    for target in targets:
        by_year = {result.year: result for result in target.year_results}
        result = by_year.get(year)
        sent_back_comments = result.sent_back_comments if result is not None else []
        rows.append(
            EntryRow(
                target=target,
                result=result,
                custodians=[link.custodian for link in target.custodian_links.all()],
                actions=getattr(target, "listed_actions", []),
                sent_back=sent_back_comments[0] if sent_back_comments else None,
                deadline=reporting_year.deadline,
                previous=by_year.get(year - 1),
            )
        )
    return rows


@dataclass(frozen=True)
class MyIndicators:
    reporting_year: ReportingYear
    units: list[CustodianUnit]
    rows: list[EntryRow]  # in the plan's order, each with the actions of the user's units
    reopened_for: list[CustodianUnit]  # the user's units a closed year was reopened for

    @cached_property
    def groups(self) -> EntryGroups:
        return EntryGroups.of(self.rows)

    @property
    def units_named(self) -> str:
        """The user's units as a sentence names them: "Gender Unit (GEDI); Policy (POL)"."""
        return "; ".join(f"{in_language(unit)} ({unit.acronym})" for unit in self.units)

    @property
    def reopened_acronyms(self) -> str:
        """The units a closed year was reopened for, as a sentence names them: "GEDI, POL"."""
        return ", ".join(unit.acronym for unit in self.reopened_for)

    @cached_property
    def ready_to_submit(self) -> list[EntryRow]:
        """Drafts, and returned entries changed since: what can go to GEDI in one go."""
        return [row for row in self.rows if row.ready_to_submit]


def my_indicators(user: User, reporting_year: ReportingYear) -> MyIndicators:
    """A focal point's targets for the year, grouped by what is left to do: seven queries
    (eight when the year is closed)."""
    units = list(units_of(user).order_by(in_reading_order("name"), "name"))
    unit_ids = [unit.pk for unit in units]
    targets = targets_reported_in(reporting_year).filter(
        pk__in=TargetCustodian.objects.filter(custodian__in=unit_ids).values("target")
    )
    rows = _entry_rows(targets, reporting_year, actions_of=unit_ids)
    reopened = (
        [] if reporting_year.is_open else list(reporting_year.reopened_for.filter(pk__in=unit_ids))
    )
    return MyIndicators(reporting_year, units, rows, reopened)


@dataclass(frozen=True)
class ReviewQueue:
    reporting_year: ReportingYear
    groups: EntryGroups

    @property
    def overdue(self) -> bool:
        """Whether the deadline has passed, so that what is not submitted is late."""
        deadline = self.reporting_year.deadline
        return deadline is not None and timezone.localdate() > deadline

    @property
    def not_submitted(self) -> list[EntryRow]:
        """Targets GEDI still waits for: nothing entered, a draft, or returned."""
        return self.groups.missing + self.groups.returned


def review_queue(reporting_year: ReportingYear) -> ReviewQueue:
    """Every target of the year with its result, the counted result of the year before and
    the custodians: four queries."""
    rows = _entry_rows(targets_reported_in(reporting_year), reporting_year, with_previous=True)
    return ReviewQueue(reporting_year, EntryGroups.of(rows))


def next_in_queue(target: Target, reporting_year: ReportingYear) -> Target | None:
    """The submitted entry that follows ``target`` in the review queue's order, or the first
    one still waiting when ``target`` is the last: one query. ``target`` comes with its
    indicator and section."""
    section, indicator = target.indicator.section.position, target.indicator.position
    same_section = Q(indicator__section__position=section)
    same_indicator = same_section & Q(indicator__position=indicator)
    after = (
        Q(indicator__section__position__gt=section)
        | (same_section & Q(indicator__position__gt=indicator))
        | (same_indicator & Q(position__gt=target.position))
        | (same_indicator & Q(position=target.position, pk__gt=target.pk))
    )
    return (
        targets_reported_in(reporting_year)
        .filter(results__year=reporting_year.year, results__review_state=ReviewState.SUBMITTED)
        .exclude(pk=target.pk)
        .annotate(
            from_the_start=Case(
                When(after, then=Value(0)), default=Value(1), output_field=IntegerField()
            )
        )
        .select_related("indicator", "region", "portfolio")
        .order_by("from_the_start", *QUEUE_ORDER)
        .first()
    )


@dataclass(frozen=True)
class ResultPage:
    target: Target
    reporting_year: ReportingYear
    result: Result | None
    custodians: list[CustodianUnit]
    comments: list[ResultComment]
    actions: list[AcceleratingAction]


def result_for_update(target: Target, year: int) -> Result | None:
    """The result as an entry form needs it: with its portfolio lines and its discussion
    (three queries when there is a result, one when there is none)."""
    return (
        Result.objects.filter(target=target, year=year)
        .prefetch_related(
            Prefetch(
                "breakdown_lines",
                queryset=ResultBreakdownLine.objects.select_related("portfolio", "custodian"),
            ),
            Prefetch("comments", queryset=ResultComment.objects.select_related("author")),
        )
        .first()
    )


@dataclass(frozen=True)
class EarlierResult:
    """A result of the target in an earlier year, as the entry form recalls it."""

    result: Result
    status: Status

    @property
    def counted(self) -> bool:
        return self.result.is_counted


@dataclass(frozen=True)
class EntryContext:
    """What the entry form shows beside the fields: the target's earlier results, why GEDI
    sent the entry back, and the discussion."""

    earlier: list[EarlierResult]
    sent_back: ResultComment | None
    comments: list[ResultComment]


def entry_context(target: Target, year: int, user: User, result: Result | None) -> EntryContext:
    """The entry form's surroundings: one query (the earlier results the user may see: counted
    ones, and their own units' drafts and returned entries); ``result`` comes from
    ``result_for_update`` with its comments."""
    earlier = Result.objects.visible_to(user).filter(target=target, year__lt=year).order_by("-year")
    comments = list(result.comments.all()) if result is not None else []
    sent_back = None
    if result is not None and result.review_state == ReviewState.RETURNED:
        sent_back = next(
            (c for c in reversed(comments) if c.step in SENT_BACK_STEPS), None
        )  # the latest: the comments come in the order they were written
    return EntryContext(
        earlier=[EarlierResult(r, target.status_for(r)) for r in earlier],
        sent_back=sent_back,
        comments=comments,
    )


def results_chosen(pks: list[int], targets: QuerySet[Target]) -> list[Result]:
    """The results ``pks`` among those of ``targets`` (the ones the user may act on), with
    what names them and what the permission checks read, in the queue's order: one query."""
    return list(
        Result.objects.filter(pk__in=pks, target__in=targets)
        .select_related(
            "target__indicator__section__plan",
            "target__phase",
            "target__region",
            "target__portfolio",
        )
        .order_by(*(f"target__{name}" for name in QUEUE_ORDER))
    )


def result_page(target: Target, reporting_year: ReportingYear) -> ResultPage:
    """A target's result for a year with its discussion and actions: six queries."""
    result = (
        Result.objects.filter(target=target, year=reporting_year.year)
        .select_related("status_confirmed_by", "submitted_by", "approved_by")
        .prefetch_related(
            Prefetch(
                "breakdown_lines",
                queryset=ResultBreakdownLine.objects.select_related("portfolio", "custodian"),
            ),
            Prefetch("comments", queryset=ResultComment.objects.select_related("author")),
        )
        .first()
    )
    custodians = list(
        CustodianUnit.objects.filter(target_links__target=target).order_by("target_links__position")
    )
    actions = list(
        target.actions.select_related("custodian").order_by("custodian__name", "position")
    )
    return ResultPage(
        target=target,
        reporting_year=reporting_year,
        result=result,
        custodians=custodians,
        comments=list(result.comments.all()) if result else [],
        actions=actions,
    )


@dataclass(frozen=True)
class LineSpec:
    """A portfolio line the entry form offers: whose it is, what it says now, who may change it."""

    portfolio: Portfolio
    custodian: CustodianUnit
    statement: str
    value: Decimal | None
    editable: bool


def breakdown_lines_offered(
    target: Target, result: Result | None, editable_unit_ids: set[int]
) -> list[LineSpec]:
    """The portfolio lines a result of this target is reported in.

    A target whose custodians include Deputy Directors-General is reported portfolio by
    portfolio, one line per Deputy Director-General; lines already on the result are offered too.
    """
    lines = {}
    heads = CustodianUnit.objects.filter(
        target_links__target=target,
        kind=CustodianUnit.Kind.DEPUTY_DIRECTOR_GENERAL,
        portfolio__isnull=False,
    ).select_related("portfolio")
    for unit in heads:
        lines[unit.portfolio_id] = (unit.portfolio, unit, "", None)
    for line in result.breakdown_lines.all() if result else []:
        lines[line.portfolio_id] = (line.portfolio, line.custodian, line.statement, line.value)
    ordered = sorted(lines.values(), key=lambda item: (item[0].position, item[0].name))
    return [
        LineSpec(
            portfolio=portfolio,
            custodian=custodian,
            statement=statement,
            value=value,
            editable=custodian.pk in editable_unit_ids,
        )
        for portfolio, custodian, statement, value in ordered
    ]


@dataclass(frozen=True)
class ActionUpdate:
    """One saved state of an accelerating action: its progress history, newest first."""

    when: datetime.datetime
    who: str
    state: str
    progress_note: str
    due_date: datetime.date | None
    next_review_date: datetime.date | None
    text: str
    reason: str


def action_progress(action: AcceleratingAction) -> list[ActionUpdate]:
    """Every saved state of the action, newest first: one query."""
    records = action.history.select_related("history_user").order_by("-history_date", "-history_id")
    states = dict(AcceleratingAction.State.choices)
    return [
        ActionUpdate(
            when=record.history_date,
            who=record.history_user.get_username()
            if record.history_user
            else _("no signed-in user"),
            state=states.get(record.state, record.state),
            progress_note=record.progress_note,
            due_date=record.due_date,
            next_review_date=record.next_review_date,
            text=record.text,
            reason=record.history_change_reason or "",
        )
        for record in records
    ]


def last_saved_by(instance: Result | AcceleratingAction) -> tuple[str, datetime.datetime] | None:
    """Who saved the row last and when, from its history: one query."""
    record = instance.history.select_related("history_user").order_by("-history_date").first()
    if record is None:
        return None
    who = record.history_user.get_username() if record.history_user else _("no signed-in user")
    return who, record.history_date
