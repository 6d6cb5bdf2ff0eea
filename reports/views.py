"""Scorecard pages. Every signed-in user reads them: they are aggregate views of the whole plan.

Each page runs the same number of queries whatever the size of the plan (tests/reports).
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import partial
from typing import Any
from urllib.parse import urlencode

from django.db.models import Model
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.utils.text import capfirst
from django.utils.translation import gettext
from django.views.decorators.http import require_GET
from django_tables2 import RequestConfig

from custodians.models import CustodianUnit, Portfolio, Region
from custodians.plan_texts import in_reading_order
from indicators.models import ActionPlan
from indicators.plan_life import visible_plan_or_404
from indicators.review import Counting
from indicators.selectors import default_plan, latest_reported_year
from reports.charts import CHART_TABLE_ROWS, Chart, print_bars, scorecard_charts
from reports.data_stamp import current_stamp, kept
from reports.documents import scorecard_document
from reports.filters import ScorecardFilter
from reports.kept_pages import kept_page
from reports.one_page import one_page_rows
from reports.overview import scorecard_overview
from reports.phase_summary import phase_summary, phase_summary_document
from reports.selectors import (
    PORTFOLIO_WAYS,
    REGION_WAYS,
    ScorecardScope,
    ScorecardSummary,
    UnknownScope,
    Way,
    counts_by_group,
    custodian_scope,
    plan_custodians,
    plan_scope,
    portfolio_scope,
    region_scope,
    result_spread,
    scope_named,
    scorecard,
    scorecard_rows,
    scorecard_summary,
    scorecard_targets,
)
from reports.tables import ScorecardTable

ROWS_PER_PAGE = 50


@require_GET
def index(request: HttpRequest) -> HttpResponse:
    """The overview of every scorecard of a plan (``?plan=``, else the latest) for a year."""
    asked = request.GET.get("plan", "")
    plan = visible_plan_or_404(request.user, asked) if asked else default_plan()
    if plan is None:
        return render(request, "indicators/no_plan.html")
    stamp = current_stamp()
    page = kept_page(request, stamp, partial(_overview_content, request, plan, stamp))
    return render(request, "reports/kept_page.html", {"plan": plan, "page": page})


def _overview_content(
    request: HttpRequest, plan: ActionPlan, stamp: int | None
) -> tuple[str, str, dict[str, Any]]:
    """The overview's title, and its content's template and context."""
    year = _year_asked(request, plan) or _latest_year(stamp, plan)
    counting = _counting_asked(request)
    context = {
        "plan": plan,
        "year": year,
        "years": list(plan.years),
        "counting": counting,
        "countings": Counting.choices,
        "overview": kept(
            stamp,
            ("overview", plan.pk, year, counting),
            partial(scorecard_overview, plan=plan, year=year, counting=counting),
        ),
    }
    title = " · ".join([gettext("Scorecards"), str(year), plan.title])
    return title, "reports/snippets/overview_content.html", context


@require_GET
def plan_scorecard(request: HttpRequest, slug: str) -> HttpResponse:
    plan = visible_plan_or_404(request.user, slug)
    return _scorecard_page(request, plan, plan_scope(), by_portfolio_and_region=True)


@require_GET
def portfolio_scorecard(request: HttpRequest, slug: str, code: str) -> HttpResponse:
    plan = visible_plan_or_404(request.user, slug)
    portfolio = get_object_or_404(Portfolio, code=code)
    return _scorecard_page(request, plan, portfolio_scope(portfolio))


@require_GET
def region_scorecard(request: HttpRequest, slug: str, code: str) -> HttpResponse:
    plan = visible_plan_or_404(request.user, slug)
    region = get_object_or_404(Region, code=code)
    return _scorecard_page(request, plan, region_scope(region))


@require_GET
def custodian_scorecard(request: HttpRequest, slug: str, unit: str) -> HttpResponse:
    plan = visible_plan_or_404(request.user, slug)
    custodian = get_object_or_404(CustodianUnit, slug=unit)
    return _scorecard_page(request, plan, custodian_scope(custodian))


@require_GET
def portfolio_one_page(request: HttpRequest, slug: str, code: str) -> HttpResponse:
    """The portfolio's scorecard on one A4 landscape page, for a Deputy Director-General."""
    plan = visible_plan_or_404(request.user, slug)
    portfolio = get_object_or_404(Portfolio, code=code)
    stamp = current_stamp()
    year = _year_asked(request, plan) or _latest_year(stamp, plan)
    scope = portfolio_scope(portfolio).counting_as(_counting_asked(request))
    card = kept(
        stamp,
        ("summary", plan.pk, year, *scope.key),
        partial(scorecard_summary, plan=plan, year=year, scope=scope),
    )
    targets = scorecard_targets(plan=plan, year=year, scope=scope)
    shown, left_out = one_page_rows(card, targets, portfolio, len(card.by_section))
    return render(
        request,
        "reports/portfolio_one_page.html",
        {
            "plan": plan,
            "portfolio": portfolio,
            "card": card,
            "year": year,
            "rows": shown,
            "left_out": left_out,
            "left_out_lines": [line for line in left_out.lines if line.count],
            # The statuses left out, in words, for the one sentence that says so.
            "left_out_words": ", ".join(
                f"{line.count} {str(line.status.label).lower()}"
                for line in left_out.lines
                if line.count
            ),
            "sections": print_bars(card.by_section),
        },
    )


@require_GET
def scorecard_json(request: HttpRequest, slug: str) -> HttpResponse:
    """The same document as ``manage.py scorecard --json``, for the same options."""
    plan = visible_plan_or_404(request.user, slug)
    year = _year_asked(request, plan)
    if year is None and request.GET.get("year"):
        return JsonResponse(
            {"error": f"year must be one of {plan.start_year} to {plan.end_year}."}, status=400
        )
    try:
        scope = scope_named(
            portfolio=request.GET.get("portfolio", ""),
            region=request.GET.get("region", ""),
            custodian=request.GET.get("custodian", ""),
            counting=request.GET.get("counting", ""),
        )
    except UnknownScope as exc:
        return JsonResponse({"error": str(exc)}, status=400)
    stamp = current_stamp()
    year = year or _latest_year(stamp, plan)
    document = kept(
        stamp,
        ("json", plan.pk, year, *scope.key),
        lambda: scorecard_document(scorecard(plan=plan, year=year, scope=scope)),
    )
    response = JsonResponse(document, json_dumps_params={"ensure_ascii": False})
    name = "-".join([plan.slug, str(year), *scope.query.values()]).replace("/", "-")
    response["Content-Disposition"] = f'attachment; filename="scorecard-{name}.json"'
    return response


def _year_asked(request: HttpRequest, plan: ActionPlan) -> int | None:
    raw = request.GET.get("year", "")
    return int(raw) if raw.isdigit() and int(raw) in plan.years else None


def _counting_asked(request: HttpRequest) -> Counting:
    """The results the reader asked to count; anything else counts approved and submitted."""
    raw = request.GET.get("counting", "")
    return Counting(raw) if raw in Counting.values else Counting.WITH_SUBMITTED


def _scorecard_page(
    request: HttpRequest,
    plan: ActionPlan,
    scope: ScorecardScope,
    *,
    by_portfolio_and_region: bool = False,
) -> HttpResponse:
    stamp = current_stamp()
    page = kept_page(
        request,
        stamp,
        partial(_scorecard_content, request, plan, scope, stamp, by_portfolio_and_region),
    )
    return render(request, "reports/scorecard.html", {"plan": plan, "page": page})


def _scorecard_content(
    request: HttpRequest,
    plan: ActionPlan,
    scope: ScorecardScope,
    stamp: int | None,
    by_portfolio_and_region: bool,
) -> tuple[str, str, dict[str, Any]]:
    """The scorecard's title, and its content's template and context."""
    custodians = kept(stamp, ("custodians", plan.pk), lambda: list(plan_custodians(plan)))
    filters = ScorecardFilter(
        request.GET or None,
        plan=plan,
        # The filter's choices are read again by their ids: finding the plan's units costs a
        # pass over the plan's links, done once.
        custodians=CustodianUnit.objects.filter(pk__in=[unit.pk for unit in custodians]).order_by(
            in_reading_order("name"), "name"
        ),
        default_year=lambda: _latest_year(stamp, plan),
    )
    scope = scope.counting_as(filters.counting)
    portfolios, regions = list(Portfolio.objects.all()), list(Region.objects.all())
    card, charts = kept(
        stamp,
        ("page", plan.pk, filters.year, *scope.key, by_portfolio_and_region),
        partial(
            _summary_and_charts,
            plan,
            filters.year,
            scope,
            {"portfolio": (PORTFOLIO_WAYS, portfolios), "region": (REGION_WAYS, regions)}
            if by_portfolio_and_region
            else {},
        ),
    )
    targets = scorecard_targets(plan=plan, year=card.year, scope=scope)
    table = ScorecardTable(
        filters.apply(targets),
        rows_of=partial(scorecard_rows, plan=plan, year=card.year, counting=scope.counting),
        year=card.year,
        scope=scope,
        first_year=plan.start_year,
        # Unfiltered, the table holds the headline's targets: no COUNT (unless there are none, so
        # that an empty scorecard runs the queries of any other).
        count=None if filters.is_filtering else card.counts.total or None,
    )
    RequestConfig(request, paginate={"per_page": ROWS_PER_PAGE}).configure(table)
    context: dict[str, Any] = {
        "plan": plan,
        "scope": scope,
        "card": card,
        "year": card.year,
        "filters": filters,
        "table": table,
        "charts": charts,
        "portfolios": portfolios,
        "regions": regions,
        "custodians": custodians,
        "download_query": urlencode({"year": card.year, **scope.query}),
    }
    title = " · ".join([gettext("Scorecard"), capfirst(card.label), str(card.year), plan.title])
    return title, "reports/snippets/scorecard_content.html", context


def _latest_year(stamp: int | None, plan: ActionPlan) -> int:
    """The year a page shows when none is asked for: the latest with results, kept."""
    return kept(stamp, ("year", plan.pk), partial(latest_reported_year, plan))


def _summary_and_charts(
    plan: ActionPlan,
    year: int,
    scope: ScorecardScope,
    groups: dict[str, tuple[Iterable[Way], list[Model]]],
) -> tuple[ScorecardSummary, list[Chart]]:
    """What a scorecard page says of all its targets: its counts and its charts."""
    card = scorecard_summary(plan=plan, year=year, scope=scope)
    targets = scorecard_targets(plan=plan, year=card.year, scope=scope)
    counted = counts_by_group(targets, plan, card.year, groups) if groups else {}
    spread = result_spread(targets, points_up_to=CHART_TABLE_ROWS)
    return card, scorecard_charts(card, groups=counted, spread=spread)


@require_GET
def phase_summary_page(request: HttpRequest, slug: str) -> HttpResponse:
    """The plan's phases side by side, for the Governing Body's mid-term and final reports."""
    plan = visible_plan_or_404(request.user, slug)
    document = phase_summary_document(phase_summary(plan), marked=True)
    return render(request, "reports/phase_summary.html", {"plan": plan, **document})


@require_GET
def phase_summary_json(request: HttpRequest, slug: str) -> HttpResponse:
    """The same document as the phases page, as JSON."""
    plan = visible_plan_or_404(request.user, slug)
    document = phase_summary_document(phase_summary(plan))
    response = JsonResponse(document, json_dumps_params={"ensure_ascii": False})
    response["Content-Disposition"] = f'attachment; filename="phases-{plan.slug}.json"'
    return response
