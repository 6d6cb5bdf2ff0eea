"""The filter form above a scorecard's table: year, section, status, custodian, and which
results count (approved and submitted, the submitted marked provisional; or approved only).

Section and custodian filter the targets in SQL (django-filter). The year chooses which results
are read, not which targets exist, and the status is computed from the result by the one status
rule (``indicators/status.py``), never stored: both are plain fields of the form. The status is
the ``status`` the scorecard's targets carry (``reports.selectors.scorecard_targets``), so that it
too is filtered in SQL.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import django_filters
from django import forms
from django.db.models import Exists, OuterRef, QuerySet
from django.http import QueryDict
from django.utils.translation import gettext_lazy

from custodians.models import CustodianUnit
from indicators.models import ActionPlan, Target, TargetCustodian
from indicators.review import Counting
from indicators.status import Status


class ScorecardFilterForm(forms.Form):
    year = forms.TypedChoiceField(label=gettext_lazy("Reporting year"), coerce=int, required=False)
    status = forms.ChoiceField(
        label=gettext_lazy("Status"),
        choices=[("", gettext_lazy("All statuses")), *Status.choices],
        required=False,
    )
    counting = forms.ChoiceField(
        label=gettext_lazy("Results counted"), choices=Counting.choices, required=False
    )


class ScorecardFilter(django_filters.FilterSet):
    section = django_filters.ModelChoiceFilter(
        label=gettext_lazy("Section"),
        field_name="indicator__section",
        queryset=None,
        empty_label=gettext_lazy("All sections"),
    )
    custodian = django_filters.ModelChoiceFilter(
        label=gettext_lazy("Custodian"),
        queryset=None,
        empty_label=gettext_lazy("All custodians"),
        method="of_custodian",
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
    def counting(self) -> str:
        """Which results count: approved and submitted (the default), or approved only."""
        return self._chosen("counting") or Counting.WITH_SUBMITTED

    @property
    def year(self) -> int:
        """The year asked for, or the default one when the one asked for is not valid."""
        return self._chosen("year") or self.default_year()

    def of_custodian(
        self, queryset: QuerySet[Target], name: str, unit: CustodianUnit
    ) -> QuerySet[Target]:
        # EXISTS rather than a join: one row per target, without DISTINCT.
        links = TargetCustodian.objects.filter(target=OuterRef("pk"), custodian=unit)
        return queryset.filter(Exists(links))

    def filter_queryset(self, queryset: QuerySet[Target]) -> QuerySet[Target]:
        # The form's year, status and counting are not filters of targets (the docstring).
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

    def apply(self, targets: QuerySet[Target]) -> QuerySet[Target]:
        """The targets the table shows: the scorecard's, narrowed by section, custodian, status."""
        self.form.is_valid()  # validates once; cleaned_data keeps the fields that are valid
        targets = self.filter_queryset(targets)
        status = self._chosen("status")
        return targets.filter(status=status) if status else targets
