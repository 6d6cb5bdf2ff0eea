"""Reads for the recommendation pages and the workbook: each in a fixed number of queries."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import Model, OuterRef, Prefetch, QuerySet, Subquery
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from custodians.models import CustodianUnit
from custodians.plan_texts import PlanText, plan_text
from evaluations.models import (
    Evaluation,
    FollowUp,
    FollowUpState,
    IndicatorLink,
    Level,
    OfficeResponse,
    Recommendation,
    ResponsibleUnit,
)
from indicators.versions import Change, history_changes

# A recommendation nobody has reported on yet is shown apart from the four reported states.
NOT_REPORTED = "not_reported"
TRACKER_STATES: list[tuple[str, str]] = [
    *FollowUpState.choices,
    (NOT_REPORTED, gettext_lazy("No follow-up yet")),
]
STATE_LABELS = dict(TRACKER_STATES)
PRIORITY_NOT_STATED = gettext_lazy("Priority not stated")


@dataclass(frozen=True)
class RecommendationRow:
    """A recommendation with its units and its latest follow-up (the state it is in now)."""

    recommendation: Recommendation
    units: list[CustodianUnit]
    response: OfficeResponse | None
    state: str
    state_year: int | None
    follow_up_note: str

    @property
    def state_label(self) -> str:
        return str(STATE_LABELS[self.state])


@dataclass(frozen=True)
class StateCount:
    state: str
    label: str
    count: int


@dataclass(frozen=True)
class Group:
    """A heading of the tracker (an evaluation, a unit, a priority or a state) and its rows."""

    key: str
    label: str | PlanText  # a unit's name in the reader's language, for the page to mark
    short_label: str
    rows: list[RecommendationRow]
    url: str = ""

    @property
    def counts(self) -> list[StateCount]:
        return [
            StateCount(state, str(label), sum(1 for row in self.rows if row.state == state))
            for state, label in TRACKER_STATES
        ]


def tracker_rows(
    evaluation: Evaluation | None = None, *, with_sub_actions: bool = False
) -> list[RecommendationRow]:
    """Every recommendation (or one evaluation's) with units and latest follow-up.

    Two queries; a third with the sub-actions.
    """
    latest = FollowUp.objects.filter(recommendation=OuterRef("pk")).order_by("-year")
    recommendations = (
        Recommendation.objects.select_related("evaluation", "office_response")
        .prefetch_related(
            Prefetch(
                "unit_links",
                queryset=ResponsibleUnit.objects.select_related("unit").order_by("position"),
            )
        )
        .annotate(
            latest_state=Subquery(latest.values("state")[:1]),
            latest_year=Subquery(latest.values("year")[:1]),
            latest_note=Subquery(latest.values("note")[:1]),
        )
        .order_by("evaluation__position", "evaluation__title", "number")
    )
    if evaluation is not None:
        recommendations = recommendations.filter(evaluation=evaluation)
    if with_sub_actions:
        recommendations = recommendations.prefetch_related("sub_actions")
    return [
        RecommendationRow(
            recommendation=recommendation,
            units=[link.unit for link in recommendation.unit_links.all()],
            response=getattr(recommendation, "office_response", None),
            state=recommendation.latest_state or NOT_REPORTED,
            state_year=recommendation.latest_year,
            follow_up_note=recommendation.latest_note or "",
        )
        for recommendation in recommendations
    ]


def _by_evaluation(rows: list[RecommendationRow]) -> list[Group]:
    groups: dict[int, list[RecommendationRow]] = {}
    for row in rows:
        groups.setdefault(row.recommendation.evaluation_id, []).append(row)
    return [
        Group(
            key=evaluation.slug,
            label=evaluation.title,
            short_label=evaluation.short_title,
            rows=members,
            url=evaluation.get_absolute_url(),
        )
        for members in groups.values()
        for evaluation in [members[0].recommendation.evaluation]
    ]


def _by_unit(rows: list[RecommendationRow]) -> list[Group]:
    units: dict[int, CustodianUnit] = {}
    members: dict[int, list[RecommendationRow]] = {}
    for row in rows:
        for unit in row.units:
            units[unit.pk] = unit
            members.setdefault(unit.pk, []).append(row)
    return [
        Group(key=unit.slug, label=plan_text(unit), short_label=unit.acronym, rows=members[unit.pk])
        for unit in sorted(units.values(), key=lambda unit: unit.acronym.lower())
    ]


def _by_priority(rows: list[RecommendationRow]) -> list[Group]:
    levels = [*Level.choices, ("", PRIORITY_NOT_STATED)]
    return [
        Group(
            key=value or "not-stated",
            label=str(label),
            short_label=str(label),
            rows=[row for row in rows if row.recommendation.priority == value],
        )
        for value, label in levels
    ]


def _by_state(rows: list[RecommendationRow]) -> list[Group]:
    return [
        Group(
            key=state,
            label=str(label),
            short_label=str(label),
            rows=[row for row in rows if row.state == state],
        )
        for state, label in TRACKER_STATES
    ]


@dataclass(frozen=True)
class Grouping:
    slug: str
    label: str
    heading: str  # what one group is, as a column heading
    group_by: Callable[[list[RecommendationRow]], list[Group]]


GROUPINGS = {
    grouping.slug: grouping
    for grouping in [
        Grouping(
            "evaluation",
            gettext_lazy("By evaluation"),
            gettext_lazy("Evaluation"),
            _by_evaluation,
        ),
        Grouping(
            "unit",
            gettext_lazy("By responsible unit"),
            gettext_lazy("Responsible unit"),
            _by_unit,
        ),
        Grouping("priority", gettext_lazy("By priority"), gettext_lazy("Priority"), _by_priority),
        Grouping(
            "state",
            gettext_lazy("By follow-up state"),
            gettext_lazy("Follow-up state"),
            _by_state,
        ),
    ]
}


def recommendation_detail(pk: int) -> Recommendation:
    """A recommendation with everything its page shows: five queries."""
    return (
        Recommendation.objects.select_related("evaluation", "office_response")
        .prefetch_related(
            Prefetch(
                "unit_links",
                queryset=ResponsibleUnit.objects.select_related("unit").order_by("position"),
            ),
            "sub_actions",
            Prefetch(
                "indicator_links",
                queryset=IndicatorLink.objects.select_related("indicator__section__plan").order_by(
                    "indicator__section__plan", "indicator__position"
                ),
            ),
            Prefetch("follow_ups", queryset=FollowUp.objects.order_by("-year")),
        )
        .get(pk=pk)
    )


# ---- The indicator page: the recommendations an indicator takes up ---------------------------


@dataclass(frozen=True)
class TakenUp:
    """A recommendation linked to an indicator, with its follow-up as it stood in a year."""

    recommendation: Recommendation
    note: str
    state: str
    state_year: int | None

    @property
    def state_label(self) -> str:
        return str(STATE_LABELS[self.state])


def recommendations_taken_up(indicator_pk: int, year: int) -> list[TakenUp]:
    """The recommendations linked to an indicator, by evaluation, each with its latest follow-up
    for ``year`` or before (a state stands until the next report): one query."""
    latest = FollowUp.objects.filter(
        recommendation=OuterRef("recommendation"), year__lte=year
    ).order_by("-year")
    links = (
        IndicatorLink.objects.filter(indicator_id=indicator_pk)
        .select_related("recommendation__evaluation")
        .annotate(
            state=Subquery(latest.values("state")[:1]),
            state_year=Subquery(latest.values("year")[:1]),
        )
        .order_by(
            "recommendation__evaluation__position",
            "recommendation__evaluation__title",
            "recommendation__number",
        )
    )
    return [
        TakenUp(
            recommendation=link.recommendation,
            note=link.note,
            state=link.state or NOT_REPORTED,
            state_year=link.state_year,
        )
        for link in links
    ]


# ---- History: who changed what, when -------------------------------------------------------
# In the one wording of every page (``indicators.versions``): the indicator page's "What
# changed" and this history name people, actions and values alike.

FOLLOW_UP_FIELDS = {"state": gettext_lazy("State"), "note": gettext_lazy("Note")}
RECOMMENDATION_FIELDS = {
    "title": gettext_lazy("Title"),
    "summary": gettext_lazy("Summary"),
    "responsible_units_text": gettext_lazy("Responsible unit"),
    "priority": gettext_lazy("Priority"),
    "time_implication": gettext_lazy("Time implication"),
    "resource_implication": gettext_lazy("Resource implication"),
    "resource_implication_text": gettext_lazy("Resource implication as printed"),
}
RESPONSE_FIELDS = {
    "position": gettext_lazy("Office response"),
    "text": gettext_lazy("Response text"),
}


def recommendation_history(recommendation: Recommendation) -> list[Change]:
    """Changes to the recommendation, the Office's response and the follow-up, newest first:
    three queries. A follow-up report's first version is listed with its values (the page shows
    only the latest report of each year)."""

    def history_of(model: type[Model], **lookup: int) -> QuerySet:
        return (
            model.history.filter(**lookup)
            .select_related("history_user")
            .order_by("history_date", "history_id")
        )

    changes = [
        *history_changes(
            history_of(Recommendation, id=recommendation.pk),
            RECOMMENDATION_FIELDS,
            lambda record: recommendation.label,
        ),
        *history_changes(
            history_of(OfficeResponse, recommendation_id=recommendation.pk),
            RESPONSE_FIELDS,
            lambda record: _("Office response"),
        ),
        *history_changes(
            history_of(FollowUp, recommendation_id=recommendation.pk),
            FOLLOW_UP_FIELDS,
            lambda record: _("Follow-up %(year)s") % {"year": record.year},
            detail_creation=True,
        ),
    ]
    return sorted(changes, key=lambda change: change.when, reverse=True)
