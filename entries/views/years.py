"""GEDI's calendar: opening and closing reporting years, deadlines, reopening for a unit."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from custodians.models import CustodianUnit
from custodians.plan_texts import in_reading_order
from entries import services
from entries.forms import DeadlineForm, ReopenForUnitForm
from entries.selectors import reporting_years
from entries.views.common import YEARS_FOR_REVIEWERS
from indicators.models import ReportingYear
from indicators.permissions import can_manage_reporting_years
from indicators.selectors import default_plan


def _manageable_year(request: HttpRequest, pk: int) -> ReportingYear:
    if not can_manage_reporting_years(request.user):
        raise PermissionDenied(_(YEARS_FOR_REVIEWERS))
    return get_object_or_404(ReportingYear.objects.select_related("plan"), pk=pk)


def _years_response(
    request: HttpRequest, *, bound: dict[tuple[int, str], Any] | None = None, status: int = 200
) -> HttpResponse:
    plan = default_plan()
    years = reporting_years(plan) if plan else []
    units = list(
        CustodianUnit.objects.filter(retired_on__isnull=True).order_by(
            in_reading_order("name"), "name"
        )
    )
    bound = bound or {}
    rows = []
    for year in years:
        reopened = list(year.reopened_for.all())
        still_closed = [unit for unit in units if unit not in reopened]
        rows.append(
            {
                "year": year,
                "deadline_form": bound.get((year.pk, "deadline"))
                or DeadlineForm(
                    initial={"deadline": year.deadline},
                    reporting_year=year,
                    prefix=f"year{year.pk}",
                ),
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
        raise PermissionDenied(_(YEARS_FOR_REVIEWERS))
    return _years_response(request)


@require_POST
def reporting_year_state(request: HttpRequest, pk: int, state: str) -> HttpResponse:
    reporting_year = _manageable_year(request, pk)
    if state == "open":
        services.reporting_year_open(reporting_year=reporting_year, user=request.user)
        messages.success(
            request, _("%(year)s is open for entries.") % {"year": reporting_year.year}
        )
    elif state == "close":
        services.reporting_year_close(reporting_year=reporting_year, user=request.user)
        messages.success(
            request, _("%(year)s is closed for entries.") % {"year": reporting_year.year}
        )
    else:
        raise Http404(_("A year is opened or closed."))
    return redirect("entries:reporting_years")


@require_POST
def reporting_year_deadline(request: HttpRequest, pk: int) -> HttpResponse:
    reporting_year = _manageable_year(request, pk)
    form = DeadlineForm(request.POST, reporting_year=reporting_year, prefix=f"year{pk}")
    if not form.is_valid():
        return _years_response(request, bound={(pk, "deadline"): form}, status=400)
    deadline = form.cleaned_data["deadline"]
    services.reporting_year_set_deadline(
        reporting_year=reporting_year, user=request.user, deadline=deadline
    )
    messages.success(request, _("Deadline for %(year)s saved.") % {"year": reporting_year.year})
    return redirect("entries:reporting_years")


@require_POST
def reporting_year_reopen(request: HttpRequest, pk: int) -> HttpResponse:
    reporting_year = _manageable_year(request, pk)
    form = ReopenForUnitForm(
        request.POST,
        units=list(
            CustodianUnit.objects.filter(retired_on__isnull=True).order_by(
                in_reading_order("name"), "name"
            )
        ),
        prefix=f"year{pk}",
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
        messages.success(
            request,
            _("%(year)s is reopened for %(unit)s.")
            % {"year": reporting_year.year, "unit": unit.acronym},
        )
    return redirect("entries:reporting_years")


@require_POST
def reporting_year_withdraw(request: HttpRequest, pk: int, unit_pk: int) -> HttpResponse:
    reporting_year = _manageable_year(request, pk)
    unit = get_object_or_404(reporting_year.reopened_for, pk=unit_pk)
    services.reporting_year_withdraw_reopening(
        reporting_year=reporting_year, user=request.user, unit=unit
    )
    messages.success(
        request,
        _("%(year)s is closed again for %(unit)s.")
        % {"year": reporting_year.year, "unit": unit.acronym},
    )
    return redirect("entries:reporting_years")
