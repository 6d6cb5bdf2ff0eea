"""What the entry pages share: fetching with the access check, refused saves, safe returns."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, QueryDict
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop, ngettext

from entries.selectors import is_reported_in, last_saved_by
from entries.services import StepOutcome
from indicators.models import AcceleratingAction, ReportingYear, Result, Target
from indicators.permissions import visible_targets

# Marked here, translated where they are shown: ``_(STEP_STALE_MESSAGE)``.
STEP_STALE_MESSAGE = gettext_noop(
    "This entry changed after you opened the page, so nothing was done. Check it again below."
)
REVIEWERS_ONLY = gettext_noop("Only GEDI reviewers review results.")
YEARS_FOR_REVIEWERS = gettext_noop("Only GEDI reviewers open and close reporting years.")


def visible_target_or_404(request: HttpRequest, target_pk: int) -> Target:
    """The target, if the user may see it; a 404 otherwise, which says nothing of other units."""
    return get_object_or_404(
        visible_targets(request.user).select_related(
            "indicator__section__plan", "phase", "region", "portfolio"
        ),
        pk=target_pk,
    )


def reporting_year_or_404(target: Target, year: int) -> ReportingYear:
    reporting_year = ReportingYear.objects.filter(
        plan_id=target.indicator.section.plan_id, year=year
    ).first()
    if reporting_year is None or not is_reported_in(target, reporting_year):
        raise Http404(_("Results are not taken for this target in that year."))
    return reporting_year


def result_url(target: Target, year: int) -> str:
    return reverse("entries:result", args=[target.pk, year])


def edit_url(target: Target, year: int) -> str:
    return reverse("entries:result_edit", args=[target.pk, year])


def entry_name(target: Target) -> str:
    """How a message names an entry: "ACC.1 Global", "ACC.2 Africa" (the target's indicator
    and scope; ``target`` comes with its indicator, region and portfolio)."""
    return f"{target.indicator.code} {target.scope_label}"


def _taken_message(step: str, count: int) -> str:
    """What the entries that took the step say, each sentence whole for its translation."""
    if step == "submit":
        return ngettext(
            "%(count)d entry submitted to GEDI: %(entries)s.",
            "%(count)d entries submitted to GEDI: %(entries)s.",
            count,
        )
    if step == "approve":
        return ngettext(
            "%(count)d entry approved: %(entries)s.",
            "%(count)d entries approved: %(entries)s.",
            count,
        )
    if step == "return":
        return ngettext(
            "%(count)d entry returned: %(entries)s.",
            "%(count)d entries returned: %(entries)s.",
            count,
        )
    return ngettext(
        "%(count)d entry reopened: %(entries)s.", "%(count)d entries reopened: %(entries)s.", count
    )


# Why an entry did not take the step: "%(why)s" is the refusal; the stale message is its own.
NOT_TAKEN = {
    "submit": gettext_noop("%(entry)s was not submitted: %(why)s"),
    "approve": gettext_noop("%(entry)s was not approved: %(why)s"),
    "return": gettext_noop("%(entry)s was not returned: %(why)s"),
    "reopen": gettext_noop("%(entry)s was not reopened: %(why)s"),
}
NOT_TAKEN_STALE = {
    "submit": gettext_noop(
        "%(entry)s was not submitted: it changed after you opened the page. Check it again."
    ),
    "approve": gettext_noop(
        "%(entry)s was not approved: it changed after you opened the page. Check it again."
    ),
    "return": gettext_noop(
        "%(entry)s was not returned: it changed after you opened the page. Check it again."
    ),
    "reopen": gettext_noop(
        "%(entry)s was not reopened: it changed after you opened the page. Check it again."
    ),
}


def report_outcomes(request: HttpRequest, step: str, outcomes: list[StepOutcome]) -> None:
    """One message for the entries that took the step, naming them, and one for each entry
    that did not, saying why: changed since the page was opened, or refused."""
    taken = [entry_name(o.request.result.target) for o in outcomes if o.taken]
    if taken:
        messages.success(
            request,
            _taken_message(step, len(taken)) % {"count": len(taken), "entries": ", ".join(taken)},
        )
    for outcome in outcomes:
        name = entry_name(outcome.request.result.target)
        if outcome.stale:
            messages.error(request, _(NOT_TAKEN_STALE[step]) % {"entry": name})
        elif not outcome.taken:
            messages.error(request, _(NOT_TAKEN[step]) % {"entry": name, "why": outcome.refusal})


def conflict_shown(differences: list, current: Result | AcceleratingAction) -> dict[str, Any]:
    """What the refused save page shows: the person's entries beside the saved ones, and who
    saved last."""
    return {"differences": differences, "saved_by": last_saved_by(current)}


def typed_again(request: HttpRequest, current: Result | AcceleratingAction) -> QueryDict:
    """What the person typed, now against the version saved since: saving it again is then a
    deliberate choice, made having seen the other change."""
    typed = request.POST.copy()
    typed["version"] = str(current.version)
    return typed


def safe_next(request: HttpRequest, default: str) -> str:
    wanted = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        wanted, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return wanted
    return default
