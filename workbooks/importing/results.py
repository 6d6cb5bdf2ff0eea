"""Checking the Results sheet's rows: targets the user may edit, values, conflicts, changes."""

from __future__ import annotations

from custodians.models import Portfolio, Region
from custodians.roles import User
from indicators.models import Indicator, ReportingYear, Result, Target
from indicators.permissions import editable_targets, result_edit_refusal
from indicators.services import LOCKED_STATES, RESULT_FIELDS
from workbooks.importing.changes import (
    CHANGED,
    NEW,
    NOTHING,
    UNCHANGED,
    ImportCheck,
    PlannedWrite,
    RowChange,
    SheetChecker,
    field_changes,
)
from workbooks.importing.rows import SheetRow, editable_columns
from workbooks.layout import RESULTS_SHEET
from workbooks.target_chunks import among


class ResultRows(SheetChecker):
    def __init__(self, user: User, check: ImportCheck) -> None:
        super().__init__(user, check)
        self.seen: dict[tuple[int, int], int] = {}

    def check_chunk(self, rows: list[SheetRow]) -> list[PlannedWrite]:
        for row in rows:
            row.read_id("target_id")
            row.read_id("year")
            row.read_id("version", required=False)
        ids = {row.values.get("target_id") for row in rows} - {None}
        targets = {t.pk: t for t in Target.objects.filter(pk__in=among(ids)).order_by()}
        self.share(targets.values(), "indicator", Indicator.objects.select_related("section__plan"))
        self.share(targets.values(), "region", Region.objects.all())
        self.share(targets.values(), "portfolio", Portfolio.objects.all())
        editable = set(
            editable_targets(self.user)
            .filter(pk__in=among(ids))
            .order_by()
            .values_list("pk", flat=True)
        )
        years = {row.values.get("year") for row in rows} - {None}
        existing = {
            (r.target_id, r.year): r
            for r in Result.objects.filter(target_id__in=among(ids), year__in=years).order_by()
        }
        reporting_years = {
            (ry.plan_id, ry.year): ry
            for ry in ReportingYear.objects.filter(year__in=years).prefetch_related("reopened_for")
        }
        writes: list[PlannedWrite] = []
        for row in rows:
            planned = self._result_row(row, targets, editable, existing, reporting_years)
            if planned is not None:
                writes.append(planned)
            self.check.problems.extend(row.problems)
        return writes

    def _result_row(
        self,
        row: SheetRow,
        targets: dict[int, Target],
        editable: set[int],
        existing: dict[tuple[int, int], Result],
        reporting_years: dict[tuple[int, int], ReportingYear],
    ) -> PlannedWrite | None:
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
        seen = self.seen
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
            return None
        if fields["data_unavailable"] and fields["value"] is not None:
            row.problem("value", "leave Value empty when the data are unavailable.")
        if fields["data_unavailable"] and not fields["unavailable_reason"]:
            row.problem("unavailable_reason", "say why the data are unavailable.")
        result = existing.get((target.pk, year))
        label = f"{target.indicator.code} · {target.scope_label} · {year}"
        reports = fields["value"] is not None or fields["statement"] or fields["data_unavailable"]
        if result is None and not any(v not in (None, "", False) for v in fields.values()):
            self.check.changes.append(RowChange(row.sheet, row.number, UNCHANGED, label))
            return None
        if not reports and not row.problems:
            row.problem(
                "value", "a result needs a value, a statement, or Data unavailable with its reason."
            )
        if row.problems:
            return None
        if fields["data_unavailable"]:
            fields["value"] = None
        old = {key: getattr(result, key) for key in RESULT_FIELDS} if result else NOTHING
        changed, shown = field_changes(old, fields, unit)
        if result is not None and not changed:
            self.check.changes.append(RowChange(row.sheet, row.number, UNCHANGED, label))
            return None
        version = row.values.get("version")
        if result is not None and version != result.version:
            row.problem(
                "version",
                "someone changed this entry after the workbook was exported "
                f"(now: {result.display_text or '—'}). Export a new workbook and make "
                "your change there.",
            )
            return None
        if result is None and version is not None:
            row.problem("version", "this entry no longer exists. Export a new workbook.")
            return None
        plan_year = reporting_years.get((target.indicator.section.plan_id, year))
        # Whether the user may edit the target is known already (``editable``).
        refusal = result_edit_refusal(self.user, target, plan_year, result, may_edit_target=True)
        if refusal:  # an approved result locked for its custodians, a closed year
            row.problem("target_id", refusal)
            return None
        locked = result is not None and result.review_state in LOCKED_STATES
        kind = CHANGED if result is not None else NEW
        self.check.changes.append(RowChange(row.sheet, row.number, kind, label, shown, locked))
        return PlannedWrite(
            sheet=row.sheet,
            row=row.number,
            fields={key: fields[key] for key in changed},
            target=target,
            year=year,
            expected_version=version,
            locked=locked,
        )
