"""Which role links the navigation shows, decided once at sign-in.

The navigation is on every page; asking the database for the user's groups and units there would
add queries to every page. The flags are kept in the session when the user signs in (the session
is read on every request anyway). They only choose links: every view checks the user's roles
again (``indicators.permissions``), so a role withdrawn during a session opens nothing.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from custodians.roles import User
from indicators.permissions import can_manage_reporting_years, can_review, reports_for_units

SESSION_KEY = "navigation_roles"


def remember_navigation_roles(sender: Any, request: HttpRequest, user: User, **kwargs) -> None:
    """``user_logged_in`` receiver: keep the role flags the navigation needs in the session."""
    request.session[SESSION_KEY] = {
        "reports": reports_for_units(user),
        "reviewer": can_review(user),
        "manages_years": can_manage_reporting_years(user),
    }
