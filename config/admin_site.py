"""The administration, under the product's name, for reference data and user accounts.

Results, actions and follow-ups are corrected there only through the product's services, and the
review steps are not taken there at all (``indicators/admin.py``). Who is not staff never meets
Django's own sign-in form: a visitor is sent to the product's sign-in page, and a signed-in person
without staff rights gets the product's "not allowed" page, which says where to go instead.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.admin import AdminSite
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy

NOT_STAFF = gettext_lazy(
    "The administration is for the product's administrators. Results, actions and reviews are "
    "entered on the product's own pages."
)


def brand(site: AdminSite) -> None:
    """Name ``site`` after the product and send people who may not use it to the product."""
    site.site_header = gettext_lazy("Action Plan monitor: administration")
    site.site_title = gettext_lazy("Action Plan monitor administration")
    site.index_title = gettext_lazy("Reference data and user accounts")
    site.site_url = "/"

    def login(request: HttpRequest, extra_context: dict | None = None) -> HttpResponse:
        if request.user.is_authenticated:
            if not site.has_permission(request):
                raise PermissionDenied(NOT_STAFF)
            asked = request.GET.get("next", "")
            safe = url_has_allowed_host_and_scheme(asked, {request.get_host()})
            return redirect(asked if asked and safe else "admin:index")
        return redirect_to_login(request.GET.get("next") or request.path, settings.LOGIN_URL)

    site.login = login
