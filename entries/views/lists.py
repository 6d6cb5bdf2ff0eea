"""A focal point's "My indicators" and GEDI's review queue."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from entries.selectors import choose_reporting_year, my_indicators, review_queue
from entries.views.common import REVIEWERS_ONLY
from indicators import limits
from indicators.permissions import can_review, reports_for_units
from indicators.review import STEPS, four_eyes_refusal


def units_year_page(request: HttpRequest, template: str) -> HttpResponse:
    """A page of the user's units' entries for the year asked (``my_indicators``): My
    indicators, and the drafts to submit."""
    choice = choose_reporting_year(request.GET.get("year"))
    context: dict[str, Any] = {"reporting_year": choice.reporting_year, "years": choice.years}
    if choice.reporting_year is not None and reports_for_units(request.user):
        context["mine"] = my_indicators(request.user, choice.reporting_year)
    return render(request, template, context)


@require_GET
def my_indicators_page(request: HttpRequest) -> HttpResponse:
    return units_year_page(request, "entries/my_indicators.html")


@require_GET
def review_queue_page(request: HttpRequest) -> HttpResponse:
    user = request.user
    if not can_review(user):
        raise PermissionDenied(_(REVIEWERS_ONLY))
    choice = choose_reporting_year(request.GET.get("year"))
    context: dict[str, Any] = {"reporting_year": choice.reporting_year, "years": choice.years}
    if choice.reporting_year is not None:
        queue = review_queue(choice.reporting_year)
        # Four eyes: what this reviewer submitted is approved by another; the queue says so
        # instead of offering the approval.
        refusals = {
            row.result.pk: four_eyes_refusal(STEPS["approve"], row.result.submitted_by_id, user)
            for row in queue.groups.submitted
        }
        context.update(
            queue=queue,
            not_theirs_to_approve={pk for pk, refusal in refusals.items() if refusal},
            four_eyes_refusal=next((refusal for refusal in refusals.values() if refusal), ""),
            comment_limit=limits.COMMENT,
        )
    return render(request, "entries/review_queue.html", context)
