"""Forms of GEDI's unit pages: what a person types to add, rename, move or retire a unit and to
add a focal point. The rules themselves (a name already used, a retired unit) are in
units/services.py; the forms only check that the values are there and well formed."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from custodians.models import CustodianUnit, Portfolio, Region
from indicators import limits
from indicators.models import FIRST_YEAR, LAST_YEAR

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
REASON_HELP = gettext_lazy(
    "Optional; kept in the unit's history. Without one, the change itself is recorded."
)


def _reason_field() -> forms.CharField:
    return forms.CharField(
        label=gettext_lazy("Why"), max_length=limits.REASON, required=False, help_text=REASON_HELP
    )


def _portfolio_field(*, required: bool) -> forms.ModelChoiceField:
    return forms.ModelChoiceField(
        queryset=Portfolio.objects.all(),
        required=required,
        label=gettext_lazy("Portfolio"),
        empty_label=gettext_lazy("No portfolio (constituents only)"),
    )


class RefusalsOnFields:
    """Puts a service's refusal on the fields it names, the rest on the form as a whole."""

    def add_refusal(self, refusal: ValidationError) -> None:
        if hasattr(refusal, "error_dict"):
            for name, errors in refusal.error_dict.items():
                field = name if name in self.fields else None  # type: ignore[attr-defined]
                for error in errors:
                    self.add_error(field, error)  # type: ignore[attr-defined]
        else:
            self.add_error(None, refusal)  # type: ignore[attr-defined]


class AddUnitForm(RefusalsOnFields, forms.Form):
    acronym = forms.CharField(
        max_length=30, label=gettext_lazy("Acronym"), help_text=gettext_lazy("e.g. HRD, DDG/POL")
    )
    name = forms.CharField(max_length=200, label=gettext_lazy("Name"))
    kind = forms.ChoiceField(choices=CustodianUnit.Kind.choices, label=gettext_lazy("Kind"))
    portfolio = _portfolio_field(required=False)
    region = forms.ModelChoiceField(
        queryset=Region.objects.all(),
        required=False,
        label=gettext_lazy("Region"),
        empty_label=gettext_lazy("No region"),
        help_text=gettext_lazy("Required for a regional office."),
    )
    reason = _reason_field()


class RenameUnitForm(RefusalsOnFields, forms.Form):
    name = forms.CharField(max_length=200, label=gettext_lazy("Name"))
    acronym = forms.CharField(max_length=30, label=gettext_lazy("Acronym"))
    reason = _reason_field()


class MoveUnitForm(RefusalsOnFields, forms.Form):
    portfolio = _portfolio_field(required=False)
    from_year = forms.IntegerField(
        label=gettext_lazy("From the year"),
        required=False,
        min_value=FIRST_YEAR,
        max_value=LAST_YEAR,
        help_text=gettext_lazy(
            "The first year the unit reports in the new portfolio; earlier years keep the "
            "portfolio it had then. Leave it empty only to correct a mistake: the unit then "
            "counts in the new portfolio in every year."
        ),
    )
    reason = _reason_field()


class RetireUnitForm(RefusalsOnFields, forms.Form):
    retired_on = forms.DateField(label=gettext_lazy("Retired on"), widget=DATE_WIDGET)
    reason = _reason_field()

    def clean_retired_on(self):
        day = self.cleaned_data["retired_on"]
        if day > timezone.localdate():
            raise ValidationError(_("A unit is retired on a day that has come: today or earlier."))
        return day


class RestoreUnitForm(RefusalsOnFields, forms.Form):
    reason = _reason_field()


class FocalPointForm(RefusalsOnFields, forms.Form):
    username = forms.CharField(
        max_length=150,
        label=gettext_lazy("Username"),
        help_text=gettext_lazy(
            "An existing account is used as it is; a new one gets no password until the "
            "person sets one."
        ),
    )
    email = forms.EmailField(label=gettext_lazy("E-mail"), required=False)
    reason = _reason_field()
