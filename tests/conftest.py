import io

import pytest
from django.core.management import call_command

from indicators.loading import load_plan
from indicators.models import ActionPlan


@pytest.fixture
def ilo_plan(db) -> ActionPlan:
    """The ILO Action Plan for Gender Equality 2018–21, loaded from its file in fixtures/."""
    plan, _ = load_plan()
    return plan


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
