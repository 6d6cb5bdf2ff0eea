"""The figures published for the whole plan beside the loaded targets' own.

A scorecard of part of a plan (``indicators.coverage``) shows the counts a Governing Body
document published for all of it next to its own, each column named with its source, and how the
two meet, status by status.
"""

from __future__ import annotations

from dataclasses import dataclass

from indicators.models import PublishedFigures
from indicators.status import Status
from reports.headline import StatusCounts


def published_counts(figures: PublishedFigures) -> StatusCounts:
    return StatusCounts(**{status.value: getattr(figures, status.value) for status in Status})


@dataclass(frozen=True)
class ReconciledLine:
    """One status: how many the document published, how many the loaded targets have."""

    status: Status
    published: int
    loaded: int

    @property
    def difference(self) -> int:
        """Published less loaded: the targets of that status that are not loaded in detail."""
        return self.published - self.loaded


def reconciled(published: StatusCounts, loaded: StatusCounts) -> list[ReconciledLine]:
    return [
        ReconciledLine(status, published.count(status), loaded.count(status)) for status in Status
    ]


@dataclass(frozen=True)
class CountsColumn:
    """A column of the headline table: whose counts, from where, and the counts."""

    title: str
    source: str
    counts: StatusCounts


@dataclass(frozen=True)
class CountsTable:
    """Counts side by side, a row per status, for the headline: the loaded targets' and the
    figures published for the whole plan."""

    columns: list[CountsColumn]

    @property
    def rows(self) -> list[tuple[Status, list[tuple[int, object]]]]:
        return [
            (
                status,
                [(c.counts.count(status), c.counts.percent(status)) for c in self.columns],
            )
            for status in Status
        ]

    @property
    def totals(self) -> list[int]:
        return [column.counts.total for column in self.columns]
