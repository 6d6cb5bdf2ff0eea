"""The review of a result: its states, and the one table of steps between them.

Every door reads this table: the result page offers the steps a user may take, the service
takes them, the workbook import and the entry form ask which states need a reason for a change,
the scorecards ask which states count, and the tests are generated from it.

    state      step     new state   who                                   comment
    draft      submit   submitted   custodian                             optional
    returned   submit   submitted   custodian                             optional
    submitted  approve  approved    reviewer, not the one who submitted   optional
    submitted  return   returned    reviewer                              required
    approved   reopen   returned    reviewer                              required

Four eyes: a GEDI reviewer may also enter and submit a result for a unit, so the approval is
refused to whoever submitted the entry (``four_eyes_refusal``), unless the setting
``REVIEW_ALLOW_SELF_APPROVAL`` allows it (a team of one). An entry nobody submitted (the real
plan's loaded results) is reviewed by anyone who reviews.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, gettext_noop


class ReviewState(models.TextChoices):
    DRAFT = "draft", gettext_lazy("Draft")
    SUBMITTED = "submitted", gettext_lazy("Submitted")
    RETURNED = "returned", gettext_lazy("Returned")
    APPROVED = "approved", gettext_lazy("Approved")


# Results in these states count on scorecards, charts, workbooks and headlines; a draft or a
# returned entry does not yet, and only its unit and GEDI see it. A submitted result is
# provisional until GEDI approves it: counted, and marked so (``is_provisional``), or left out
# where a reader asks for approved results only (``Counting``).
COUNTED_STATES = (ReviewState.SUBMITTED.value, ReviewState.APPROVED.value)
PROVISIONAL_STATES = (ReviewState.SUBMITTED.value,)


class Counting(models.TextChoices):
    """Which results a scorecard or an export counts: the reader's choice."""

    WITH_SUBMITTED = (
        "submitted",
        gettext_lazy("Approved and submitted (submitted marked provisional)"),
    )
    APPROVED_ONLY = "approved", gettext_lazy("Approved only")


COUNTED_BY = {
    Counting.WITH_SUBMITTED: COUNTED_STATES,
    Counting.APPROVED_ONLY: (ReviewState.APPROVED.value,),
}
# A change to an entry in these states needs a reason, kept in the history.
REASON_STATES = COUNTED_STATES
# An approved entry is locked for its custodians: only a reviewer changes or reopens it.
LOCKED_FOR_CUSTODIANS = (ReviewState.APPROVED.value,)


class Who(models.TextChoices):
    CUSTODIAN = "custodian", gettext_lazy("the target's custodian units")
    REVIEWER = "reviewer", gettext_lazy("GEDI reviewers")


@dataclass(frozen=True)
class ReviewStep:
    """One step of the review: from which states, to which, who takes it, what it records."""

    name: str
    verb: str  # "submitted", as in "only a draft entry is submitted"
    from_states: tuple[str, ...]
    to_state: str
    who: str
    comment_required: bool
    comment_label: str  # these three are shown: lazy translations, in the reader's language
    button: str
    done: str
    refused: str  # why the step is refused from another state; "%(state)s" names it
    history_reason: str  # what the history says the step was
    comment_step: str  # how a comment sent with the step is labelled in the discussion
    not_by_submitter: bool = False  # four eyes: taken by someone other than who submitted

    def allowed_from(self, state: str | None) -> bool:
        return state in self.from_states

    def refusal(self, state: str) -> str:
        """Why the step cannot be taken from ``state``; the person is told what it is for:
        "This entry is draft: only a submitted entry is approved."."""
        return _(self.refused) % {"state": ReviewState(state).label.lower()}

    def history_reason_from(self, state: str) -> str:
        """What the history records for the step; a second submission says so."""
        if self.name == "submit" and state == ReviewState.RETURNED:
            return "Resubmitted for review"
        return self.history_reason


STEPS: dict[str, ReviewStep] = {
    step.name: step
    for step in (
        ReviewStep(
            name="submit",
            verb="submitted",
            from_states=(ReviewState.DRAFT, ReviewState.RETURNED),
            to_state=ReviewState.SUBMITTED,
            who=Who.CUSTODIAN,
            comment_required=False,
            comment_label=gettext_lazy("Note for the reviewer (optional)"),
            button=gettext_lazy("Submit to GEDI"),
            done=gettext_lazy("Submitted to GEDI for review."),
            refused=gettext_noop(
                "This entry is %(state)s: only a draft or a returned entry is submitted."
            ),
            history_reason="Submitted for review",
            comment_step="submitted",
        ),
        ReviewStep(
            name="approve",
            verb="approved",
            from_states=(ReviewState.SUBMITTED,),
            to_state=ReviewState.APPROVED,
            who=Who.REVIEWER,
            comment_required=False,
            comment_label=gettext_lazy("Comment (optional)"),
            button=gettext_lazy("Approve"),
            done=gettext_lazy("Approved."),
            refused=gettext_noop("This entry is %(state)s: only a submitted entry is approved."),
            history_reason="Approved",
            comment_step="approved",
            not_by_submitter=True,
        ),
        ReviewStep(
            name="return",
            verb="returned",
            from_states=(ReviewState.SUBMITTED,),
            to_state=ReviewState.RETURNED,
            who=Who.REVIEWER,
            comment_required=True,
            comment_label=gettext_lazy("What should change (required)"),
            button=gettext_lazy("Return to the custodian"),
            done=gettext_lazy("Returned to the custodian with your comment."),
            refused=gettext_noop("This entry is %(state)s: only a submitted entry is returned."),
            history_reason="Returned to the custodian",
            comment_step="returned",
        ),
        ReviewStep(
            name="reopen",
            verb="reopened",
            from_states=(ReviewState.APPROVED,),
            to_state=ReviewState.RETURNED,
            who=Who.REVIEWER,
            comment_required=True,
            comment_label=gettext_lazy("Why it is reopened (required)"),
            button=gettext_lazy("Reopen for the custodian"),
            done=gettext_lazy("Reopened: the custodian can change it again."),
            refused=gettext_noop("This entry is %(state)s: only an approved entry is reopened."),
            history_reason="Reopened after approval",
            comment_step="reopened",
        ),
    )
}


# Marked here, translated where it is given: ``four_eyes_refusal``.
SELF_APPROVAL_REFUSED = gettext_noop(
    "You submitted this entry, so another GEDI reviewer approves it: every approved result is "
    "checked by two people."
)


def four_eyes_refusal(step: ReviewStep, submitted_by_id: int | None, user: Any) -> str:
    """Why ``user`` may not take ``step`` on an entry submitted by ``submitted_by_id``: they
    submitted it themselves. Empty when they may, when nobody submitted it, or when
    ``settings.REVIEW_ALLOW_SELF_APPROVAL`` is on."""
    if not step.not_by_submitter or settings.REVIEW_ALLOW_SELF_APPROVAL:
        return ""
    if submitted_by_id is not None and submitted_by_id == getattr(user, "pk", None):
        return _(SELF_APPROVAL_REFUSED)
    return ""


def is_counted(state: str, counting: str = Counting.WITH_SUBMITTED) -> bool:
    return state in COUNTED_BY[Counting(counting)]


def is_provisional(state: str | None) -> bool:
    """Counted, but not yet approved: shown with a "provisional" mark."""
    return state in PROVISIONAL_STATES


def review_mark(state: str | None) -> str:
    """The words beside a result's status where it is not settled, the same on every page and
    workbook: "provisional: …" for a submitted result, "draft: …"/"returned: …" for an entry that
    does not count yet; empty for an approved result or none."""
    if is_provisional(state):
        return _("provisional: submitted, not yet approved")
    if state == ReviewState.DRAFT:
        return _("draft: not counted until submitted")
    if state == ReviewState.RETURNED:
        return _("returned: not counted until submitted")
    return ""


def counted_condition(prefix: str = "", counting: str = Counting.WITH_SUBMITTED) -> Q:
    """Results that count, as a query condition on a relation (``prefix`` e.g. "results__")."""
    return Q(**{f"{prefix}review_state__in": COUNTED_BY[Counting(counting)]})


def needs_reason(state: str | None) -> bool:
    """Whether changing an entry in ``state`` needs a reason for the history."""
    return state in REASON_STATES


def locked_for_custodians(state: str | None) -> bool:
    return state in LOCKED_FOR_CUSTODIANS


def steps_from(state: str | None) -> list[ReviewStep]:
    return [step for step in STEPS.values() if step.allowed_from(state)]
