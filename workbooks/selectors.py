"""Reads for the workbooks: every query scoped by what the user may see (indicators.permissions)."""

from __future__ import annotations

from collections.abc import Iterator

from django.db.models import Q

from custodians.roles import User
from indicators.models import AcceleratingAction, ActionPlan, Phase, ReportingYear, Result, Target
from indicators.permissions import editable_actions, sees_every_unit, visible_targets
from indicators.review import Counting, counted_condition
from workbooks.target_chunks import (
    EXPORT_CHUNK,
    LISTED_ACTIONS,
    RelatedRows,
    TargetRow,
    among,
    chunks,
    target_rows,
    with_export_rows,
)

# The plan's order; the IDs keep an indicator's targets together when positions are equal.
EXPORT_ORDER = (
    "indicator__section__position",
    "indicator__section_id",
    "indicator__position",
    "indicator_id",
    "position",
)


ACTION_TARGET, ACTION_CUSTODIAN = (
    AcceleratingAction._meta.get_field(name) for name in ("target", "custodian")
)


def phase_for_year(plan: ActionPlan, year: int) -> Phase | None:
    return plan.phases.filter(start_year__lte=year, end_year__gte=year).first()


def appendix_targets(
    *,
    user: User,
    plan: ActionPlan,
    phase: Phase,
    year: int,
    counting: str = Counting.APPROVED_ONLY,
) -> Iterator[TargetRow]:
    """The targets a phase's appendix table shows for a year, as far as ``user`` may see them.

    That is the phase's own targets, and targets of an earlier phase that still have a result in
    the year (GB.343/INS shows the 2018–19 target of HFR.7 beside its 2020–21 one). Each target
    carries ``year_results`` (counted results only, as ``counting`` says: approved only unless
    asked for submitted ones too, which are marked provisional), its custodian units
    and its listed actions (workbooks.target_chunks). One indicator's targets come one after the
    other.
    """
    counted = Result.objects.filter(counted_condition(counting=counting), year=year)
    shown = Q(phase=phase) | Q(
        phase__start_year__lt=phase.start_year, pk__in=counted.values("target_id")
    )
    targets = (
        Target.objects.filter(pk__in=visible_targets(user).values("pk"))
        .filter(shown, plan=plan)
        .order_by(*EXPORT_ORDER)
    )
    return with_export_rows(
        targets, year=year, counted_only=True, counting=counting, with_lines_and_actions=True
    )


def workbook_targets(
    *, user: User, plan: ActionPlan, year: int, related: RelatedRows | None = None
) -> Iterator[TargetRow]:
    """The Results sheet: the user's targets of the plan that are reported on in ``year``.

    Targets of the phase the year falls in, plus earlier targets already reported on in it.
    Each carries ``year_results``: the year's result whatever its review state, because the
    workbook is where custodians enter drafts too; but a draft or a returned entry only for
    those who may see it (``Result.objects.visible_to``: its target's units, GEDI and
    administrators).
    """
    phase = phase_for_year(plan, year)
    results = Result.objects.visible_to(user)
    reported = results.filter(year=year).values("target_id")
    targets = (
        Target.objects.filter(pk__in=visible_targets(user).values("pk"))
        .filter(plan=plan)
        .filter(Q(phase=phase) | Q(pk__in=reported))
        .order_by(*EXPORT_ORDER)
    )
    return with_export_rows(
        targets, year=year, counted_only=False, results=results, related=related
    )


def workbook_actions(
    *, user: User, plan: ActionPlan, related: RelatedRows | None = None
) -> Iterator[AcceleratingAction]:
    """The Actions sheet: a focal point gets their units' actions, everyone else who may see all.
    Each action has its ``target`` (a ``TargetRow``, with its indicator and scope) and
    ``custodian``."""
    actions = AcceleratingAction.objects.all() if sees_every_unit(user) else editable_actions(user)
    actions = actions.filter(LISTED_ACTIONS, target__plan=plan).order_by(
        "target__indicator__section__position",
        "target__indicator__position",
        "target__position",
        "custodian__name",
        "position",
    )
    related = related or RelatedRows()
    for chunk in chunks(actions.iterator(chunk_size=EXPORT_CHUNK)):
        ids = among({action.target_id for action in chunk})
        targets = {row.id: row for row in target_rows(Target.objects.filter(pk__in=ids))}
        related.set_target_relations(list(targets.values()))
        for action in chunk:
            ACTION_TARGET.set_cached_value(action, targets[action.target_id])
            ACTION_CUSTODIAN.set_cached_value(action, related.units[action.custodian_id])
        yield from chunk


def reporting_year(plan: ActionPlan, year: int) -> ReportingYear | None:
    return ReportingYear.objects.filter(plan=plan, year=year).first()
