"""Pages speak French or Spanish to a reader who asks for it: by the browser's Accept-Language,
or by the language switcher, whose choice wins and stays.

A page "speaks French" when <html lang="fr">, its French words are there, and no English string
of the catalogue (a msgid whose French differs) is left in what the reader sees. The check
(``english_left``) is shared with the crawl over every page (test_every_page.py).
"""

from __future__ import annotations

import re
from functools import cache

import pytest
from babel.messages.pofile import read_po
from django.core import mail
from django.urls import reverse

from config.translations import LOCALE_DIR
from tests.factories import UserFactory
from tests.languages.visible_text import visible_texts

pytestmark = pytest.mark.django_db

WORDS = {
    "fr": {
        "sign_in": "Se connecter",
        "sign_out": "Se déconnecter",
        "scorecards": "Tableaux de bord",
        "not_found": "Page introuvable",
        "switch": "Langue",
    },
    "es": {
        "sign_in": "Iniciar sesión",
        "sign_out": "Cerrar sesión",
        "scorecards": "Cuadros de mando",
        "not_found": "Página no encontrada",
        "switch": "Idioma",
    },
}
PLACEHOLDERS = re.compile(r"%\(\w+\)s|<[^>]+>|\n")


@cache
def english_strings(language: str) -> tuple[str, ...]:
    """The English pieces of every message the language translates differently.

    A message with placeholders or markup is cut at them; a piece is kept when it means something
    on its own (a whole message of more than three letters, or a cut piece of two words or more)
    and is not also in the translation ("Section", "Total" and "Notes" are French words too).
    """
    with (LOCALE_DIR / language / "LC_MESSAGES" / "django.po").open("rb") as po_file:
        catalogue = read_po(po_file)
    pieces = set()
    for message in catalogue:
        if not message.id:
            continue
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        translated = " ".join(strings).casefold()
        for text in ids:
            parts = [p.strip(" .,;:()·—–-") for p in PLACEHOLDERS.split(text)]
            whole = len(parts) == 1
            pieces |= {
                part
                for part in parts
                if len(part) > 3
                and (whole or (len(part.split()) > 1 and len(part) >= 10))
                and part.casefold() not in translated
            }
    return tuple(sorted(pieces))


@cache
def _english_pattern(language: str) -> re.Pattern[str]:
    """One expression for all the pieces, the longest first: a page is read once, not once a
    piece (a thousand pieces, two hundred pages)."""
    pieces = sorted(english_strings(language), key=len, reverse=True)
    return re.compile(r"(?<!\w)(?:" + "|".join(map(re.escape, pieces)) + r")(?!\w)")


def english_left(
    html: str,
    language: str,
    *,
    only_inside: str | None = None,
    data: re.Pattern[str] | None = None,
) -> list[str]:
    """The catalogue's English strings a reader sees on the page; ``data``: the plan's own texts
    (names, indicators, actions), taken out first — they are not the interface's to translate."""
    seen = "\n".join(visible_texts(html, only_inside=only_inside))
    if data is not None:
        seen = data.sub("\x00", seen)
    return sorted(set(_english_pattern(language).findall(seen)))


def html_lang(html: str) -> str:
    return re.search(r'<html lang="([^"]+)">', html).group(1)


@pytest.mark.parametrize("language", ["fr", "es"])
def test_the_sign_in_page_follows_accept_language(client, language: str):
    html = client.get(
        reverse("login"), HTTP_ACCEPT_LANGUAGE=f"{language}-CH,{language};q=0.9,en;q=0.5"
    ).content.decode()
    assert html_lang(html) == language
    assert f"<h1>{WORDS[language]['sign_in']}</h1>" in html
    assert english_left(html, language) == []


def test_without_a_choice_or_a_known_language_the_page_is_english(client):
    for accept in (None, "de-CH,de;q=0.9", "en-GB,en;q=0.8"):
        headers = {"HTTP_ACCEPT_LANGUAGE": accept} if accept else {}
        html = client.get(reverse("login"), **headers).content.decode()
        assert html_lang(html) == "en"
        assert "<h1>Sign in</h1>" in html
        # The check itself: the English page is full of the catalogue's English strings.
        assert "Skip to content" in english_left(html, "fr")


@pytest.mark.parametrize("language", ["fr", "es"])
def test_an_error_page_speaks_the_language(client, language: str):
    response = client.get("/no-such-page/", HTTP_ACCEPT_LANGUAGE=language)
    html = response.content.decode()
    assert response.status_code == 404
    assert html_lang(html) == language
    assert f"<h1>{WORDS[language]['not_found']}</h1>" in html
    assert english_left(html, language) == []


@pytest.mark.parametrize("language", ["fr", "es"])
def test_a_signed_in_page_has_its_header_and_footer_in_the_language(
    client, role_users, language: str
):
    client.force_login(role_users["admin"])
    html = client.get(reverse("home"), HTTP_ACCEPT_LANGUAGE=language).content.decode()
    assert html_lang(html) == language
    header = " ".join(visible_texts(html, only_inside="header"))
    for word in ("sign_out", "scorecards"):
        assert WORDS[language][word] in header
    assert WORDS[language]["switch"] in visible_texts(html, only_inside="footer")
    assert english_left(html, language, only_inside="header") == []
    assert english_left(html, language, only_inside="footer") == []


def test_the_switcher_names_each_language_in_itself_and_marks_the_current_one(client):
    html = client.get(reverse("login"), HTTP_ACCEPT_LANGUAGE="es").content.decode()
    switch = re.search(r'<form class="language-switch".*?</form>', html, re.DOTALL).group(0)
    assert 'action="/i18n/setlang/"' in switch
    assert 'aria-label="Idioma"' in switch
    assert re.findall(r'lang="(\w+)"[^>]*>(\w+)<', switch) == [
        ("en", "English"),
        ("fr", "Français"),
        ("es", "Español"),
    ]
    assert 'value="es" lang="es" aria-current="true"' in switch
    assert switch.count("aria-current") == 1


def test_the_choice_wins_over_accept_language_and_stays(client, role_users):
    # Not signed in: the sign-in page offers the switcher too.
    response = client.post(
        reverse("set_language"),
        {"language": "es", "next": reverse("login")},
        HTTP_ACCEPT_LANGUAGE="fr",
    )
    assert response.status_code == 302 and response["Location"] == reverse("login")
    html = client.get(reverse("login"), HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    assert html_lang(html) == "es"

    # Signing in and out keeps it: it is the browser's choice, not the session's.
    client.force_login(role_users["gedi"])
    assert (
        html_lang(client.get(reverse("home"), HTTP_ACCEPT_LANGUAGE="fr").content.decode()) == "es"
    )
    client.post(reverse("set_language"), {"language": "en", "next": reverse("home")})
    assert (
        html_lang(client.get(reverse("home"), HTTP_ACCEPT_LANGUAGE="fr").content.decode()) == "en"
    )
    client.post(reverse("logout"))
    assert (
        html_lang(client.get(reverse("login"), HTTP_ACCEPT_LANGUAGE="fr").content.decode()) == "en"
    )


def test_the_switcher_comes_back_to_the_page_it_was_on(client, role_users):
    client.force_login(role_users["gedi"])
    page = "http://testserver/scorecards/?year=2020"
    response = client.post(reverse("set_language"), {"language": "fr"}, HTTP_REFERER=page)
    assert response.status_code == 302 and response["Location"] == page
    # Never to another site, whatever the Referer says; then to the start page.
    elsewhere = "https://elsewhere.example/"
    response = client.post(reverse("set_language"), {"language": "fr"}, HTTP_REFERER=elsewhere)
    assert response.status_code == 302 and response["Location"] == "/"


@pytest.mark.parametrize(
    ("language", "subject", "words"),
    [
        (
            "fr",
            "Réinitialisation de votre mot de passe pour le Suivi du Plan d’action",
            "dans un délai de 72 heures",
        ),
        (
            "es",
            "Restablecimiento de su contraseña para el Seguimiento del Plan de Acción",
            "en un plazo de 72 horas",
        ),
    ],
)
def test_the_password_reset_email_is_in_the_language_of_who_asked(
    client, settings, language: str, subject: str, words: str
):
    settings.PASSWORD_RESET_ENABLED = True
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    UserFactory(username="amina", email="amina@example.org")
    client.post(
        reverse("password_reset"), {"email": "amina@example.org"}, HTTP_ACCEPT_LANGUAGE=language
    )
    [message] = mail.outbox
    assert message.subject == subject
    assert words in message.body and "amina" in message.body
    assert "/accounts/reset/" in message.body
