"""The indicator page: targets, results by year, actions and history of one indicator, with the
evaluation recommendations it takes up.

It is served from reports, not indicators, because it reads both the plan (indicators) and the
evaluations, and evaluations already depend on indicators (tests/test_app_dependencies.py).
Its route keeps the name ``indicators:indicator`` (reports/indicator_urls.py).
"""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from evaluations.selectors import recommendations_taken_up
from indicators.models import Indicator
from indicators.selectors import indicator_detail
from indicators.views import phase_label, year_shown


def indicator_page(request: HttpRequest, pk: int) -> HttpResponse:
    indicator = get_object_or_404(Indicator.objects.select_related("section__plan"), pk=pk)
    plan = indicator.section.plan
    year = year_shown(request, plan)
    try:
        detail = indicator_detail(pk, year, user=request.user)
    except Indicator.DoesNotExist as exc:  # deleted between the two reads
        raise Http404 from exc
    return render(
        request,
        "reports/indicator_page.html",
        {
            "plan": plan,
            "indicator": detail.indicator,
            "year": year,
            "years": list(plan.years),
            "current_phase": phase_label(plan, year),
            "detail": detail,
            "recommendations": recommendations_taken_up(pk, year),
        },
    )
