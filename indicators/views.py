from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render

from evaluations.selectors import recommendations_taken_up
from indicators.models import ActionPlan, Indicator
from indicators.permissions import works_as_focal_point
from indicators.selectors import default_plan, indicator_detail, latest_reported_year, plan_overview


def _year(request: HttpRequest, plan: ActionPlan) -> int:
    raw = request.GET.get("year", "")
    if raw.isdigit() and int(raw) in plan.years:
        return int(raw)
    return latest_reported_year(plan)


def _phase_label(plan: ActionPlan, year: int) -> str:
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
    plan = get_object_or_404(ActionPlan, slug=slug)
    year = _year(request, plan)
    return render(
        request,
        "indicators/plan_detail.html",
        {
            "plan": plan,
            "year": year,
            "years": list(plan.years),
            "current_phase": _phase_label(plan, year),
            "sections": plan_overview(plan, year),
        },
    )


def indicator_page(request: HttpRequest, pk: int) -> HttpResponse:
    indicator = get_object_or_404(Indicator.objects.select_related("section__plan"), pk=pk)
    plan = indicator.section.plan
    year = _year(request, plan)
    try:
        detail = indicator_detail(pk, year)
    except Indicator.DoesNotExist as exc:  # deleted between the two reads
        raise Http404 from exc
    return render(
        request,
        "indicators/indicator_detail.html",
        {
            "plan": plan,
            "indicator": detail.indicator,
            "year": year,
            "years": list(plan.years),
            "current_phase": _phase_label(plan, year),
            "detail": detail,
            "recommendations": recommendations_taken_up(pk, year),
        },
    )
