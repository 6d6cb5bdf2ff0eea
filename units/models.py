"""What the units pages keep about people beyond their units: the language each one chose."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy


class LanguagePreference(models.Model):
    """The interface language a person chose with the switcher, kept with them so that it
    follows them to every device they sign in on (units/languages.py)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="language_preference",
        verbose_name=gettext_lazy("person"),
    )
    language = models.CharField(gettext_lazy("language"), max_length=8, choices=settings.LANGUAGES)
    chosen_at = models.DateTimeField(gettext_lazy("chosen at"), auto_now=True)

    class Meta:
        verbose_name = gettext_lazy("language preference")
        verbose_name_plural = gettext_lazy("language preferences")

    def __str__(self) -> str:
        return f"{self.user}: {self.language}"
