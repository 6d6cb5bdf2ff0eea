"""The rule config/cache_control.py applies, one response at a time.

Marked ``private, no-store``: a response to a signed-in request, or one that varies on Cookie
or sets a cookie; anything a view set is kept, except ``public``. Left alone: the rest.
"""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser
from django.http import HttpResponse
from django.test import RequestFactory
from django.utils.cache import patch_vary_headers
from django.views.decorators.cache import never_cache

from config.cache_control import PrivateCacheControlMiddleware
from tests.factories import UserFactory
from tests.test_private_caching import PRIVATE, directives


def _through_middleware(response: HttpResponse, *, user=None) -> HttpResponse:
    request = RequestFactory().get("/")
    request.user = user or AnonymousUser()
    return PrivateCacheControlMiddleware(lambda request: response)(request)


def test_an_anonymous_response_without_cookies_is_left_alone():
    assert "Cache-Control" not in _through_middleware(HttpResponse("public page"))


def test_a_response_that_varies_on_cookie_is_private():
    response = HttpResponse()
    patch_vary_headers(response, ["Cookie"])
    assert directives(_through_middleware(response)) >= PRIVATE


@pytest.mark.django_db
def test_a_public_policy_set_for_a_signed_in_person_loses_public():
    response = HttpResponse()
    response["Cache-Control"] = "public, max-age=3600"
    marked = directives(_through_middleware(response, user=UserFactory()))
    assert marked >= PRIVATE and "public" not in marked


@pytest.mark.django_db
def test_a_view_never_cache_keeps_its_directives():
    response = never_cache(lambda request: HttpResponse())(RequestFactory().get("/"))
    marked = directives(_through_middleware(response, user=UserFactory()))
    assert marked >= {"private", "no-store", "no-cache", "must-revalidate", "max-age=0"}


def test_a_response_that_sets_a_cookie_is_private():
    response = HttpResponse()
    response.set_cookie("seen", "1")
    assert directives(_through_middleware(response)) >= PRIVATE
