"""Who may download and import workbooks. Row-level rules stay in indicators.permissions."""

from __future__ import annotations

from custodians.roles import User, is_administrator, units_of
from indicators.permissions import sees_every_unit
from workbooks.models import ImportJob


def may_export(user: User) -> bool:
    """Reviewers and viewers see every unit; a focal point sees their units; others see nothing."""
    return user.is_authenticated and (sees_every_unit(user) or units_of(user).exists())


def may_import(user: User) -> bool:
    """Anyone who may export may try; each row is then checked against what they may edit."""
    return may_export(user)


def job_for(user: User, pk: int) -> ImportJob | None:
    """An import job its owner (or an administrator) may look at; None for anyone else."""
    # The uploaded file stays in the database until a view needs it.
    jobs = ImportJob.objects.select_related("user").defer("content")
    if not is_administrator(user):
        jobs = jobs.filter(user=user)
    return jobs.filter(pk=pk).first()
