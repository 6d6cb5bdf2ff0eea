"""A signed-in person's language follows them to every device (units/languages.py).

The switcher keeps a signed-in person's choice with them: signing in on another browser, whose
cookie or Accept-Language says otherwise, opens every page in the language they chose. Someone
not signed in chooses for the browser only.
"""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from tests.languages.test_pages_in_each_language import html_lang
from units.models import LanguagePreference

pytestmark = pytest.mark.django_db


def _lang(client: Client, address: str = "/") -> str:
    return html_lang(client.get(address, follow=True).content.decode())


def _sign_in_with_the_form(client: Client, username: str) -> None:
    response = client.post(
        reverse("login"), {"username": username, "password": f"{username}-password"}
    )
    assert response.status_code == 302, response.content.decode()[:500]


@pytest.fixture
def amina(django_user_model):
    return django_user_model.objects.create_user("amina", password="amina-password")


def test_a_choice_made_on_one_device_opens_the_pages_in_it_on_another(amina):
    laptop = Client(headers={"accept-language": "en"})
    _sign_in_with_the_form(laptop, "amina")
    laptop.post(reverse("set_language"), {"language": "es", "next": "/"})
    assert LanguagePreference.objects.get(user=amina).language == "es"
    assert _lang(laptop) == "es"

    # Another browser, in French, with a cookie of its own saying French.
    phone = Client(headers={"accept-language": "fr"})
    phone.post(reverse("set_language"), {"language": "fr", "next": reverse("login")})
    assert _lang(phone, reverse("login")) == "fr"
    _sign_in_with_the_form(phone, "amina")
    assert _lang(phone) == "es"
    assert _lang(phone, "/scorecards/") == "es"
    # The cookie now says it too: the sign-in page after signing out stays in Spanish.
    assert phone.cookies["django_language"].value == "es"
    phone.post(reverse("logout"))
    assert _lang(phone, reverse("login")) == "es"


def test_a_new_choice_replaces_the_kept_one_everywhere_at_the_next_sign_in(amina):
    first, second = Client(), Client()
    _sign_in_with_the_form(first, "amina")
    first.post(reverse("set_language"), {"language": "fr", "next": "/"})
    _sign_in_with_the_form(second, "amina")
    assert _lang(second) == "fr"
    second.post(reverse("set_language"), {"language": "en", "next": "/"})
    assert _lang(second) == "en"
    assert LanguagePreference.objects.get(user=amina).language == "en"
    # Even against a French browser: English is a choice too.
    third = Client(headers={"accept-language": "fr"})
    _sign_in_with_the_form(third, "amina")
    assert _lang(third) == "en"


def test_someone_who_never_chose_keeps_the_browser_language(amina):
    client = Client(headers={"accept-language": "fr"})
    _sign_in_with_the_form(client, "amina")
    assert _lang(client) == "fr"
    assert not LanguagePreference.objects.exists()


def test_a_choice_before_signing_in_is_the_browser_only(amina):
    client = Client()
    client.post(reverse("set_language"), {"language": "es", "next": reverse("login")})
    assert not LanguagePreference.objects.exists()
    _sign_in_with_the_form(client, "amina")
    assert _lang(client) == "es"  # the browser's cookie, still


def test_an_unknown_language_is_not_kept(amina):
    client = Client()
    _sign_in_with_the_form(client, "amina")
    client.post(reverse("set_language"), {"language": "de", "next": "/"})
    assert not LanguagePreference.objects.exists()
    assert _lang(client) == "en"
