"""A unit's history as its page shows it: renames, moves, retirements and focal points, with
who made each change, when and why (in the wording of indicators/versions.py)."""

from __future__ import annotations

from django.db.models import Model
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from custodians.models import CustodianUnit, Membership
from indicators.versions import Change, history_changes

UNIT_FIELDS = {
    "name": gettext_lazy("Name"),
    "acronym": gettext_lazy("Acronym"),
    "kind": gettext_lazy("Kind"),
    "portfolio": gettext_lazy("Portfolio"),
    "region": gettext_lazy("Region"),
    "retired_on": gettext_lazy("Retired on"),
}


def _focal_point(record: Model) -> str:
    # The account may have been deleted since: the history keeps only its id then.
    person = record.user
    name = person.get_username() if person else f"#{record.user_id}"
    return _("Focal point %(person)s") % {"person": name}


def unit_changes(unit: CustodianUnit) -> list[Change]:
    """Every change to the unit and its focal points, the latest first: two queries."""
    unit_records = unit.history.select_related("history_user", "portfolio", "region").order_by(
        "history_date", "history_id"
    )
    membership_records = (
        Membership.history.filter(unit_id=unit.pk)
        .select_related("history_user", "user")
        .order_by("id", "history_date", "history_id")
    )
    changes = history_changes(
        unit_records, UNIT_FIELDS, lambda record: _("Unit"), detail_creation=True
    ) + history_changes(membership_records, {}, _focal_point)
    return sorted(changes, key=lambda change: change.when, reverse=True)
