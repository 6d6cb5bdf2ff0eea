"""A plan's life, in one place: who sees a plan, when results may be entered, how it moves from
draft to active to closed, how a target of an active plan is revised, and how the next plan
starts from this one.

- **Draft**: GEDI sets its structure (the plan definition workbook, the admin); custodians and
  viewers do not see it, and no results are entered.
- **Active**: results are entered; a target's value or words change only as a revision with a
  reason, kept in the target's history and shown on the indicator page.
- **Closed**: read-only; its pages, scorecards and workbooks stay readable.

Every door (pages, workbook import, admin, commands) asks these functions; none re-decides.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from custodians.access import access_of
from custodians.plan_texts import forget_translations
from indicators.formatting import target_text
from indicators.models import ActionPlan, Indicator, Phase, ReportingYear, Section, Target
from indicators.versions import mark_history

State = ActionPlan.State

# The moves GEDI may make, and what each is called on its button.
MOVES: dict[tuple[str, str], str] = {
    (State.DRAFT, State.ACTIVE): gettext_lazy("Activate: custodians see it and enter results"),
    (State.ACTIVE, State.CLOSED): gettext_lazy("Close: results become read-only"),
    (State.CLOSED, State.ACTIVE): gettext_lazy("Reopen for corrections"),
}
# Fields of a target that are its commitment: on an active plan they change only as a revision.
REVISED_FIELDS = ("kind", "value", "unit", "direction", "text")


class PlanStateError(ValidationError):
    """A move or an edit the plan's state does not allow, worded for the person who tried."""


def plans_visible_to(user: Any) -> QuerySet[ActionPlan]:
    """GEDI reviewers and administrators see drafts; everyone else the active and closed plans."""
    plans = ActionPlan.objects.all()
    return plans if access_of(user).is_reviewer else plans.exclude(state=State.DRAFT)


def visible_plan_or_404(user: Any, slug: str) -> ActionPlan:
    """The plan at ``slug``, if ``user`` may see it (who the user is is asked of drafts only)."""
    plan = ActionPlan.objects.filter(slug=slug).first()
    if plan is None:
        raise Http404("No such plan.")
    refuse_unseen(user, plan)
    return plan


def refuse_unseen(user: Any, plan: ActionPlan) -> None:
    """A page of something in ``plan`` (an indicator, a target) is a 404 for whom the plan is
    hidden: a draft is GEDI's until it is activated."""
    if plan.state == State.DRAFT and not access_of(user).is_reviewer:
        raise Http404("No such plan.")


def entry_refusal(plan: ActionPlan) -> str:
    """Why no result may be entered in ``plan`` now; empty while it is active."""
    if plan.state == State.DRAFT:
        return _(
            "%(plan)s is a draft: GEDI is still setting its targets. Results are entered once "
            "it is activated."
        ) % {"plan": plan.title}
    if plan.state == State.CLOSED:
        return _("%(plan)s is closed: its results are read-only. Ask GEDI to reopen it.") % {
            "plan": plan.title
        }
    return ""


def moves_from(plan: ActionPlan) -> list[tuple[str, str]]:
    """The states ``plan`` may move to, with each button's words."""
    return [(to, words) for (start, to), words in MOVES.items() if start == plan.state]


@transaction.atomic
def move_plan(plan: ActionPlan, to: str, *, user: Any, reason: str = "") -> ActionPlan:
    """Move ``plan`` to state ``to``, recorded in its history with who and why."""
    if not access_of(user).is_reviewer:
        raise PlanStateError(_("Only GEDI reviewers change a plan's state."))
    plan = ActionPlan.objects.select_for_update().get(pk=plan.pk)
    if (plan.state, to) not in MOVES:
        raise PlanStateError(_cannot_become(plan, to))
    if to == State.ACTIVE and plan.state == State.DRAFT:
        _refuse_incomplete(plan)
    plan.state = to
    # The history's words stay as they are saved: "Plan active", in English.
    mark_history(plan, user, reason or f"Plan {to}")
    plan.save(update_fields=["state"])
    return plan


def _cannot_become(plan: ActionPlan, to: str) -> str:
    """Why ``plan`` cannot move to ``to``: one sentence for each state it is in and is asked."""
    sentences = {
        (State.DRAFT, State.DRAFT): _("%(plan)s is draft; it cannot become draft."),
        (State.DRAFT, State.CLOSED): _("%(plan)s is draft; it cannot become closed."),
        (State.ACTIVE, State.DRAFT): _("%(plan)s is active; it cannot become draft."),
        (State.ACTIVE, State.ACTIVE): _("%(plan)s is active; it cannot become active."),
        (State.CLOSED, State.DRAFT): _("%(plan)s is closed; it cannot become draft."),
        (State.CLOSED, State.CLOSED): _("%(plan)s is closed; it cannot become closed."),
    }
    unknown = {  # a state that does not exist, named as it was asked
        State.DRAFT: _("%(plan)s is draft; it cannot become %(asked)s."),
        State.ACTIVE: _("%(plan)s is active; it cannot become %(asked)s."),
        State.CLOSED: _("%(plan)s is closed; it cannot become %(asked)s."),
    }
    if to in State.values:
        return sentences[(plan.state, to)] % {"plan": plan.title}
    return unknown[plan.state] % {"plan": plan.title, "asked": repr(to)}


def _refuse_incomplete(plan: ActionPlan) -> None:
    """A plan is activated with its targets set: an indicator without one would be a row that
    can never be reported."""
    bare = list(
        Indicator.objects.filter(section__plan=plan, targets__isnull=True).values_list(
            "code", flat=True
        )
    )
    if bare:
        raise PlanStateError(
            ngettext(
                "Set a target for every indicator before activating: %(codes)s has none.",
                "Set a target for every indicator before activating: %(codes)s have none.",
                len(bare),
            )
            % {"codes": ", ".join(bare)}
        )


def revision_refusal(plan: ActionPlan, reason: str) -> str:
    """Why a target of ``plan`` may not change with this reason; empty when it may."""
    if plan.state == State.CLOSED:
        return _("%(plan)s is closed: its targets do not change.") % {"plan": plan.title}
    if plan.state == State.ACTIVE and not (reason or "").strip():
        return _(
            "Say why the target changes: on an active plan a target is revised with a reason, "
            "shown beside it."
        )
    return ""


@transaction.atomic
def revise_target(target: Target, *, user: Any, reason: str, **changes: Any) -> Target:
    """Change a target's commitment (value, words, unit, direction, kind).

    In a draft plan GEDI edits freely; in an active plan the change is a revision and needs a
    reason, kept in the target's history (the indicator page and the appendix's notes show it);
    a closed plan's targets do not change.
    """
    if not access_of(user).is_reviewer:
        raise PlanStateError(_("Only GEDI reviewers revise a plan's targets."))
    unknown = set(changes) - set(REVISED_FIELDS)
    if unknown:
        raise PlanStateError(
            _("Not a target's commitment: %(fields)s.") % {"fields": ", ".join(sorted(unknown))}
        )
    refusal = revision_refusal(target.indicator.section.plan, reason)
    if refusal:
        raise PlanStateError(refusal)
    target = Target.objects.select_for_update().get(pk=target.pk)
    worded = target.text
    for name, value in changes.items():
        setattr(target, name, value)
    if target.text != worded:  # its translations translated the old words
        forget_translations(target)
    target.full_clean()
    mark_history(target, user, reason or "Draft plan edited")
    target.save()
    return target


@dataclass(frozen=True)
class TargetRevision:
    """A recorded change of a target's commitment: when, who, why, and its words before/after."""

    when: Any
    who: str
    reason: str
    before: str
    after: str


def target_revisions(target_ids: Iterable[int]) -> dict[int, list[TargetRevision]]:
    """Each target's revisions (changes to its commitment saved with a reason), newest first,
    by target id: one query for all of them. Most targets were never revised: the query reads
    whole only the histories that hold a change with a reason (what any revision is)."""
    history = Target.history.model.objects
    revised = (
        history.filter(id__in=list(target_ids), history_type="~")
        .exclude(Q(history_change_reason__isnull=True) | Q(history_change_reason=""))
        .values("id")
    )
    records = history.filter(id__in=revised).select_related("history_user")
    by_target: dict[int, list[Any]] = {}
    for record in records.order_by("history_date", "history_id"):
        by_target.setdefault(record.id, []).append(record)
    revisions: dict[int, list[TargetRevision]] = {}
    for target_id, history in by_target.items():
        for before, after in zip(history, history[1:], strict=False):
            changed = any(getattr(before, f) != getattr(after, f) for f in REVISED_FIELDS)
            if changed and after.history_change_reason and after.history_type == "~":
                revisions.setdefault(target_id, []).insert(
                    0,
                    TargetRevision(
                        when=after.history_date,
                        who=after.history_user.get_username() if after.history_user else "",
                        reason=after.history_change_reason,
                        before=target_text(before),
                        after=target_text(after),
                    ),
                )
    return revisions


@transaction.atomic
def start_next_plan(
    source: ActionPlan,
    *,
    slug: str,
    title: str,
    start_year: int,
    end_year: int,
    user: Any,
) -> ActionPlan:
    """A new draft plan that continues ``source``: its sections and indicators copied (each
    indicator linked to the one it continues), two-year phases and a reporting year for each of
    its years, no targets (GEDI sets them, in the plan definition workbook or the admin)."""
    if not access_of(user).is_reviewer:
        raise PlanStateError(_("Only GEDI reviewers start a plan."))
    if ActionPlan.objects.filter(slug=slug).exists():
        raise PlanStateError(
            _("A plan called %(slug)s exists already: choose another short name.")
            % {"slug": repr(slug)}
        )
    plan = ActionPlan(
        slug=slug,
        title=title,
        organisation=source.organisation,
        start_year=start_year,
        end_year=end_year,
        state=State.DRAFT,
    )
    plan.full_clean()
    mark_history(plan, user, f"Started from {source.title}")
    plan.save()
    for first in range(start_year, end_year + 1, 2):
        last = min(first + 1, end_year)
        label = f"{first}–{str(last)[2:]}" if last != first else str(first)
        Phase.objects.create(plan=plan, label=label, start_year=first, end_year=last)
    ReportingYear.objects.bulk_create(
        ReportingYear(plan=plan, year=year) for year in range(start_year, end_year + 1)
    )
    for section in source.sections.order_by("position"):
        copy = Section.objects.create(plan=plan, title=section.title, position=section.position)
        for indicator in section.indicators.order_by("position"):
            Indicator.objects.create(
                section=copy,
                code=indicator.code,
                text=indicator.text,
                kind=indicator.kind,
                position=indicator.position,
                trend_gap=indicator.trend_gap,
                predecessor=indicator,
            )
    return plan
