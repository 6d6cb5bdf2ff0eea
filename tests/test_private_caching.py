"""Cache-Control: what is meant for one person is neither shared nor stored; static files are.

config/cache_control.py marks every response to a signed-in request, and every response that
sets a cookie or varies on Cookie, ``private, no-store``; WhiteNoise serves static files before it.
"""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.contrib.staticfiles.storage import staticfiles_storage
from django.core.management import call_command
from django.http import HttpResponse
from django.test import Client
from django.urls import reverse

from tests.factories import UserFactory


def directives(response: HttpResponse) -> set[str]:
    return {part.strip() for part in response.get("Cache-Control", "").split(",") if part.strip()}


PRIVATE = {"private", "no-store"}


@pytest.fixture
def viewer(client, demo_users) -> Client:
    """A signed-in viewer: sees every unit's targets and may download workbooks."""
    client.force_login(get_user_model().objects.get(username="viewer"))
    return client


@pytest.mark.django_db
def test_signed_in_pages_and_downloads_are_private_and_not_stored(viewer, ilo_plan):
    for url, params in [
        (ilo_plan.get_absolute_url(), {"year": 2020}),
        (reverse("reports:plan", args=[ilo_plan.slug]), {"year": 2020}),
        (reverse("reports:json", args=[ilo_plan.slug]), {"year": 2020}),
        (reverse("workbooks:data_workbook"), {"year": 2020}),
        (reverse("workbooks:appendix"), {"year": 2020}),
    ]:
        response = viewer.get(url, params)
        assert response.status_code == 200, url
        assert directives(response) >= PRIVATE, (url, response.get("Cache-Control"))


@pytest.mark.django_db
def test_a_refused_page_for_a_signed_in_person_is_private_too(client):
    client.force_login(UserFactory(username="outsider"))
    response = client.get(reverse("workbooks:data_workbook"), {"year": 2020})
    assert response.status_code == 403
    assert directives(response) >= PRIVATE


@pytest.mark.django_db
def test_anonymous_pages_that_set_the_csrf_cookie_are_private(client, settings):
    settings.PASSWORD_RESET_ENABLED = True
    for url in [reverse("login"), reverse("password_reset")]:
        response = client.get(url)
        assert response.status_code == 200
        assert "csrftoken" in response.cookies
        assert directives(response) >= PRIVATE, (url, response.get("Cache-Control"))


@pytest.mark.django_db
def test_the_sign_in_page_keeps_its_own_stricter_never_cache(client):
    assert directives(client.get(reverse("login"))) >= {
        "private",
        "no-store",
        "no-cache",
        "must-revalidate",
        "max-age=0",
    }


@pytest.mark.django_db
def test_hashed_static_files_keep_long_public_caching(settings, tmp_path):
    """Production's storage (manifest, hashed names) served by WhiteNoise, even when signed in."""
    settings.STATIC_ROOT = tmp_path
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
    }
    call_command("collectstatic", interactive=False, verbosity=0)
    hashed_url = staticfiles_storage.url("css/app.css")
    assert hashed_url != "/static/css/app.css"  # the name carries its hash

    browser = Client()  # built after the settings change, so WhiteNoise sees the collected files
    browser.force_login(UserFactory())
    response = browser.get(hashed_url)
    assert response.status_code == 200
    cache_control = directives(response)
    assert "no-store" not in cache_control and "private" not in cache_control
    assert {"public", "immutable"} <= cache_control
