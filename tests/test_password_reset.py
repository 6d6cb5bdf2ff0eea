"""Password reset by e-mail: there only when the site can send e-mail, and honest when it can't.

Settings come from EMAIL_URL and DEFAULT_FROM_EMAIL (config/env.py:env_email); the pages are the
product's own (config/accounts.py, templates/registration/password_reset_*).
"""

from __future__ import annotations

import logging
import re
import smtplib

import pytest
from django.core import mail
from django.core.mail.backends.base import BaseEmailBackend
from django.urls import reverse

from tests.factories import UserFactory

NEW_PASSWORD = "green-kettle-sings-27"


class RefusingBackend(BaseEmailBackend):
    """A mail server that turns every message away."""

    def send_messages(self, email_messages: list) -> int:
        raise smtplib.SMTPException("550 relaying denied")


@pytest.fixture(autouse=True)
def _fast_passwords(settings) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def reset_on(settings) -> None:
    settings.PASSWORD_RESET_ENABLED = True
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.DEFAULT_FROM_EMAIL = "action-plan@example.org"


def _sign_in(client, username: str, password: str):
    return client.post(reverse("login"), {"username": username, "password": password})


@pytest.mark.django_db
def test_the_emailed_link_sets_a_new_password_that_signs_in(client, reset_on):
    UserFactory(username="amina", email="amina@example.org")
    sign_in_page = client.get(reverse("login")).content.decode()
    assert f'<a href="{reverse("password_reset")}">Forgot your password?</a>' in sign_in_page

    form_page = client.get(reverse("password_reset"))
    assert form_page.status_code == 200
    assert "If an account uses this address, we will send it a link" in form_page.content.decode()
    done = client.post(reverse("password_reset"), {"email": "amina@example.org"}, follow=True)
    assert done.redirect_chain == [(reverse("password_reset_done"), 302)]
    assert "If an account uses this address, we sent a link to it." in done.content.decode()

    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["amina@example.org"]
    assert message.from_email == "action-plan@example.org"
    assert message.subject == "Reset your password for the Action Plan monitor"
    assert 'the account "amina"' in message.body and "within 72 hours" in message.body
    link = re.search(r"http://testserver(/accounts/reset/\S+/)", message.body).group(1)

    choose = client.get(link, follow=True)
    assert "Choose a new password" in choose.content.decode()
    set_password_url = choose.redirect_chain[-1][0]
    complete = client.post(
        set_password_url,
        {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
        follow=True,
    )
    assert complete.redirect_chain == [(reverse("password_reset_complete"), 302)]
    assert "Your password has been changed" in complete.content.decode()

    # The link works once.
    assert "This link no longer works" in client.get(link, follow=True).content.decode()
    assert _sign_in(client, "amina", "pass-for-tests").status_code == 200  # the old one: refused
    assert _sign_in(client, "amina", NEW_PASSWORD)["Location"] == reverse("home")


@pytest.mark.django_db
def test_an_address_without_an_account_gets_the_same_answer_and_no_email(client, reset_on):
    UserFactory(username="amina", email="amina@example.org")
    response = client.post(reverse("password_reset"), {"email": "nobody@example.org"})
    assert response["Location"] == reverse("password_reset_done")
    assert mail.outbox == []


@pytest.mark.django_db
def test_without_email_the_reset_pages_answer_404_and_sign_in_does_not_offer_them(client, settings):
    settings.PASSWORD_RESET_ENABLED = False
    for url in [
        reverse("password_reset"),
        reverse("password_reset_done"),
        reverse("password_reset_confirm", args=["MQ", "set-password"]),
        reverse("password_reset_complete"),
    ]:
        assert client.get(url).status_code == 404, url
    assert client.post(reverse("password_reset"), {"email": "a@example.org"}).status_code == 404
    sign_in_page = client.get(reverse("login")).content.decode()
    assert "Forgot your password?" not in sign_in_page
    assert reverse("password_reset") not in sign_in_page


@pytest.mark.django_db
def test_a_refused_email_shows_a_page_that_says_so_and_is_logged(
    client, reset_on, settings, caplog
):
    settings.EMAIL_BACKEND = "tests.test_password_reset.RefusingBackend"
    UserFactory(username="amina", email="amina@example.org")
    with caplog.at_level(logging.ERROR, logger="config.accounts"):
        response = client.post(reverse("password_reset"), {"email": "amina@example.org"})
    assert response.status_code == 503
    page = response.content.decode()
    assert "The e-mail could not be sent" in page and "contact GEDI" in page
    assert "we sent a link" not in page
    [record] = [r for r in caplog.records if r.name == "config.accounts"]
    assert isinstance(record.exc_info[1].__cause__, smtplib.SMTPException)
