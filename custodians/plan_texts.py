"""The plan's own texts in the reader's language: names of portfolios, regions and units, section
titles, indicator, target and action texts.

Each such text is kept as written (the plan's language, English for the ILO's plans) in its own
field, and beside it a French and a Spanish version (``name_fr``, ``name_es``), empty until
someone writes them. A version can be the team's working translation rather than the Office's
official text: ``unofficial_fr``/``unofficial_es`` say so, until GEDI replaces it.

One rule, used by every page and workbook: a reader sees the version in their language when there
is one, otherwise the text as written, and is told which (``PlanText.fallback``). The original is
never looked up under another name: a plain ``unit.name`` stays the text as written, so queries,
imports and matching keep working on it whatever the page's language.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db import models
from django.db.models import F, Value
from django.db.models.functions import Coalesce, NullIf
from django.utils.functional import lazy
from django.utils.translation import get_language, gettext, gettext_lazy

ORIGINAL = "en"  # the language the plans are written in
TRANSLATED = ("fr", "es")  # the languages a plan text can be given beside the original
LANGUAGE_NAMES = {"fr": gettext_lazy("French"), "es": gettext_lazy("Spanish")}


def _label(label: str, language: str) -> str:
    return gettext("%(field)s in %(language)s") % {
        "field": label,
        "language": LANGUAGE_NAMES[language],
    }


_label_in = lazy(_label, str)


def translation_of(original: models.Field, language: str) -> models.Field:
    """The field holding one translation of the plan text ``original`` (declared just above it
    in the class): the same kind, limit and validators, its label naming the language, empty
    until written, never unique."""
    return type(original)(
        blank=True,
        default="",
        max_length=original.max_length,
        validators=list(original._validators),
        verbose_name=_label_in(original.verbose_name, language),
    )


class TranslatedText(models.Model):
    """A model with one plan text (named by ``translated_field``) that has French and Spanish
    versions beside it."""

    translated_field = ""

    unofficial_fr = models.BooleanField(
        default=False,
        verbose_name=gettext_lazy("French is a working translation"),
        help_text=gettext_lazy(
            "Ticked while the French text is the team's working translation, not the Office's."
        ),
    )
    unofficial_es = models.BooleanField(
        default=False,
        verbose_name=gettext_lazy("Spanish is a working translation"),
        help_text=gettext_lazy(
            "Ticked while the Spanish text is the team's working translation, not the Office's."
        ),
    )

    class Meta:
        abstract = True


def version_names(model: type[TranslatedText]) -> tuple[str, ...]:
    """The fields that hold a model's French and Spanish texts."""
    return tuple(f"{model.translated_field}_{language}" for language in TRANSLATED)


def translation_names(model: type[TranslatedText]) -> tuple[str, ...]:
    """The fields that hold a model's translations and their flags, for queries and bulk
    writes that must carry them."""
    return version_names(model) + tuple(f"unofficial_{language}" for language in TRANSLATED)


def reader_language(language: str | None = None) -> str:
    return (language or get_language() or ORIGINAL).split("-")[0].lower()


@dataclass(frozen=True)
class PlanText:
    """A plan text as one reader sees it."""

    text: str
    language: str  # the language ``text`` is written in
    fallback: bool  # the reader's language has no version: the text as written is shown
    unofficial: bool  # a working translation, not the Office's text

    def __str__(self) -> str:
        return self.text


def plan_text(obj: Any, field: str | None = None, language: str | None = None) -> PlanText:
    """``obj``'s plan text in ``language`` (default: the active one), else the text as written.

    ``obj`` is a model instance or any object with the same attributes (a row read as values)."""
    field = field or obj.translated_field
    original = getattr(obj, field) or ""
    language = reader_language(language)
    if language not in TRANSLATED:
        return PlanText(original, ORIGINAL, False, False)
    version = getattr(obj, f"{field}_{language}", "") or ""
    if version and original:
        return PlanText(version, language, False, bool(getattr(obj, f"unofficial_{language}")))
    return PlanText(original, ORIGINAL, bool(original), False)


def in_reading_order(path: str) -> F | Coalesce:
    """The plan text at ``path`` (a unit's ``name``, ``custodian__name``) as the reader reads it
    (``plan_text``'s rule, in SQL), for what a page sorts by name: in French, units by
    their French names, those without one by the name as written."""
    language = reader_language()
    if language not in TRANSLATED:
        return F(path)
    return Coalesce(NullIf(F(f"{path}_{language}"), Value("")), F(path))


def in_language(obj: Any, field: str | None = None, language: str | None = None) -> str:
    """The text alone, for workbooks, charts and sentences."""
    return plan_text(obj, field, language).text


def forget_translations(obj: TranslatedText, keep: Iterable[str] = ()) -> tuple[str, ...]:
    """The text as written changed: its translations no longer translate it, so they go (the
    reader sees the new text as written, marked, until it is translated again), except those in
    the languages of ``keep`` (given anew with the new words). Returns the fields changed."""
    field = obj.translated_field
    changed = []
    for language in TRANSLATED:
        if language in keep:
            continue
        if getattr(obj, f"{field}_{language}") or getattr(obj, f"unofficial_{language}"):
            setattr(obj, f"{field}_{language}", "")
            setattr(obj, f"unofficial_{language}", False)
            changed += [f"{field}_{language}", f"unofficial_{language}"]
    return tuple(changed)


def rewritten_languages(obj: TranslatedText, changed: Iterable[str]) -> set[str]:
    """The languages whose version is among the ``changed`` fields."""
    changed = set(changed)
    return {lang for lang in TRANSLATED if f"{obj.translated_field}_{lang}" in changed}


def vouch_for_new_translations(
    obj: TranslatedText, given: dict[str, Any], changed: tuple[str, ...]
) -> tuple[str, ...]:
    """A translation someone rewrites (in the admin, a workbook) is theirs, no longer the working
    one, unless they say it still is (``unofficial_xx`` among the ``given`` fields). Returns the
    fields changed."""
    field = obj.translated_field
    vouched = []
    for language in TRANSLATED:
        flag = f"unofficial_{language}"
        if f"{field}_{language}" in changed and flag not in given and getattr(obj, flag):
            setattr(obj, flag, False)
            vouched.append(flag)
    return tuple(vouched)
