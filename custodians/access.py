"""Who the user is, computed once per request: roles and units, read once and passed down.

Every permission check asks ``access_of(user)``. The answer is kept on the user object, which
Django builds once per request, the way its auth backend caches ``get_all_permissions()``: a
page that checks ten targets asks the database for the user's groups and units once.

- administrator: a Django superuser;
- GEDI reviewer: member of the "GEDI reviewers" group (administrators review too);
- viewer: member of the "Viewers" group, reads everything and changes nothing;
- focal point: a member (Membership) of one or more custodian units, reports for those units.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.contrib.auth import get_user_model

GEDI_REVIEWERS = "GEDI reviewers"
VIEWERS = "Viewers"
_CACHE = "_gap_access"


@dataclass(frozen=True)
class Access:
    user_id: int | None
    is_administrator: bool
    is_reviewer: bool
    is_viewer: bool
    unit_ids: frozenset[int]

    @property
    def sees_every_unit(self) -> bool:
        return self.is_reviewer or self.is_viewer

    @property
    def reports_for_units(self) -> bool:
        """Belongs to a custodian unit and may report for it (a viewer only reads)."""
        return not self.is_viewer and bool(self.unit_ids)

    @property
    def changes_anything(self) -> bool:
        return self.is_reviewer or self.reports_for_units


NOBODY = Access(None, False, False, False, frozenset())


def access_of(user: Any) -> Access:
    """The user's roles and units, read at most once per user object (one query)."""
    if user is None or not user.is_authenticated:
        return NOBODY
    cached = getattr(user, _CACHE, None)
    if cached is not None:
        return cached
    # Groups and units in one query: a user has few of each.
    rows = (
        get_user_model()
        .objects.filter(pk=user.pk)
        .order_by()
        .values_list("groups__name", "memberships__unit_id")
    )
    groups = {group for group, _ in rows if group}
    units = frozenset(unit for _, unit in rows if unit is not None)
    administrator = bool(user.is_superuser)
    access = Access(
        user_id=user.pk,
        is_administrator=administrator,
        is_reviewer=administrator or GEDI_REVIEWERS in groups,
        is_viewer=VIEWERS in groups,
        unit_ids=units,
    )
    setattr(user, _CACHE, access)
    return access
