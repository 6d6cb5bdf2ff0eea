import io

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser
from django.core.management import call_command

from custodians.roles import GEDI_REVIEWERS, VIEWERS, ensure_role_groups
from indicators.loading import load_plan
from indicators.models import ActionPlan
from tests.factories import CustodianUnitFactory, MembershipFactory


@pytest.fixture
def ilo_plan(db) -> ActionPlan:
    """The ILO Action Plan for Gender Equality 2018–21, loaded from its file in fixtures/."""
    plan, _ = load_plan()
    return plan


@pytest.fixture
def role_users(db) -> dict[str, AbstractBaseUser]:
    """One user per role: administrator, GEDI reviewer, viewer and the focal point of unit
    FOCAL-UNIT."""
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


@pytest.fixture
def demo_users(ilo_plan) -> None:
    call_command("create_demo_users", "--force", stdout=io.StringIO())


@pytest.fixture(autouse=True)
def _plain_static_files(settings) -> None:
    """Pages render without running collectstatic first (production uses the manifest)."""
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
