import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser

from custodians.roles import GEDI_REVIEWERS, VIEWERS, ensure_role_groups
from tests.browser.conftest import (  # noqa: F401 - the browser fixtures, for test_browser.py
    assert_accessible,
    axe,
    browser_type_launch_args,
    console_errors,
    served_plan,
    sign_in,
)
from tests.factories import CustodianUnitFactory, MembershipFactory

ROLES = ["admin", "gedi", "viewer", "focal"]


@pytest.fixture
def role_users(db) -> dict[str, AbstractBaseUser]:
    """One user per role: administrator, GEDI reviewer, viewer and a unit's focal point."""
    groups = ensure_role_groups()
    # Signed in with force_login: no password to hash (hashing is most of a test's time).
    users = get_user_model().objects
    admin = users.create(username="role-admin", is_superuser=True, is_staff=True)
    gedi = users.create(username="role-gedi")
    gedi.groups.add(groups[GEDI_REVIEWERS])
    viewer = users.create(username="role-viewer")
    viewer.groups.add(groups[VIEWERS])
    focal = users.create(username="role-focal")
    MembershipFactory(user=focal, unit=CustodianUnitFactory(acronym="FOCAL-UNIT"))
    return {"admin": admin, "gedi": gedi, "viewer": viewer, "focal": focal}
