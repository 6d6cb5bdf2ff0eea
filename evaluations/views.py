from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods

from evaluations.charts import follow_up_chart
from evaluations.excel import tracker_workbook, workbook_bytes
from evaluations.forms import FollowUpForm
from evaluations.models import Evaluation, FollowUp, Recommendation
from evaluations.permissions import can_report_follow_up
from evaluations.selectors import (
    FOLLOW_UP_FIELDS,
    GROUPINGS,
    TRACKER_STATES,
    recommendation_detail,
    recommendation_history,
    tracker_rows,
)
from evaluations.services import follow_up_write
from indicators.versions import StaleEdit, changes_since

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
STALE_MESSAGE = gettext_lazy(
    "Someone else saved this report after you opened it, so yours was not saved. Their changes "
    "are listed below; check them, then save again if you still want your version."
)


@require_GET
def tracker(request: HttpRequest, grouping: str = "evaluation") -> HttpResponse:
    if grouping not in GROUPINGS:
        raise Http404("No such view of the tracker.")
    rows = tracker_rows()
    groups = GROUPINGS[grouping].group_by(rows)
    title = _("Recommendations %(grouping)s") % {"grouping": GROUPINGS[grouping].label.lower()}
    return render(
        request,
        "evaluations/tracker.html",
        {
            "grouping": GROUPINGS[grouping],
            "groupings": GROUPINGS.values(),
            "groups": groups,
            "total": len(rows),
            "show_evaluation": grouping != "evaluation",
            "states": TRACKER_STATES,
            "chart": follow_up_chart(groups, title),
            "chart_title": title,
        },
    )


@require_GET
def evaluation_page(request: HttpRequest, slug: str) -> HttpResponse:
    evaluation = get_object_or_404(Evaluation, slug=slug)
    return render(
        request,
        "evaluations/evaluation_detail.html",
        {"evaluation": evaluation, "rows": tracker_rows(evaluation, with_sub_actions=True)},
    )


@require_GET
def recommendation_page(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        recommendation = recommendation_detail(pk)
    except Recommendation.DoesNotExist as exc:
        raise Http404("No such recommendation.") from exc
    may_report = can_report_follow_up(request.user, recommendation)
    this_year = timezone.localdate().year
    return render(
        request,
        "evaluations/recommendation_detail.html",
        {
            "recommendation": recommendation,
            "evaluation": recommendation.evaluation,
            "office_response": getattr(recommendation, "office_response", None),
            "may_report": may_report,
            "report_years": recommendation.evaluation.follow_up_years(this_year)
            if may_report
            else [],
            "history": recommendation_history(recommendation),
        },
    )


def _reportable(request: HttpRequest, pk: int, year: int) -> Recommendation:
    """The recommendation, if this user may report follow-up on it for that year."""
    recommendation = get_object_or_404(Recommendation.objects.select_related("evaluation"), pk=pk)
    if not can_report_follow_up(request.user, recommendation):
        raise PermissionDenied(
            _("Only the units this recommendation is addressed to report on it.")
        )
    if year not in recommendation.evaluation.follow_up_years(timezone.localdate().year):
        raise Http404("Follow-up is not taken for that year.")
    return recommendation


@require_http_methods(["GET", "POST"])
def follow_up_edit(request: HttpRequest, pk: int, year: int) -> HttpResponse:
    recommendation = _reportable(request, pk, year)
    current = FollowUp.objects.filter(recommendation=recommendation, year=year).first()
    form = FollowUpForm(request.POST or None, initial=FollowUpForm.initial_for(current))
    conflict = None
    if request.method == "POST" and form.is_valid():
        try:
            outcome = follow_up_write(
                recommendation=recommendation,
                year=year,
                user=request.user,
                state=form.cleaned_data["state"],
                note=form.cleaned_data["note"],
                expected_version=form.cleaned_data["version"],
            )
        except StaleEdit as stale:
            current = stale.current
            conflict = changes_since(current, form.cleaned_data["version"], FOLLOW_UP_FIELDS)
            form = form.resubmittable(current.version)
            messages.error(request, STALE_MESSAGE)
        else:
            saved = (
                _("Follow-up for %(year)s saved.") % {"year": year}
                if outcome.changed
                else _("Nothing had changed.")
            )
            messages.success(request, saved)
            return redirect(recommendation)
    return render(
        request,
        "evaluations/follow_up_form.html",
        {
            "recommendation": recommendation,
            "year": year,
            "form": form,
            "current": current,
            "conflict": conflict,
        },
        status=409 if conflict is not None else 200,
    )


@require_GET
def tracker_export(request: HttpRequest) -> HttpResponse:
    workbook = tracker_workbook(tracker_rows(with_sub_actions=True))
    response = HttpResponse(workbook_bytes(workbook), content_type=XLSX)
    stamp = timezone.localdate().isoformat()
    response["Content-Disposition"] = f'attachment; filename="recommendations-{stamp}.xlsx"'
    return response
