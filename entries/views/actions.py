"""Accelerating actions: adding one, updating it, and its progress history."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from custodians.plan_texts import in_reading_order
from entries.forms import ActionForm
from entries.selectors import action_progress
from entries.views.common import conflict_shown, safe_next, typed_again, visible_target_or_404
from indicators.models import AcceleratingAction
from indicators.permissions import editable_actions, reporting_units_for, visible_targets
from indicators.services import StaleEdit, action_create, action_write


def _after_action(request: HttpRequest, action: AcceleratingAction) -> str:
    return safe_next(request, reverse("entries:action", args=[action.pk]))


@require_http_methods(["GET", "POST"])
def action_new(request: HttpRequest, target_pk: int) -> HttpResponse:
    target = visible_target_or_404(request, target_pk)
    units = list(
        reporting_units_for(request.user, target).order_by(in_reading_order("name"), "name")
    )
    if not units:
        raise PermissionDenied(
            _("Only the target's custodian units add accelerating actions to it.")
        )
    form = ActionForm(request.POST or None, units=units)
    if request.method == "POST":
        if form.is_valid():
            action = action_create(
                target=target,
                custodian=form.cleaned_data["custodian"],
                user=request.user,
                fields=form.action_fields(),
            )
            messages.success(request, _("Accelerating action added."))
            return redirect(_after_action(request, action))
        if form.has_error("custodian", "invalid_choice"):
            raise PermissionDenied(_("You add actions only for the units you report for."))
    return render(
        request,
        "entries/action_form.html",
        {
            "target": target,
            "indicator": target.indicator,
            "form": form,
            "next": safe_next(request, ""),
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
        raise PermissionDenied(_("Only the action's custodian unit and GEDI reviewers update it."))
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
            conflict = conflict_shown(form.differences(stale.current), stale.current)
            action = _visible_action(request, pk)
            form = ActionForm(typed_again(request, action), action=action)
        else:
            saved = _("Action updated.") if outcome.changed_fields else _("Nothing had changed.")
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
            "next": safe_next(request, ""),
        },
        status=409 if conflict else 200,
    )
