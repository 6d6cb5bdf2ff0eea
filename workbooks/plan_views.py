"""GEDI's plan definition workbook in the browser: download a plan's definition, and import one
(checked first as a dry run, or imported as a draft) without a shell and ``import_plan``.

The rules stay where they are: ``workbooks.plan_definition`` reads and loads the workbook all or
nothing, ``indicators.plan_life`` says who sees a plan. A refused import shows every problem with
its place; the workbook with the bad cells marked is kept in the database for the person who
uploaded it only (``MarkedPlanDefinition``: a file cannot be posted again from a link, and every
server process must find it), for ``MARKED_KEPT`` and then pruned by ``prune_import_jobs``.
"""

from __future__ import annotations

import secrets
from pathlib import PurePath
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods

from custodians.access import access_of
from indicators.loading import LoadSummary
from indicators.models import ActionPlan
from indicators.plan_life import visible_plan_or_404
from workbooks.forms import UploadForm
from workbooks.models import MARKED_KEPT, MarkedPlanDefinition
from workbooks.plan_definition.export import plan_definition_bytes
from workbooks.plan_definition.importing import (
    PlanDefinitionRefused,
    PlanImport,
    import_plan_definition,
)
from workbooks.views import xlsx_response

PLANS_FOR_REVIEWERS = gettext_lazy("Only GEDI reviewers define plans.")
CHECK, IMPORT = "check", "import"


class PlanImportForm(UploadForm):
    """The data workbook's upload (its size limit and checks), as a plan definition, with the
    plan it goes to."""

    slug = forms.SlugField(
        max_length=60,
        required=False,
        label=gettext_lazy("Short name of the plan (optional)"),
        help_text=gettext_lazy(
            "A draft plan's, to update it; or a new plan's. Empty: the workbook's own."
        ),
    )
    title = forms.CharField(
        max_length=200,
        required=False,
        label=gettext_lazy("Title (optional)"),
        help_text=gettext_lazy("The plan's title. Empty: the workbook's own."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        workbook = self.fields["workbook"]
        workbook.label = _("Plan definition workbook (.xlsx)")
        workbook.help_text = _(
            "A definition workbook downloaded from the Plans page, edited. A new plan is "
            "created as a draft; a draft is updated; an active or closed plan is refused."
        )


def _reviewer(request: HttpRequest) -> None:
    if not access_of(request.user).is_reviewer:
        raise PermissionDenied(PLANS_FOR_REVIEWERS)


def _keep_marked(request: HttpRequest, marked: bytes, filename: str) -> str:
    """Keep ``marked`` for this user; the token that fetches it."""
    token = secrets.token_urlsafe(24)
    stem = PurePath(filename).stem or "plan-definition"
    MarkedPlanDefinition.objects.create(
        token=token, user=request.user, filename=f"{stem}-problems.xlsx", content=marked
    )
    return token


def _summary_lines(summary: LoadSummary) -> list[str]:
    """The summary's words, one line per kind of row: "2 indicators created"."""
    lines = [
        _("%(count)s %(things)s created") % {"count": n, "things": name}
        for name, n in summary.created.items()
    ]
    return lines + [
        _("%(count)s %(things)s updated") % {"count": n, "things": name}
        for name, n in summary.updated.items()
    ]


def _page(
    request: HttpRequest,
    form: PlanImportForm,
    *,
    status: int = 200,
    outcome: PlanImport | None = None,
    refused: PlanDefinitionRefused | None = None,
    marked_token: str = "",
) -> HttpResponse:
    return render(
        request,
        "workbooks/plan_import.html",
        {
            "form": form,
            "outcome": outcome,
            "summary_lines": _summary_lines(outcome.summary) if outcome else [],
            "problems": refused.problems if refused else [],
            "marked_token": marked_token,
        },
        status=status,
    )


@require_GET
def plan_definition_download(request: HttpRequest, slug: str) -> HttpResponse:
    """The plan's definition workbook, as ``export_plan`` writes it."""
    _reviewer(request)
    plan = visible_plan_or_404(request.user, slug)
    return xlsx_response(plan_definition_bytes(plan), f"plan-definition-{plan.slug}.xlsx")


@require_http_methods(["GET", "POST"])
def plan_import(request: HttpRequest) -> HttpResponse:
    """Check or import a plan definition workbook. A dry run shows what would be created or
    changed; an import goes to the plan's page; a refusal lists every problem (400)."""
    _reviewer(request)
    if request.method == "GET":
        return _page(request, PlanImportForm())
    form = PlanImportForm(request.POST, request.FILES)
    if not form.is_valid():
        return _page(request, form, status=400)
    upload = form.cleaned_data["workbook"]
    dry_run = request.POST.get("action") != IMPORT  # Enter, or no button: only a check
    try:
        outcome = import_plan_definition(
            upload.read(),
            slug=form.cleaned_data["slug"] or None,
            title=form.cleaned_data["title"] or None,
            dry_run=dry_run,
            user=request.user,
        )
    except PlanDefinitionRefused as refused:
        token = _keep_marked(request, refused.marked, upload.name) if refused.marked else ""
        return _page(request, form, status=400, refused=refused, marked_token=token)
    if dry_run:
        return _page(request, form, outcome=outcome)
    plan = ActionPlan.objects.get(slug=outcome.slug)
    summary = "; ".join(_summary_lines(outcome.summary)) or _("nothing changed")
    messages.success(
        request,
        _("Imported %(title)s (%(slug)s), a %(state)s: %(summary)s.")
        % {
            "title": plan.title,
            "slug": plan.slug,
            "state": plan.get_state_display().lower(),
            "summary": summary,
        },
    )
    return redirect(plan.get_absolute_url())


@require_GET
def plan_import_marked(request: HttpRequest, token: str) -> HttpResponse:
    """The refused workbook with its bad cells marked, for the person who uploaded it."""
    _reviewer(request)
    kept = MarkedPlanDefinition.objects.filter(
        token=token, user=request.user, created_at__gte=timezone.now() - MARKED_KEPT
    ).first()
    if kept is None:
        raise Http404("No such marked workbook: it was for someone else, or a day has passed.")
    return xlsx_response(bytes(kept.content), kept.filename)
