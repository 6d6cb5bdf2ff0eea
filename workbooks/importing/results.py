"""Checking the Results sheet's rows: targets the user may edit, the entry rule, conflicts, changes.

The cells are read as the person typed them (``workbooks.importing.cells``); what the result may
hold, and what is kept of it, is the entry rule's (``indicators.result_rules.settle_result``),
so the preview shows, and applying saves, what the browser form would save.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any, NamedTuple

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from custodians.models import Portfolio, Region
from custodians.roles import User
from indicators.formatting import result_text
from indicators.models import Indicator, ReportingYear, Result, Section, Target
from indicators.permissions import editable_targets, result_edit_refusal
from indicators.result_rules import RESULT_FIELDS, settle_result
from indicators.review import needs_reason
from workbooks.importing.changes import (
    CHANGED,
    NEW,
    NOTHING,
    UNCHANGED,
    CheckedChunk,
    PlannedWrite,
    RowChange,
    SheetChecker,
    field_changes,
)
from workbooks.importing.rows import SheetRow, editable_columns
from workbooks.layout import RESULTS_SHEET
from workbooks.row_words import RowWords
from workbooks.target_chunks import among


class StoredResult(NamedTuple):
    """What the check reads of a stored result: the entry rule's fields, and what says whether
    it may change (its review state) and whether the workbook saw it as it is (its version).
    Read as values, not as a model: the check reads one per row of the sheet, and applying
    reads the results it saves again, locked. The permission rule
    (``indicators.permissions.result_edit_refusal``) reads only its ``review_state``."""

    target_id: int
    year: int
    value: Decimal | None
    unit: str
    statement: str
    data_unavailable: bool
    unavailable_reason: str
    declared_status: str
    explanation: str
    evidence_url: str
    review_state: str
    version: int

    @property
    def display_text(self) -> str:
        return result_text(self)


class ResultRows(SheetChecker):
    def __init__(self, user: User) -> None:
        super().__init__(user)
        # Year -> target ID -> the first row of that target and year (one small dict per year
        # rather than a tuple per row: a sheet may hold 100,000 rows).
        self.seen: dict[int, dict[int, int]] = {}
        # The scopes' labels, worded once for the chunk at hand.
        self._words = RowWords()

    def check_rows(self, rows: list[SheetRow], chunk: CheckedChunk) -> None:
        for row in rows:
            row.read_id("target_id")
            row.read_id("year")
            row.read_id("version", required=False)
        ids = {row.values.get("target_id") for row in rows} - {None}
        targets = {t.pk: t for t in Target.objects.filter(pk__in=among(ids)).order_by()}
        self.share(targets.values(), "indicator", Indicator.objects.all())
        indicators = {target.indicator for target in targets.values()}
        self.share(indicators, "section", Section.objects.select_related("plan"))
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
            (stored.target_id, stored.year): stored
            for stored in map(
                StoredResult._make,
                Result.objects.filter(target_id__in=among(ids), year__in=years)
                .order_by()
                .values_list(*StoredResult._fields),
            )
        }
        reporting_years = {
            (ry.plan_id, ry.year): ry
            for ry in ReportingYear.objects.filter(year__in=years).prefetch_related("reopened_for")
        }
        self._words = RowWords()
        for row in rows:
            target = self._target(row, targets, editable)
            planned = self._result_row(row, chunk, target, existing, reporting_years)
            if planned is not None:
                chunk.writes.append(planned)

    def _target(
        self, row: SheetRow, targets: dict[int, Target], editable: set[int]
    ) -> Target | None:
        """The row's target, if it exists and the user may edit it; its year and its place."""
        target_id, year = row.values.get("target_id"), row.values.get("year")
        target = targets.get(target_id) if target_id else None
        if target_id and target is None:
            row.problem(
                "target_id",
                _("There is no target with ID %(id)s. Keep the IDs as exported.")
                % {"id": target_id},
            )
        elif target is not None and target_id not in editable:
            row.problem(
                "target_id",
                _(
                    "Target %(id)s (%(code)s, %(scope)s) is not one of your units' targets: you "
                    "may not import it."
                )
                % {"id": target_id, "code": target.indicator.code, "scope": target.scope_label},
            )
            target = None
        if target is not None and year and year not in target.indicator.section.plan.years:
            plan = target.indicator.section.plan
            row.problem(
                "year",
                _("%(year)s is outside the plan's years (%(start)s–%(end)s).")
                % {"year": year, "start": plan.start_year, "end": plan.end_year},
            )
        if target_id and year:
            seen = self.seen.setdefault(year, {})
            if target_id in seen:
                row.problem(
                    "target_id",
                    _("The same target and year as row %(row)s: keep one row per target.")
                    % {"row": seen[target_id]},
                )
            seen.setdefault(target_id, row.number)
        return target

    def _result_row(
        self,
        row: SheetRow,
        chunk: CheckedChunk,
        target: Target | None,
        existing: dict[tuple[int, int], StoredResult],
        reporting_years: dict[tuple[int, int], ReportingYear],
    ) -> PlannedWrite | None:
        year = row.values.get("year")
        unit = target.unit if target is not None else ""
        cells = {
            column.key: row.read(column, unit=unit) if target or column.key != "value" else None
            for column in editable_columns(RESULTS_SHEET)
        }
        if row.problems or target is None or not year:
            return None
        result = existing.get((target.pk, year))
        label = f"{target.indicator.code} · {self._words.scope(target)} · {year}"
        stored = {key: getattr(result, key) for key in RESULT_FIELDS} if result else NOTHING
        # A row as it was exported changes nothing and is not checked again: the import saves
        # only what the person changed.
        if all(cells[key] == stored[key] for key in RESULT_FIELDS):
            chunk.changes.append(RowChange(row.sheet, row.number, UNCHANGED, label))
            return None
        plan_year = reporting_years.get((target.indicator.section.plan_id, year))
        # Whether the user may edit the target is known already (``editable``).
        refusal = result_edit_refusal(self.user, target, plan_year, result, may_edit_target=True)
        if refusal:  # an approved result locked for its custodians, a closed year
            row.problem("target_id", refusal)
            return None
        settled = _settled(row, target, cells)
        if settled is None:
            return None
        changed, shown = field_changes(stored, settled, unit)
        if result is not None and not changed:  # e.g. a declared status the number decides
            chunk.changes.append(RowChange(row.sheet, row.number, UNCHANGED, label))
            return None
        version = row.values.get("version")
        if result is not None and version != result.version:
            row.problem(
                "version",
                _(
                    "Someone changed this entry after the workbook was exported (now: %(now)s). "
                    "Export a new workbook and make your change there."
                )
                % {"now": result.display_text or "—"},
            )
            return None
        if result is None and version is not None:
            row.problem("version", _("This entry no longer exists. Export a new workbook."))
            return None
        locked = result is not None and needs_reason(result.review_state)
        kind = CHANGED if result is not None else NEW
        chunk.changes.append(RowChange(row.sheet, row.number, kind, label, shown, locked))
        return PlannedWrite(
            sheet=row.sheet,
            row=row.number,
            fields={key: settled[key] for key in changed},
            target=target,
            year=year,
            expected_version=version,
            locked=locked,
        )


def _settled(row: SheetRow, target: Target, cells: dict[str, Any]) -> dict[str, Any] | None:
    """The result's fields as the entry rule keeps them, or None with its messages on the row."""
    try:
        settled = settle_result(target, cells)
    except ValidationError as refusal:
        row.refused_by_rule(refusal)
        return None
    return {key: settled[key] for key in RESULT_FIELDS}
