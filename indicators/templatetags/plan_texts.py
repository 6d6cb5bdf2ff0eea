"""``{{ indicator|plan_text }}``: a plan text in the reader's language, marked where it is not.

A text shown as written because the reader's language has no version yet carries its language
(``lang="en"``, so a screen reader reads it as English) and a visible "EN" mark; a working
translation carries a dagger. Both marks say what they mean to a screen reader and in a tooltip.
"""

from typing import Any

from django import template
from django.utils.html import format_html
from django.utils.translation import gettext, pgettext

from custodians.plan_texts import plan_text as shown_text

register = template.Library()


@register.filter
def plan_text(obj: Any, field: str = "") -> str:
    """The plan text of ``obj`` (its ``translated_field``, or ``field``), marked as needed."""
    if obj is None:
        return ""
    shown = shown_text(obj, field or None)
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
