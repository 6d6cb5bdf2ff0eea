"""The filter form above a scorecard's table: year, section, status and custodian.

Section and custodian filter the targets in SQL (django-filter). The year chooses which results
are read, not which targets exist, and the status is computed from the result by the one status
rule (``indicators/status.py``), never stored: both are plain fields of the form, and the status
is applied to the scorecard's rows.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import django_filters
from django import forms
from django.db.models import QuerySet
from django.http import QueryDict

from custodians.models import CustodianUnit
from indicators.models import ActionPlan, Target
from indicators.status import Status
from reports.selectors import ScorecardRow


class ScorecardFilterForm(forms.Form):
    year = forms.TypedChoiceField(label="Reporting year", coerce=int, required=False)
    status = forms.ChoiceField(
        label="Status", choices=[("", "All statuses"), *Status.choices], required=False
    )


class ScorecardFilter(django_filters.FilterSet):
    section = django_filters.ModelChoiceFilter(
        label="Section",
        field_name="indicator__section",
        queryset=None,
        empty_label="All sections",
    )
    custodian = django_filters.ModelChoiceFilter(
        label="Custodian",
        field_name="custodians",
        queryset=None,
        empty_label="All custodians",
        distinct=True,
    )

    class Meta:
        model = Target
        fields = ["section", "custodian"]
        form = ScorecardFilterForm

    def __init__(
        self,
        data: QueryDict | None,
        *,
        plan: ActionPlan,
        custodians: QuerySet[CustodianUnit],
        default_year: Callable[[], int],
    ) -> None:
        if not (data or {}).get("year"):
            # The form shows the year the page shows: the latest one, unless another is asked.
            data = {**(data.dict() if data else {}), "year": str(default_year())}
        super().__init__(data, queryset=Target.objects.of_plan(plan))
        self.filters["section"].queryset = plan.sections.order_by("position")
        self.filters["custodian"].queryset = custodians
        self.form.fields["year"].choices = [(year, str(year)) for year in plan.years]
        self.default_year = default_year

    @property
    def year(self) -> int:
        """The year asked for, or the default one when the one asked for is not valid."""
        return self._chosen("year") or self.default_year()

    def filter_queryset(self, queryset: QuerySet[Target]) -> QuerySet[Target]:
        # The form's year and status are not filters of targets (see the module's docstring).
        for name, target_filter in self.filters.items():
            queryset = target_filter.filter(queryset, self.form.cleaned_data.get(name))
        return queryset

    def _chosen(self, name: str) -> Any:
        """A field's valid value: a bad value in one field does not undo the others."""
        self.form.is_valid()  # validates once; cleaned_data keeps the fields that are valid
        return self.form.cleaned_data.get(name) or None

    @property
    def is_filtering(self) -> bool:
        return any(self._chosen(name) for name in ("section", "custodian", "status"))

    def keep(self, rows: list[ScorecardRow]) -> list[ScorecardRow]:
        """The rows the table shows: one query when section or custodian is chosen, else none."""
        if self._chosen("section") or self._chosen("custodian"):
            shown = set(self.qs.values_list("pk", flat=True))
            rows = [row for row in rows if row.target.pk in shown]
        status = self._chosen("status")
        if status:
            rows = [row for row in rows if row.status == status]
        return rows
