"""The administration of the plan, its results and its actions.

Results and accelerating actions are what people report, so the admin corrects them only
through the same path as every other door (``indicators.services``): the entry rule, the
compare-and-set on the version the administrator opened, and a reason kept in the history.
The review state is changed only by the review steps on the result page
(``indicators.review``). Nothing reported is added or deleted here: entries start on the result
page, and deleting one would erase its reported history.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import Model
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.utils.functional import lazy
from django.utils.html import format_html_join
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy
from simple_history.admin import SimpleHistoryAdmin

from custodians.plan_texts import translation_names
from indicators import limits
from indicators.models import (
    AcceleratingAction,
    ActionPlan,
    Indicator,
    Phase,
    PublishedFigures,
    Result,
    Section,
    Target,
    TargetCustodian,
)
from indicators.plan_life import REVISED_FIELDS, PlanStateError, revise_target, revision_refusal
from indicators.result_rules import ACTION_FIELDS, RESULT_FIELDS, as_decimal
from indicators.selectors import TRACKED_FIELDS
from indicators.services import ACTION_TRANSLATIONS, action_write, result_write
from indicators.versions import StaleEdit, changes_since

NO_REVERT = gettext_lazy(
    "A past version is shown here, not restored: enter its values as a correction, with the "
    "reason, so that the history says who went back and why."
)


class HistoryShownNotReverted(SimpleHistoryAdmin):
    """The history of a reported entry, without django-simple-history's "Revert", which saves
    a past version with a plain ``save()``: no version bump, no reason, no entry rule."""

    def revert_disabled(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return True

    def history_form_view(
        self,
        request: HttpRequest,
        object_id: str,
        version_id: str,
        extra_context: dict[str, Any] | None = None,
    ) -> HttpResponse:
        # Hiding the button is not enough: the view saves whatever is posted to it.
        if request.method == "POST":
            raise PermissionDenied(NO_REVERT)
        return super().history_form_view(request, object_id, version_id, extra_context)


# The form's hidden ``version`` is not in a fieldset: the change form writes it on its own.
CORRECTION = (gettext_lazy("Your correction"), {"fields": ["reason"]})
SAVED = (
    pgettext_lazy("an entry as it is saved now", "Saved"),
    {"fields": ["saved_version", "updated_at"]},
)


def _reason_help() -> str:
    return _(
        "Why you correct this entry (up to %(limit)s characters). It is kept in the history "
        "with your name."
    ) % {"limit": limits.REASON}


REASON_HELP = lazy(_reason_help, str)()


class CorrectionForm(forms.ModelForm):
    """An administrator's correction: the version they opened, and why they change it.

    ``version`` is hidden, as on every form of the project: it is the version the administrator
    saw, compared and bumped by the service, never written from here. The model's ``clean()``
    (run by the form's validation) applies the entry rule, so the admin refuses what the entry
    form refuses, with the same messages.
    """

    version = forms.IntegerField(min_value=1, widget=forms.HiddenInput)
    reason = forms.CharField(
        label=gettext_lazy("Reason for the change"),
        max_length=limits.REASON,
        help_text=REASON_HELP,
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Not among the fieldsets' fields (see CORRECTION), so given its value here.
        self.initial.setdefault("version", self.instance.version)


class ResultCorrectionForm(CorrectionForm):
    # As the entry form takes them: a plain number, and a web address with https assumed. The
    # entry rule says what a result may hold, in its own words.
    value = forms.DecimalField(required=False, label=gettext_lazy("Value"))
    evidence_url = forms.URLField(
        required=False,
        max_length=limits.URL,
        assume_scheme="https",
        label=gettext_lazy("Evidence url"),
    )

    def clean_value(self) -> Decimal | None:
        # The number as the rule reads it ("37.000" is 37.00) before the model's own field
        # checks see it, which run ahead of ``Result.clean()`` and would refuse it.
        return as_decimal(self.cleaned_data["value"])


class CorrectedThroughServices(HistoryShownNotReverted):
    """A reported entry, changed here only by a correction through ``indicators.services``."""

    form = CorrectionForm
    change_form_template = "admin/correction_change_form.html"

    def has_add_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return False

    @admin.display(description=gettext_lazy("Version"))
    def saved_version(self, entry: Model) -> int:
        return entry.version

    def changeform_view(
        self,
        request: HttpRequest,
        object_id: str | None = None,
        form_url: str = "",
        extra_context: dict[str, Any] | None = None,
    ) -> HttpResponse:
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except StaleEdit as stale:  # raised in save_model; the admin's transaction rolled back
            self.message_user(request, self.stale_message(request, stale.current), messages.ERROR)
            return HttpResponseRedirect(request.get_full_path())

    def stale_message(self, request: HttpRequest, current: Model) -> str:
        """What the administrator is told when someone saved after they opened the page."""
        message = STALE_MESSAGES[type(current)]()
        try:
            seen = int(request.POST.get("version", ""))
        except ValueError:
            return message
        if seen >= current.version:  # not a version this entry had: nothing to compare with
            return message
        changed = changes_since(current, seen, TRACKED_FIELDS[type(current)])
        if changed:
            listed = "; ".join(
                _("%(field)s: %(old)s → %(new)s")
                % {"field": field.label, "old": field.old, "new": field.new}
                for field in changed
            )
            message += " " + _("Changed since you opened it: %(changes)s.") % {"changes": listed}
        return message


# Whole sentences: the words around the entry's name change with it in other languages.
STALE_MESSAGES = {
    Result: lambda: _(
        "Not saved: this result was changed by someone else after you opened it. The page is "
        "reloaded with what is saved now; make your correction again if it is still needed."
    ),
    AcceleratingAction: lambda: _(
        "Not saved: this accelerating action was changed by someone else after you opened it. "
        "The page is reloaded with what is saved now; make your correction again if it is "
        "still needed."
    ),
}


class PhaseInline(admin.TabularInline):
    model = Phase
    extra = 0


class SectionInline(admin.TabularInline):
    model = Section
    extra = 0


class PublishedFiguresInline(admin.StackedInline):
    """The whole plan's figures as a document published them, beside the loaded targets."""

    model = PublishedFigures
    extra = 0


@admin.register(ActionPlan)
class ActionPlanAdmin(admin.ModelAdmin):
    list_display = ["title", "organisation", "start_year", "end_year", "state"]
    list_filter = ["state"]
    # A plan moves between draft, active and closed on the Plans page (indicators/plan_life.py).
    readonly_fields = ["state"]
    search_fields = ["title", "organisation"]
    prepopulated_fields = {"slug": ["title"]}
    inlines = [PhaseInline, SectionInline, PublishedFiguresInline]


@admin.register(Phase)
class PhaseAdmin(admin.ModelAdmin):
    list_display = ["label", "plan", "start_year", "end_year", "target_count"]
    list_filter = ["plan"]


@admin.register(PublishedFigures)
class PublishedFiguresAdmin(SimpleHistoryAdmin):
    list_display = ["plan", "year", "source", "total"]
    list_filter = ["plan"]

    @admin.display(description=gettext_lazy("Source"))
    def source(self, figures: PublishedFigures) -> str:
        return figures.source

    @admin.display(description=gettext_lazy("Total"))
    def total(self, figures: PublishedFigures) -> int:
        return figures.total


@admin.register(Section)
class SectionAdmin(admin.ModelAdmin):
    list_display = ["title", "plan", "position"]
    list_filter = ["plan"]
    search_fields = ["title"]


class TargetPlanForm(forms.ModelForm):
    """Gives a target its plan (``Target.plan``): its phase's, which must be its indicator's."""

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        phase, indicator = data.get("phase"), data.get("indicator") or _indicator_of(self.instance)
        if phase is not None:
            if indicator is not None and indicator.section.plan_id != phase.plan_id:
                self.add_error(
                    "phase",
                    _("%(phase)s is not a phase of %(indicator)s's plan.")
                    % {"phase": phase, "indicator": indicator.code},
                )
            self.instance.plan_id = phase.plan_id
        return data


def _indicator_of(target: Target) -> Indicator | None:
    return target.indicator if target.indicator_id else None


class TargetInline(admin.TabularInline):
    model = Target
    form = TargetPlanForm
    extra = 0
    fields = ["phase", "scope", "region", "portfolio", "kind", "value", "unit", "direction", "text"]
    show_change_link = True


@admin.register(Indicator)
class IndicatorAdmin(SimpleHistoryAdmin):
    list_display = ["code", "text", "section", "kind"]
    list_filter = ["section__plan", "section", "kind"]
    search_fields = ["code", "text"]
    list_select_related = ["section"]
    inlines = [TargetInline]


class TargetCustodianInline(admin.TabularInline):
    model = TargetCustodian
    extra = 0
    autocomplete_fields = ["custodian"]


class ActionInline(admin.StackedInline):
    """Shown, not edited: an action is corrected on its own admin page, through the services."""

    model = AcceleratingAction
    extra = 0
    fields = ["custodian", *ACTION_FIELDS, "position", "version"]
    readonly_fields = fields
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request: HttpRequest, obj: Target | None = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Target | None = None) -> bool:
        return False


class TargetRevisionForm(TargetPlanForm):
    """The target's form with the reason a revision of an active plan's target needs."""

    revision_reason = forms.CharField(
        required=False,
        label=gettext_lazy("Revision reason"),
        max_length=limits.REASON,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=gettext_lazy(
            "Why the target changes: needed once its plan is active; shown beside it."
        ),
    )

    class Meta:
        model = Target
        fields = [
            "indicator",
            "phase",
            "scope",
            "region",
            "portfolio",
            *REVISED_FIELDS,
            *translation_names(Target),
            "baseline_value",
            "baseline_text",
            "baseline_year",
            "custodians_label",
            "position",
        ]

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if self.instance.pk and set(REVISED_FIELDS) & set(self.changed_data):
            refusal = revision_refusal(
                self.instance.indicator.section.plan, data.get("revision_reason", "")
            )
            if refusal:
                self.add_error("revision_reason", refusal)
        return data


@admin.register(Target)
class TargetAdmin(SimpleHistoryAdmin):
    form = TargetRevisionForm
    list_display = ["indicator", "phase", "scope", "region", "portfolio", "display_text"]
    list_filter = ["phase", "scope", "region", "portfolio", "kind", "indicator__section"]
    search_fields = [
        "indicator__text",
        "indicator__code",
        "text",
        "custodians__name",
        "custodians__acronym",
    ]
    list_select_related = ["indicator", "phase", "region", "portfolio"]
    autocomplete_fields = ["indicator"]
    inlines = [TargetCustodianInline, ActionInline]

    def get_readonly_fields(self, request: HttpRequest, obj: Target | None = None) -> list[str]:
        # A target stays with its indicator (its history, results and the appendix's rows
        # follow it); a new one picks it.
        return ["indicator"] if obj is not None else []

    @admin.display(description=gettext_lazy("Display text"))
    def display_text(self, target: Target) -> str:
        return target.display_text

    def save_model(self, request: HttpRequest, obj: Target, form: Any, change: bool) -> None:
        """A change of an existing target's commitment goes through ``revise_target``: a draft's
        freely, an active plan's with its reason, a closed plan's not at all."""
        changed = set(form.changed_data) - {"revision_reason"}
        revised = {name: form.cleaned_data[name] for name in REVISED_FIELDS if name in changed}
        if not change or not revised:
            super().save_model(request, obj, form, change)
            return
        translations = changed & set(translation_names(Target))
        others = changed - set(revised) - translations
        if others:  # the rest of the form first, then the revision with its reason
            Target.objects.filter(pk=obj.pk).update(**{name: getattr(obj, name) for name in others})
        try:
            revise_target(
                Target.objects.get(pk=obj.pk),
                user=request.user,
                reason=form.cleaned_data.get("revision_reason", ""),
                **revised,
            )
        except PlanStateError as exc:  # the form checked; a plan closed meanwhile
            raise PermissionDenied(" ".join(exc.messages)) from exc
        if translations:  # new words given with their translations: these translate them
            Target.objects.filter(pk=obj.pk).update(
                **{name: getattr(obj, name) for name in translations}
            )


@admin.register(Result)
class ResultAdmin(CorrectedThroughServices):
    form = ResultCorrectionForm
    list_display = [
        "target",
        "year",
        "display_text",
        "data_unavailable",
        "declared_status",
        "review_state",
    ]
    list_filter = [
        "year",
        "review_state",
        "data_unavailable",
        "declared_status",
        "target__indicator__section",
    ]
    search_fields = [
        "target__indicator__text",
        "target__indicator__code",
        "statement",
        "explanation",
    ]
    list_select_related = ["target__indicator", "target__region", "target__portfolio"]
    fieldsets = [
        (None, {"fields": ["target", "year"]}),
        (
            gettext_lazy("What was reported"),
            {"fields": [*RESULT_FIELDS, "unit", "portfolio_lines"]},
        ),
        (
            pgettext_lazy("the review of a result, as a heading", "Review"),
            {
                "fields": [
                    "review_state",
                    "submitted_at",
                    "submitted_by",
                    "approved_by",
                    "approved_at",
                    "status_confirmed",
                    "status_confirmed_by",
                    "status_confirmed_at",
                ],
                "description": gettext_lazy(
                    "Review steps (submit, approve, return, reopen) are taken on the result's "
                    "page, where the custodians and GEDI see them; whoever submitted an entry "
                    "does not approve it too."
                ),
            },
        ),
        CORRECTION,
        SAVED,
    ]
    readonly_fields = [
        "target",
        "year",
        "unit",
        "portfolio_lines",
        "review_state",
        "submitted_at",
        "submitted_by",
        "approved_by",
        "approved_at",
        "status_confirmed",
        "status_confirmed_by",
        "status_confirmed_at",
        "saved_version",
        "updated_at",
    ]

    @admin.display(description=gettext_lazy("Display text"))
    def display_text(self, result: Result) -> str:
        return result.display_text

    @admin.display(description=gettext_lazy("Portfolio lines"))
    def portfolio_lines(self, result: Result) -> SafeString:
        """Each portfolio's line is written by its own custodian on the result's page."""
        lines = result.breakdown_lines.select_related("portfolio").order_by("position")
        shown = format_html_join(
            mark_safe("<br>"), "{}: {}", ((line.portfolio.name, line.statement) for line in lines)
        )
        return shown or self.get_empty_value_display()

    def save_model(
        self, request: HttpRequest, obj: Result, form: CorrectionForm, change: bool
    ) -> None:
        outcome = result_write(
            target=obj.target,
            year=obj.year,
            user=request.user,
            fields={name: form.cleaned_data[name] for name in RESULT_FIELDS},
            expected_version=form.cleaned_data["version"],
            reason=form.cleaned_data["reason"],
        )
        obj.version = outcome.instance.version


@admin.register(AcceleratingAction)
class AcceleratingActionAdmin(CorrectedThroughServices):
    list_display = ["text", "custodian", "state", "due_date", "next_review_date"]
    list_filter = ["state", "custodian__portfolio", "custodian", "target__indicator__section"]
    search_fields = [
        "text",
        "progress_note",
        "custodian__name",
        "custodian__acronym",
        "target__indicator__text",
    ]
    list_select_related = ["custodian"]
    fieldsets = [
        (None, {"fields": ["target", "custodian", "position"]}),
        (gettext_lazy("The action"), {"fields": list(ACTION_FIELDS)}),
        (gettext_lazy("Its text in French and Spanish"), {"fields": list(ACTION_TRANSLATIONS)}),
        CORRECTION,
        SAVED,
    ]
    readonly_fields = ["target", "custodian", "position", "saved_version", "updated_at"]

    def save_model(
        self, request: HttpRequest, obj: AcceleratingAction, form: CorrectionForm, change: bool
    ) -> None:
        outcome = action_write(
            action=obj,
            user=request.user,
            fields={name: form.cleaned_data[name] for name in ACTION_FIELDS + ACTION_TRANSLATIONS},
            expected_version=form.cleaned_data["version"],
            reason=form.cleaned_data["reason"],
        )
        obj.version = outcome.instance.version
