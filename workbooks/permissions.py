"""Who may download and import workbooks. Row-level rules stay in indicators.permissions."""

from __future__ import annotations

from custodians.access import access_of
from custodians.roles import User, is_administrator
from workbooks.models import ImportJob


def may_export(user: User) -> bool:
    """Reviewers and viewers see every unit; a focal point sees their units; others see nothing."""
    access = access_of(user)
    return access.sees_every_unit or bool(access.unit_ids)


def may_import(user: User) -> bool:
    """Anyone who may export may try; each row is then checked against what they may edit."""
    return may_export(user)


def job_for(user: User, pk: int) -> ImportJob | None:
    """An import job its owner (or an administrator) may look at; None for anyone else."""
    # The uploaded file stays in the database until a view needs it.
    job = ImportJob.objects.select_related("user").defer("content").filter(pk=pk).first()
    if job is None:
        return None
    # The owner's own job needs no look at their roles (which costs a query).
    return job if job.user_id == user.pk or is_administrator(user) else None
