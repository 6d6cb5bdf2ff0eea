"""A scorecard as plain data: what ``scorecard --json`` prints and the JSON download serves."""

from __future__ import annotations

from typing import Any

from indicators.status import Status
from reports.selectors import Scorecard, ScorecardRow


def _target_entry(row: ScorecardRow) -> dict[str, Any]:
    return {
        "indicator": row.target.indicator.text,
        "scope": row.target.scope_label,
        "custodians": [unit.name for unit in row.custodians],
        "target": row.target.display_text,
        # No result at all is null, not an empty text: the target is "not reported".
        "result": row.result.display_text if row.result is not None else None,
        "status": row.status.value,
    }


def scorecard_document(scorecard: Scorecard) -> dict[str, Any]:
    counts = scorecard.counts
    return {
        "summary": {"total": counts.total}
        | {status.value: counts.count(status) for status in Status},
        "targets": [_target_entry(row) for row in scorecard.rows],
    }
