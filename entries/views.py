"""Pages where custodians enter results and actions and GEDI reviews them.

Each view first fetches what it works on through ``indicators.permissions`` (a target the user
cannot see is a 404, a change they may not make a 403), then validates a form and calls a
service. Anything that changes data is POST-only.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from custodians.models import CustodianUnit
from entries import services
from entries.forms import (
    ActionForm,
    CommentForm,
    DeadlineForm,
    ReopenForUnitForm,
    ResultForm,
    ReviewStepForm,
)
from entries.selectors import (
    action_progress,
    breakdown_lines_offered,
    choose_reporting_year,
    is_reported_in,
    last_saved_by,
    my_indicators,
    reporting_years,
    result_for_update,
    result_page,
    review_queue,
)
from indicators.models import AcceleratingAction, ReportingYear, Result, Target
from indicators.permissions import (
    can_edit_target,
    can_manage_reporting_years,
    can_review,
    editable_actions,
    reporting_units_for,
    reports_for_units,
    result_edit_refusal,
    visible_targets,
)
from indicators.selectors import default_plan
from indicators.services import ReasonRequired, StaleEdit, action_create, action_write, result_write

STALE_MESSAGE = (
    "Someone else saved this entry after you opened it, so yours was not saved. What is saved "
    "now is shown beside what you entered; check it, then save again if yours should stand."
)
STEP_STALE_MESSAGE = (
    "This entry changed after you opened the page, so nothing was done. Check it again below."
)
REVIEWERS_ONLY = "Only GEDI reviewers review results."
YEARS_FOR_REVIEWERS = "Only GEDI reviewers open and close reporting years."


def _visible_target(request: HttpRequest, target_pk: int) -> Target:
    """The target, if the user may see it; a 404 otherwise, which says nothing of other units."""
    return get_object_or_404(
        visible_targets(request.user).select_related(
            "indicator__section__plan", "phase", "region", "portfolio"
        ),
        pk=target_pk,
    )


def _reporting_year(target: Target, year: int) -> ReportingYear:
    reporting_year = ReportingYear.objects.filter(
        plan_id=target.indicator.section.plan_id, year=year
    ).first()
    if reporting_year is None or not is_reported_in(target, reporting_year):
        raise Http404("Results are not taken for this target in that year.")
    return reporting_year


def _result_url(target: Target, year: int) -> str:
    return reverse("entries:result", args=[target.pk, year])


def _conflict(differences: list, current: Result | AcceleratingAction) -> dict[str, Any]:
    """What the refused save page shows: the person's entries beside the saved ones, and who
    saved last."""
    return {"differences": differences, "saved_by": last_saved_by(current)}


def _typed_again(request: HttpRequest, current: Result | AcceleratingAction) -> QueryDict:
    """What the person typed, now against the version saved since: saving it again is then a
    deliberate choice, made having seen the other change."""
    typed = request.POST.copy()
    typed["version"] = str(current.version)
    return typed


def _safe_next(request: HttpRequest, default: str) -> str:
    wanted = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        wanted, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return wanted
    return default


# ---------------------------------------------------------------- My indicators and the queue


@require_GET
def my_indicators_page(request: HttpRequest) -> HttpResponse:
    choice = choose_reporting_year(request.GET.get("year"))
    context: dict[str, Any] = {"reporting_year": choice.reporting_year, "years": choice.years}
    if choice.reporting_year is not None and reports_for_units(request.user):
        context["mine"] = my_indicators(request.user, choice.reporting_year)
    return render(request, "entries/my_indicators.html", context)


@require_GET
def review_queue_page(request: HttpRequest) -> HttpResponse:
    if not can_review(request.user):
        raise PermissionDenied(REVIEWERS_ONLY)
    choice = choose_reporting_year(request.GET.get("year"))
    context: dict[str, Any] = {"reporting_year": choice.reporting_year, "years": choice.years}
    if choice.reporting_year is not None:
        context["queue"] = review_queue(choice.reporting_year)
    return render(request, "entries/review_queue.html", context)


# ---------------------------------------------------------------- one result: page, entry, steps


@dataclass(frozen=True)
class ReviewStep:
    """A review step: the service that takes it, who may, and how the result page offers it."""

    run: Callable[..., Result]
    for_reviewers: bool
    comment_label: str  # "(required)" in the label when the comment is
    comment_required: bool
    button: str
    done: str


REVIEW_STEPS = {
    "submit": ReviewStep(
        services.result_submit,
        for_reviewers=False,
        comment_label="Note for the reviewer (optional)",
        comment_required=False,
        button="Submit to GEDI",
        done="Submitted to GEDI for review.",
    ),
    "approve": ReviewStep(
        services.result_approve,
        for_reviewers=True,
        comment_label="Comment (optional)",
        comment_required=False,
        button="Approve",
        done="Approved.",
    ),
    "return": ReviewStep(
        services.result_return,
        for_reviewers=True,
        comment_label="What should change (required)",
        comment_required=True,
        button="Return to the custodian",
        done="Returned to the custodian with your comment.",
    ),
    "reopen": ReviewStep(
        services.result_reopen,
        for_reviewers=True,
        comment_label="Why it is reopened (required)",
        comment_required=True,
        button="Reopen for the custodian",
        done="Reopened: the custodian can change it again.",
    ),
}


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
    page = result_page(target, reporting_year)
    result = page.result
    state = result.review_state if result else None
    takes_part = can_edit_target(user, target)
    refusal = result_edit_refusal(user, target, reporting_year, result) if takes_part else ""
    reviewer = can_review(user)
    version = {"version": result.version} if result else {}
    bound = bound or {}
    steps = {
        "submit": takes_part
        and not refusal
        and state in (Result.ReviewState.DRAFT, Result.ReviewState.RETURNED),
        "approve": reviewer and state == Result.ReviewState.SUBMITTED,
        "return": reviewer and state == Result.ReviewState.SUBMITTED,
        "reopen": reviewer and state == Result.ReviewState.APPROVED,
    }
    step_forms = [
        (
            name,
            REVIEW_STEPS[name],
            bound.get(name)
            or ReviewStepForm(
                initial=version,
                comment_required=REVIEW_STEPS[name].comment_required,
                prefix=name,
            ),
        )
        for name, offered in steps.items()
        if offered
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
            "comment_form": (bound.get("comment") or CommentForm())
            if takes_part and result
            else None,
            "may_add_action": reporting_units_for(user, target).exists(),
            "editable_action_ids": editable_action_ids,
        },
        status=status,
    )


@require_GET
def result_detail(request: HttpRequest, target_pk: int, year: int) -> HttpResponse:
    target = _visible_target(request, target_pk)
    return _result_page_response(request, target, _reporting_year(target, year))


@require_http_methods(["GET", "POST"])
def result_edit(request: HttpRequest, target_pk: int, year: int) -> HttpResponse:
    user = request.user
    target = _visible_target(request, target_pk)
    reporting_year = _reporting_year(target, year)
    result = result_for_update(target, year)
    refusal = result_edit_refusal(user, target, reporting_year, result)
    if refusal:
        raise PermissionDenied(refusal)
    my_unit_ids = set(reporting_units_for(user, target).values_list("pk", flat=True))
    lines = breakdown_lines_offered(target, result, my_unit_ids)
    form = ResultForm(request.POST or None, target=target, result=result, lines=lines)
    conflict = None
    if request.method == "POST" and form.is_valid():
        try:
            result_write(
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
            conflict = _conflict(form.differences(current, saved_lines), current)
            form = ResultForm(
                _typed_again(request, current), target=target, result=current, lines=saved_lines
            )
            refusal = result_edit_refusal(user, target, reporting_year, current)
        except ReasonRequired as exc:
            form.add_error("reason" if "reason" in form.fields else None, str(exc))
        except ValidationError as exc:
            form.add_error(None, exc.messages)
        else:
            messages.success(request, f"Result for {year} saved.")
            return redirect(_result_url(target, year))
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
        },
        status=409 if conflict else 200,
    )


@require_POST
def result_step(request: HttpRequest, target_pk: int, year: int, step: str) -> HttpResponse:
    spec = REVIEW_STEPS.get(step)
    if spec is None:
        raise Http404("No such review step.")
    user = request.user
    target = _visible_target(request, target_pk)
    reporting_year = _reporting_year(target, year)
    result = get_object_or_404(Result, target=target, year=year)
    if spec.for_reviewers and not can_review(user):
        raise PermissionDenied(REVIEWERS_ONLY)
    if not spec.for_reviewers:
        refusal = result_edit_refusal(user, target, reporting_year, result)
        if refusal:
            raise PermissionDenied(refusal)
    form = ReviewStepForm(request.POST, comment_required=spec.comment_required, prefix=step)
    if form.is_valid():
        try:
            spec.run(
                result=result,
                user=user,
                expected_version=form.cleaned_data["version"],
                comment=form.cleaned_data["comment"],
            )
        except StaleEdit:
            messages.error(request, STEP_STALE_MESSAGE)
        except services.StepRefused as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, spec.done)
        return redirect(_result_url(target, year))
    return _result_page_response(request, target, reporting_year, bound={step: form}, status=400)


@require_POST
def result_comment(request: HttpRequest, target_pk: int, year: int) -> HttpResponse:
    user = request.user
    target = _visible_target(request, target_pk)
    reporting_year = _reporting_year(target, year)
    result = get_object_or_404(Result, target=target, year=year)
    if not can_edit_target(user, target):
        raise PermissionDenied("Only the target's custodians and GEDI reviewers discuss it.")
    form = CommentForm(request.POST)
    if form.is_valid():
        services.result_comment_add(result=result, user=user, text=form.cleaned_data["text"])
        messages.success(request, "Comment added.")
        return redirect(_result_url(target, year) + "#discussion")
    return _result_page_response(
        request, target, reporting_year, bound={"comment": form}, status=400
    )


# ---------------------------------------------------------------- accelerating actions


def _after_action(request: HttpRequest, action: AcceleratingAction) -> str:
    return _safe_next(request, reverse("entries:action", args=[action.pk]))


@require_http_methods(["GET", "POST"])
def action_new(request: HttpRequest, target_pk: int) -> HttpResponse:
    target = _visible_target(request, target_pk)
    units = list(reporting_units_for(request.user, target).order_by("name"))
    if not units:
        raise PermissionDenied("Only the target's custodian units add accelerating actions to it.")
    form = ActionForm(request.POST or None, units=units)
    if request.method == "POST":
        if form.is_valid():
            action = action_create(
                target=target,
                custodian=form.cleaned_data["custodian"],
                user=request.user,
                fields=form.action_fields(),
            )
            messages.success(request, "Accelerating action added.")
            return redirect(_after_action(request, action))
        if form.has_error("custodian", "invalid_choice"):
            raise PermissionDenied("You add actions only for the units you report for.")
    return render(
        request,
        "entries/action_form.html",
        {
            "target": target,
            "indicator": target.indicator,
            "form": form,
            "next": _safe_next(request, ""),
        },
    )


def _visible_action(request: HttpRequest, pk: int) -> AcceleratingAction:
    """The action, if the user may see its target; a 404 otherwise."""
    return get_object_or_404(
        AcceleratingAction.objects.filter(target__in=visible_targets(request.user)).select_related(
            "custodian", "target__indicator", "target__phase", "target__region", "target__portfolio"
        ),
        pk=pk,
    )


@require_http_methods(["GET", "POST"])
def action_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = request.user
    action = _visible_action(request, pk)
    may_edit = editable_actions(user).filter(pk=pk).exists()
    if request.method == "POST" and not may_edit:
        raise PermissionDenied("Only the action's custodian unit and GEDI reviewers update it.")
    form = ActionForm(request.POST or None, action=action) if may_edit else None
    conflict = None
    if request.method == "POST" and form.is_valid():
        try:
            outcome = action_write(
                action=action,
                user=user,
                fields=form.action_fields(),
                expected_version=form.cleaned_data["version"],
            )
        except StaleEdit as stale:
            conflict = _conflict(form.differences(stale.current), stale.current)
            action = _visible_action(request, pk)
            form = ActionForm(_typed_again(request, action), action=action)
        else:
            saved = "Action updated." if outcome.changed_fields else "Nothing had changed."
            messages.success(request, saved)
            return redirect(_after_action(request, action))
    return render(
        request,
        "entries/action_detail.html",
        {
            "action": action,
            "target": action.target,
            "indicator": action.target.indicator,
            "form": form,
            "conflict": conflict,
            "progress": action_progress(action),
            "next": _safe_next(request, ""),
        },
        status=409 if conflict else 200,
    )


# ---------------------------------------------------------------- reporting years


def _manageable_year(request: HttpRequest, pk: int) -> ReportingYear:
    if not can_manage_reporting_years(request.user):
        raise PermissionDenied(YEARS_FOR_REVIEWERS)
    return get_object_or_404(ReportingYear.objects.select_related("plan"), pk=pk)


def _years_response(
    request: HttpRequest, *, bound: dict[tuple[int, str], Any] | None = None, status: int = 200
) -> HttpResponse:
    plan = default_plan()
    years = reporting_years(plan) if plan else []
    units = list(CustodianUnit.objects.order_by("name"))
    bound = bound or {}
    rows = []
    for year in years:
        reopened = list(year.reopened_for.all())
        still_closed = [unit for unit in units if unit not in reopened]
        rows.append(
            {
                "year": year,
                "deadline_form": bound.get((year.pk, "deadline"))
                or DeadlineForm(initial={"deadline": year.deadline}, prefix=f"year{year.pk}"),
                "reopen_form": bound.get((year.pk, "reopen"))
                or ReopenForUnitForm(units=still_closed, prefix=f"year{year.pk}"),
                "reopened_for": reopened,
            }
        )
    return render(
        request, "entries/reporting_years.html", {"plan": plan, "rows": rows}, status=status
    )


@require_GET
def reporting_years_page(request: HttpRequest) -> HttpResponse:
    if not can_manage_reporting_years(request.user):
        raise PermissionDenied(YEARS_FOR_REVIEWERS)
    return _years_response(request)


@require_POST
def reporting_year_state(request: HttpRequest, pk: int, state: str) -> HttpResponse:
    reporting_year = _manageable_year(request, pk)
    if state == "open":
        services.reporting_year_open(reporting_year=reporting_year, user=request.user)
        messages.success(request, f"{reporting_year.year} is open for entries.")
    elif state == "close":
        services.reporting_year_close(reporting_year=reporting_year, user=request.user)
        messages.success(request, f"{reporting_year.year} is closed for entries.")
    else:
        raise Http404("A year is opened or closed.")
    return redirect("entries:reporting_years")


@require_POST
def reporting_year_deadline(request: HttpRequest, pk: int) -> HttpResponse:
    reporting_year = _manageable_year(request, pk)
    form = DeadlineForm(request.POST, prefix=f"year{pk}")
    if not form.is_valid():
        return _years_response(request, bound={(pk, "deadline"): form}, status=400)
    deadline = form.cleaned_data["deadline"]
    services.reporting_year_set_deadline(
        reporting_year=reporting_year, user=request.user, deadline=deadline
    )
    messages.success(request, f"Deadline for {reporting_year.year} saved.")
    return redirect("entries:reporting_years")


@require_POST
def reporting_year_reopen(request: HttpRequest, pk: int) -> HttpResponse:
    reporting_year = _manageable_year(request, pk)
    form = ReopenForUnitForm(
        request.POST, units=list(CustodianUnit.objects.order_by("name")), prefix=f"year{pk}"
    )
    if not form.is_valid():
        return _years_response(request, bound={(pk, "reopen"): form}, status=400)
    unit = form.cleaned_data["unit"]
    try:
        services.reporting_year_reopen_for(
            reporting_year=reporting_year, user=request.user, unit=unit
        )
    except services.StepRefused as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, f"{reporting_year.year} is reopened for {unit.acronym}.")
    return redirect("entries:reporting_years")


@require_POST
def reporting_year_withdraw(request: HttpRequest, pk: int, unit_pk: int) -> HttpResponse:
    reporting_year = _manageable_year(request, pk)
    unit = get_object_or_404(reporting_year.reopened_for, pk=unit_pk)
    services.reporting_year_withdraw_reopening(
        reporting_year=reporting_year, user=request.user, unit=unit
    )
    messages.success(request, f"{reporting_year.year} is closed again for {unit.acronym}.")
    return redirect("entries:reporting_years")
