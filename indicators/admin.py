from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from indicators.models import (
    AcceleratingAction,
    ActionPlan,
    Indicator,
    Phase,
    Result,
    ResultBreakdownLine,
    Section,
    Target,
    TargetCustodian,
)


class PhaseInline(admin.TabularInline):
    model = Phase
    extra = 0


class SectionInline(admin.TabularInline):
    model = Section
    extra = 0


@admin.register(ActionPlan)
class ActionPlanAdmin(admin.ModelAdmin):
    list_display = ["title", "organisation", "start_year", "end_year"]
    search_fields = ["title", "organisation"]
    prepopulated_fields = {"slug": ["title"]}
    inlines = [PhaseInline, SectionInline]


@admin.register(Phase)
class PhaseAdmin(admin.ModelAdmin):
    list_display = ["label", "plan", "start_year", "end_year"]
    list_filter = ["plan"]


@admin.register(Section)
class SectionAdmin(admin.ModelAdmin):
    list_display = ["title", "plan", "position"]
    list_filter = ["plan"]
    search_fields = ["title"]


class TargetInline(admin.TabularInline):
    model = Target
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
    model = AcceleratingAction
    extra = 0
    autocomplete_fields = ["custodian"]
    fields = [
        "custodian",
        "text",
        "state",
        "progress_note",
        "due_date",
        "next_review_date",
        "position",
    ]


@admin.register(Target)
class TargetAdmin(SimpleHistoryAdmin):
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


class BreakdownInline(admin.TabularInline):
    model = ResultBreakdownLine
    extra = 0
    autocomplete_fields = ["custodian"]


@admin.register(Result)
class ResultAdmin(SimpleHistoryAdmin):
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
    raw_id_fields = ["target", "status_confirmed_by"]
    readonly_fields = ["version", "updated_at"]
    inlines = [BreakdownInline]


@admin.register(AcceleratingAction)
class AcceleratingActionAdmin(SimpleHistoryAdmin):
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
    raw_id_fields = ["target"]
    autocomplete_fields = ["custodian"]
    readonly_fields = ["version", "updated_at"]
