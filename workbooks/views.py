"""Workbook downloads and imports. Each view checks access first (workbooks.permissions).

The appendix download is served by reports (reports/appendix_download.py: it adds a cover sheet
built from the phase summary), in this app's ``workbooks`` namespace, with ``_plan``, ``_initial``
and ``xlsx_response`` from here."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.http import content_disposition_header
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from indicators.models import ActionPlan
from indicators.plan_life import plans_visible_to, visible_plan_or_404
from indicators.selectors import default_plan, entry_year, latest_reported_year
from workbooks import services
from workbooks.data_workbook import data_workbook_bytes
from workbooks.forms import AppendixForm, ConfirmForm, DataWorkbookForm, UploadForm
from workbooks.importing.problems import Problem
from workbooks.job_limits import PROBLEMS_SHOWN
from workbooks.models import ImportJob
from workbooks.permissions import import_refusal, job_for, may_export

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def xlsx_response(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=XLSX)
    response["Content-Disposition"] = content_disposition_header(True, filename)
    return response


def asked_plan(request: HttpRequest) -> ActionPlan:
    """The plan a workbook page or download asks for (``?plan=``, else the default), if the
    user may export and see it (also the appendix download's, in reports)."""
    if not may_export(request.user):
        raise PermissionDenied(_("You have no targets to see here."))
    slug = request.GET.get("plan")
    plan = visible_plan_or_404(request.user, slug) if slug else default_plan()
    if plan is None:
        raise Http404("No plan is loaded.")
    return plan


def appendix_initial(plan: ActionPlan) -> dict[str, object]:
    """The appendix form's defaults: the newest reported year, every target, the reader's
    language."""
    return {
        "year": latest_reported_year(plan),
        "targets": AppendixForm.ALL,
        "language": get_language(),
    }


def _recent_jobs(request: HttpRequest) -> list[ImportJob]:
    mine = ImportJob.objects.filter(user=request.user)
    listed = mine.only("filename", "state", "created_at", "heartbeat_at")[:10]
    jobs = list(listed)
    if any(job.is_stale() for job in jobs):
        services.import_jobs_fail_stale(jobs=mine)
        jobs = list(listed.all())
    return jobs


def _render_index(
    request: HttpRequest, upload_form: UploadForm, *, status: int = 200
) -> HttpResponse:
    plan = asked_plan(request)
    initial = appendix_initial(plan)
    return render(
        request,
        "workbooks/index.html",
        {
            "plan": plan,
            "plans": list(plans_visible_to(request.user).only("slug", "title")),
            "appendix_form": AppendixForm(plan=plan, initial=initial),
            # The data workbook is for entering: the calendar's year, not the newest reported.
            "data_form": DataWorkbookForm(plan=plan, initial={"year": entry_year(plan)}),
            "upload_form": upload_form,
            "import_refusal": import_refusal(request.user),
            "jobs": _recent_jobs(request),
        },
        status=status,
    )


@require_GET
def index(request: HttpRequest) -> HttpResponse:
    return _render_index(request, UploadForm())


@require_GET
def data_workbook_download(request: HttpRequest) -> HttpResponse:
    plan = asked_plan(request)
    form = DataWorkbookForm(request.GET or {"year": entry_year(plan)}, plan=plan)
    if not form.is_valid():
        return render(request, "workbooks/bad_request.html", {"form": form}, status=400)
    year = form.cleaned_data["year"]
    content = data_workbook_bytes(user=request.user, plan=plan, year=year)
    return xlsx_response(content, f"data-{plan.slug}-{year}-{request.user.get_username()}.xlsx")


@require_POST
def import_upload(request: HttpRequest) -> HttpResponse:
    refusal = import_refusal(request.user)
    if refusal:
        raise PermissionDenied(refusal)
    form = UploadForm(request.POST, request.FILES)
    if form.is_valid():
        upload = form.cleaned_data["workbook"]
        try:
            job = services.import_job_create(
                user=request.user,
                filename=upload.name,
                content=upload.read(),
                # The check runs in the background: its messages in the person's language.
                language=getattr(request, "LANGUAGE_CODE", None),
            )
        except services.TooManyImports as exc:
            form.add_error("workbook", str(exc))
        else:
            return redirect(job)
    return _render_index(request, form, status=400)


def _job(request: HttpRequest, pk: int) -> ImportJob:
    """The job, if the user may see it; a job whose worker stopped is failed on sight."""
    job = job_for(request.user, pk)
    if job is not None and job.is_stale():
        services.import_jobs_fail_stale(jobs=ImportJob.objects.filter(pk=pk))
        job = job_for(request.user, pk)
    if job is None:
        raise Http404("No such import.")
    return job


def _render_job(
    request: HttpRequest, job: ImportJob, confirm_form: ConfirmForm, *, status: int = 200
) -> HttpResponse:
    return render(
        request,
        "workbooks/import_job.html",
        {
            "job": job,
            # A workbook can have tens of thousands: the marked copy lists every one.
            "problems": [Problem.from_dict(p) for p in job.problems[:PROBLEMS_SHOWN]],
            "problems_total": len(job.problems),
            "problems_more": max(len(job.problems) - PROBLEMS_SHOWN, 0),
            "changes": [c for c in job.changes if c["kind"] != "unchanged"],
            "counts": {k: job.count(k) for k in ("new", "changed", "unchanged")},
            "confirm_form": confirm_form,
        },
        status=status,
    )


@require_GET
def import_job_page(request: HttpRequest, pk: int) -> HttpResponse:
    job = _job(request, pk)
    return _render_job(request, job, ConfirmForm(initial={"reason": job.reason}))


@require_GET
def import_job_status(request: HttpRequest, pk: int) -> JsonResponse:
    job = _job(request, pk)
    return JsonResponse(
        {
            "state": job.state,
            "state_label": job.get_state_display(),
            "progress": job.progress,
            "stage": job.stage,
            "running": job.is_running,
        }
    )


@require_POST
def import_job_confirm_view(request: HttpRequest, pk: int) -> HttpResponse:
    job = _job(request, pk)
    form = ConfirmForm(request.POST)
    if form.is_valid():
        try:
            services.import_job_confirm(
                job=job, user=request.user, reason=form.cleaned_data["reason"]
            )
        except services.JobNotReady as exc:
            form.add_error("reason", str(exc))
    if form.errors:
        return _render_job(request, job, form, status=400)
    return redirect(job)


@require_POST
def import_job_discard_view(request: HttpRequest, pk: int) -> HttpResponse:
    job = _job(request, pk)
    try:
        services.import_job_discard(job=job)
    except services.JobNotReady as exc:
        form = ConfirmForm({})
        form.is_valid()  # a bound, cleaned form takes an error
        form.add_error(None, str(exc))
        return _render_job(request, job, form, status=400)
    return redirect(job)


@require_GET
def import_problems_download(request: HttpRequest, pk: int) -> HttpResponse:
    job = _job(request, pk)
    if not job.offers_marked_copy:
        raise Http404(
            "This import has no marked copy: its problems are not in cells, the file was too "
            "large to mark, or it was deleted after its retention period."
        )
    # Made once by the check (workbooks.services): served as stored.
    content = ImportJob.objects.values_list("marked_copy", flat=True).get(pk=job.pk)
    stem = job.filename.rsplit(".", 1)[0]
    return xlsx_response(bytes(content), f"{stem}-problems.xlsx")
