from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin
from django.contrib.auth.forms import ReadOnlyPasswordHashWidget, UserChangeForm
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from custodians.models import CustodianUnit, Membership, Portfolio, Region
from custodians.placements import placements


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

    def get_readonly_fields(self, request, obj=None):
        # A unit changes portfolio from a given year, which the scorecards of the years before
        # must know: on its unit page, through units.services.move_unit.
        return ["portfolio", "portfolio_by_year"] if obj is not None else []

    @admin.display(description=gettext_lazy("Portfolio through the years"))
    def portfolio_by_year(self, unit: CustodianUnit) -> str:
        runs = format_html_join("", "<li>{}</li>", ((str(run),) for run in placements(unit)))
        page = reverse("units:unit", args=[unit.slug])
        return format_html(
            '<ul>{}</ul><a href="{}">{}</a>', runs, page, _("Move it on its unit page")
        )


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "unit", "since"]
    list_filter = ["unit__portfolio", "unit"]
    search_fields = ["user__username", "user__email", "unit__name", "unit__acronym"]
    autocomplete_fields = ["user", "unit"]
    list_select_related = ["user", "unit"]


class PasswordSummary(ReadOnlyPasswordHashWidget):
    """Django's summary of an account's password, without the ``disabled`` its read-only field
    gives it: the summary is a ``<div>``, and HTML allows ``disabled`` only on form controls."""

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        context["widget"]["attrs"].pop("disabled", None)
        return context


class AccountChangeForm(UserChangeForm):
    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["password"].widget = PasswordSummary()


class AccountAdmin(UserAdmin):
    form = AccountChangeForm


admin.site.unregister(get_user_model())
admin.site.register(get_user_model(), AccountAdmin)
