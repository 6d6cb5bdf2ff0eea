"""``Cache-Control: private, no-store`` on every response meant for one person.

Django sends no Cache-Control of its own, so a proxy or the browser's disk cache may keep what it
likes: a signed-in page, a scorecard's JSON, a data workbook holding unpublished drafts, still
there after sign-out on a shared computer. This middleware marks as private and not to be stored
every response to a signed-in request, and every response that sets a cookie (the sign-in page
sets the CSRF cookie) or varies on Cookie (it differs from one person to the next).

It adds to what a view set rather than replacing it (``patch_cache_control``): ``never_cache``'s
stricter ``no-cache, must-revalidate, max-age=0`` stays, and a ``public`` is dropped. Static files
never reach it: WhiteNoise, above it in MIDDLEWARE, answers them with its own long caching.
"""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponseBase
from django.utils.cache import has_vary_header, patch_cache_control


def is_private(request: HttpRequest, response: HttpResponseBase) -> bool:
    user = getattr(request, "user", None)  # absent if a middleware above auth answered
    return (
        (user is not None and user.is_authenticated)
        or bool(response.cookies)
        or has_vary_header(response, "Cookie")
    )


class PrivateCacheControlMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        response = self.get_response(request)
        if is_private(request, response):
            patch_cache_control(response, private=True, no_store=True)
        return response
