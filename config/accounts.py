"""Signing in, and resetting a forgotten password by e-mail.

The reset exists only where the site can send e-mail (``settings.PASSWORD_RESET_ENABLED``: an
EMAIL_URL is set, or DEBUG prints messages to the console). Elsewhere its pages answer 404 and the
sign-in page does not offer it: a reset that says "sent" while nothing leaves the server has people
wait for a link that never comes. When the mail server refuses the message, the person is told so
and pointed to GEDI, where Django's own form would log the failure and say "sent" all the same.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.conf import settings
from django.contrib.auth import forms as auth_forms
from django.contrib.auth import views as auth_views
from django.core.mail import EmailMultiAlternatives
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string

logger = logging.getLogger(__name__)

View = Callable[..., HttpResponse]


class LoginView(auth_views.LoginView):
    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["password_reset_enabled"] = settings.PASSWORD_RESET_ENABLED
        return context


def when_reset_enabled(view: View) -> View:
    """The view, or 404 while the site sends no e-mail. Decided per request, not at start-up."""

    # wraps() carries over the view's own marks, login_not_required among them.
    @wraps(view)
    def view_or_404(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not settings.PASSWORD_RESET_ENABLED:
            raise Http404("Password reset is switched off: this site sends no e-mail.")
        return view(request, *args, **kwargs)

    return view_or_404


class ResetEmailNotSent(Exception):
    """The mail server could not be reached or refused the message."""


class PasswordResetForm(auth_forms.PasswordResetForm):
    def send_mail(
        self,
        subject_template_name: str,
        email_template_name: str,
        context: dict[str, Any],
        from_email: str | None,
        to_email: str,
        html_email_template_name: str | None = None,
    ) -> None:
        """Django's own, except that a failure reaches the view instead of only the log."""
        subject = "".join(render_to_string(subject_template_name, context).splitlines())
        body = render_to_string(email_template_name, context)
        message = EmailMultiAlternatives(
            subject=subject, body=body, from_email=from_email, to=[to_email]
        )
        if html_email_template_name is not None:
            message.attach_alternative(
                render_to_string(html_email_template_name, context), "text/html"
            )
        try:
            message.send()
        except Exception as error:  # whatever the backend raises: SMTPException, OSError, …
            raise ResetEmailNotSent(f"to user {context['user'].pk}") from error


class PasswordResetView(auth_views.PasswordResetView):
    form_class = PasswordResetForm

    @property
    def extra_email_context(self) -> dict[str, Any]:
        return {"valid_hours": settings.PASSWORD_RESET_TIMEOUT // 3600}

    def form_valid(self, form: PasswordResetForm) -> HttpResponse:
        try:
            return super().form_valid(form)
        except ResetEmailNotSent:
            logger.exception("The password-reset e-mail could not be sent")
            return render(self.request, "registration/password_reset_failed.html", status=503)
