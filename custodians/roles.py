"""The product's roles, and which units a user reports for, as the permission checks ask them.

Each answer comes from ``custodians.access.access_of``, read once per request.
"""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser, Group
from django.db.models import QuerySet

from custodians.access import GEDI_REVIEWERS, VIEWERS, access_of
from custodians.models import CustodianUnit

__all__ = ["GEDI_REVIEWERS", "VIEWERS", "User", "access_of"]

User = AbstractBaseUser | AnonymousUser


def is_administrator(user: User) -> bool:
    return access_of(user).is_administrator


def is_reviewer(user: User) -> bool:
    return access_of(user).is_reviewer


def is_viewer(user: User) -> bool:
    return access_of(user).is_viewer


def units_of(user: User) -> QuerySet[CustodianUnit]:
    """The custodian units the user is a focal point for."""
    return CustodianUnit.objects.filter(pk__in=access_of(user).unit_ids)


def ensure_role_groups() -> dict[str, Group]:
    return {name: Group.objects.get_or_create(name=name)[0] for name in (GEDI_REVIEWERS, VIEWERS)}
