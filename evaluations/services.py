"""Writes to the follow-up of recommendations: the one path the browser (and any script) uses.

A report is compare-and-set on its ``version`` (``indicators.versions``, as results and actions
are): two focal points saving the same year's report cannot silently overwrite each other; the
second is told what the first changed. Every save goes through ``save()`` so
django-simple-history records who changed what.
Permission is the caller's check (``evaluations.permissions.can_report_follow_up``).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction

from custodians.roles import User
from evaluations.models import FollowUp, Recommendation
from indicators.versions import StaleEdit, claim_version, save_with_history


@dataclass(frozen=True)
class FollowUpOutcome:
    follow_up: FollowUp
    created: bool
    changed: bool


@transaction.atomic
def follow_up_write(
    *,
    recommendation: Recommendation,
    year: int,
    user: User | None,
    state: str,
    note: str,
    expected_version: int,
) -> FollowUpOutcome:
    """Create or change the report on ``recommendation`` for ``year``.

    ``expected_version`` is the version the user saw: 0 when there was no report yet.
    Raises ``StaleEdit`` (with the report as it is now) when someone saved in between.
    """
    # Locking the recommendation makes two first reports for the same year wait for each other,
    # so the second finds the first's report and is refused as stale instead of failing on
    # insert. Without the ordering's join, which would lock the evaluation too.
    list(
        Recommendation.objects.select_for_update()
        .filter(pk=recommendation.pk)
        .order_by()
        .values_list("pk")
    )
    follow_up = FollowUp.objects.filter(recommendation=recommendation, year=year).first()
    if follow_up is None:
        follow_up = FollowUp(recommendation=recommendation, year=year, state=state, note=note)
        save_with_history(follow_up, user, "")
        return FollowUpOutcome(follow_up, created=True, changed=True)

    if (follow_up.state, follow_up.note) == (state, note):
        if expected_version != follow_up.version:
            raise StaleEdit(follow_up)
        return FollowUpOutcome(follow_up, created=False, changed=False)
    claim_version(follow_up, expected_version)
    follow_up.state, follow_up.note = state, note
    save_with_history(follow_up, user, "")
    return FollowUpOutcome(follow_up, created=False, changed=True)
