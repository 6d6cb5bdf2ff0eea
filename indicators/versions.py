"""Versions and history: the one place for "no lost update" and "what changed".

- **Compare-and-set.** Every row people edit (results, accelerating actions, follow-up reports)
  has a ``version``. A save names the version the person saw; ``claim_version`` bumps it only if
  it is still that one, and otherwise raises ``StaleEdit`` with the row as it is now.
- **History.** Saves go through ``save()`` so django-simple-history records them, with the user
  and the reason ``mark_history`` puts on the row.
- **What changed**, in one wording for every page: ``history_changes`` turns history records
  into ``Change`` rows, ``changes_since`` tells a person whose save was refused what someone
  else changed after they opened the page.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from typing import Any

from django.db.models import F, Model
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from indicators import limits
from indicators.formatting import shown_number

# Shown after what was changed ("2021 result, Global changed").
HISTORY_ACTIONS = {
    "+": gettext_lazy("created"),
    "~": gettext_lazy("changed"),
    "-": gettext_lazy("deleted"),
}
NO_USER = gettext_lazy("the system (no signed-in user)")


class StaleEdit(Exception):
    """Someone saved the row after the user loaded it; ``current`` is what is there now."""

    def __init__(self, current: Model) -> None:
        super().__init__(_("This entry was changed by someone else after you opened it."))
        self.current = current


def seen_version(instance: Model, expected_version: int | None) -> int:
    """The version the user saw; without one (a script), the version the row has now."""
    return instance.version if expected_version is None else expected_version


def claim_version(instance: Model, expected_version: int | None) -> None:
    """Compare-and-set: bump the version only if it is still the one the user saw.

    ``instance`` holds the user's changes; on a conflict the row as it is now is reported.
    """
    model = type(instance)
    seen = seen_version(instance, expected_version)
    claimed = model.objects.filter(pk=instance.pk, version=seen).update(version=F("version") + 1)
    if not claimed:
        raise StaleEdit(model.objects.get(pk=instance.pk))
    instance.version = seen + 1


def refuse_if_stale(current: Model, expected_version: int | None) -> None:
    """The check of ``claim_version`` on a row already locked for update."""
    if current.version != seen_version(current, expected_version):
        raise StaleEdit(current)


def mark_history(instance: Model, user: Any, reason: str) -> None:
    """Who makes the next save of ``instance`` and why, for django-simple-history."""
    instance._history_user = user if user is not None and user.is_authenticated else None
    reason = (reason or "").strip()
    if len(reason) > limits.REASON:  # forms stop people earlier; scripts may not
        reason = reason[: limits.REASON - 1] + "…"
    instance._change_reason = reason or None


def validate(instance: Model, *, constraints: bool = True) -> None:
    """The model's own validation: its fields and ``clean()`` (which applies the entry rules).

    ``constraints=False`` leaves to the database alone what it enforces itself in the same
    transaction: the unique and check constraints, and that a foreign key's row exists. The
    batch path saves thousands of rows and would otherwise ask the database about each
    constraint and each foreign key of each row.
    """
    exclude = None if constraints else [f.name for f in instance._meta.fields if f.is_relation]
    instance.full_clean(exclude=exclude, validate_constraints=constraints)


def save_with_history(instance: Model, user: Any, reason: str) -> None:
    """Validate and save, so that the history records who changed the row and why."""
    mark_history(instance, user, reason)
    validate(instance)
    instance.save()


# ---- What changed -------------------------------------------------------------------------


@dataclass(frozen=True)
class FieldChange:
    label: str
    old: str
    new: str


@dataclass(frozen=True)
class Change:
    """One row of a history: who changed what, when, and why."""

    when: datetime
    who: str
    subject: str
    action: str
    fields: list[FieldChange] = field(default_factory=list)
    reason: str = ""


def shown_value(record: Model | None, name: str) -> str:
    """A field's value as every page shows it: choice labels, yes/no, numbers as printed, and
    a dash for nothing."""
    if record is None:
        return "—"
    value = getattr(record, name)
    model_field = record._meta.get_field(name)
    if model_field.choices and value:
        return str(dict(model_field.flatchoices).get(value, value))
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, Decimal):
        return shown_number(value)
    return "—" if value in ("", None) else str(value)


def field_changes(before: Model | None, after: Model, fields: dict[str, str]) -> list[FieldChange]:
    """What differs between two versions of a row (``before`` None: everything set), in the
    order of ``fields``, whose values are the labels."""
    changes = []
    for name, label in fields.items():
        old, new = shown_value(before, name), shown_value(after, name)
        if old != new:
            changes.append(FieldChange(label, old, new))
    return changes


def history_changes(
    records: Iterable[Model],
    fields: dict[str, str],
    subject: Callable[[Model], str],
    *,
    detail_creation: bool = False,
) -> list[Change]:
    """History records of one model (ordered by row, then time) as changes, field by field.

    Without ``detail_creation`` a creation is listed without its values (the page shows them).
    A save that changed none of ``fields`` is left out.
    """
    previous: dict[Any, Model] = {}
    changes = []
    for record in records:
        before = previous.get(record.id)
        previous[record.id] = record
        shown: list[FieldChange] = []
        if record.history_type == "~" and before is not None:
            shown = field_changes(before, record, fields)
            if not shown:
                continue
        elif record.history_type == "+" and detail_creation:
            shown = field_changes(None, record, fields)
        user = record.history_user
        changes.append(
            Change(
                when=record.history_date,
                who=user.get_username() if user else NO_USER,
                subject=subject(record),
                action=HISTORY_ACTIONS[record.history_type],
                fields=shown,
                reason=record.history_change_reason or "",
            )
        )
    return sorted(changes, key=lambda change: change.when, reverse=True)


def changes_since(current: Model, seen: int, fields: dict[str, str]) -> list[FieldChange]:
    """What someone else changed in ``current`` after the person saw version ``seen`` (0: the
    row did not exist yet), for the page that refuses their save."""
    before = (
        current.history.filter(version=seen).order_by("-history_date", "-history_id").first()
        if seen
        else None
    )
    return field_changes(before, current, fields)
