from django.contrib import admin

from custodians.models import CustodianUnit, Membership, Portfolio, Region


@admin.register(Portfolio)
class PortfolioAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "position"]
    search_fields = ["name", "code"]


@admin.register(Region)
class RegionAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "position"]
    search_fields = ["name", "code"]


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["user"]


@admin.register(CustodianUnit)
class CustodianUnitAdmin(admin.ModelAdmin):
    list_display = ["name", "acronym", "kind", "portfolio", "region", "retired_on"]
    list_filter = ["kind", "portfolio", "region", "retired_on"]
    search_fields = ["name", "acronym"]
    prepopulated_fields = {"slug": ["acronym"]}
    list_select_related = ["portfolio", "region"]
    inlines = [MembershipInline]


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "unit", "since"]
    list_filter = ["unit__portfolio", "unit"]
    search_fields = ["user__username", "user__email", "unit__name", "unit__acronym"]
    autocomplete_fields = ["user", "unit"]
    list_select_related = ["user", "unit"]
