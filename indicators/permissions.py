"""Who may see and change which targets, results and actions. Every view and command asks here.

- Administrators and GEDI reviewers may read and change every unit's entries.
- Viewers read everything and change nothing (even if they also belong to a unit).
- A focal point reads and changes only the targets and actions of the units they belong to.
- A closed reporting year takes no result entries, except from a unit GEDI reopened it for
  (reviewers and administrators are not held by the closure).
- An approved result is locked for its custodians; only GEDI changes it, or reopens it.
- Only GEDI reviewers (and administrators) review results and manage reporting years.
"""

from __future__ import annotations

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from custodians.access import access_of
from custodians.models import CustodianUnit
from custodians.roles import User
from indicators.models import (
    AcceleratingAction,
    ActionPlan,
    ReportingYear,
    Result,
    Target,
    TargetCustodian,
)
from indicators.plan_life import entry_refusal
from indicators.review import STEPS, Who, locked_for_custodians


def sees_every_unit(user: User) -> bool:
    return access_of(user).sees_every_unit


def visible_targets(user: User) -> QuerySet[Target]:
    """GEDI sees every target; a viewer every target of the plans that are not drafts; a focal
    point their units' targets of those plans (indicators/plan_life.py)."""
    access = access_of(user)
    if access.is_reviewer:
        return Target.objects.all()
    seen = Target.objects.exclude(plan__state=ActionPlan.State.DRAFT)
    return seen if access.is_viewer else seen.for_units(access.unit_ids)


def editable_targets(user: User) -> QuerySet[Target]:
    access = access_of(user)
    if access.is_reviewer:
        return Target.objects.all()
    if access.is_viewer:
        return Target.objects.none()
    return Target.objects.filter(plan__state=ActionPlan.State.ACTIVE).for_units(access.unit_ids)


def editable_actions(user: User) -> QuerySet[AcceleratingAction]:
    access = access_of(user)
    if access.is_reviewer:
        return AcceleratingAction.objects.all()
    if access.is_viewer:
        return AcceleratingAction.objects.none()
    return AcceleratingAction.objects.filter(custodian__in=access.unit_ids)


def reports_for_units(user: User) -> bool:
    """Belongs to a custodian unit and may report for it (a viewer only reads)."""
    return access_of(user).reports_for_units


def works_as_focal_point(user: User) -> bool:
    """Reports for a unit and does nothing else: "My indicators" is their home."""
    access = access_of(user)
    return not access.is_reviewer and access.reports_for_units


def can_review(user: User) -> bool:
    """Submits are approved or returned, approved results reopened, by GEDI reviewers."""
    return access_of(user).is_reviewer


def can_manage_reporting_years(user: User) -> bool:
    return access_of(user).is_reviewer


def reporting_units_for(user: User, target: Target) -> QuerySet[CustodianUnit]:
    """The custodian units of ``target`` this user reports for: their accelerating actions and
    their portfolio lines of the target's results."""
    access = access_of(user)
    units = CustodianUnit.objects.filter(target_links__target=target)
    if access.is_reviewer:
        return units
    if access.is_viewer:
        return CustodianUnit.objects.none()
    return units.filter(pk__in=access.unit_ids)


def can_edit_target(user: User, target: Target) -> bool:
    access = access_of(user)
    if access.is_reviewer:
        return True
    if access.is_viewer or not access.unit_ids:
        return False
    return TargetCustodian.objects.filter(target=target, custodian__in=access.unit_ids).exists()


def year_open_for(user: User, reporting_year: ReportingYear | None, target: Target) -> bool:
    """Whether results for this year may still be entered by this user for this target."""
    access = access_of(user)
    if access.is_reviewer:
        return True
    if reporting_year is None or reporting_year.is_open:
        return True
    return reporting_year.reopened_for.filter(
        pk__in=access.unit_ids, target_links__target=target
    ).exists()


def may_take_step(user: User, step_name: str) -> bool:
    """Whether the user's role may take a review step at all (``indicators.review.STEPS``);
    a custodian's step also needs ``result_edit_refusal`` to be empty."""
    who = STEPS[step_name].who
    if who == Who.REVIEWER:
        return can_review(user)
    return access_of(user).changes_anything


def result_edit_refusal(
    user: User,
    target: Target,
    reporting_year: ReportingYear | None,
    result: Result | None,
    *,
    may_edit_target: bool | None = None,
) -> str:
    """Why this user may not enter or change this result now; empty when they may.

    The reason is shown to the person, so it says what they can do about it. A caller that
    checked many targets at once with ``editable_targets`` passes ``may_edit_target``.
    """
    refusal = entry_refusal(target.indicator.section.plan)
    if refusal:
        return refusal
    if may_edit_target is None:
        may_edit_target = can_edit_target(user, target)
    if not may_edit_target:
        return _("Only the target's custodian units and GEDI reviewers enter its results.")
    if (
        result is not None
        and locked_for_custodians(result.review_state)
        and not access_of(user).is_reviewer
    ):
        return _(
            "This result was approved, so it is locked. Ask GEDI to reopen it if it must change."
        )
    if not year_open_for(user, reporting_year, target):
        year = reporting_year.year if reporting_year else ""
        return _("The %(year)s reporting year is closed. Ask GEDI to reopen it for your unit.") % {
            "year": year
        }
    return ""
