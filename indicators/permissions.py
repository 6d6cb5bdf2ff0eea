"""Who may see and change which targets, results and actions. Every view and command asks here.

- Administrators and GEDI reviewers may read and change every unit's entries.
- Viewers read everything and change nothing.
- A focal point reads and changes only the targets and actions of the units they belong to.
- A closed reporting year takes no result entries, except from a unit GEDI reopened it for
  (reviewers and administrators are not held by the closure).
"""

from __future__ import annotations

from django.db.models import QuerySet

from custodians.roles import User, is_administrator, is_reviewer, is_viewer, units_of
from indicators.models import AcceleratingAction, ReportingYear, Target


def sees_every_unit(user: User) -> bool:
    return is_reviewer(user) or is_viewer(user)


def visible_targets(user: User) -> QuerySet[Target]:
    if sees_every_unit(user):
        return Target.objects.all()
    return Target.objects.for_units(units_of(user))


def editable_targets(user: User) -> QuerySet[Target]:
    if is_reviewer(user):
        return Target.objects.all()
    return Target.objects.for_units(units_of(user))


def editable_actions(user: User) -> QuerySet[AcceleratingAction]:
    if is_reviewer(user):
        return AcceleratingAction.objects.all()
    return AcceleratingAction.objects.filter(custodian__in=units_of(user))


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
