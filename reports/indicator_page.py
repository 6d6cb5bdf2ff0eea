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
from indicators.plan_life import refuse_unseen, target_revisions
from indicators.selectors import indicator_detail
from indicators.views import phase_label, year_shown


def indicator_page(request: HttpRequest, pk: int) -> HttpResponse:
    indicator = get_object_or_404(
        Indicator.objects.select_related("section__plan", "predecessor__section__plan"), pk=pk
    )
    plan = indicator.section.plan
    refuse_unseen(request.user, plan)
    year = year_shown(request, plan)
    try:
        detail = indicator_detail(pk, year, user=request.user)
    except Indicator.DoesNotExist as exc:  # deleted between the two reads
        raise Http404 from exc
    revisions = target_revisions(row.target.pk for row in detail.targets)
    for row in detail.targets:
        row.target.revisions = revisions.get(row.target.pk, [])
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
            "continues": indicator.predecessor,
            "recommendations": recommendations_taken_up(pk, year),
        },
    )
