"""The Governing Body appendix download (``workbooks:appendix``), served by reports.

The workbook is the appendix workbooks writes (workbooks/appendix.py) with a cover sheet of the
plan phase by phase (reports/appendix_cover.py), which only reports can build; so the view lives
here, and config/urls.py adds its route to the ``workbooks`` namespace (reports/appendix_urls.py).
Access, the form and the file's name are the workbooks page's own (workbooks/views.py).
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import get_language
from django.views.decorators.http import require_GET

from indicators.review import Counting
from reports.appendix_cover import appendix_with_cover
from workbooks.appendix import appendix_for
from workbooks.forms import AppendixForm
from workbooks.views import appendix_initial, asked_plan, xlsx_response


@require_GET
def appendix_download(request: HttpRequest) -> HttpResponse:
    plan = asked_plan(request)
    form = AppendixForm(request.GET or None, plan=plan, initial=appendix_initial(plan))
    if not form.is_valid():
        return render(request, "workbooks/bad_request.html", {"form": form}, status=400)
    phase, year = form.cleaned_data["phase"], form.cleaned_data["year"]
    appendix = appendix_for(
        user=request.user,
        plan=plan,
        phase=phase,
        year=year,
        only_off_track=form.only_off_track,
        counting=form.results_counted,
        language=form.cleaned_data["language"] or get_language(),
    )
    suffix = "-not-on-track" if form.only_off_track else ""
    suffix += "-with-submitted" if form.results_counted == Counting.WITH_SUBMITTED else ""
    suffix += "" if appendix.language == "en" else f"-{appendix.language}"
    content = appendix_with_cover(appendix)
    return xlsx_response(content, f"appendix-{plan.slug}-{year}{suffix}.xlsx")
