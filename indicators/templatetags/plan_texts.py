"""``{{ indicator|plan_text }}``: a plan text in the reader's language, marked where it is not.

A text shown as written because the reader's language has no version yet carries its language
(``lang="en"``, so a screen reader reads it as English) and a visible "EN" mark; a working
translation carries a dagger. Both marks say what they mean to a screen reader and in a tooltip.

``{{ unit|plan_text_plain }}`` is the same text without marks, for where markup cannot go or
would be read wrong: an ``<option>``, an attribute (``title``, ``aria-label``), the page's
``<title>``. ``{{ target|scope_text }}`` is a target's scope label with its name so marked.

Both take a model instance with a plan text (its ``translated_field``, or the field named:
``{{ indicator|plan_text:"text" }}``), or a ``PlanText`` a selector has already chosen (a
section's title counted in SQL).
"""

from typing import Any

from django import template
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext, pgettext

from custodians.plan_texts import PlanText
from custodians.plan_texts import plan_text as shown_text
from indicators.models import scope_label

register = template.Library()


def _shown(obj: Any, field: str) -> PlanText:
    if isinstance(obj, PlanText):
        return obj
    return shown_text(obj, field or None)


@register.filter
def plan_text(obj: Any, field: str = "") -> str:
    """The plan text of ``obj`` (its ``translated_field``, or ``field``), marked as needed."""
    if obj is None or obj == "":
        return ""
    if isinstance(obj, str):  # a text already chosen, without what the marks need
        return obj
    shown = _shown(obj, field)
    if shown.fallback:
        note = gettext("Not yet translated: shown as the plan writes it.")
        return format_html(
            '<span lang="{}">{}</span> <abbr class="plan-text-mark" title="{}">{}'
            '<span class="visually-hidden"> ({})</span></abbr>',
            shown.language,
            shown.text,
            note,
            pgettext("marks a plan text shown in English", "EN"),
            note,
        )
    if shown.unofficial:
        note = gettext("Working translation, not the Office's official text.")
        return format_html(
            '{}<abbr class="plan-text-mark" title="{}">†<span class="visually-hidden"> ({})</span>'
            "</abbr>",
            shown.text,
            note,
            note,
        )
    return shown.text


@register.filter
def plan_text_plain(obj: Any, field: str = "") -> str:
    """The plan text of ``obj`` in the reader's language, else as written: text alone."""
    if obj is None or obj == "":
        return ""
    if isinstance(obj, str):
        return obj
    return _shown(obj, field).text


@register.filter
def scope_text(target: Any) -> str:
    """Where a target applies, as ``indicators.models.scope_label`` writes it, its region's or
    portfolio's name marked as ``plan_text`` marks it."""
    if target.scope == "region":
        return plan_text(target.region)
    if target.scope == "portfolio":
        name = conditional_escape(plan_text(target.portfolio))
        return mark_safe(conditional_escape(gettext("%(name)s Portfolio")) % {"name": name})
    return scope_label(target)
