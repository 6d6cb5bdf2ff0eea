"""GEDI's plans page: every plan with its state, the moves it allows (activate, close, reopen),
and the form that starts the next plan from one (indicators/plan_life.py holds the rules)."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from custodians.access import access_of
from indicators.models import ActionPlan
from indicators.plan_life import PlanStateError, State, move_plan, moves_from, start_next_plan

PLANS_FOR_REVIEWERS = gettext_lazy("Only GEDI reviewers manage plans.")


class NextPlanForm(forms.Form):
    source = forms.ModelChoiceField(
        queryset=ActionPlan.objects.exclude(state=State.DRAFT),
        label=gettext_lazy("Continue from"),
        empty_label=None,
    )
    title = forms.CharField(max_length=200, label=gettext_lazy("Title of the new plan"))
    slug = forms.SlugField(max_length=60, label=gettext_lazy("Short name (in its address)"))
    start_year = forms.IntegerField(
        min_value=2000, max_value=2100, label=gettext_lazy("First year")
    )
    end_year = forms.IntegerField(min_value=2000, max_value=2100, label=gettext_lazy("Last year"))

    def clean(self) -> dict:
        data = super().clean()
        start, end = data.get("start_year"), data.get("end_year")
        if start and end and not start <= end <= start + 9:
            self.add_error("end_year", _("The last year comes after the first, within ten years."))
        return data


def _reviewer(request: HttpRequest) -> None:
    if not access_of(request.user).is_reviewer:
        raise PermissionDenied(PLANS_FOR_REVIEWERS)


def _page(request: HttpRequest, form: NextPlanForm | None = None, status: int = 200):
    plans = [(plan, moves_from(plan)) for plan in ActionPlan.objects.order_by("-start_year")]
    latest = ActionPlan.objects.exclude(state=State.DRAFT).order_by("-end_year").first()
    initial = {}
    if latest is not None:
        years = latest.end_year - latest.start_year
        initial = {
            "source": latest,
            "start_year": latest.end_year + 1,
            "end_year": latest.end_year + 1 + years,
        }
    return render(
        request,
        "indicators/plans.html",
        {"plans": plans, "form": form or NextPlanForm(initial=initial)},
        status=status,
    )


@require_GET
def plans_page(request: HttpRequest) -> HttpResponse:
    _reviewer(request)
    return _page(request)


@require_POST
def plan_move(request: HttpRequest, slug: str) -> HttpResponse:
    _reviewer(request)
    plan = get_object_or_404(ActionPlan, slug=slug)
    to = request.POST.get("state", "")
    try:
        plan = move_plan(plan, to, user=request.user, reason=request.POST.get("reason", ""))
    except PlanStateError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(
            request,
            _("%(plan)s is %(state)s.")
            % {"plan": plan.title, "state": plan.get_state_display().lower()},
        )
    return redirect("indicators:plans")


@require_POST
def plan_start(request: HttpRequest) -> HttpResponse:
    _reviewer(request)
    form = NextPlanForm(request.POST)
    if not form.is_valid():
        return _page(request, form, status=400)
    data = form.cleaned_data
    try:
        plan = start_next_plan(
            data["source"],
            slug=data["slug"],
            title=data["title"],
            start_year=data["start_year"],
            end_year=data["end_year"],
            user=request.user,
        )
    except PlanStateError as exc:
        form.add_error(None, " ".join(exc.messages))
        return _page(request, form, status=400)
    messages.success(
        request,
        _(
            "%(plan)s is a draft with %(source)s's sections and indicators. Set its targets in "
            "the plan definition workbook, then activate it."
        )
        % {"plan": plan.title, "source": data["source"].title},
    )
    return redirect("indicators:plans")
