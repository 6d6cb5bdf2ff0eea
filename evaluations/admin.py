"""The administration of evaluations and their recommendations.

Follow-up reports are shown, not edited: they are written on the follow-up page, through
``evaluations.services.follow_up_write`` (the version the person opened, the history), which
administrators use like everyone else. Nothing here saves a report by another path.
"""

from __future__ import annotations

from django.contrib import admin
from django.http import HttpRequest
from simple_history.admin import SimpleHistoryAdmin

from evaluations.models import (
    Evaluation,
    FollowUp,
    IndicatorLink,
    OfficeResponse,
    Recommendation,
    ResponsibleUnit,
    SubAction,
)
from indicators.admin import HistoryShownNotReverted


class RecommendationInline(admin.TabularInline):
    model = Recommendation
    extra = 0
    fields = ["number", "title", "priority", "time_implication", "resource_implication"]
    show_change_link = True


@admin.register(Evaluation)
class EvaluationAdmin(SimpleHistoryAdmin):
    list_display = ["short_title", "document", "period", "year", "position"]
    search_fields = ["title", "short_title", "document"]
    prepopulated_fields = {"slug": ["short_title"]}
    inlines = [RecommendationInline]


class SubActionInline(admin.TabularInline):
    model = SubAction
    extra = 0


class ResponsibleUnitInline(admin.TabularInline):
    model = ResponsibleUnit
    extra = 0
    autocomplete_fields = ["unit"]


class IndicatorLinkInline(admin.TabularInline):
    """Where GEDI records which Action Plan indicators take the recommendation up."""

    model = IndicatorLink
    extra = 1
    autocomplete_fields = ["indicator"]


class OfficeResponseInline(admin.StackedInline):
    model = OfficeResponse
    extra = 0


class FollowUpInline(admin.TabularInline):
    """Shown, not edited: follow-up goes through its page, which guards against lost updates;
    deleting a report would erase what a unit reported."""

    model = FollowUp
    extra = 0
    fields = ["year", "state", "note", "updated_at"]
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj: Recommendation | None = None) -> bool:
        return False


@admin.register(Recommendation)
class RecommendationAdmin(SimpleHistoryAdmin):
    list_display = ["__str__", "evaluation", "priority", "time_implication", "resource_implication"]
    list_filter = ["evaluation", "priority", "resource_implication"]
    search_fields = ["title", "summary", "responsible_units_text"]
    list_select_related = ["evaluation"]
    inlines = [
        ResponsibleUnitInline,
        SubActionInline,
        OfficeResponseInline,
        IndicatorLinkInline,
        FollowUpInline,
    ]


@admin.register(FollowUp)
class FollowUpAdmin(HistoryShownNotReverted):
    """Read-only here, for the same reason as the inline; its history is shown, not reverted."""

    list_display = ["recommendation", "year", "state", "updated_at"]
    list_filter = ["year", "state", "recommendation__evaluation"]
    list_select_related = ["recommendation"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: FollowUp | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: FollowUp | None = None) -> bool:
        return False
