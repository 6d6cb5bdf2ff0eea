"""Who may download and import workbooks. Row-level rules stay in indicators.permissions."""

from __future__ import annotations

from django.utils.translation import gettext as _

from custodians.access import access_of
from custodians.roles import User
from workbooks.models import ImportJob


def may_export(user: User) -> bool:
    """Reviewers and viewers see every unit; a focal point sees their units; others see nothing."""
    access = access_of(user)
    return access.sees_every_unit or bool(access.unit_ids)


def import_refusal(user: User) -> str:
    """Why ``user`` may not upload a workbook to import; empty when they may. Only those who may
    change some entry upload (each row is then checked against what they may change): viewers,
    even those who belong to a unit, only read."""
    access = access_of(user)
    if access.changes_anything:
        return ""
    if access.is_viewer:
        return _(
            "Viewers read every unit's entries and change none, so they cannot import a "
            "workbook; downloading one still works. If you should report for your unit, ask "
            "GEDI or an administrator to change your role."
        )
    return _(
        "You report for no custodian unit, so a workbook of yours would change nothing. Ask "
        "GEDI or an administrator to add you to your unit."
    )


def may_import(user: User) -> bool:
    return not import_refusal(user)


def job_for(user: User, pk: int) -> ImportJob | None:
    """An import job that ``user`` may look at, confirm or discard; None for anyone else.

    Its uploader; and GEDI reviewers and administrators, who may change every entry: one of
    them may confirm a focal point's import. The rows are still checked against what the
    uploader may change, and the history names whoever confirmed as the one who saved.
    """
    # The uploaded file stays in the database until a view needs it.
    job = (
        ImportJob.objects.select_related("user", "confirmed_by")
        .without_files()
        .filter(pk=pk)
        .first()
    )
    if job is None:
        return None
    # The owner's own job needs no look at their roles (which costs a query).
    return job if job.user_id == user.pk or access_of(user).is_reviewer else None
