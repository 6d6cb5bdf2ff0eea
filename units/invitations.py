"""Inviting a new focal point: an e-mail with a link to choose their password.

GEDI never chooses a person's password: a new account has none usable, and the invitation sends
the same one-time link as Django's password reset (its token generator and its confirm page),
in words that say why they receive it. It is sent only where the site can send e-mail
(``settings.PASSWORD_RESET_ENABLED``); elsewhere GEDI is told that an administrator sets the
first password, and the person can use "Forgotten your password?" once e-mail is configured.
"""

from __future__ import annotations

import logging
from typing import Any

from django.conf import settings
from django.contrib.auth.forms import PasswordResetForm
from django.contrib.auth.models import AbstractBaseUser
from django.http import HttpRequest
from django.utils.translation import gettext as _

from custodians.models import CustodianUnit

logger = logging.getLogger(__name__)


class _Invitation(PasswordResetForm):
    """Django's reset e-mail, for one person chosen by GEDI (Django's own form skips accounts
    without a usable password, which is every new focal point's)."""

    def __init__(self, person: AbstractBaseUser) -> None:
        super().__init__({"email": person.email})
        self.person = person

    def get_users(self, email: str) -> list[AbstractBaseUser]:
        return [self.person] if self.person.email and self.person.is_active else []


def invite(request: HttpRequest, person: AbstractBaseUser, unit: CustodianUnit) -> str:
    """Send ``person`` the link to choose their password; the sentence that tells GEDI what
    happened."""
    if not person.email:
        return _("%(person)s has no e-mail address: tell them how to sign in.") % {
            "person": person.get_username()
        }
    if person.has_usable_password():
        return _("%(person)s has a password already and signs in as before.") % {
            "person": person.get_username()
        }
    if not settings.PASSWORD_RESET_ENABLED:
        return _(
            "The site sends no e-mail (EMAIL_URL is not set): an administrator sets their first "
            "password in the administration."
        )
    form = _Invitation(person)
    form.is_valid()
    context: dict[str, Any] = {
        "unit": unit,
        "invited_by": request.user.get_username(),
        "valid_hours": settings.PASSWORD_RESET_TIMEOUT // 3600,
    }
    try:
        form.save(
            request=request,
            use_https=request.is_secure(),
            subject_template_name="units/invitation_subject.txt",
            email_template_name="units/invitation_email.txt",
            extra_email_context=context,
        )
    except Exception:  # whatever the mail backend raises: the membership stays
        logger.exception("The invitation e-mail could not be sent")
        return _("The invitation to %(email)s could not be sent: tell them how to sign in.") % {
            "email": person.email
        }
    return _("An invitation to choose a password was sent to %(email)s.") % {"email": person.email}
