"""Review steps on results, their discussion, and the reporting years' calendar.

The review of a result: draft → submitted → approved, or returned (with a comment) →
resubmitted; GEDI can reopen an approved result, which sends it back to its custodians.
Each step is compare-and-set on the result's version (a reviewer never approves an entry that
changed after they read it) and is saved through ``save()``, so the history keeps who took the
step and when. Permission is the caller's check (``indicators.permissions``).
"""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils import timezone

from custodians.models import CustodianUnit
from custodians.roles import User
from entries.models import ResultComment
from indicators.models import ReportingYear, Result
from indicators.services import StaleEdit, claim_version, save_with_history
from indicators.status import Status

State = Result.ReviewState
Step = ResultComment.Step


class StepRefused(Exception):
    """The result is not in a state that allows this step; the message says what to do."""


def _lock(result: Result, expected_version: int | None, allowed: tuple[str, ...], doing: str):
    """The result locked for the step, if it is still the version the user saw."""
    locked = Result.objects.select_for_update().select_related("target").get(pk=result.pk)
    if expected_version is not None and locked.version != expected_version:
        raise StaleEdit(locked)
    if locked.review_state not in allowed:
        raise StepRefused(f"This entry is {locked.get_review_state_display().lower()}: {doing}")
    return locked


def _finish(result: Result, *, user: User, to: str, reason: str, step: str, comment: str) -> Result:
    claim_version(result, result.version)
    result.review_state = to
    save_with_history(result, user, reason)
    if comment.strip():
        ResultComment.objects.create(result=result, author=user, step=step, text=comment.strip())
    return result


def _required(comment: str, what: str) -> None:
    if not comment.strip():
        raise StepRefused(what)


@transaction.atomic
def result_submit(
    *, result: Result, user: User, expected_version: int | None = None, comment: str = ""
) -> Result:
    """Send a draft or returned result to GEDI. The first submission's time is kept."""
    locked = _lock(
        result,
        expected_version,
        (State.DRAFT, State.RETURNED),
        "only a draft or a returned entry is submitted.",
    )
    if locked.status == Status.NOT_REPORTED:
        raise StepRefused(
            "Say whether the target is on track before submitting: the result alone does not tell."
        )
    resubmission = locked.review_state == State.RETURNED
    if locked.submitted_at is None:
        locked.submitted_at = timezone.now()
    return _finish(
        locked,
        user=user,
        to=State.SUBMITTED,
        reason="Resubmitted for review" if resubmission else "Submitted for review",
        step=Step.SUBMITTED,
        comment=comment,
    )


@transaction.atomic
def result_return(
    *, result: Result, user: User, comment: str, expected_version: int | None = None
) -> Result:
    """Send a submitted result back to its custodians, saying what to change."""
    _required(comment, "Say what the custodian should change: the comment goes back with it.")
    locked = _lock(
        result, expected_version, (State.SUBMITTED,), "only a submitted entry is returned."
    )
    return _finish(
        locked,
        user=user,
        to=State.RETURNED,
        reason="Returned to the custodian",
        step=Step.RETURNED,
        comment=comment,
    )


@transaction.atomic
def result_approve(
    *, result: Result, user: User, expected_version: int | None = None, comment: str = ""
) -> Result:
    """Accept a submitted result; a status the custodian declared is confirmed with it."""
    locked = _lock(
        result, expected_version, (State.SUBMITTED,), "only a submitted entry is approved."
    )
    if locked.declared_status:
        locked.status_confirmed = True
        locked.status_confirmed_by = user
        locked.status_confirmed_at = timezone.now()
    return _finish(
        locked, user=user, to=State.APPROVED, reason="Approved", step=Step.APPROVED, comment=comment
    )


@transaction.atomic
def result_reopen(
    *, result: Result, user: User, comment: str, expected_version: int | None = None
) -> Result:
    """Give an approved result back to its custodians to change; its confirmation lapses."""
    _required(comment, "Say why the approved entry is reopened: the custodian sees it.")
    locked = _lock(
        result, expected_version, (State.APPROVED,), "only an approved entry is reopened."
    )
    locked.status_confirmed = False
    locked.status_confirmed_by = None
    locked.status_confirmed_at = None
    return _finish(
        locked,
        user=user,
        to=State.RETURNED,
        reason="Reopened after approval",
        step=Step.REOPENED,
        comment=comment,
    )


@transaction.atomic
def result_comment_add(*, result: Result, user: User, text: str) -> ResultComment:
    """Add a message to the result's discussion."""
    _required(text, "Write the comment before sending it.")
    return ResultComment.objects.create(result=result, author=user, text=text.strip())


def _save_year(reporting_year: ReportingYear, user: User, reason: str) -> ReportingYear:
    save_with_history(reporting_year, user, reason)
    return reporting_year


@transaction.atomic
def reporting_year_open(*, reporting_year: ReportingYear, user: User) -> ReportingYear:
    """Open the year for every custodian's entries."""
    reporting_year.is_open = True
    reporting_year.reopened_for.clear()  # open for everyone: no unit needs its own opening
    return _save_year(reporting_year, user, "Opened for entries")


@transaction.atomic
def reporting_year_close(*, reporting_year: ReportingYear, user: User) -> ReportingYear:
    """Close the year: custodians' results can no longer be entered or changed."""
    reporting_year.is_open = False
    reporting_year.reopened_for.clear()  # closing means closed for every unit
    return _save_year(reporting_year, user, "Closed for entries")


@transaction.atomic
def reporting_year_set_deadline(
    *, reporting_year: ReportingYear, user: User, deadline: datetime.date | None
) -> ReportingYear:
    reporting_year.deadline = deadline
    reason = f"Deadline set to {deadline.day} {deadline:%B %Y}" if deadline else "Deadline removed"
    return _save_year(reporting_year, user, reason)


@transaction.atomic
def reporting_year_reopen_for(
    *, reporting_year: ReportingYear, user: User, unit: CustodianUnit
) -> ReportingYear:
    """Let one unit enter results in a closed year (a late report, a correction)."""
    if reporting_year.is_open:
        raise StepRefused(f"{reporting_year.year} is open for every unit already.")
    reporting_year.reopened_for.add(unit)
    return _save_year(reporting_year, user, f"Reopened for {unit.acronym}")


@transaction.atomic
def reporting_year_withdraw_reopening(
    *, reporting_year: ReportingYear, user: User, unit: CustodianUnit
) -> ReportingYear:
    reporting_year.reopened_for.remove(unit)
    return _save_year(reporting_year, user, f"Closed again for {unit.acronym}")
