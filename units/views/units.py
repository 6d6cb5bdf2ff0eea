"""GEDI's units pages: every unit with a form to add one, and a unit's page with the forms that
rename, move, retire or restore it and add or remove its focal points, above its history.

Each POST goes through units/services.py, which checks the role again and records who and
why; a refusal comes back on the form it concerns, with status 400 and nothing saved.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from custodians.access import access_of
from custodians.models import CustodianUnit, Membership
from custodians.placements import placements
from custodians.plan_texts import in_reading_order
from units import services
from units.forms import (
    AddUnitForm,
    FocalPointForm,
    MoveUnitForm,
    RenameUnitForm,
    RestoreUnitForm,
    RetireUnitForm,
)
from units.invitations import invite
from units.services import format_day
from units.views.unit_history import unit_changes


def require_reviewer(request: HttpRequest) -> None:
    """GEDI reviewers and administrators only; everyone else is refused (403)."""
    if not access_of(request.user).is_reviewer:
        raise PermissionDenied(services.UNITS_FOR_REVIEWERS)


# ---- Every unit ---------------------------------------------------------------------------


def _units_response(
    request: HttpRequest, form: AddUnitForm | None = None, status: int = 200
) -> HttpResponse:
    units = (
        CustodianUnit.objects.select_related("portfolio", "region")
        .annotate(focal_points=Count("memberships"))
        .order_by(in_reading_order("name"), "name")
    )
    # Active units first, retired ones after: in Python, as databases sort NULL differently.
    active = [unit for unit in units if unit.retired_on is None]
    retired = [unit for unit in units if unit.retired_on is not None]
    return render(
        request,
        "units/units.html",
        {"units": active + retired, "form": form or AddUnitForm()},
        status=status,
    )


@require_http_methods(["GET", "POST"])
def units_page(request: HttpRequest) -> HttpResponse:
    """The table of units; a POST adds one."""
    require_reviewer(request)
    if request.method != "POST":
        return _units_response(request)
    form = AddUnitForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            unit = services.add_unit(
                user=request.user,
                acronym=data["acronym"],
                name=data["name"],
                kind=data["kind"],
                portfolio=data["portfolio"],
                region=data["region"],
                reason=data["reason"],
            )
        except services.UnitChangeRefused as refusal:
            form.add_refusal(refusal)
        else:
            messages.success(
                request,
                _("%(name)s (%(acronym)s) added.") % {"name": unit.name, "acronym": unit.acronym},
            )
            return redirect("units:unit", slug=unit.slug)
    return _units_response(request, form, status=400)


# ---- One unit -----------------------------------------------------------------------------


def _unit(request: HttpRequest, slug: str) -> CustodianUnit:
    require_reviewer(request)
    return get_object_or_404(CustodianUnit.objects.select_related("portfolio", "region"), slug=slug)


def _unit_forms(unit: CustodianUnit) -> dict[str, forms.Form]:
    return {
        "rename": RenameUnitForm(
            prefix="rename", initial={"name": unit.name, "acronym": unit.acronym}
        ),
        "move": MoveUnitForm(
            prefix="move",
            initial={"portfolio": unit.portfolio_id, "from_year": timezone.localdate().year},
        ),
        "retire": RetireUnitForm(prefix="retire", initial={"retired_on": timezone.localdate()}),
        "restore": RestoreUnitForm(prefix="restore"),
        "focal": FocalPointForm(prefix="focal"),
    }


def _unit_response(
    request: HttpRequest,
    unit: CustodianUnit,
    bound: dict[str, forms.Form] | None = None,
    status: int = 200,
) -> HttpResponse:
    unit_forms = {**_unit_forms(unit), **(bound or {})}
    focal_points = list(
        unit.memberships.select_related("user").order_by("user__username")  # type: ignore[attr-defined]
    )
    context = {
        "unit": unit,
        "forms": unit_forms,
        "focal_points": focal_points,
        "changes": unit_changes(unit),
        "placements": placements(unit),
    }
    return render(request, "units/unit.html", context, status=status)


@require_GET
def unit_page(request: HttpRequest, slug: str) -> HttpResponse:
    return _unit_response(request, _unit(request, slug))


def _apply(
    request: HttpRequest,
    slug: str,
    key: str,
    form_class: type[forms.Form],
    change: Any,
) -> HttpResponse:
    """Validate the form ``key`` of the unit's page, make the change, say what was done.

    ``change(unit, cleaned_data)`` calls the service and returns the message shown.
    """
    unit = _unit(request, slug)
    form = form_class(request.POST, prefix=key)
    if form.is_valid():
        try:
            said = change(unit, form.cleaned_data)
        except services.UnitChangeRefused as refusal:
            form.add_refusal(refusal)  # type: ignore[attr-defined]
            unit.refresh_from_db()  # the page shows the unit as saved, not as attempted
        else:
            messages.success(request, said)
            return redirect("units:unit", slug=unit.slug)
    return _unit_response(request, unit, {key: form}, status=400)


@require_POST
def unit_rename(request: HttpRequest, slug: str) -> HttpResponse:
    def change(unit: CustodianUnit, data: dict[str, Any]) -> str:
        before = {"old_name": unit.name, "old_acronym": unit.acronym}
        services.rename_unit(
            unit,
            user=request.user,
            name=data["name"],
            acronym=data["acronym"],
            reason=data["reason"],
        )
        return _("%(old_name)s (%(old_acronym)s) is now %(name)s (%(acronym)s).") % {
            **before,
            "name": unit.name,
            "acronym": unit.acronym,
        }

    return _apply(request, slug, "rename", RenameUnitForm, change)


@require_POST
def unit_move(request: HttpRequest, slug: str) -> HttpResponse:
    def change(unit: CustodianUnit, data: dict[str, Any]) -> str:
        services.move_unit(
            unit,
            data["portfolio"],
            from_year=data["from_year"],
            user=request.user,
            reason=data["reason"],
        )
        shown = {"unit": unit.acronym, "where": unit.portfolio or _("no portfolio")}
        if data["from_year"]:
            return _("%(unit)s is in %(where)s from %(year)s.") % {
                **shown,
                "year": data["from_year"],
            }
        return _("%(unit)s is in %(where)s in every year.") % shown

    return _apply(request, slug, "move", MoveUnitForm, change)


@require_POST
def unit_retire(request: HttpRequest, slug: str) -> HttpResponse:
    def change(unit: CustodianUnit, data: dict[str, Any]) -> str:
        services.retire_unit(unit, user=request.user, on=data["retired_on"], reason=data["reason"])
        return _("%(unit)s is retired as of %(day)s.") % {
            "unit": unit.acronym,
            "day": format_day(unit.retired_on),
        }

    return _apply(request, slug, "retire", RetireUnitForm, change)


@require_POST
def unit_restore(request: HttpRequest, slug: str) -> HttpResponse:
    def change(unit: CustodianUnit, data: dict[str, Any]) -> str:
        services.restore_unit(unit, user=request.user, reason=data["reason"])
        return _("%(unit)s is active again.") % {"unit": unit.acronym}

    return _apply(request, slug, "restore", RestoreUnitForm, change)


@require_POST
def unit_add_focal_point(request: HttpRequest, slug: str) -> HttpResponse:
    def change(unit: CustodianUnit, data: dict[str, Any]) -> str:
        membership = services.add_focal_point(
            unit,
            username=data["username"],
            email=data["email"],
            user=request.user,
            reason=data["reason"],
        )
        invited = invite(request, membership.user, unit)
        made = _("%(person)s is a focal point of %(unit)s.") % {
            "person": membership.user.get_username(),
            "unit": unit.acronym,
        }
        return f"{made} {invited}"

    return _apply(request, slug, "focal", FocalPointForm, change)


@require_POST
def unit_remove_focal_point(request: HttpRequest, slug: str, membership_pk: int) -> HttpResponse:
    unit = _unit(request, slug)
    membership = get_object_or_404(
        Membership.objects.select_related("user"), pk=membership_pk, unit=unit
    )
    person = membership.user.get_username()
    services.remove_focal_point(membership, request.user)
    messages.success(
        request,
        _("%(person)s is no longer a focal point of %(unit)s.")
        % {"person": person, "unit": unit.acronym},
    )
    return redirect("units:unit", slug=unit.slug)
