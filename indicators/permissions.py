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

from custodians.models import CustodianUnit
from custodians.roles import User, is_administrator, is_reviewer, is_viewer, units_of
from indicators.models import AcceleratingAction, ReportingYear, Result, Target


def sees_every_unit(user: User) -> bool:
    return is_reviewer(user) or is_viewer(user)


def visible_targets(user: User) -> QuerySet[Target]:
    if sees_every_unit(user):
        return Target.objects.all()
    return Target.objects.for_units(units_of(user))


def editable_targets(user: User) -> QuerySet[Target]:
    if is_reviewer(user):
        return Target.objects.all()
    if is_viewer(user):
        return Target.objects.none()
    return Target.objects.for_units(units_of(user))


def editable_actions(user: User) -> QuerySet[AcceleratingAction]:
    if is_reviewer(user):
        return AcceleratingAction.objects.all()
    if is_viewer(user):
        return AcceleratingAction.objects.none()
    return AcceleratingAction.objects.filter(custodian__in=units_of(user))


def reports_for_units(user: User) -> bool:
    """Belongs to a custodian unit and may report for it (a viewer only reads)."""
    return not is_viewer(user) and units_of(user).exists()


def works_as_focal_point(user: User) -> bool:
    """Reports for a unit and does nothing else: "My indicators" is their home."""
    return not is_reviewer(user) and reports_for_units(user)


def can_review(user: User) -> bool:
    """Submits are approved or returned, approved results reopened, by GEDI reviewers."""
    return is_reviewer(user)


def can_manage_reporting_years(user: User) -> bool:
    return is_reviewer(user)


def reporting_units_for(user: User, target: Target) -> QuerySet[CustodianUnit]:
    """The custodian units of ``target`` this user reports for: their accelerating actions and
    their portfolio lines of the target's results."""
    units = CustodianUnit.objects.filter(target_links__target=target)
    if is_reviewer(user):
        return units
    if is_viewer(user):
        return CustodianUnit.objects.none()
    return units.filter(memberships__user=user)


def can_edit_target(user: User, target: Target) -> bool:
    return editable_targets(user).filter(pk=target.pk).exists()


def year_open_for(user: User, reporting_year: ReportingYear | None, target: Target) -> bool:
    """Whether results for this year may still be entered by this user for this target."""
    if is_reviewer(user) or is_administrator(user):
        return True
    if reporting_year is None or reporting_year.is_open:
        return True
    return reporting_year.reopened_for.filter(
        pk__in=units_of(user).filter(targets=target).values("pk")
    ).exists()


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
    if may_edit_target is None:
        may_edit_target = can_edit_target(user, target)
    if not may_edit_target:
        return "Only the target's custodian units and GEDI reviewers enter its results."
    if (
        result is not None
        and result.review_state == Result.ReviewState.APPROVED
        and not is_reviewer(user)
    ):
        return "This result was approved, so it is locked. Ask GEDI to reopen it if it must change."
    if not year_open_for(user, reporting_year, target):
        year = reporting_year.year if reporting_year else ""
        return f"The {year} reporting year is closed. Ask GEDI to reopen it for your unit."
    return ""
