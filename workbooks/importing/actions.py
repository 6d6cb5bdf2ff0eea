"""Checking the Actions sheet's rows: existing actions the user may edit, and new ones."""

from __future__ import annotations

from typing import Any

from custodians.models import CustodianUnit
from custodians.roles import is_reviewer, units_of
from indicators.models import AcceleratingAction, Target
from indicators.permissions import editable_actions, editable_targets
from indicators.services import ACTION_FIELDS
from workbooks.importing.changes import (
    CHANGED,
    NEW,
    NOTHING,
    UNCHANGED,
    PlannedWrite,
    RowChange,
    SheetChecker,
    field_changes,
)
from workbooks.importing.rows import SheetRow, editable_columns
from workbooks.layout import ACTIONS_SHEET


class ActionRows(SheetChecker):
    def check_rows(self, rows: list[SheetRow]) -> None:
        for row in rows:
            row.read_id("action_id", required=False)
            row.read_id("version", required=False)
            row.read_id("target_id")
            row.read_code("custodian")
        action_ids = {row.values.get("action_id") for row in rows} - {None}
        target_ids = {row.values.get("target_id") for row in rows} - {None}
        actions = AcceleratingAction.objects.select_related(
            "custodian", "target__indicator"
        ).in_bulk(action_ids)
        editable = set(
            editable_actions(self.user).filter(pk__in=action_ids).values_list("pk", flat=True)
        )
        targets = (
            Target.objects.select_related("indicator")
            .prefetch_related("custodians")
            .in_bulk(target_ids)
        )
        editable_target_ids = set(
            editable_targets(self.user).filter(pk__in=target_ids).values_list("pk", flat=True)
        )
        own_units = (
            None
            if is_reviewer(self.user)
            else set(units_of(self.user).values_list("acronym", flat=True))
        )
        units = {u.acronym: u for u in CustodianUnit.objects.all()}
        existing_texts = {
            (a.target_id, a.custodian.acronym, a.text)
            for a in AcceleratingAction.objects.filter(target_id__in=target_ids).select_related(
                "custodian"
            )
        }
        seen_ids: dict[int, int] = {}
        seen_new: dict[tuple[int, str, str], int] = {}
        for position, row in enumerate(rows):
            self.progress(0.65 + 0.3 * position / max(len(rows), 1), "Checking actions")
            fields = {c.key: row.read(c) for c in editable_columns(ACTIONS_SHEET)}
            action_id = row.values.get("action_id")
            if action_id:
                self._existing_action(
                    row, fields, actions.get(action_id), action_id in editable, seen_ids
                )
            elif "action_id" not in row.refused:
                self._new_action(
                    row,
                    fields,
                    targets,
                    editable_target_ids,
                    own_units,
                    units,
                    existing_texts,
                    seen_new,
                )
            self.check.problems.extend(row.problems)

    def _existing_action(
        self,
        row: SheetRow,
        fields: dict[str, Any],
        action: AcceleratingAction | None,
        may_edit: bool,
        seen: dict[int, int],
    ) -> None:
        action_id = row.values["action_id"]
        if action_id in seen:
            row.problem(
                "action_id", f"the same action as row {seen[action_id]}: keep one row per action."
            )
        seen.setdefault(action_id, row.number)
        if action is None:
            row.problem(
                "action_id",
                f"there is no action with ID {action_id}. Keep the IDs as "
                "exported; leave the ID empty for a new action.",
            )
            return
        if not may_edit:
            row.problem(
                "action_id",
                f"action {action_id} belongs to {action.custodian.acronym}, "
                "not to one of your units: you may not import it.",
            )
            return
        if row.values.get("target_id") and row.values["target_id"] != action.target_id:
            row.problem(
                "target_id",
                f"action {action_id} belongs to target {action.target_id}; IDs cannot be changed.",
            )
        if row.values.get("custodian") != action.custodian.acronym:
            row.problem(
                "custodian",
                f"action {action_id} is {action.custodian.acronym}'s; the "
                "custodian of an action cannot be changed.",
            )
        if not fields.get("text") and "text" not in row.refused and not row.problems:
            row.problem("text", "an action needs its text.")
        if row.problems:
            return
        label = f"{action.target.indicator.code} · {action.custodian.acronym} · action {action_id}"
        changed, shown = field_changes({key: getattr(action, key) for key in ACTION_FIELDS}, fields)
        if not changed:
            self.check.changes.append(RowChange(row.sheet, row.number, UNCHANGED, label))
            return
        if row.values.get("version") != action.version:
            row.problem(
                "version",
                "someone changed this action after the workbook was exported."
                " Export a new workbook and make your change there.",
            )
            return
        self.check.changes.append(RowChange(row.sheet, row.number, CHANGED, label, shown))
        self.check.writes.append(
            PlannedWrite(
                sheet=row.sheet,
                row=row.number,
                fields={key: fields[key] for key in changed},
                action=action,
                expected_version=action.version,
            )
        )

    def _new_action(
        self,
        row: SheetRow,
        fields: dict[str, Any],
        targets: dict[int, Target],
        editable_target_ids: set[int],
        own_units: set[str] | None,
        units: dict[str, CustodianUnit],
        existing_texts: set[tuple[int, str, str]],
        seen: dict[tuple[int, str, str], int],
    ) -> None:
        target_id, acronym = row.values.get("target_id"), row.values.get("custodian", "")
        target = targets.get(target_id) if target_id else None
        if target_id and target is None:
            row.problem("target_id", f"there is no target with ID {target_id}.")
        elif target is not None and target_id not in editable_target_ids:
            row.problem("target_id", f"target {target_id} is not one of your units' targets.")
        unit = units.get(acronym)
        if not acronym:
            row.problem("custodian", "give the custodian (your unit's acronym) of the new action.")
        elif unit is None:
            row.problem("custodian", f"“{acronym[:30]}” is not a custodian unit's acronym.")
        elif own_units is not None and acronym not in own_units:
            row.problem("custodian", f"{acronym} is not one of your units.")
        elif target is not None and unit not in target.custodians.all():
            row.problem("custodian", f"{acronym} is not a custodian of target {target_id}.")
        if not fields.get("text") and "text" not in row.refused:
            row.problem("text", "a new action needs its text.")
        if row.problems or target is None or unit is None:
            return
        key = (target.pk, acronym, fields["text"])
        if key in seen or key in existing_texts:
            where = f"row {seen[key]}" if key in seen else "an existing action"
            row.problem("text", f"the same action as {where}: keep one.")
            return
        seen[key] = row.number
        label = f"{target.indicator.code} · {acronym} · new action"
        _, shown = field_changes(NOTHING, fields)
        self.check.changes.append(RowChange(row.sheet, row.number, NEW, label, shown))
        self.check.writes.append(
            PlannedWrite(
                sheet=row.sheet, row=row.number, fields=fields, target=target, custodian=unit
            )
        )
