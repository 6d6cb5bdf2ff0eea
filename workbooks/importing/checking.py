"""Checking an uploaded data workbook against the database: every problem, or every change.

The result is an ``ImportCheck``: the problems (each naming sheet, row and column), and for a
workbook without problems the change of every row (new, changed, unchanged; old → new) and the
writes that applying it will make. Nothing here writes.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from custodians.models import CustodianUnit
from custodians.roles import User, is_reviewer, units_of
from indicators.formatting import format_quantity
from indicators.models import AcceleratingAction, ReportingYear, Result, Target
from indicators.permissions import editable_actions, editable_targets, year_open_for
from indicators.services import ACTION_FIELDS, LOCKED_STATES, RESULT_FIELDS
from workbooks.importing.problems import Problem, WorkbookRefused
from workbooks.importing.reading import read_sheets
from workbooks.importing.rows import (
    SheetRow,
    check_headings,
    editable_columns,
    merged_problems,
    sheet_rows,
)
from workbooks.layout import (
    ACTION_COLUMNS,
    ACTION_STATE_LABELS,
    ACTIONS_SHEET,
    DATA_SHEETS,
    DECLARED_STATUS_LABELS,
    RESULT_COLUMNS,
    RESULTS_SHEET,
)

Progress = Callable[[float, str], None]
NEW, CHANGED, UNCHANGED = "new", "changed", "unchanged"
HEADINGS = {c.key: c.heading for c in RESULT_COLUMNS} | {c.key: c.heading for c in ACTION_COLUMNS}
STATE_LABEL = {v: k for k, v in ACTION_STATE_LABELS.items()}
# What a row holds before anything is entered: a new row shows only what it fills in.
NOTHING = {
    "value": None,
    "statement": "",
    "data_unavailable": False,
    "unavailable_reason": "",
    "declared_status": "",
    "explanation": "",
    "evidence_url": "",
    "text": "",
    "state": "",
    "progress_note": "",
    "due_date": None,
    "next_review_date": None,
}
DECLARED_LABEL = {v: k for k, v in DECLARED_STATUS_LABELS.items()}


def _no_progress(fraction: float, stage: str) -> None:
    return None


@dataclass(frozen=True)
class FieldChange:
    heading: str
    old: str
    new: str


@dataclass(frozen=True)
class RowChange:
    sheet: str
    row: int
    kind: str  # new, changed or unchanged
    label: str
    changes: tuple[FieldChange, ...] = ()
    needs_reason: bool = False

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, raw: dict[str, Any]) -> RowChange:
        changes = tuple(FieldChange(**c) for c in raw.get("changes", ()))
        return cls(**{**raw, "changes": changes})


@dataclass
class PlannedWrite:
    """One call to indicators.services that applying the workbook will make."""

    sheet: str
    row: int
    fields: dict[str, Any]
    target: Target | None = None
    year: int | None = None
    expected_version: int | None = None
    action: AcceleratingAction | None = None
    custodian: CustodianUnit | None = None
    locked: bool = False


@dataclass
class ImportCheck:
    problems: list[Problem] = field(default_factory=list)
    changes: list[RowChange] = field(default_factory=list)
    writes: list[PlannedWrite] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems

    def count(self, kind: str) -> int:
        return sum(1 for change in self.changes if change.kind == kind)

    @property
    def needs_reason(self) -> int:
        return sum(1 for change in self.changes if change.needs_reason)

    @property
    def digest(self) -> str:
        """A fingerprint of the changes: applying refuses if they are no longer those checked."""
        listed = [c.as_dict() for c in self.changes if c.kind != UNCHANGED]
        return hashlib.sha256(json.dumps(listed, sort_keys=True).encode()).hexdigest()

    def summary(self) -> str:
        return (
            f"{self.count(NEW)} new, {self.count(CHANGED)} changed, "
            f"{self.count(UNCHANGED)} unchanged"
        )


def _shown(key: str, value: Any, unit: str = "") -> str:
    if value is None or value == "":
        return "—"
    if key == "value":
        return format_quantity(Decimal(value), unit)
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if key == "declared_status":
        return DECLARED_LABEL.get(value, value)
    if key == "state":
        return STATE_LABEL.get(value, value)
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def _diff(
    old: dict[str, Any], new: dict[str, Any], unit: str = ""
) -> tuple[list[str], tuple[FieldChange, ...]]:
    changed = [key for key in new if old.get(key) != new[key]]
    shown = tuple(
        FieldChange(HEADINGS[key], _shown(key, old.get(key), unit), _shown(key, new[key], unit))
        for key in changed
    )
    return changed, shown


class _Checker:
    def __init__(self, user: User, progress: Progress) -> None:
        self.user = user
        self.progress = progress
        self.check = ImportCheck()

    # --- results ---------------------------------------------------------------------------

    def results(self, rows: list[SheetRow]) -> None:
        for row in rows:
            row.read_id("target_id")
            row.read_id("year")
            row.read_id("version", required=False)
        ids = {row.values.get("target_id") for row in rows} - {None}
        targets = Target.objects.select_related(
            "indicator__section__plan", "phase", "region", "portfolio"
        ).in_bulk(ids)
        editable = set(editable_targets(self.user).filter(pk__in=ids).values_list("pk", flat=True))
        years = {row.values.get("year") for row in rows} - {None}
        existing = {
            (r.target_id, r.year): r
            for r in Result.objects.filter(target_id__in=ids, year__in=years)
        }
        reporting_years = {
            (ry.plan_id, ry.year): ry
            for ry in ReportingYear.objects.filter(year__in=years).prefetch_related("reopened_for")
        }
        seen: dict[tuple[int, int], int] = {}
        for position, row in enumerate(rows):
            self.progress(0.3 + 0.35 * position / max(len(rows), 1), "Checking results")
            self._result_row(row, targets, editable, existing, reporting_years, seen)
            self.check.problems.extend(row.problems)

    def _result_row(
        self,
        row: SheetRow,
        targets: dict[int, Target],
        editable: set[int],
        existing: dict[tuple[int, int], Result],
        reporting_years: dict[tuple[int, int], ReportingYear],
        seen: dict[tuple[int, int], int],
    ) -> None:
        target_id, year = row.values.get("target_id"), row.values.get("year")
        target = targets.get(target_id) if target_id else None
        if target_id and target is None:
            row.problem(
                "target_id", f"there is no target with ID {target_id}. Keep the IDs as exported."
            )
        elif target is not None and target_id not in editable:
            row.problem(
                "target_id",
                f"target {target_id} ({target.indicator.code}, "
                f"{target.scope_label}) is not one of your units' targets: you may not "
                "import it.",
            )
            target = None
        if target is not None and year and year not in target.indicator.section.plan.years:
            plan = target.indicator.section.plan
            row.problem(
                "year", f"{year} is outside the plan's years ({plan.start_year}–{plan.end_year})."
            )
        if target_id and year:
            if (target_id, year) in seen:
                row.problem(
                    "target_id",
                    f"the same target and year as row "
                    f"{seen[target_id, year]}: keep one row per target.",
                )
            seen.setdefault((target_id, year), row.number)
        unit = target.unit if target is not None else ""
        fields = {}
        for column in editable_columns(RESULTS_SHEET):
            fields[column.key] = (
                row.read(column, unit=unit) if target or column.key != "value" else None
            )
        if row.problems or target is None or not year:
            return
        if fields["data_unavailable"] and fields["value"] is not None:
            row.problem("value", "leave Value empty when the data are unavailable.")
        if fields["data_unavailable"] and not fields["unavailable_reason"]:
            row.problem("unavailable_reason", "say why the data are unavailable.")
        result = existing.get((target.pk, year))
        label = f"{target.indicator.code} · {target.scope_label} · {year}"
        reports = fields["value"] is not None or fields["statement"] or fields["data_unavailable"]
        if result is None and not any(v not in (None, "", False) for v in fields.values()):
            self.check.changes.append(RowChange(row.sheet, row.number, UNCHANGED, label))
            return
        if not reports and not row.problems:
            row.problem(
                "value", "a result needs a value, a statement, or Data unavailable with its reason."
            )
        if row.problems:
            return
        if fields["data_unavailable"]:
            fields["value"] = None
        old = {key: getattr(result, key) for key in RESULT_FIELDS} if result else NOTHING
        changed, shown = _diff(old, fields, unit)
        if result is not None and not changed:
            self.check.changes.append(RowChange(row.sheet, row.number, UNCHANGED, label))
            return
        version = row.values.get("version")
        if result is not None and version != result.version:
            row.problem(
                "version",
                "someone changed this entry after the workbook was exported "
                f"(now: {result.display_text or '—'}). Export a new workbook and make "
                "your change there.",
            )
            return
        if result is None and version is not None:
            row.problem("version", "this entry no longer exists. Export a new workbook.")
            return
        plan_year = reporting_years.get((target.indicator.section.plan_id, year))
        if not year_open_for(self.user, plan_year, target):
            row.problem(
                "year", f"{year} is closed for entries; ask GEDI to reopen it for your unit."
            )
            return
        locked = result is not None and result.review_state in LOCKED_STATES
        kind = CHANGED if result is not None else NEW
        self.check.changes.append(RowChange(row.sheet, row.number, kind, label, shown, locked))
        self.check.writes.append(
            PlannedWrite(
                sheet=row.sheet,
                row=row.number,
                fields={key: fields[key] for key in changed},
                target=target,
                year=year,
                expected_version=version,
                locked=locked,
            )
        )

    # --- actions ---------------------------------------------------------------------------

    def actions(self, rows: list[SheetRow]) -> None:
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
        changed, shown = _diff({key: getattr(action, key) for key in ACTION_FIELDS}, fields)
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
        _, shown = _diff(NOTHING, fields)
        self.check.changes.append(RowChange(row.sheet, row.number, NEW, label, shown))
        self.check.writes.append(
            PlannedWrite(
                sheet=row.sheet, row=row.number, fields=fields, target=target, custodian=unit
            )
        )


def check_workbook(content: bytes, *, user: User, progress: Progress | None = None) -> ImportCheck:
    """Every problem of the workbook, or every change it would make. Reads only."""
    progress = progress or _no_progress
    checker = _Checker(user, progress)
    check = checker.check
    progress(0.05, "Opening the workbook")
    try:
        names, sheets = read_sheets(content, DATA_SHEETS)
    except WorkbookRefused as refused:
        check.problems.extend(refused.problems)
        return check
    for name in DATA_SHEETS:
        if name not in sheets:
            found = ", ".join(f"“{n}”" for n in names)
            check.problems.append(
                Problem(
                    f"the sheet “{name}” is missing (the workbook has {found}). Keep the "
                    "sheets and their names as exported.",
                    sheet=name,
                )
            )
    if check.problems:
        return check
    for name in DATA_SHEETS:
        check.problems.extend(check_headings(sheets[name]))
        check.problems.extend(merged_problems(sheets[name]))
    if check.problems:
        return check
    progress(0.3, "Reading the rows")
    rows = {}
    for name in DATA_SHEETS:
        rows[name], problems = sheet_rows(sheets[name])
        check.problems.extend(problems)
    checker.results(rows[RESULTS_SHEET])
    checker.actions(rows[ACTIONS_SHEET])
    check.problems.sort(
        key=lambda p: (
            DATA_SHEETS.index(p.sheet) if p.sheet in DATA_SHEETS else -1,
            p.row or 0,
            p.column,
        )
    )
    if check.problems:
        check.changes, check.writes = [], []
    progress(1.0, "Checked")
    return check
