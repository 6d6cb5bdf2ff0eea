"""GEDI's changes to custodian units and their focal points, each kept in the history.

Units are renamed, merged and retired when the Office reorganises, and focal points change every
year. These are the only writes the product makes to them outside the plan file and the Django
admin: each checks that a GEDI reviewer (or an administrator) makes it, refuses in words what it
cannot do, and saves through ``mark_history`` so that the unit's page tells who changed what,
when and why.

A retired unit is not deleted: its targets, results and history stay, and it is left out of the
choices for anything new (a focal point here; the unit lists of the pages that offer units).
"""

from __future__ import annotations

import datetime
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from custodians import placements
from custodians.access import access_of
from custodians.models import CustodianUnit, Membership, Portfolio, Region
from custodians.plan_texts import ORIGINAL, forget_translations
from indicators.models import FIRST_YEAR, LAST_YEAR
from indicators.versions import mark_history

UNITS_FOR_REVIEWERS = gettext_lazy("Only GEDI reviewers and administrators change custodian units.")

# Addresses under /units/ that a unit's slug must not take.
RESERVED_SLUGS = frozenset({"focal-points"})


class UnitChangeRefused(ValidationError):
    """A change to a unit or its focal points that the rules do not allow; the message says why."""


def format_day(day: datetime.date) -> str:
    """A day as the pages print it: 1 March 2024."""
    return date_format(day, "j F Y")


def active_units() -> QuerySet[CustodianUnit]:
    """The units that can be given something new: those not retired."""
    return CustodianUnit.objects.filter(retired_on__isnull=True)


def _require_gedi(user: Any) -> None:
    if not access_of(user).is_reviewer:
        raise UnitChangeRefused(UNITS_FOR_REVIEWERS)


def _clean_words(value: str) -> str:
    return " ".join((value or "").split())


def _refuse_taken(*, name: str | None, acronym: str | None, unit: CustodianUnit | None) -> None:
    """Refuse a name or acronym another unit (retired or not) already has, in any case."""
    others = CustodianUnit.objects.all()
    if unit is not None:
        others = others.exclude(pk=unit.pk)
    errors: dict[str, list[str]] = {}
    if name is not None:
        holder = others.filter(name__iexact=name).first()
        if holder is not None:
            errors["name"] = [
                _("The name “%(name)s” is already used by %(acronym)s.")
                % {"name": name, "acronym": holder.acronym}
            ]
    if acronym is not None:
        holder = others.filter(acronym__iexact=acronym).first()
        if holder is not None:
            errors["acronym"] = [
                _("The acronym “%(acronym)s” is already used by %(name)s.")
                % {"acronym": acronym, "name": holder.name}
            ]
    if errors:
        raise UnitChangeRefused(errors)


def _refuse_missing_place(kind: str, portfolio: Portfolio | None, region: Region | None) -> None:
    """The database's own rules, said in words before the database refuses them."""
    if kind != CustodianUnit.Kind.CONSTITUENTS and portfolio is None:
        raise UnitChangeRefused(
            {"portfolio": [_("A unit of the Office belongs to a portfolio: choose one.")]}
        )
    if kind == CustodianUnit.Kind.REGIONAL_OFFICE and region is None:
        raise UnitChangeRefused({"region": [_("A regional office has a region: choose one.")]})


def _free_slug(acronym: str) -> str:
    """A slug for the unit's address, from its acronym, not used by any other unit."""
    base = (slugify(acronym.replace("/", "-")) or "unit")[:36]
    slug, n = base, 1
    while slug in RESERVED_SLUGS or CustodianUnit.objects.filter(slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    return slug


def _save(instance: CustodianUnit | Membership, user: Any, reason: str) -> None:
    """Save with who and why in the history; a unique name lost to a race is refused in words."""
    mark_history(instance, user, reason)
    try:
        with transaction.atomic():
            instance.save()
    except IntegrityError as exc:
        raise UnitChangeRefused(
            _(
                "Another change to the units was saved at the same moment; reload the page and "
                "try again."
            )
        ) from exc


def add_unit(
    *,
    user: Any,
    acronym: str,
    name: str,
    kind: str,
    portfolio: Portfolio | None,
    region: Region | None = None,
    reason: str = "",
) -> CustodianUnit:
    """A new custodian unit, with an address made from its acronym."""
    _require_gedi(user)
    acronym, name = _clean_words(acronym), _clean_words(name)
    if not acronym or not name:
        raise UnitChangeRefused(_("A unit needs a name and an acronym."))
    _refuse_taken(name=name, acronym=acronym, unit=None)
    _refuse_missing_place(kind, portfolio, region)
    unit = CustodianUnit(
        acronym=acronym,
        name=name,
        kind=kind,
        portfolio=portfolio,
        region=region,
        slug=_free_slug(acronym),
    )
    _save(unit, user, reason or f"Added {acronym}.")
    return unit


def rename_unit(
    unit: CustodianUnit,
    *,
    user: Any,
    name: str | None = None,
    acronym: str | None = None,
    reason: str = "",
) -> CustodianUnit:
    """A new name and/or acronym. The unit's address (slug) stays, so links keep working."""
    _require_gedi(user)
    name = _clean_words(name) if name is not None else None
    acronym = _clean_words(acronym) if acronym is not None else None
    if name == "" or acronym == "":
        raise UnitChangeRefused(_("A unit keeps a name and an acronym; neither can be empty."))
    new_name = name if name is not None and name != unit.name else None
    new_acronym = acronym if acronym is not None and acronym != unit.acronym else None
    if new_name is None and new_acronym is None:
        raise UnitChangeRefused(_("The name and acronym are the ones the unit already has."))
    _refuse_taken(name=new_name, acronym=new_acronym, unit=unit)
    before = f"{unit.name} ({unit.acronym})"
    if new_name is not None:
        unit.name = new_name
        forget_translations(unit)  # they translated the old name
    unit.acronym = new_acronym or unit.acronym
    _save(unit, user, reason or f"Renamed from {before}.")
    return unit


def move_unit(
    unit: CustodianUnit,
    portfolio: Portfolio | None,
    *,
    from_year: int | None,
    user: Any,
    reason: str = "",
) -> CustodianUnit:
    """The unit belongs to ``portfolio`` from ``from_year`` on; the years before keep the
    portfolio it had then, so their scorecards stay as they were. ``from_year`` None corrects
    every year: the unit always was in ``portfolio``."""
    _require_gedi(user)
    # The history's reason is kept as written, in the plan's language: the names as written.
    where = portfolio.name if portfolio is not None else "no portfolio"
    shown = {"unit": unit.acronym, "where": portfolio or _("no portfolio"), "year": from_year}
    if from_year is not None and not FIRST_YEAR <= from_year <= LAST_YEAR:
        raise UnitChangeRefused(
            {
                "from_year": [
                    _("A move starts in a year from %(first)s to %(last)s.")
                    % {"first": FIRST_YEAR, "last": LAST_YEAR}
                ]
            }
        )
    if from_year is None and not unit.portfolio_periods.exists() and portfolio == unit.portfolio:
        raise UnitChangeRefused(_("%(unit)s has always been in %(where)s.") % shown)
    if from_year is not None and placements.is_placed(unit, portfolio, from_year):
        raise UnitChangeRefused(_("%(unit)s is already in %(where)s from %(year)s on.") % shown)
    _refuse_missing_place(unit.kind, portfolio, unit.region)
    before = placements.placements(unit)
    when = f"from {from_year}" if from_year is not None else "in every year"
    with transaction.atomic():
        placements.place(unit, portfolio, from_year)
        with translation.override(ORIGINAL):
            was = "; ".join(str(run) for run in before)
        _save(unit, user, reason or f"Moved to {where} {when} (was: {was}).")
    return unit


def retire_unit(
    unit: CustodianUnit,
    *,
    user: Any,
    on: datetime.date | None = None,
    reason: str = "",
) -> CustodianUnit:
    """The unit stopped existing on ``on`` (today by default); nothing of it is deleted."""
    _require_gedi(user)
    if unit.retired_on is not None:
        raise UnitChangeRefused(
            _("%(unit)s was already retired on %(day)s.")
            % {"unit": unit.acronym, "day": format_day(unit.retired_on)}
        )
    unit.retired_on = on or timezone.localdate()
    _save(unit, user, reason or "Retired.")
    return unit


def restore_unit(unit: CustodianUnit, *, user: Any, reason: str = "") -> CustodianUnit:
    """A retired unit is active again (a retirement made by mistake, or a unit re-created)."""
    _require_gedi(user)
    if unit.retired_on is None:
        raise UnitChangeRefused(_("%(unit)s is not retired.") % {"unit": unit.acronym})
    unit.retired_on = None
    _save(unit, user, reason or "Restored.")
    return unit


def add_focal_point(
    unit: CustodianUnit, *, username: str, email: str, user: Any, reason: str = ""
) -> Membership:
    """Make a person a focal point of the unit, creating their account if they have none.

    A new account has no usable password: the person sets one through the password reset (or
    the organisation's sign-in), never from a password GEDI chose. An existing account keeps its
    e-mail unless it had none.
    """
    _require_gedi(user)
    if unit.retired_on is not None:
        raise UnitChangeRefused(
            _("%(unit)s was retired on %(day)s; it takes no new focal point.")
            % {"unit": unit.acronym, "day": format_day(unit.retired_on)}
        )
    username, email = (username or "").strip(), (email or "").strip()
    if not username:
        raise UnitChangeRefused({"username": [_("Give the person's username.")]})
    model = get_user_model()
    with transaction.atomic():
        person = model.objects.filter(**{f"{model.USERNAME_FIELD}__iexact": username}).first()
        if person is None:
            person = _new_account(username, email)
        elif email and not person.email:
            person.email = email
            person.save(update_fields=["email"])
        if Membership.objects.filter(unit=unit, user=person).exists():
            raise UnitChangeRefused(
                _("%(person)s is already a focal point of %(unit)s.")
                % {"person": person.get_username(), "unit": unit.acronym}
            )
        membership = Membership(unit=unit, user=person)
        _save(membership, user, reason or f"{person.get_username()} made a focal point.")
    return membership


def _new_account(username: str, email: str) -> AbstractBaseUser:
    model = get_user_model()
    person = model(**{model.USERNAME_FIELD: username}, email=email)
    person.set_unusable_password()
    try:
        person.full_clean(exclude=["password"])
    except ValidationError as exc:
        words = [message for messages in exc.message_dict.values() for message in messages]
        raise UnitChangeRefused(" ".join(words)) from exc
    person.save()
    return person


def remove_focal_point(membership: Membership, user: Any, reason: str = "") -> None:
    """The person no longer reports for the unit; the membership stays in the history."""
    _require_gedi(user)
    person = membership.user.get_username()
    mark_history(membership, user, reason or f"{person} no longer a focal point.")
    membership.delete()
