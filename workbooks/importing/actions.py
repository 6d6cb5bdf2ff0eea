"""Checking the Actions sheet's rows: existing actions the user may edit, and new ones.

What an action may hold (its text, a note for a constrained or dropped action, the limits) is the
entry rule's (``indicators.result_rules.settle_action``), as in the browser form. Its French and
Spanish versions travel beside it; an action is still found by its ID, and a new one compared
with the others by its text as written, never by a translation. What saving a row does to the
versions (a new wording drops those of the old one; a rewritten version is no longer a working
translation) is ``indicators.services``'s rule: the dry run shows its outcome.
"""

from __future__ import annotations

from copy import copy
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from custodians.access import access_of
from custodians.models import CustodianUnit
from custodians.roles import User
from indicators.limits import too_long
from indicators.models import AcceleratingAction, Target
from indicators.permissions import editable_actions, editable_targets
from indicators.result_rules import ACTION_FIELDS, settle_action
from indicators.services import settle_action_fields
from workbooks.importing.changes import (
    CHANGED,
    HEADINGS,
    NEW,
    NOTHING,
    UNCHANGED,
    CheckedChunk,
    FieldChange,
    PlannedWrite,
    RowChange,
    SheetChecker,
    field_changes,
)
from workbooks.importing.rows import SheetRow, editable_columns
from workbooks.layout import ACTION_VERSIONS, ACTIONS_SHEET
from workbooks.target_chunks import among

# What a row holds of an action: the entry rule's fields and the text's versions.
ROW_FIELDS = (*ACTION_FIELDS, *ACTION_VERSIONS)
VERSION_LIMITS = {
    key: AcceleratingAction._meta.get_field(key).max_length for key in ACTION_VERSIONS
}


class ActionRows(SheetChecker):
    def __init__(self, user: User) -> None:
        super().__init__(user)
        access = access_of(user)
        self.own_units = None if access.is_reviewer else access.unit_ids
        self.units = {u.acronym: u for u in CustodianUnit.objects.all()}
        self.seen_ids: dict[int, int] = {}
        self.seen_new: dict[tuple[int, str, str], int] = {}
        # The texts the actions this import rewords had before: new actions are compared with
        # the texts as they were before the import, also when earlier rows are already saved.
        self.replaced_texts: dict[int, tuple[int, str, str]] = {}
        self._label_format = ""

    def check_rows(self, rows: list[SheetRow], chunk: CheckedChunk) -> None:
        for row in rows:
            row.read_id("action_id", required=False)
            row.read_id("version", required=False)
            row.read_id("target_id")
            row.read_code("custodian")
        action_ids = {row.values.get("action_id") for row in rows} - {None}
        actions = {
            a.pk: a for a in AcceleratingAction.objects.filter(pk__in=among(action_ids)).order_by()
        }
        self.share(actions.values(), "custodian", CustodianUnit.objects.all())
        # Of an action's target, only its indicator's code is shown (in the row's label).
        codes = dict(
            Target.objects.filter(pk__in=among({a.target_id for a in actions.values()}))
            .order_by()
            .values_list("pk", "indicator__code")
        )
        editable = set(
            editable_actions(self.user)
            .filter(pk__in=among(action_ids))
            .order_by()
            .values_list("pk", flat=True)
        )
        new_rows = [row for row in rows if not row.values.get("action_id")]
        new_target_ids = {row.values.get("target_id") for row in new_rows} - {None}
        targets = (
            Target.objects.select_related("indicator")
            .prefetch_related("custodians")
            .in_bulk(new_target_ids)
        )
        editable_target_ids = set(
            editable_targets(self.user).filter(pk__in=new_target_ids).values_list("pk", flat=True)
        )
        existing_texts = {
            (target_id, acronym, text)
            for pk, target_id, acronym, text in AcceleratingAction.objects.filter(
                target_id__in=new_target_ids
            ).values_list("pk", "target_id", "custodian__acronym", "text")
            if pk not in self.replaced_texts
        } | set(self.replaced_texts.values())
        # An existing action's label, put in words once a chunk (it is read for every row).
        self._label_format = _("%(code)s · %(unit)s · action %(id)s")
        for row in rows:
            cells = {c.key: row.read(c) for c in editable_columns(ACTIONS_SHEET)}
            action_id = row.values.get("action_id")
            planned = None
            if action_id:
                planned = self._existing_action(
                    row, chunk, cells, actions.get(action_id), action_id in editable, codes
                )
            elif "action_id" not in row.refused:
                planned = self._new_action(
                    row, chunk, cells, targets, editable_target_ids, existing_texts
                )
            if planned is not None:
                chunk.writes.append(planned)

    def _existing_action(
        self,
        row: SheetRow,
        chunk: CheckedChunk,
        cells: dict[str, Any],
        action: AcceleratingAction | None,
        may_edit: bool,
        indicator_codes: dict[int, str],
    ) -> PlannedWrite | None:
        action_id = row.values["action_id"]
        seen = self.seen_ids
        if action_id in seen:
            row.problem(
                "action_id",
                _("The same action as row %(row)s: keep one row per action.")
                % {"row": seen[action_id]},
            )
        seen.setdefault(action_id, row.number)
        if action is None:
            row.problem(
                "action_id",
                _(
                    "There is no action with ID %(id)s. Keep the IDs as exported; leave the ID "
                    "empty for a new action."
                )
                % {"id": action_id},
            )
            return None
        if not may_edit:
            row.problem(
                "action_id",
                _(
                    "Action %(id)s belongs to %(unit)s, not to one of your units: you may not "
                    "import it."
                )
                % {"id": action_id, "unit": action.custodian.acronym},
            )
            return None
        if row.values.get("target_id") and row.values["target_id"] != action.target_id:
            row.problem(
                "target_id",
                _("Action %(id)s belongs to target %(target)s; IDs cannot be changed.")
                % {"id": action_id, "target": action.target_id},
            )
        if row.values.get("custodian") != action.custodian.acronym:
            row.problem(
                "custodian",
                _("Action %(id)s is %(unit)s's; the custodian of an action cannot be changed.")
                % {"id": action_id, "unit": action.custodian.acronym},
            )
        if row.problems:
            return None
        code = indicator_codes[action.target_id]
        label = self._label_format % {
            "code": code,
            "unit": action.custodian.acronym,
            "id": action_id,
        }
        stored = {key: getattr(action, key) for key in ROW_FIELDS}
        # A row as it was exported changes nothing and is not checked again.
        if cells == stored:
            chunk.changes.append(RowChange(row.sheet, row.number, UNCHANGED, label))
            return None
        settled = _settled(row, cells)
        if settled is None:
            return None
        changed, _shown = field_changes(stored, settled)
        if not changed:
            chunk.changes.append(RowChange(row.sheet, row.number, UNCHANGED, label))
            return None
        if row.values.get("version") != action.version:
            row.problem(
                "version",
                _(
                    "Someone changed this action after the workbook was exported. Export a new "
                    "workbook and make your change there."
                ),
            )
            return None
        fields = {key: settled[key] for key in changed}
        shown = _saved_changes(action, fields)
        chunk.changes.append(RowChange(row.sheet, row.number, CHANGED, label, shown))
        if "text" in changed:
            self.replaced_texts[action.pk] = (
                action.target_id,
                action.custodian.acronym,
                action.text,
            )
        return PlannedWrite(
            sheet=row.sheet,
            row=row.number,
            fields=fields,
            action=action,
            expected_version=action.version,
        )

    def _new_action(
        self,
        row: SheetRow,
        chunk: CheckedChunk,
        cells: dict[str, Any],
        targets: dict[int, Target],
        editable_target_ids: set[int],
        existing_texts: set[tuple[int, str, str]],
    ) -> PlannedWrite | None:
        own_units, units, seen = self.own_units, self.units, self.seen_new
        target_id, acronym = row.values.get("target_id"), row.values.get("custodian", "")
        target = targets.get(target_id) if target_id else None
        if target_id and target is None:
            row.problem("target_id", _("There is no target with ID %(id)s.") % {"id": target_id})
        elif target is not None and target_id not in editable_target_ids:
            row.problem(
                "target_id",
                _("Target %(id)s is not one of your units' targets.") % {"id": target_id},
            )
        unit = units.get(acronym)
        if not acronym:
            row.problem(
                "custodian", _("Give the custodian (your unit's acronym) of the new action.")
            )
        elif unit is None:
            row.problem(
                "custodian",
                _("“%(acronym)s” is not a custodian unit's acronym.") % {"acronym": acronym[:30]},
            )
        elif own_units is not None and unit.pk not in own_units:
            row.problem(
                "custodian", _("%(acronym)s is not one of your units.") % {"acronym": acronym}
            )
        elif target is not None and unit not in target.custodians.all():
            row.problem(
                "custodian",
                _("%(acronym)s is not a custodian of target %(id)s.")
                % {"acronym": acronym, "id": target_id},
            )
        # The entry rule's messages come with those about the IDs, once its cells are read.
        columns = editable_columns(ACTIONS_SHEET)
        settled = _settled(row, cells) if row.all_read(columns) else None
        if row.problems or settled is None or target is None or unit is None:
            return None
        key = (target.pk, acronym, settled["text"])
        if key in seen or key in existing_texts:
            if key in seen:
                message = _("The same action as row %(row)s: keep one.") % {"row": seen[key]}
            else:
                message = _("The same action as an existing action: keep one.")
            row.problem("text", message)
            return None
        seen[key] = row.number
        label = _("%(code)s · %(unit)s · new action") % {
            "code": target.indicator.code,
            "unit": acronym,
        }
        _changed, shown = field_changes(NOTHING, settled)
        chunk.changes.append(RowChange(row.sheet, row.number, NEW, label, shown))
        return PlannedWrite(
            sheet=row.sheet, row=row.number, fields=settled, target=target, custodian=unit
        )


def _settled(row: SheetRow, cells: dict[str, Any]) -> dict[str, Any] | None:
    """The action's fields as the entry rule keeps them, with its text's versions; or None, with
    the messages on the row."""
    versions = {key: cells.get(key) or "" for key in ACTION_VERSIONS}
    too_long_versions = False
    for key, text in versions.items():
        if message := too_long(text, VERSION_LIMITS[key]):
            row.problem(key, message)
            too_long_versions = True
    try:
        settled = settle_action(cells)
    except ValidationError as refusal:
        row.refused_by_rule(refusal)
        return None
    return None if too_long_versions else settled | versions


def _saved_changes(action: AcceleratingAction, fields: dict[str, Any]) -> tuple[FieldChange, ...]:
    """What saving ``fields`` changes of ``action``, worked out on a copy by the rule the save
    applies (indicators.services): with the workbook's own changes, the versions a new wording
    drops and the working-translation marks a rewritten version loses."""
    preview = copy(action)
    names = settle_action_fields(preview, fields)
    order = list(HEADINGS)
    names = sorted(names, key=lambda name: order.index(name) if name in order else len(order))
    before = {name: getattr(action, name) for name in names}
    _changed, shown = field_changes(before, {name: getattr(preview, name) for name in names})
    return shown
