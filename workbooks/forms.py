from __future__ import annotations

from django import forms
from django.conf import settings
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from indicators import limits
from indicators.models import ActionPlan, Phase
from indicators.review import Counting
from workbooks.importing.applying import SOURCE_ROOM
from workbooks.importing.reading import max_upload_bytes

# Both download forms share a page and field names. Their ids differ as prefixes would make them,
# while the names (the GET parameters links elsewhere use, such as ``?year=``) stay plain.
APPENDIX_IDS = "id_appendix-%s"
DATA_WORKBOOK_IDS = "id_data-%s"


class AppendixForm(forms.Form):
    ALL, OFF_TRACK = "all", "off_track"

    # Choices from a list read once, not a queryset: the template renders without queries.
    phase = forms.TypedChoiceField(
        coerce=int,
        label=gettext_lazy("Phase"),
        required=False,  # a link with only the year gets the year's phase
        help_text=gettext_lazy("The phase whose targets the table shows."),
    )
    year = forms.TypedChoiceField(coerce=int, label=gettext_lazy("Reporting year"))
    targets = forms.ChoiceField(
        label=gettext_lazy("Targets"),
        choices=[
            (ALL, gettext_lazy("Every target loaded (as GB.343/INS printed them)")),
            (OFF_TRACK, gettext_lazy("Only targets not on track")),
        ],
        initial=ALL,
        required=False,  # a link without it gets all targets
        widget=forms.RadioSelect,
    )
    counting = forms.ChoiceField(
        label=gettext_lazy("Results"),
        choices=[
            (Counting.APPROVED_ONLY, gettext_lazy("Approved results only")),
            (
                Counting.WITH_SUBMITTED,
                gettext_lazy("Approved and submitted (submitted marked provisional)"),
            ),
        ],
        initial=Counting.APPROVED_ONLY,
        required=False,  # a link without it gets approved results only
        widget=forms.RadioSelect,
    )
    # Each language named in itself, as the switcher names them.
    language = forms.ChoiceField(
        label=gettext_lazy("Language of the appendix"),
        choices=settings.LANGUAGES,
        required=False,  # a link without it gets the reader's language
        help_text=gettext_lazy(
            "Its headings, notes, statuses and quantities; the plan's own texts stay as the plan "
            "gives them."
        ),
    )

    def __init__(self, *args: object, plan: ActionPlan, **kwargs: object) -> None:
        kwargs.setdefault("auto_id", APPENDIX_IDS)
        super().__init__(*args, **kwargs)
        self.plan = plan
        self.phases = {phase.pk: phase for phase in plan.phases.order_by("start_year")}
        self.fields["phase"].choices = [(pk, phase.label) for pk, phase in self.phases.items()]
        self.fields["year"].choices = [(y, y) for y in plan.years]
        if "phase" not in self.initial and self.initial.get("year"):
            phase = self._phase_of(self.initial["year"])
            self.initial["phase"] = phase.pk if phase else None

    def clean(self) -> dict:
        cleaned = super().clean()
        year = cleaned.get("year")
        phase = cleaned["phase"] = self.phases.get(cleaned.get("phase"))
        if year and phase is None:
            phase = cleaned["phase"] = self._phase_of(year)
            if phase is None:
                self.add_error("year", _("No phase of the plan includes this year."))
        if phase and year and not phase.start_year <= year <= phase.end_year:
            self.add_error(
                "year", _("Choose a year of the %(phase)s phase.") % {"phase": phase.label}
            )
        return cleaned

    def _phase_of(self, year: int) -> Phase | None:
        return next((p for p in self.phases.values() if p.start_year <= year <= p.end_year), None)

    @property
    def only_off_track(self) -> bool:
        return self.cleaned_data["targets"] == self.OFF_TRACK

    @property
    def results_counted(self) -> str:
        return self.cleaned_data.get("counting") or Counting.APPROVED_ONLY


class DataWorkbookForm(forms.Form):
    year = forms.TypedChoiceField(coerce=int, label=gettext_lazy("Reporting year"))

    def __init__(self, *args: object, plan: ActionPlan, **kwargs: object) -> None:
        kwargs.setdefault("auto_id", DATA_WORKBOOK_IDS)
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = [(y, y) for y in plan.years]


class UploadForm(forms.Form):
    workbook = forms.FileField(
        label=gettext_lazy("Edited data workbook (.xlsx)"),
        help_text=gettext_lazy(
            "The workbook you downloaded here and edited. Nothing is saved until you have "
            "seen the changes and confirmed them."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx"}),
    )

    def clean_workbook(self) -> object:
        upload = self.cleaned_data["workbook"]
        limit = max_upload_bytes()
        if upload.size > limit:
            raise forms.ValidationError(
                _("The file is %(size)s MB; the limit is %(limit)s MB.")
                % {
                    "size": number_format(upload.size / 1_048_576, 1),
                    "limit": number_format(limit / 1_048_576, 1),
                }
            )
        return upload


class ConfirmForm(forms.Form):
    reason = forms.CharField(
        label=gettext_lazy("Reason for changing entries already submitted or approved"),
        required=False,
        # The history keeps the reason with where the change came from.
        max_length=limits.REASON - SOURCE_ROOM,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
