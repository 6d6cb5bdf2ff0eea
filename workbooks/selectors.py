"""Reads for the workbooks: every query scoped by what the user may see (indicators.permissions)."""

from __future__ import annotations

from collections.abc import Iterator

from django.db.models import Prefetch, Q

from custodians.roles import User
from indicators.models import (
    AcceleratingAction,
    ActionPlan,
    Phase,
    ReportingYear,
    Result,
    Target,
    TargetCustodian,
)
from indicators.permissions import editable_actions, sees_every_unit, visible_targets
from indicators.selectors import targets_with_year

# Dropped actions are no longer commitments: neither the appendix nor the data workbook lists them
# as the custodian's actions (they stay in the history and the administration).
LISTED_ACTIONS = ~Q(state=AcceleratingAction.State.DROPPED)
# The plan's order; the IDs keep an indicator's targets together when positions are equal.
EXPORT_ORDER = (
    "indicator__section__position",
    "indicator__section_id",
    "indicator__position",
    "indicator_id",
    "position",
)
# Rows read at a time by the exports, with their prefetched relations: a plan of any size takes
# the memory of one chunk.
EXPORT_CHUNK = 2_000


def phase_for_year(plan: ActionPlan, year: int) -> Phase | None:
    return plan.phases.filter(start_year__lte=year, end_year__gte=year).first()


def appendix_targets(*, user: User, plan: ActionPlan, phase: Phase, year: int) -> Iterator[Target]:
    """The targets a phase's appendix table shows for a year, as far as ``user`` may see them.

    That is the phase's own targets, and targets of an earlier phase that still have a result in
    the year (GB.343/INS shows the 2018–19 target of HFR.7 beside its 2020–21 one). Each target
    carries ``year_results`` (counted results only, as on the scorecards), its custodian links and
    its listed actions. Read in chunks; one indicator's targets come one after the other.
    """
    counted = Result.objects.filter(year=year, review_state__in=Result.COUNTED_STATES)
    shown = Q(phase=phase) | Q(
        phase__start_year__lt=phase.start_year, pk__in=counted.values("target_id")
    )
    return (
        targets_with_year(year)
        .filter(pk__in=visible_targets(user).values("pk"))
        .filter(shown, indicator__section__plan=plan)
        .select_related("indicator__section")
        .prefetch_related(
            Prefetch(
                "actions",
                queryset=AcceleratingAction.objects.filter(LISTED_ACTIONS).order_by("position"),
                to_attr="listed_actions",
            ),
        )
        .order_by(*EXPORT_ORDER)
        .iterator(chunk_size=EXPORT_CHUNK)
    )


def workbook_targets(*, user: User, plan: ActionPlan, year: int) -> Iterator[Target]:
    """The Results sheet: the user's targets of the plan that are reported on in ``year``.

    Targets of the phase the year falls in, plus earlier targets already reported on in it.
    Each carries ``year_results``: the year's result whatever its review state, because the
    workbook is where custodians enter drafts too. Read in chunks.
    """
    phase = phase_for_year(plan, year)
    reported = Result.objects.filter(year=year).values("target_id")
    return (
        Target.objects.filter(pk__in=visible_targets(user).values("pk"))
        .filter(indicator__section__plan=plan)
        .filter(Q(phase=phase) | Q(pk__in=reported))
        .select_related("indicator__section", "phase", "region", "portfolio")
        .prefetch_related(
            Prefetch(
                "custodian_links",
                queryset=TargetCustodian.objects.select_related("custodian").order_by("position"),
            ),
            Prefetch("results", queryset=Result.objects.filter(year=year), to_attr="year_results"),
        )
        .order_by(*EXPORT_ORDER)
        .iterator(chunk_size=EXPORT_CHUNK)
    )


def workbook_actions(*, user: User, plan: ActionPlan) -> Iterator[AcceleratingAction]:
    """The Actions sheet: a focal point gets their units' actions, everyone else who may see all.
    Read in chunks."""
    actions = AcceleratingAction.objects.all() if sees_every_unit(user) else editable_actions(user)
    return (
        actions.filter(LISTED_ACTIONS, target__indicator__section__plan=plan)
        .select_related(
            "target__indicator__section", "target__region", "target__portfolio", "custodian"
        )
        .order_by(
            "target__indicator__section__position",
            "target__indicator__position",
            "target__position",
            "custodian__name",
            "position",
        )
        .iterator(chunk_size=EXPORT_CHUNK)
    )


def reporting_year(plan: ActionPlan, year: int) -> ReportingYear | None:
    return ReportingYear.objects.filter(plan=plan, year=year).first()
