"""The product's roles, and which units a user reports for. One place for all of it.

- administrator: a Django superuser;
- GEDI reviewer: member of the "GEDI reviewers" group, reviews every unit's entries;
- viewer: member of the "Viewers" group, reads everything and changes nothing;
- focal point: a member (Membership) of one or more custodian units, reports for those units.
"""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser, Group
from django.db.models import QuerySet

from custodians.models import CustodianUnit

GEDI_REVIEWERS = "GEDI reviewers"
VIEWERS = "Viewers"

User = AbstractBaseUser | AnonymousUser


def _in_group(user: User, name: str) -> bool:
    if not user.is_authenticated:
        return False
    # Groups are cached per request on the user object to keep the query count flat.
    cached = getattr(user, "_role_groups", None)
    if cached is None:
        cached = set(user.groups.values_list("name", flat=True))
        user._role_groups = cached
    return name in cached


def is_administrator(user: User) -> bool:
    return bool(user.is_authenticated and user.is_superuser)


def is_reviewer(user: User) -> bool:
    return is_administrator(user) or _in_group(user, GEDI_REVIEWERS)


def is_viewer(user: User) -> bool:
    return _in_group(user, VIEWERS)


def units_of(user: User) -> QuerySet[CustodianUnit]:
    """The custodian units the user is a focal point for."""
    if not user.is_authenticated:
        return CustodianUnit.objects.none()
    return CustodianUnit.objects.filter(memberships__user=user)


def ensure_role_groups() -> dict[str, Group]:
    return {name: Group.objects.get_or_create(name=name)[0] for name in (GEDI_REVIEWERS, VIEWERS)}
