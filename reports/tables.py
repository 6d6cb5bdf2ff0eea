"""The scorecard table: one row per target, sortable by each column that has an order.

The database counts, sorts and pages the targets (``ScorecardTableData``); only the targets of
the page shown become rows, with their custodians, results and trend (``scorecard_rows``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from functools import cached_property
from typing import Any

import django_tables2 as tables
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy
from django_tables2.data import TableQuerysetData

from indicators.models import Target
from reports.selectors import ScorecardRow, ScorecardScope, sort_targets


class PageRows(Sequence[ScorecardRow]):
    """A page's rows, read when first asked for: a page served from the cache (the scorecard
    template keeps the rendered table) reads none."""

    def __init__(
        self, targets: QuerySet[Target], rows_of: Callable[[list[Target]], list[ScorecardRow]]
    ):
        self.targets = targets
        self.rows_of = rows_of

    @cached_property
    def rows(self) -> list[ScorecardRow]:
        return self.rows_of(list(self.targets))

    def __getitem__(self, index):  # type: ignore[override]
        return self.rows[index]

    def __len__(self) -> int:
        return len(self.rows)


class ScorecardTableData(TableQuerysetData):
    """The table's targets as a queryset, whose slices (a page) are scorecard rows."""

    def __init__(
        self,
        targets: QuerySet[Target],
        rows_of: Callable[[list[Target]], list[ScorecardRow]],
        count: int | None = None,
    ) -> None:
        super().__init__(targets)
        self.rows_of = rows_of
        self._length = count  # when known already (no filter), no COUNT query

    def __getitem__(self, key: slice | int) -> PageRows | ScorecardRow:
        if isinstance(key, slice):
            return PageRows(self.data[key], self.rows_of)
        return self.rows_of([self.data[key]])[0]

    def __iter__(self) -> Iterator[ScorecardRow]:
        return iter(self.rows_of(list(self.data)))


class RowColumn(tables.Column):
    """A column of the table's header and order: its cells are written by the row's template
    (templates/reports/snippets/scorecard_row.html), in the order of the columns below."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(empty_values=(), **kwargs)


class ScorecardTable(tables.Table):
    indicator = RowColumn(verbose_name=gettext_lazy("Indicator"))
    scope = RowColumn(verbose_name=gettext_lazy("Scope"))
    target = RowColumn(verbose_name=gettext_lazy("Target"), orderable=False)
    result = RowColumn(verbose_name=gettext_lazy("Result"), orderable=False)
    status = RowColumn(verbose_name=gettext_lazy("Status"))
    trend = RowColumn(verbose_name=gettext_lazy("Since the previous year"))
    custodians = RowColumn(verbose_name=gettext_lazy("Custodian(s)"))

    class Meta:
        template_name = "reports/snippets/table.html"
        attrs = {"class": "plan-table scorecard-table"}
        empty_text = gettext_lazy("No target matches these filters.")
        # Unsorted, the rows keep the order the document prints them in (the selector's).

    def __init__(
        self,
        targets: QuerySet[Target],
        *,
        rows_of: Callable[[list[Target]], list[ScorecardRow]],
        year: int,
        scope: ScorecardScope,
        first_year: int,
        count: int | None = None,
        **kwargs: Any,
    ) -> None:
        self.year = year
        self.scope = scope
        # The plan's first year has no year before it: its rows say so rather than "no comparison".
        self.first_year = first_year
        super().__init__(ScorecardTableData(targets, rows_of, count), **kwargs)

    # Each column sorts in SQL (``sort_targets``), ties in the document's order.
    def order_indicator(self, targets: QuerySet, is_descending: bool) -> tuple[QuerySet, bool]:
        return self._sorted(targets, "indicator", is_descending)

    def order_scope(self, targets: QuerySet, is_descending: bool) -> tuple[QuerySet, bool]:
        return self._sorted(targets, "scope", is_descending)

    def order_status(self, targets: QuerySet, is_descending: bool) -> tuple[QuerySet, bool]:
        return self._sorted(targets, "status", is_descending)

    def order_trend(self, targets: QuerySet, is_descending: bool) -> tuple[QuerySet, bool]:
        return self._sorted(targets, "trend", is_descending)

    def order_custodians(self, targets: QuerySet, is_descending: bool) -> tuple[QuerySet, bool]:
        return self._sorted(targets, "custodians", is_descending)

    def _sorted(self, targets: QuerySet, column: str, descending: bool) -> tuple[QuerySet, bool]:
        sorted_targets = sort_targets(
            targets, column, year=self.year, descending=descending, counting=self.scope.counting
        )
        return sorted_targets, True
