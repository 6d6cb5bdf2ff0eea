"""Steps on several entries at once: a focal point submits their drafts (after a workbook import,
say), GEDI approves several submitted entries from the review queue.

Each entry goes through ``entries.services.result_step`` with the version the person saw; the
access checks are the ones the result page makes, entry by entry.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from django.views.decorators.http import require_GET, require_POST

from entries import services
from entries.forms import EntrySelectionForm
from entries.selectors import results_chosen
from entries.views.common import REVIEWERS_ONLY, report_outcomes, safe_next
from entries.views.lists import units_year_page
from indicators.models import ReportingYear, Result
from indicators.permissions import (
    can_review,
    editable_targets,
    reports_for_units,
    result_edit_refusal,
    visible_targets,
)

FOCAL_POINTS_ONLY = gettext_noop(
    "Only the focal points of custodian units submit their units' drafts here."
)


@require_GET
def drafts_page(request: HttpRequest) -> HttpResponse:
    """The user's units' drafts for the year, and returned entries changed since, to submit."""
    return units_year_page(request, "entries/drafts.html")


def _chosen(request: HttpRequest, targets) -> tuple[list[Result], dict[int, int]] | None:
    """The entries ticked, among those of ``targets``, with the versions seen; None when none
    was ticked. One the user may not act on is a 404: nothing is done for a crafted request."""
    form = EntrySelectionForm(request.POST)
    if not form.is_valid():
        return None
    seen = form.cleaned_data["entries"]
    results = results_chosen(list(seen), targets)
    if len(results) != len(seen):
        raise Http404(_("No such entry among yours."))
    return results, seen


def _reporting_years(results: list[Result]) -> dict[tuple[int, int], ReportingYear | None]:
    """The reporting year of each (plan, year) the entries belong to: one query."""
    keys = {(r.target.indicator.section.plan_id, r.year) for r in results}
    years = ReportingYear.objects.filter(
        plan_id__in={plan for plan, _ in keys}, year__in={year for _, year in keys}
    )
    found = {(y.plan_id, y.year): y for y in years}
    return {key: found.get(key) for key in keys}


@require_POST
def submit_drafts(request: HttpRequest) -> HttpResponse:
    user = request.user
    if not reports_for_units(user):
        raise PermissionDenied(_(FOCAL_POINTS_ONLY))
    back = safe_next(request, reverse("entries:drafts"))
    chosen = _chosen(request, editable_targets(user))
    if chosen is None:
        messages.error(request, _("Tick at least one entry to submit."))
        return redirect(back)
    results, seen = chosen
    years = _reporting_years(results)
    outcomes, requests = [], []
    for result in results:
        request_ = services.StepRequest(result, seen[result.pk])
        reporting_year = years[(result.target.indicator.section.plan_id, result.year)]
        refusal = result_edit_refusal(user, result.target, reporting_year, result)
        if refusal:
            outcomes.append(services.StepOutcome(request_, taken=False, refusal=refusal))
        else:
            requests.append(request_)
    outcomes += services.results_step(step="submit", requests=requests, user=user)
    report_outcomes(request, "submit", outcomes)
    return redirect(back)


@require_POST
def approve_selected(request: HttpRequest) -> HttpResponse:
    user = request.user
    if not can_review(user):
        raise PermissionDenied(_(REVIEWERS_ONLY))
    back = safe_next(request, reverse("entries:review_queue"))
    chosen = _chosen(request, visible_targets(user))
    if chosen is None:
        messages.error(request, _("Tick at least one entry to approve."))
        return redirect(back)
    results, seen = chosen
    requests = [services.StepRequest(result, seen[result.pk]) for result in results]
    outcomes = services.results_step(step="approve", requests=requests, user=user)
    report_outcomes(request, "approve", outcomes)
    return redirect(back)
