from __future__ import annotations

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from evaluations.models import FollowUp, FollowUpState
from indicators import limits


class FollowUpForm(forms.Form):
    """A responsible unit's report for one year; ``version`` is what the user saw (0: none)."""

    state = forms.ChoiceField(label=gettext_lazy("State"), choices=FollowUpState.choices)
    note = forms.CharField(
        label=gettext_lazy("Note"),
        required=False,
        max_length=limits.NOTE,
        widget=forms.Textarea(attrs={"rows": 6, "cols": 80}),
        help_text=gettext_lazy("What was done this year, and what is left."),
    )
    version = forms.IntegerField(min_value=0, widget=forms.HiddenInput)

    @staticmethod
    def initial_for(current: FollowUp | None) -> dict:
        """What the form shows for the year: the saved report, or nothing (version 0)."""
        if current is None:
            return {"version": 0}
        return {"state": current.state, "note": current.note, "version": current.version}

    def resubmittable(self, saved_version: int) -> FollowUpForm:
        """The user's entries again, now against the version someone else saved."""
        return FollowUpForm({**self.cleaned_data, "version": saved_version})

    def clean(self) -> dict:
        cleaned = super().clean()
        if (
            cleaned.get("state") == FollowUpState.NO_LONGER_RELEVANT
            and not cleaned.get("note", "").strip()
        ):
            self.add_error("note", _("Say why the recommendation is no longer relevant."))
        return cleaned
