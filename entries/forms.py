"""Forms for entering results and actions, review steps and the reporting years.

Every form carries the version the user saw as a hidden field, so that a second save from a
stale page is refused (``indicators.services.StaleEdit``) instead of overwriting.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.formats import date_format
from django.utils.functional import lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy

from custodians.models import CustodianUnit
from custodians.plan_texts import in_language
from entries.selectors import LineSpec
from indicators import limits
from indicators.formatting import format_number, format_quantity
from indicators.models import AcceleratingAction, ReportingYear, Result, Target
from indicators.result_rules import RESULT_FIELDS, settle_action, settle_line, settle_result
from indicators.review import needs_reason
from indicators.services import BreakdownLineInput

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def add_refusals(form: forms.Form, refusal: ValidationError, fields: dict[str, str]) -> None:
    """The entry rule's messages, each on the form field it concerns (``fields`` maps the
    rule's field names to the form's); any other on the form as a whole."""
    for name, messages in refusal.message_dict.items():
        shown = fields.get(name, name)
        for message in messages:
            form.add_error(shown if shown in form.fields else None, message)


class UnitChoiceField(forms.ChoiceField):
    """A choice among custodian units fetched by the view, so that rendering runs no query.

    Cleans to the ``CustodianUnit``; a unit not offered is refused as ``invalid_choice``.
    """

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.units: dict[str, CustodianUnit] = {}

    def offer(self, units: Sequence[CustodianUnit]) -> None:
        self.units = {str(unit.pk): unit for unit in units}
        self.choices = [(str(unit.pk), f"{in_language(unit)} ({unit.acronym})") for unit in units]

    def clean(self, value: Any) -> CustodianUnit | None:
        key = super().clean(value)
        return self.units.get(key) if key else None


def _version_field() -> forms.IntegerField:
    return forms.IntegerField(min_value=0, widget=forms.HiddenInput)


def _reason_help() -> str:
    return _(
        "This entry was already submitted or approved: say why it changes (up to %(limit)s "
        "characters). It is kept in the history."
    ) % {"limit": limits.REASON}


def _reason_field() -> forms.CharField:
    return forms.CharField(
        label=gettext_lazy("Reason for the change"),
        max_length=limits.REASON,
        required=False,
        help_text=lazy(_reason_help, str)(),  # in the reader's language, page by page
    )


@dataclass(frozen=True)
class Difference:
    """One field of a refused save: what the user entered beside what is saved now."""

    label: str
    yours: str
    saved: str

    @property
    def differs(self) -> bool:
        return self.yours != self.saved


def _typed_number(value: Decimal | None) -> str | None:
    """A saved number as a person would type it: 41, not 41.00 (the database keeps cents)."""
    return None if value is None else format_number(value)


def _shown(value: Any) -> str:
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    return str(value)


class ResultForm(forms.Form):
    """A target's result for one year, as its custodian (or GEDI) enters it."""

    value = forms.DecimalField(
        label=gettext_lazy("Result"),
        required=False,
        help_text=gettext_lazy(
            "The number, in the target's unit. Leave it empty to report a statement."
        ),
    )
    statement = forms.CharField(
        label=gettext_lazy("Statement"),
        required=False,
        max_length=limits.STATEMENT,
        help_text=gettext_lazy("As it should be printed, e.g. “No audits done”."),
    )
    data_unavailable = forms.BooleanField(label=gettext_lazy("Data unavailable"), required=False)
    unavailable_reason = forms.CharField(
        label=gettext_lazy("Why the data are unavailable"),
        required=False,
        max_length=limits.STATEMENT,
        help_text=gettext_lazy("E.g. “Session of the Conference not held”."),
    )
    declared_status = forms.ChoiceField(
        label=gettext_lazy("Is the target on track?"),
        required=False,
        choices=[("", gettext_lazy("Not declared")), *Result.DeclaredStatus.choices],
        help_text=gettext_lazy(
            "For a milestone, or when you report a statement instead of a number. GEDI "
            "confirms it when approving."
        ),
    )
    explanation = forms.CharField(
        label=gettext_lazy("Explanation"),
        required=False,
        max_length=limits.NOTE,
        widget=forms.Textarea(attrs={"rows": 5, "cols": 80}),
        help_text=gettext_lazy("What the result means and where it comes from."),
    )
    evidence_url = forms.URLField(
        label=gettext_lazy("Evidence link (optional)"),
        required=False,
        max_length=limits.URL,
        assume_scheme="https",
        help_text=gettext_lazy("A web address where the figure can be checked."),
    )
    reason = _reason_field()
    version = _version_field()

    def __init__(
        self,
        data: Any = None,
        *,
        target: Target,
        result: Result | None,
        lines: list[LineSpec],
    ) -> None:
        super().__init__(data, initial=self._initial(result, lines))
        self.target = target
        self.lines = lines
        self.locked = result is not None and needs_reason(result.review_state)
        self._ask_by_kind(target)
        if not self.locked:
            del self.fields["reason"]
        for line in lines:
            names = {"portfolio": in_language(line.portfolio), "unit": line.custodian.acronym}
            self.fields[self._line_field(line, "statement")] = forms.CharField(
                label=_("%(portfolio)s Portfolio (%(unit)s): statement") % names,
                required=False,
                max_length=limits.STATEMENT,
                disabled=not line.editable,
                help_text=None if line.editable else _("Reported by its own custodian."),
            )
            self.fields[self._line_field(line, "value")] = forms.DecimalField(
                label=_("%(portfolio)s Portfolio (%(unit)s): number (optional)") % names,
                required=False,
                disabled=not line.editable,
            )

    def _ask_by_kind(self, target: Target) -> None:
        """Words for what the target's kind needs: a milestone is reported in words with a
        declared status and takes no number; a number target's status is computed."""
        statement = self.fields["statement"]
        if target.kind == Target.Kind.MILESTONE:
            del self.fields["value"]
            statement.label = _("Result (in words)")
            statement.help_text = _("As it should be printed, e.g. “Plan drafted”.")
            declared = self.fields["declared_status"]
            declared.help_text = _("The words alone do not tell. GEDI confirms it when approving.")
            return
        value = self.fields["value"]
        value.label = _("Result (per cent)") if target.unit == "percent" else _("Result (number)")
        value.help_text = _("The status is computed against the target (%(target)s).") % {
            "target": target.display_text
        }
        statement.label = _("Statement (optional)")
        statement.help_text = _(
            "Words printed with the number, e.g. “None”; or instead of it when there is none."
        )

    @staticmethod
    def _line_field(line: LineSpec, part: str) -> str:
        return f"line_{line.portfolio.code}_{part}"

    @classmethod
    def _initial(cls, result: Result | None, lines: list[LineSpec]) -> dict[str, Any]:
        initial: dict[str, Any] = {"version": result.version if result else 0}
        if result is not None:
            initial.update(
                value=_typed_number(result.value),
                statement=result.statement,
                data_unavailable=result.data_unavailable,
                unavailable_reason=result.unavailable_reason,
                declared_status=result.declared_status,
                explanation=result.explanation,
                evidence_url=result.evidence_url,
            )
        for line in lines:
            initial[cls._line_field(line, "statement")] = line.statement
            initial[cls._line_field(line, "value")] = _typed_number(line.value)
        return initial

    @property
    def asks_declared_status(self) -> bool:
        """Whether the page asks "is the target on track?". Always for a milestone; for a
        number target only when the entry rule asked for it (words without a number) or the
        entry already holds an answer: a number decides the status itself."""
        if self.target.kind == Target.Kind.MILESTONE:
            return True
        field = self["declared_status"]
        return bool(field.errors or field.value())

    @property
    def main_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in self.fields if not name.startswith("line_")]

    @property
    def line_fields(self) -> list[tuple[forms.BoundField, forms.BoundField]]:
        return [
            (self[self._line_field(line, "statement")], self[self._line_field(line, "value")])
            for line in self.lines
        ]

    def clean(self) -> dict[str, Any]:
        """The fields are parsed by their types; what the result may hold is the entry rule's
        to say (``indicators.result_rules``), and what it keeps is what is saved."""
        cleaned = super().clean()
        if any(name in self.errors for name in RESULT_FIELDS):
            return cleaned  # a field that did not parse is reported as such
        entry = {name: cleaned.get(name) for name in RESULT_FIELDS}
        try:
            self.settled = settle_result(self.target, entry)
        except ValidationError as refusal:
            add_refusals(
                self, refusal, {"value": "value" if "value" in self.fields else "statement"}
            )
        for line in self.lines:
            if not line.editable:
                continue
            statement_field = self._line_field(line, "statement")
            value_field = self._line_field(line, "value")
            try:
                settle_line(cleaned.get(statement_field), cleaned.get(value_field))
            except ValidationError as refusal:
                add_refusals(self, refusal, {"statement": statement_field, "value": value_field})
        # Whether a reason is needed is the service's to say (``ReasonRequired``), after it has
        # checked the version: a form opened on a draft that was submitted meanwhile is shown
        # the conflict, not asked for a reason it had no field for.
        return cleaned

    def result_fields(self) -> dict[str, Any]:
        """The result's fields as ``indicators.services.result_write`` takes them: as the entry
        rule settled them."""
        return {name: self.settled[name] for name in RESULT_FIELDS}

    def breakdown(self) -> list[BreakdownLineInput]:
        return [
            BreakdownLineInput(
                portfolio=line.portfolio,
                custodian=line.custodian,
                statement=self.cleaned_data[self._line_field(line, "statement")] or "",
                value=self.cleaned_data[self._line_field(line, "value")],
            )
            for line in self.lines
        ]

    def _shown_result(self, fields: dict[str, Any]) -> dict[str, str]:
        statuses = dict(Result.DeclaredStatus.choices)
        shown = {name: _shown(value) for name, value in fields.items()}
        shown["value"] = _shown(format_quantity(fields["value"], self.target.unit))
        shown["declared_status"] = _shown(statuses.get(fields["declared_status"], ""))
        return shown

    def differences(self, saved: Result, saved_lines: list[LineSpec]) -> list[Difference]:
        """The user's entries beside the result as someone else saved it."""
        mine = self._shown_result(self.result_fields())
        theirs = self._shown_result({name: getattr(saved, name) for name in mine})
        rows = [
            Difference(self.fields[name].label, mine[name], theirs[name])
            for name in mine
            if name in self.fields
        ]
        saved_by_portfolio = {line.portfolio.pk: line for line in saved_lines}
        for line in self.lines:
            other = saved_by_portfolio.get(line.portfolio.pk)
            rows.append(
                Difference(
                    _("%(portfolio)s Portfolio") % {"portfolio": in_language(line.portfolio)},
                    _shown(self.cleaned_data[self._line_field(line, "statement")]),
                    _shown(other.statement if other else ""),
                )
            )
        return rows


class ActionForm(forms.Form):
    """An accelerating action: what is done, where it stands, and when it is looked at next."""

    custodian = UnitChoiceField(
        label=gettext_lazy("Custodian unit"),
        help_text=gettext_lazy("The unit that commits to the action."),
    )
    text = forms.CharField(
        label=gettext_lazy("Action"),
        required=False,  # the entry rule says an action needs its text, in its words
        max_length=limits.NOTE,
        widget=forms.Textarea(attrs={"rows": 3, "cols": 80}),
        help_text=gettext_lazy("What will be done, naming co-responsible units in brackets."),
    )
    state = forms.ChoiceField(
        label=pgettext_lazy("of an accelerating action", "State"),
        choices=AcceleratingAction.State.choices,
    )
    progress_note = forms.CharField(
        label=gettext_lazy("Progress note"),
        required=False,
        max_length=limits.NOTE,
        widget=forms.Textarea(attrs={"rows": 4, "cols": 80}),
        help_text=gettext_lazy(
            "What happened since the last update. Needed when the action is constrained or dropped."
        ),
    )
    due_date = forms.DateField(
        label=gettext_lazy("Due date"),
        required=False,
        widget=DATE_WIDGET,
        help_text=gettext_lazy("For example 2021-12-31."),
    )
    next_review_date = forms.DateField(
        label=gettext_lazy("Next review"),
        required=False,
        widget=DATE_WIDGET,
        help_text=gettext_lazy("When it is looked at next."),
    )
    version = _version_field()

    FIELDS = ("text", "state", "progress_note", "due_date", "next_review_date")

    def __init__(
        self,
        data: Any = None,
        *,
        action: AcceleratingAction | None = None,
        units: Sequence[CustodianUnit] = (),
    ) -> None:
        initial: dict[str, Any] = {"version": 0, "state": AcceleratingAction.State.NOT_STARTED}
        if action is not None:
            initial = {name: getattr(action, name) for name in self.FIELDS}
            initial["version"] = action.version
        super().__init__(data, initial=initial)
        if action is not None:
            del self.fields["custodian"]  # an action stays with the unit that committed to it
        else:
            self.fields["custodian"].offer(units)
            del self.fields["version"]

    def clean(self) -> dict[str, Any]:
        """Parsed by type here; what an action may hold is the entry rule's to say."""
        cleaned = super().clean()
        if any(name in self.errors for name in self.FIELDS):
            return cleaned
        try:
            self.settled = settle_action({name: cleaned.get(name) for name in self.FIELDS})
        except ValidationError as refusal:
            add_refusals(self, refusal, {})
        return cleaned

    def action_fields(self) -> dict[str, Any]:
        return {name: self.settled[name] for name in self.FIELDS}

    def differences(self, saved: AcceleratingAction) -> list[Difference]:
        states = dict(AcceleratingAction.State.choices)
        mine = self.action_fields()
        return [
            Difference(
                self.fields[name].label,
                _shown(states.get(mine[name], mine[name]) if name == "state" else mine[name]),
                _shown(saved.get_state_display() if name == "state" else getattr(saved, name)),
            )
            for name in self.FIELDS
        ]


class ReviewStepForm(forms.Form):
    """A review step on a result, with the version the person saw and an optional comment."""

    comment = forms.CharField(
        label=gettext_lazy("Comment"),
        required=False,
        max_length=limits.COMMENT,
        widget=forms.Textarea(attrs={"rows": 3, "cols": 60}),
    )
    version = _version_field()

    def __init__(self, data: Any = None, *, comment_required: bool = False, **kwargs) -> None:
        super().__init__(data, **kwargs)
        self.fields["comment"].required = comment_required


class CommentForm(forms.Form):
    text = forms.CharField(
        label=gettext_lazy("Your comment"),
        max_length=limits.COMMENT,
        widget=forms.Textarea(attrs={"rows": 3, "cols": 60}),
    )


class DeadlineForm(forms.Form):
    """A reporting year's deadline, in the range the year allows (``ReportingYear``'s rule)."""

    deadline = forms.DateField(
        label=gettext_lazy("Deadline"),
        required=False,
        widget=DATE_WIDGET,
        help_text=gettext_lazy("Results submitted after it are marked late. Empty: no deadline."),
    )

    def __init__(self, data: Any = None, *, reporting_year: ReportingYear, **kwargs) -> None:
        super().__init__(data, **kwargs)
        self.reporting_year = reporting_year
        first, last = reporting_year.deadline_range()
        field = self.fields["deadline"]
        field.widget.attrs.update(min=first.isoformat(), max=last.isoformat())
        allowed = _("For %(year)s: from %(first)s to %(last)s.") % {
            "year": reporting_year.year,
            "first": date_format(first, "j F Y"),
            "last": date_format(last, "j F Y"),
        }
        field.help_text = f"{field.help_text} {allowed}"

    def clean_deadline(self) -> datetime.date | None:
        deadline = self.cleaned_data["deadline"]
        refusal = self.reporting_year.deadline_refusal(deadline)
        if refusal:
            raise ValidationError(refusal)
        return deadline


class ReopenForUnitForm(forms.Form):
    unit = UnitChoiceField(label=gettext_lazy("Unit"))

    def __init__(self, data: Any = None, *, units: Sequence[CustodianUnit], **kwargs) -> None:
        super().__init__(data, **kwargs)
        self.fields["unit"].offer(units)


class EntrySelectionForm(forms.Form):
    """Entries ticked on a list, each sent as "<id>:<version>": the version the person saw, so
    that an entry changed since is reported and left alone, not stepped blindly."""

    entries = forms.Field(
        widget=forms.MultipleHiddenInput,
        error_messages={"required": gettext_lazy("Tick at least one entry.")},
    )

    def clean_entries(self) -> dict[int, int]:
        seen: dict[int, int] = {}
        for item in self.cleaned_data["entries"]:
            pk, _colon, version = str(item).partition(":")
            if not (pk.isdigit() and version.isdigit()) or max(len(pk), len(version)) > 9:
                raise ValidationError(_("An entry was sent in a form this page does not make."))
            seen[int(pk)] = int(version)
        return seen
