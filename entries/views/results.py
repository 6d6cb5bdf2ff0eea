"""One result: its page, the entry form, the review steps and the discussion."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from custodians.roles import User
from entries import services
from entries.forms import CommentForm, ResultForm, ReviewStepForm
from entries.selectors import (
    breakdown_lines_offered,
    entry_context,
    next_in_queue,
    result_for_update,
    result_page,
)
from entries.views.common import (
    REVIEWERS_ONLY,
    STEP_STALE_MESSAGE,
    conflict_shown,
    edit_url,
    reporting_year_or_404,
    result_url,
    safe_next,
    typed_again,
    visible_target_or_404,
)
from indicators.models import ReportingYear, Result, Target
from indicators.permissions import (
    can_edit_target,
    can_review,
    editable_actions,
    may_take_step,
    reporting_units_for,
    result_edit_refusal,
)
from indicators.review import STEPS, ReviewState, Who, four_eyes_refusal
from indicators.services import ReasonRequired, StaleEdit, result_write


def _result_page_response(
    request: HttpRequest,
    target: Target,
    reporting_year: ReportingYear,
    *,
    bound: dict[str, Any] | None = None,
    status: int = 200,
) -> HttpResponse:
    """The result page; ``bound`` holds forms sent back with their errors and what was typed."""
    user = request.user
    reviews = can_review(user)
    page = result_page(target, reporting_year)
    result = page.result
    state = result.review_state if result else None
    takes_part = can_edit_target(user, target)
    refusal = result_edit_refusal(user, target, reporting_year, result) if takes_part else ""
    version = {"version": result.version} if result else {}
    bound = bound or {}
    steps = [
        (name, spec)
        for name, spec in STEPS.items()
        if spec.allowed_from(state)
        and may_take_step(user, name)
        and (spec.who == Who.REVIEWER or (takes_part and not refusal))
    ]
    # Four eyes: a step the user may not take on what they submitted is not offered; why not is.
    submitted_by_id = result.submitted_by_id if result else None
    step_refusals = [four_eyes_refusal(spec, submitted_by_id, user) for _, spec in steps]
    step_forms = [
        (
            name,
            spec,
            bound.get(name)
            or ReviewStepForm(initial=version, comment_required=spec.comment_required, prefix=name),
        )
        for (name, spec), step_refusal in zip(steps, step_refusals, strict=True)
        if not step_refusal
    ]
    editable_action_ids = set(
        editable_actions(user).filter(target=target).values_list("pk", flat=True)
    )
    return render(
        request,
        "entries/result_detail.html",
        {
            "target": target,
            "indicator": target.indicator,
            "year": reporting_year.year,
            "reporting_year": reporting_year,
            "page": page,
            "result": result,
            "status": target.status_for(result),
            "takes_part": takes_part,
            "may_edit": takes_part and not refusal,
            "refusal": refusal,
            "step_forms": step_forms,
            "step_refusals": sorted(set(filter(None, step_refusals))),
            "comment_form": (bound.get("comment") or CommentForm())
            if takes_part and result
            else None,
            "may_add_action": reporting_units_for(user, target).exists(),
            "editable_action_ids": editable_action_ids,
            # A reviewer goes on to the next entry waiting for review once this one is decided.
            "reviews": reviews,
            "next_in_queue": next_in_queue(target, reporting_year) if reviews else None,
        },
        status=status,
    )


@require_GET
def result_detail(request: HttpRequest, target_pk: int, year: int) -> HttpResponse:
    target = visible_target_or_404(request, target_pk)
    return _result_page_response(request, target, reporting_year_or_404(target, year))


def _offers_submit(user: User, result: Result | None) -> bool:
    """Whether the entry form offers "Save and submit to GEDI": the saved entry (a new one is
    a draft) can then take the submit step, and the user's role takes it."""
    state = result.review_state if result is not None else ReviewState.DRAFT
    return STEPS["submit"].allowed_from(state) and may_take_step(user, "submit")


def _submit_saved(request: HttpRequest, target: Target, year: int, saved: Result) -> HttpResponse:
    """Submit the entry just saved. Refused (nothing to submit yet, or changed meanwhile), the
    saved draft stays and the form says why."""
    try:
        services.result_step(
            step="submit", result=saved, user=request.user, expected_version=saved.version
        )
    except StaleEdit:
        saved = _("Result for %(year)s saved, but not submitted.") % {"year": year}
        messages.error(request, f"{saved} {_(STEP_STALE_MESSAGE)}")
    except services.StepRefused as exc:
        messages.error(
            request,
            _("Result for %(year)s saved as a draft, not submitted: %(why)s")
            % {"year": year, "why": exc},
        )
    else:
        saved = _("Result for %(year)s saved.") % {"year": year}
        messages.success(request, f"{saved} {STEPS['submit'].done}")
        return redirect(result_url(target, year))
    return redirect(edit_url(target, year))


@require_http_methods(["GET", "POST"])
def result_edit(request: HttpRequest, target_pk: int, year: int) -> HttpResponse:
    user = request.user
    target = visible_target_or_404(request, target_pk)
    reporting_year = reporting_year_or_404(target, year)
    result = result_for_update(target, year)
    refusal = result_edit_refusal(user, target, reporting_year, result)
    if refusal:
        raise PermissionDenied(refusal)
    my_unit_ids = set(reporting_units_for(user, target).values_list("pk", flat=True))
    lines = breakdown_lines_offered(target, result, my_unit_ids)
    form = ResultForm(request.POST or None, target=target, result=result, lines=lines)
    offers_submit = _offers_submit(user, result)
    conflict = None
    if request.method == "POST" and form.is_valid():
        try:
            outcome = result_write(
                target=target,
                year=year,
                user=user,
                fields=form.result_fields(),
                expected_version=form.cleaned_data["version"],
                reason=form.cleaned_data.get("reason", ""),
                breakdown=form.breakdown(),
            )
        except StaleEdit:
            current = result_for_update(target, year)
            saved_lines = breakdown_lines_offered(target, current, my_unit_ids)
            conflict = conflict_shown(form.differences(current, saved_lines), current)
            form = ResultForm(
                typed_again(request, current), target=target, result=current, lines=saved_lines
            )
            refusal = result_edit_refusal(user, target, reporting_year, current)
            result, offers_submit = current, _offers_submit(user, current)
        except ReasonRequired as exc:
            form.add_error("reason" if "reason" in form.fields else None, str(exc))
        except ValidationError as exc:
            form.add_error(None, exc.messages)
        else:
            if offers_submit and request.POST.get("save") == "submit":
                return _submit_saved(request, target, year, outcome.instance)
            messages.success(request, _("Result for %(year)s saved.") % {"year": year})
            return redirect(result_url(target, year))
    return render(
        request,
        "entries/result_form.html",
        {
            "target": target,
            "indicator": target.indicator,
            "year": year,
            "reporting_year": reporting_year,
            "result": result,
            "form": form,
            "conflict": conflict,
            "refusal": refusal,
            "offers_submit": offers_submit,
            "context": entry_context(target, year, user, result),
        },
        status=409 if conflict else 200,
    )


@require_POST
def result_step(request: HttpRequest, target_pk: int, year: int, step: str) -> HttpResponse:
    spec = STEPS.get(step)
    if spec is None:
        raise Http404(_("No such review step."))
    user = request.user
    target = visible_target_or_404(request, target_pk)
    reporting_year = reporting_year_or_404(target, year)
    result = get_object_or_404(Result, target=target, year=year)
    if spec.who == Who.REVIEWER and not may_take_step(user, step):
        raise PermissionDenied(_(REVIEWERS_ONLY))
    if spec.who == Who.CUSTODIAN:
        refusal = result_edit_refusal(user, target, reporting_year, result)
        if refusal:
            raise PermissionDenied(refusal)
    form = ReviewStepForm(request.POST, comment_required=spec.comment_required, prefix=step)
    if form.is_valid():
        try:
            services.result_step(
                step=step,
                result=result,
                user=user,
                expected_version=form.cleaned_data["version"],
                comment=form.cleaned_data["comment"],
            )
        except StaleEdit:
            messages.error(request, _(STEP_STALE_MESSAGE))
        except services.StepRefused as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, str(spec.done))
        # The review queue acts on an entry and comes back to itself.
        return redirect(safe_next(request, result_url(target, year)))
    return _result_page_response(request, target, reporting_year, bound={step: form}, status=400)


@require_POST
def result_comment(request: HttpRequest, target_pk: int, year: int) -> HttpResponse:
    user = request.user
    target = visible_target_or_404(request, target_pk)
    reporting_year = reporting_year_or_404(target, year)
    result = get_object_or_404(Result, target=target, year=year)
    if not can_edit_target(user, target):
        raise PermissionDenied(_("Only the target's custodians and GEDI reviewers discuss it."))
    form = CommentForm(request.POST)
    if form.is_valid():
        services.result_comment_add(result=result, user=user, text=form.cleaned_data["text"])
        messages.success(request, _("Comment added."))
        return redirect(result_url(target, year) + "#discussion")
    return _result_page_response(
        request, target, reporting_year, bound={"comment": form}, status=400
    )
