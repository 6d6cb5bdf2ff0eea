"""A scorecard as plain data: what ``scorecard --json`` prints and the JSON download serves."""

from __future__ import annotations

from typing import Any

from indicators.models import PublishedFigures
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
        # Submitted and not yet approved: counted, and marked so.
        "provisional": row.provisional,
    }


def _published_entry(figures: PublishedFigures | None, exercise: str) -> dict[str, Any] | None:
    if figures is None:
        return None
    return {
        "exercise": exercise,
        "source": figures.source,
        "total": figures.total,
        **{status.value: getattr(figures, status.value) for status in Status},
        "data_unavailable_reason": figures.unavailable_reason,
        "reconciliation": figures.reconciliation,
    }


def scorecard_document(scorecard: Scorecard) -> dict[str, Any]:
    """The loaded targets' summary and rows; beside them, named as such, what they cover of the
    plan and the figures published for the whole plan (the plan's scorecard only)."""
    counts = scorecard.counts
    coverage = scorecard.coverage
    return {
        "counting": scorecard.scope.counting,
        "summary": {"total": counts.total}
        | {status.value: counts.count(status) for status in Status}
        | {"provisional": scorecard.provisional},
        "covers": {
            "targets": counts.total,
            "plan_targets": coverage.plan_targets,
            "all_targets_loaded": coverage.complete,
            "loaded_targets_are": "" if coverage.complete else coverage.described_as,
        },
        "headline": scorecard.headline,
        "published": _published_entry(scorecard.published, str(scorecard.year)),
        "published_previous": _published_entry(
            scorecard.published_previous, scorecard.previous_label
        ),
        "published_headline": scorecard.published_headline or None,
        "targets": [_target_entry(row) for row in scorecard.rows],
    }
