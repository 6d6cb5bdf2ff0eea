"""Every page of the app rendered for every role, as the whole-site checks read them: the pages of
tests/site_pages.py for each demo user and for someone not signed in, with a result sent back
with a comment (the discussion and its times), a running workbook import, a refused download,
the error pages, the sign-in pause and the password reset.

tests/test_valid_html.py gives them to the Nu Html Checker; tests/languages/test_every_page.py
reads them in French and Spanish. ``language``: the reader's browser asks for it
(Accept-Language); None: the browser says nothing, so the pages are English.
"""

from __future__ import annotations

import io
from decimal import Decimal

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import Client, RequestFactory, override_settings
from django.utils import translation
from django.views.defaults import server_error

from config.lockout import locked_out
from entries.services import result_return, result_submit
from evaluations.loading import load_recommendations
from indicators.services import result_write
from tests.site_pages import PAGES, ROLES, YEAR, acc1_target
from workbooks.models import ImportJob

# A page: what a failure message calls it (who, and where) and its HTML.
Rendered = dict[str, bytes]


def prepare_every_page() -> None:
    """On the loaded plan: the recommendations, the demo users, a result sent back."""
    load_recommendations()
    call_command("create_demo_users", "--force", stdout=io.StringIO())
    _a_result_sent_back()


def every_page(language: str | None = None) -> Rendered:
    """Every page for every role (after ``prepare_every_page``)."""
    return {
        **_every_page_for_every_role(language),
        **_pages_beyond_the_list(language),
    }


def _client(language: str | None, **options) -> Client:
    headers = {"accept-language": language} if language else {}
    return Client(headers=headers, **options)


def _a_result_sent_back() -> None:
    """focal enters and submits ACC.1's result, and GEDI returns it with a comment."""
    users = get_user_model().objects
    focal, gedi = users.get(username="focal"), users.get(username="gedi")
    target = acc1_target()
    fields = {"value": Decimal(41), "explanation": "HR database, 31 December."}
    result = result_write(target=target, year=YEAR, user=focal, fields=fields).instance
    result = result_submit(result=result, user=focal)
    result_return(result=result, user=gedi, comment="Say which staff the database counts.")


def _every_page_for_every_role(language: str | None) -> Rendered:
    rendered: Rendered = {}
    client = _client(language)
    for role in (None, *ROLES):
        if role is None:
            client.logout()
        else:
            client.force_login(get_user_model().objects.get(username=role))
        for page in PAGES.values():
            address = page.address()
            response = client.get(address)
            assert response.status_code < 500, (role, address)
            if role == page.reader:
                assert response.status_code == page.status, (role, address)
            if response["Content-Type"].startswith("text/html") and response.content:
                rendered[f"{role or 'anonymous'} {address}"] = response.content
    return rendered


def _pages_beyond_the_list(language: str | None) -> Rendered:
    """A running import and a refused download for GEDI; the error pages, the sign-in pause
    and the password reset for someone not signed in."""
    gedi = get_user_model().objects.get(username="gedi")
    job = ImportJob.objects.create(
        user=gedi,
        filename="data.xlsx",
        content=b"",
        progress=40,
        stage="Checking results",
        state=ImportJob.State.CHECKING,
    )
    client = _client(language)
    client.force_login(gedi)
    rendered = {f"gedi {job.get_absolute_url()}": client.get(job.get_absolute_url()).content}
    bad_year = client.get("/workbooks/data.xlsx", {"year": 1900})
    assert bad_year.status_code == 400
    rendered["gedi /workbooks/data.xlsx?year=1900"] = bad_year.content

    request = RequestFactory().get("/")
    with translation.override(language or settings.LANGUAGE_CODE):  # as LocaleMiddleware would
        rendered["500 page"] = server_error(request).content
        paused = locked_out(request, credentials={"username": "viewer"})
        rendered["sign-in paused"] = paused.content
    bad_host = _client(language).get("/accounts/login/", headers={"host": "not-ours.example"})
    assert bad_host.status_code == 400
    rendered["400 page"] = bad_host.content
    no_token = _client(language, enforce_csrf_checks=True).post(
        "/accounts/login/", {"username": "viewer"}
    )
    assert no_token.status_code == 403
    rendered["CSRF failure"] = no_token.content
    client = _client(language)  # not signed in
    with override_settings(PASSWORD_RESET_ENABLED=True):  # as when the site sends e-mail
        for address in (
            "/accounts/login/",  # now with its link to the reset
            "/accounts/password_reset/",
            "/accounts/password_reset/done/",
            "/accounts/reset/MQ/no-such-token/",
            "/accounts/reset/done/",
        ):
            response = client.get(address, follow=True)
            assert response.status_code == 200, address
            rendered[f"anonymous, reset on, {address}"] = response.content
    return rendered
