"""Applying a checked data workbook: all of it in one transaction through indicators.services."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction

from custodians.roles import User
from indicators.services import (
    ReasonRequired,
    StaleEdit,
    action_create,
    action_write,
    result_write,
)
from workbooks.importing.checking import ImportCheck, PlannedWrite, Progress, check_workbook
from workbooks.importing.problems import Problem, WorkbookRefused

# The history keeps a change reason in a 100-character column.
HISTORY_REASON_LENGTH = 100


def history_reason(source: str, reason: str, *, locked: bool) -> str:
    """What the history says about the change. A locked entry gets only the person's own reason
    (with where it came from), so that the write path's rule — a reason for changing submitted
    or approved entries — still holds."""
    reason = reason.strip()
    if locked:
        text = f"{reason} ({source})" if reason else ""
    else:
        text = f"{source[:1].upper()}{source[1:]}" + (f": {reason}" if reason else "")
    if len(text) > HISTORY_REASON_LENGTH:
        text = text[: HISTORY_REASON_LENGTH - 1] + "…"
    return text


def _write(planned: PlannedWrite, *, user: User, reason: str, source: str) -> None:
    if planned.action is not None:
        action_write(
            action=planned.action,
            user=user,
            fields=planned.fields,
            expected_version=planned.expected_version,
            reason=history_reason(source, reason, locked=False),
        )
    elif planned.custodian is not None:
        action_create(
            target=planned.target, custodian=planned.custodian, user=user, fields=planned.fields
        )
    else:
        result_write(
            target=planned.target,
            year=planned.year,
            user=user,
            fields=planned.fields,
            expected_version=planned.expected_version,
            reason=history_reason(source, reason, locked=planned.locked),
        )


def apply_workbook(
    content: bytes,
    *,
    user: User,
    reason: str = "",
    source: str = "workbook import",
    checked_digest: str | None = None,
    progress: Progress | None = None,
) -> ImportCheck:
    """Check the workbook again and save every change, or raise WorkbookRefused and save nothing.

    ``checked_digest`` is the fingerprint of the changes the person saw in the dry run: if the
    data moved since, the changes differ and nothing is saved.
    """
    with transaction.atomic():
        check = check_workbook(content, user=user)
        if check.problems:
            raise WorkbookRefused(check.problems)
        if checked_digest is not None and check.digest != checked_digest:
            raise WorkbookRefused(
                [
                    Problem(
                        "the entries changed since this workbook was checked, so the changes "
                        "are no longer the ones you saw. Check the workbook again."
                    )
                ]
            )
        if check.needs_reason and not reason.strip():
            raise WorkbookRefused(
                [
                    Problem(
                        f"{check.needs_reason} of the changed entries were already submitted or "
                        "approved: give a reason for changing them."
                    )
                ]
            )
        for position, planned in enumerate(check.writes):
            if progress:
                progress(position / max(len(check.writes), 1), "Saving")
            where = {"sheet": planned.sheet, "row": planned.row}
            try:
                _write(planned, user=user, reason=reason, source=source)
            except StaleEdit as exc:
                raise WorkbookRefused(
                    [Problem("someone changed this entry a moment ago; check again.", **where)]
                ) from exc
            except ReasonRequired as exc:
                raise WorkbookRefused([Problem(str(exc), **where)]) from exc
            except ValidationError as exc:
                raise WorkbookRefused([Problem(" ".join(exc.messages), **where)]) from exc
    return check
