"""Review steps on results, their discussion, and the reporting years' calendar.

The review steps are the table in ``indicators.review``; ``result_step`` takes any of them.
Each is compare-and-set on the result's version and saved through ``save()``, so the history
keeps who took the step and when. Permission is the caller's check (``indicators.permissions``);
four eyes (nobody approves what they submitted) is the step's own rule, checked here for every
door.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from custodians.models import CustodianUnit
from custodians.roles import User
from entries.models import ResultComment
from indicators.models import ReportingYear, Result
from indicators.review import STEPS, four_eyes_refusal
from indicators.status import Status
from indicators.versions import StaleEdit, claim_version, save_with_history


class StepRefused(Exception):
    """The result is not in a state that allows this step; the message says what to do."""


# Why a step with a required comment needs it, in the step's own words. Marked here,
# translated when raised: ``_(COMMENT_NEEDED[step])``.
COMMENT_NEEDED = {
    "return": gettext_noop("Say what the custodian should change: the comment goes back with it."),
    "reopen": gettext_noop("Say why the approved entry is reopened: the custodian sees it."),
}
WRITE_THE_COMMENT = gettext_noop("Write the comment.")
DECLARE_BEFORE_SUBMITTING = gettext_noop(
    "Say whether the target is on track before submitting: the result alone does not tell."
)


@transaction.atomic
def result_step(
    *,
    step: str,
    result: Result,
    user: User,
    expected_version: int | None = None,
    comment: str = "",
) -> Result:
    """Take a review step of ``indicators.review.STEPS`` on a result.

    Compare-and-set on the version the person saw: a reviewer never approves an entry that
    changed after they read it. Whoever submitted the entry does not approve it too (four eyes,
    ``indicators.review.four_eyes_refusal``). Permission is the caller's check.
    """
    spec = STEPS[step]
    comment = (comment or "").strip()
    if spec.comment_required and not comment:
        raise StepRefused(_(COMMENT_NEEDED.get(step, WRITE_THE_COMMENT)))
    locked = Result.objects.select_for_update().select_related("target").get(pk=result.pk)
    if expected_version is not None and locked.version != expected_version:
        raise StaleEdit(locked)
    if not spec.allowed_from(locked.review_state):
        raise StepRefused(spec.refusal(locked.review_state))
    refusal = four_eyes_refusal(spec, locked.submitted_by_id, user)
    if refusal:
        raise StepRefused(refusal)
    was = locked.review_state
    now = timezone.now()
    if step == "submit":
        if locked.status == Status.NOT_REPORTED:
            raise StepRefused(_(DECLARE_BEFORE_SUBMITTING))
        if locked.submitted_at is None:  # the first submission's time is kept (the deadline)
            locked.submitted_at = now
        locked.submitted_by = user  # who vouches for this version, whom the approver is not
    elif step == "approve":
        locked.approved_by = user
        locked.approved_at = now
        if locked.declared_status:  # a status the custodian declared is confirmed with it
            locked.status_confirmed = True
            locked.status_confirmed_by = user
            locked.status_confirmed_at = now
    elif step == "reopen":  # the approval lapses, and the confirmation with it
        locked.approved_by = None
        locked.approved_at = None
        locked.status_confirmed = False
        locked.status_confirmed_by = None
        locked.status_confirmed_at = None
    claim_version(locked, locked.version)
    locked.review_state = spec.to_state
    save_with_history(locked, user, spec.history_reason_from(was))
    if comment:
        ResultComment.objects.create(
            result=locked, author=user, step=spec.comment_step, text=comment
        )
    return locked


@dataclass(frozen=True)
class StepRequest:
    """One entry of a step taken on several at once, with the version the person saw."""

    result: Result
    expected_version: int


@dataclass(frozen=True)
class StepOutcome:
    """What became of one entry: the step taken, or why not (changed meanwhile, or refused)."""

    request: StepRequest
    taken: bool
    stale: bool = False
    refusal: str = ""


def results_step(*, step: str, requests: Sequence[StepRequest], user: User) -> list[StepOutcome]:
    """``result_step`` on several entries, each on its own: an entry changed since the person
    saw it, or refused (four eyes, nothing to submit), is reported and left as it is, and the
    others still take the step. No comment goes with them: a step that needs one is taken
    entry by entry. Permission is the caller's check, for every entry.

    Not one transaction on purpose: each entry is compare-and-set on its own version, so one
    refusal must not undo the others.
    """
    if STEPS[step].comment_required:
        raise StepRefused(_(COMMENT_NEEDED.get(step, WRITE_THE_COMMENT)))
    outcomes = []
    for request in requests:
        try:
            result_step(
                step=step,
                result=request.result,
                user=user,
                expected_version=request.expected_version,
            )
        except StaleEdit:
            outcomes.append(StepOutcome(request, taken=False, stale=True))
        except StepRefused as exc:
            outcomes.append(StepOutcome(request, taken=False, refusal=str(exc)))
        else:
            outcomes.append(StepOutcome(request, taken=True))
    return outcomes


def result_submit(**kwargs) -> Result:
    """Send a draft or returned result to GEDI."""
    return result_step(step="submit", **kwargs)


def result_return(**kwargs) -> Result:
    """Send a submitted result back to its custodians, saying what to change."""
    return result_step(step="return", **kwargs)


def result_approve(**kwargs) -> Result:
    """Accept a submitted result; a status the custodian declared is confirmed with it."""
    return result_step(step="approve", **kwargs)


def result_reopen(**kwargs) -> Result:
    """Give an approved result back to its custodians to change."""
    return result_step(step="reopen", **kwargs)


def _required(comment: str, what: str) -> None:
    if not comment.strip():
        raise StepRefused(what)


@transaction.atomic
def result_comment_add(*, result: Result, user: User, text: str) -> ResultComment:
    """Add a message to the result's discussion."""
    _required(text, _("Write the comment before sending it."))
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
    """Set or remove the year's deadline. One outside ``ReportingYear.deadline_range`` is
    refused by the model's validation (``ValidationError`` on "deadline", saying the range)."""
    reporting_year.deadline = deadline
    reason = f"Deadline set to {deadline.day} {deadline:%B %Y}" if deadline else "Deadline removed"
    return _save_year(reporting_year, user, reason)


@transaction.atomic
def reporting_year_reopen_for(
    *, reporting_year: ReportingYear, user: User, unit: CustodianUnit
) -> ReportingYear:
    """Let one unit enter results in a closed year (a late report, a correction)."""
    if reporting_year.is_open:
        raise StepRefused(
            _("%(year)s is open for every unit already.") % {"year": reporting_year.year}
        )
    reporting_year.reopened_for.add(unit)
    return _save_year(reporting_year, user, f"Reopened for {unit.acronym}")


@transaction.atomic
def reporting_year_withdraw_reopening(
    *, reporting_year: ReportingYear, user: User, unit: CustodianUnit
) -> ReportingYear:
    reporting_year.reopened_for.remove(unit)
    return _save_year(reporting_year, user, f"Closed again for {unit.acronym}")
