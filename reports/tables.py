"""The scorecard table: one row per target, sortable by each column that has an order."""

from __future__ import annotations

import django_tables2 as tables

CELLS = "reports/snippets/cells/"


class ScorecardTable(tables.Table):
    indicator = tables.TemplateColumn(
        template_name=CELLS + "indicator.html",
        verbose_name="Indicator",
        order_by=("indicator_order",),
    )
    scope = tables.Column(
        accessor="target__scope_label", verbose_name="Scope", order_by=("scope_order",)
    )
    target = tables.Column(accessor="target__display_text", verbose_name="Target", orderable=False)
    result = tables.TemplateColumn(
        template_name=CELLS + "result.html", verbose_name="Result", orderable=False
    )
    status = tables.TemplateColumn(
        template_name=CELLS + "status.html", verbose_name="Status", order_by=("status_order",)
    )
    trend = tables.TemplateColumn(
        template_name=CELLS + "trend.html",
        verbose_name="Since the previous year",
        order_by=("trend__sort_key",),
    )
    custodians = tables.TemplateColumn(
        template_name=CELLS + "custodians.html",
        verbose_name="Custodian(s)",
        order_by=("custodian_order",),
    )

    class Meta:
        template_name = "reports/snippets/table.html"
        attrs = {"class": "plan-table scorecard-table"}
        empty_text = "No target matches these filters."
        # Unsorted, the rows keep the order the document prints them in (the selector's).
