"""Writes to the follow-up of recommendations: the one path the browser (and any script) uses.

A report is compare-and-set on its ``version``: two focal points saving the same year's report
cannot silently overwrite each other; the second is told what the first changed. Every save
goes through ``save()`` so django-simple-history records who changed what.
Permission is the caller's check (``evaluations.permissions.can_report_follow_up``).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.db.models import F

from custodians.roles import User
from evaluations.models import FollowUp, Recommendation
from indicators.services import StaleEdit


@dataclass(frozen=True)
class FollowUpOutcome:
    follow_up: FollowUp
    created: bool
    changed: bool


def _save(follow_up: FollowUp, user: User | None) -> None:
    follow_up._history_user = user if user is not None and user.is_authenticated else None
    # Fields are checked here; the one-per-year constraint is left to the database, whose
    # refusal of a concurrent first report is turned into a conflict below.
    follow_up.full_clean(validate_unique=False, validate_constraints=False)
    follow_up.save()


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
    follow_up = FollowUp.objects.filter(recommendation=recommendation, year=year).first()
    if follow_up is None:
        follow_up = FollowUp(recommendation=recommendation, year=year, state=state, note=note)
        try:
            with transaction.atomic():  # a savepoint: a concurrent first report is a conflict
                _save(follow_up, user)
        except IntegrityError:
            raise StaleEdit(
                FollowUp.objects.get(recommendation=recommendation, year=year)
            ) from None
        return FollowUpOutcome(follow_up, created=True, changed=True)

    if (follow_up.state, follow_up.note) == (state, note):
        if expected_version != follow_up.version:
            raise StaleEdit(follow_up)
        return FollowUpOutcome(follow_up, created=False, changed=False)
    claimed = FollowUp.objects.filter(pk=follow_up.pk, version=expected_version).update(
        version=F("version") + 1
    )
    if not claimed:
        raise StaleEdit(FollowUp.objects.get(pk=follow_up.pk))
    follow_up.version = expected_version + 1
    follow_up.state, follow_up.note = state, note
    _save(follow_up, user)
    return FollowUpOutcome(follow_up, created=False, changed=True)
