"""Content-Security-Policy on Django 5.2, which has no CSP support of its own.

Django 6 sends ``settings.SECURE_CSP`` with ``django.middleware.csp``; this middleware sends the
same dictionary the same way on 5.2 (settings.py picks one of the two), so the policy is written
once. It leaves alone a response that already carries the header.
"""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse

HEADER = "Content-Security-Policy"


def policy_header(policy: dict[str, list[str]]) -> str:
    """{"script-src": ["'self'"], …} → "script-src 'self'; …"."""
    return "; ".join(
        " ".join([directive, *sources]) if sources else directive
        for directive, sources in policy.items()
    )


class ContentSecurityPolicyMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.header = policy_header(settings.SECURE_CSP)

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if HEADER not in response:
            response[HEADER] = self.header
        return response
