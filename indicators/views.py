from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from indicators.coverage import plan_coverage
from indicators.models import ActionPlan
from indicators.permissions import works_as_focal_point
from indicators.plan_life import visible_plan_or_404
from indicators.selectors import default_plan, latest_reported_year, plan_overview


def year_shown(request: HttpRequest, plan: ActionPlan) -> int:
    """The year asked for with ``?year`` if the plan has it, else the latest reported year."""
    raw = request.GET.get("year", "")
    if raw.isdigit() and int(raw) in plan.years:
        return int(raw)
    return latest_reported_year(plan)


def phase_label(plan: ActionPlan, year: int) -> str:
    """The label of the plan's phase that holds ``year``, or "" if none does."""
    phase = plan.phases.filter(start_year__lte=year, end_year__gte=year).first()
    return phase.label if phase else ""


def home(request: HttpRequest) -> HttpResponse:
    """A focal point starts from what they have to report (the "Plan" link asks for the plan
    with ``?plan``); everyone else starts from the plan."""
    if "plan" not in request.GET and works_as_focal_point(request.user):
        return redirect("entries:my_indicators")
    plan = default_plan()
    if plan is None:
        return render(request, "indicators/no_plan.html", status=200)
    return redirect(plan)


def plan_detail(request: HttpRequest, slug: str) -> HttpResponse:
    plan = visible_plan_or_404(request.user, slug)
    year = year_shown(request, plan)
    coverage = plan_coverage(plan, year)
    return render(
        request,
        "indicators/plan_detail.html",
        {
            "plan": plan,
            "year": year,
            "years": list(plan.years),
            "current_phase": coverage.phase_label,
            "coverage": coverage,
            "sections": plan_overview(plan, year),
        },
    )
