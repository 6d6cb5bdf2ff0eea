"""A person's interface language, the same on every device they sign in on.

Before signing in, the language is the browser's: the switcher's cookie, else Accept-Language
(Django's LocaleMiddleware). A signed-in person's choice with the switcher is also kept with them
(``LanguagePreference``): signing in anywhere reads it into the session (one query per sign-in),
and ``PersonLanguageMiddleware`` makes it the language of every page they then open, whatever the
device's cookie or browser says, and leaves the cookie saying it too, so the sign-in page after
signing out speaks it as well. A person who never chose keeps the browser's language.
"""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils import translation
from django.views.decorators.http import require_POST
from django.views.i18n import LANGUAGE_QUERY_PARAMETER, set_language

from units.models import LanguagePreference

SESSION_KEY = "person_language"


def _known(language: str | None) -> bool:
    return language in {code for code, _name in settings.LANGUAGES}


def read_preference_at_sign_in(sender, request: HttpRequest, user, **kwargs) -> None:
    """``user_logged_in`` receiver: the person's kept language into their new session."""
    language = (
        LanguagePreference.objects.filter(user=user).values_list("language", flat=True).first()
    )
    if _known(language):
        request.session[SESSION_KEY] = language
    else:
        request.session.pop(SESSION_KEY, None)


@require_POST
def choose_language(request: HttpRequest) -> HttpResponse:
    """The switcher's form: Django's ``set_language`` (the cookie, back to the page), and for a
    signed-in person the choice kept with them and in their session."""
    response = set_language(request)
    language = request.POST.get(LANGUAGE_QUERY_PARAMETER)
    if request.user.is_authenticated and _known(language):
        LanguagePreference.objects.update_or_create(
            user=request.user, defaults={"language": language}
        )
        request.session[SESSION_KEY] = language
    return response


class PersonLanguageMiddleware:
    """After authentication: a signed-in person's kept language wins for the whole request."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        language = None
        if request.user.is_authenticated:
            language = request.session.get(SESSION_KEY)
        if _known(language):
            translation.activate(language)
            request.LANGUAGE_CODE = language
        response = self.get_response(request)
        if _known(language) and request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME) != language:
            response.set_cookie(
                settings.LANGUAGE_COOKIE_NAME,
                language,
                max_age=settings.LANGUAGE_COOKIE_AGE,
                path=settings.LANGUAGE_COOKIE_PATH,
                domain=settings.LANGUAGE_COOKIE_DOMAIN,
                secure=settings.LANGUAGE_COOKIE_SECURE,
                httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
                samesite=settings.LANGUAGE_COOKIE_SAMESITE,
            )
        return response
