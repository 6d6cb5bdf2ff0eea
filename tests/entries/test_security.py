"""Hardened defaults: the deploy check, sign-in throttling, CSRF, security headers and error
pages a person can act on."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import Client, RequestFactory
from django.urls import reverse
from django.views import defaults

from indicators.models import Result
from tests.entries.steps import edit_url

ROOT = Path(__file__).resolve().parents[2]


# What the test run sets for itself (config/testing.py) must not leak into "production".
NOT_INHERITED = {
    "SECRET_KEY",
    "DEBUG",
    "ALLOWED_HOSTS",
    "SECURE_SSL_REDIRECT",
    "SESSION_COOKIE_SECURE",
    "CSRF_COOKIE_SECURE",
    "SECURE_HSTS_SECONDS",
    "DJANGO_ALLOW_ASYNC_UNSAFE",  # the browser tests set it for Playwright
}


def _manage(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items() if k not in NOT_INHERITED}
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        env={**clean, **env},
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )


PRODUCTION = {"SECRET_KEY": secrets.token_urlsafe(50), "ALLOWED_HOSTS": "gap.example.org"}


def test_the_deploy_check_passes_with_production_settings():
    completed = _manage("check", "--deploy", "--fail-level", "WARNING", env=PRODUCTION)
    assert completed.returncode == 0, completed.stdout + completed.stderr
    assert "System check identified no issues" in completed.stdout


def test_the_deploy_check_would_catch_debug_left_on():
    completed = _manage(
        "check", "--deploy", "--fail-level", "WARNING", env={**PRODUCTION, "DEBUG": "1"}
    )
    assert completed.returncode != 0
    assert "security.W018" in completed.stderr + completed.stdout


@pytest.mark.django_db
def test_pages_send_a_strict_content_security_policy_and_security_headers(client):
    response = client.get(reverse("login"))
    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "style-src 'self'" in policy
    assert "default-src 'self'" in policy and "frame-ancestors 'none'" in policy
    assert "unsafe-inline" not in policy
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"


@pytest.mark.django_db
def test_every_entries_page_needs_a_signed_in_user(world):
    anonymous = Client()
    for url in [
        reverse("entries:my_indicators"),
        reverse("entries:review_queue"),
        reverse("entries:reporting_years"),
        reverse("entries:result", args=[world.target.pk, 2021]),
        edit_url(world.target),
        reverse("entries:action", args=[world.action.pk]),
    ]:
        response = anonymous.get(url)
        assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


@pytest.mark.django_db
def test_wrong_passwords_pause_sign_in_for_that_username_and_address(world, settings):
    def sign_in(password: str, username: str = "owner", address: str = "10.0.0.1"):
        return Client(REMOTE_ADDR=address).post(
            reverse("login"), {"username": username, "password": password}
        )

    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert sign_in("wrong").status_code == 200
    locked = sign_in("wrong")
    assert locked.status_code == 429
    page = locked.content.decode()
    assert "Sign-in is paused for this account" in page
    assert "5 wrong passwords in a row for <strong>owner</strong>" in page
    assert "paused for 15 minutes" in page
    # Even the right password is refused while the pause lasts …
    assert sign_in("pass-for-tests").status_code == 429
    # … but only for that username from that address.
    assert sign_in("pass-for-tests", address="10.0.0.2").status_code == 302
    assert sign_in("pass-for-tests", username="reviewer").status_code == 302


@pytest.mark.django_db
def test_a_form_sent_without_its_csrf_token_is_refused_with_a_page_that_says_what_to_do(world):
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(world.owner)
    response = browser.post(edit_url(world.target), {"value": "47", "version": "0"})
    assert response.status_code == 403
    page = response.content.decode()
    assert "Your form could not be sent" in page and "Nothing was saved." in page
    assert "reload the page" in page
    assert not Result.objects.exists()


@pytest.mark.django_db
def test_a_refusal_says_why_on_the_403_page(world):
    page = world.client_for("owner").get(reverse("entries:review_queue"))
    assert page.status_code == 403
    assert "Only GEDI reviewers review results." in page.content.decode()
    assert "Nothing was changed." in page.content.decode()


@pytest.mark.django_db
def test_an_unknown_address_gets_the_404_page(world):
    response = world.client_for("owner").get("/entries/no-such-page/")
    assert response.status_code == 404
    assert "Page not found" in response.content.decode()


def test_server_error_and_bad_request_pages_render_without_a_database():
    request = RequestFactory().get("/")
    error = defaults.server_error(request)
    assert error.status_code == 500
    assert "Something went wrong on our side" in error.content.decode()
    bad = defaults.bad_request(request, Exception("bad"))
    assert bad.status_code == 400
    assert "The request could not be understood" in bad.content.decode()
