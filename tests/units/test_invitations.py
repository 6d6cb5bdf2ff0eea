"""A new focal point is invited by e-mail to choose their password, never given one by GEDI."""

from __future__ import annotations

import re

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.test import Client
from django.urls import reverse

pytestmark = pytest.mark.django_db
NEW_PASSWORD = "a-long-password-for-tests"


@pytest.fixture
def mail_on(settings) -> None:
    settings.PASSWORD_RESET_ENABLED = True
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.DEFAULT_FROM_EMAIL = "action-plan@example.org"
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def _add(client: Client, unit, username: str, email: str):
    return client.post(
        reverse("units:add_focal_point", args=[unit.slug]),
        {"focal-username": username, "focal-email": email},
        follow=True,
    )


def test_the_invitation_lets_the_new_focal_point_choose_a_password_and_sign_in(
    gedi_client, unit, mail_on
):
    page = _add(gedi_client, unit, "dana", "dana@ilo.org").content.decode()
    assert "An invitation to choose a password was sent to dana@ilo.org." in page
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["dana@ilo.org"]
    assert message.subject == f"You report for {unit.acronym} on the Action Plan monitor"
    assert f"made you a focal point of {unit.name} ({unit.acronym})" in message.body
    assert 'Your username is "dana"' in message.body
    link = re.search(r"http://testserver(/accounts/reset/\S+/)", message.body).group(1)

    person = Client()
    choose = person.get(link, follow=True)
    complete = person.post(
        choose.redirect_chain[-1][0],
        {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
        follow=True,
    )
    assert "Your password has been changed" in complete.content.decode()
    signed = person.post(reverse("login"), {"username": "dana", "password": NEW_PASSWORD})
    assert signed.status_code == 302


def test_without_e_mail_gedi_is_told_to_let_the_person_know(gedi_client, unit, settings):
    settings.PASSWORD_RESET_ENABLED = False
    page = _add(gedi_client, unit, "emil", "emil@ilo.org").content.decode()
    assert "The site sends no e-mail (EMAIL_URL is not set)" in page
    assert mail.outbox == []
    assert not get_user_model().objects.get(username="emil").has_usable_password()


def test_an_existing_account_with_a_password_is_not_invited(gedi_client, unit, mail_on):
    person = get_user_model().objects.create(username="fay", email="fay@ilo.org")
    person.set_password(NEW_PASSWORD)
    person.save()
    page = _add(gedi_client, unit, "fay", "").content.decode()
    assert "fay has a password already and signs in as before." in page
    assert mail.outbox == []
