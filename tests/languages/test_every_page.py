"""Every page of every role speaks French or Spanish to a reader whose browser asks for it.

The pages are tests/every_page.py's (the pages of tests/site_pages.py for each demo user and for
someone not signed in, a result sent back, a running import, the error pages, the password
reset), read with ``Accept-Language: fr`` and then ``es``. Each must say its language in
``<html lang>`` and hold no English string of the catalogue (a msgid whose translation differs)
in what a reader sees or hears. The plan's own texts (indicators, actions, unit names) are not
interface strings: they stay as the plan gives them until the plan is translated.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.apps import apps
from django.db import models
from django.utils.text import Truncator

from indicators.models import ActionPlan
from tests.every_page import every_page, prepare_every_page
from tests.languages.test_pages_in_each_language import english_left, html_lang

pytestmark = pytest.mark.django_db

# The apps whose rows hold the plan's and people's own words, and the users' names.
DATA_APPS = ("custodians", "indicators", "evaluations", "units", "workbooks", "auth")


def _shortenings() -> tuple[set[int], set[int]]:
    """The lengths the templates shorten texts to (truncatewords:28, truncatechars:60)."""
    templates = Path(__file__).resolve().parents[2] / "templates"
    source = "\n".join(p.read_text() for p in templates.rglob("*.html"))
    return (
        {int(n) for n in re.findall(r"truncatewords:(\d+)", source)},
        {int(n) for n in re.findall(r"truncatechars:(\d+)", source)},
    )


def data_texts() -> re.Pattern[str]:
    """Every text the database holds (the plan's words, names, comments, reasons), as one
    expression, the longest first: what a page shows of them is data, not interface."""
    texts: set[str] = set()
    for model in apps.get_models():
        if model._meta.app_label not in DATA_APPS:
            continue
        fields = [
            field.name
            for field in model._meta.concrete_fields
            if isinstance(field, models.CharField | models.TextField) and not field.choices
        ]
        for values in model._default_manager.values_list(*fields) if fields else ():
            texts |= {v.strip() for v in values if v and len(v.strip()) > 2}
    # The paragraphs name a plan by the words of its title before " for " ("ILO Action Plan").
    texts |= {
        title.split(" for ")[0] for title in ActionPlan.objects.values_list("title", flat=True)
    }
    # A text is also shown cut into its lines, or shortened by a template's filter.
    texts |= {line.strip() for text in list(texts) for line in text.splitlines() if line.strip()}
    words, characters = _shortenings()
    texts |= {Truncator(text).words(n, truncate=" …") for text in list(texts) for n in words}
    texts |= {Truncator(text).chars(n) for text in list(texts) for n in characters}
    ordered = sorted(texts, key=len, reverse=True)
    return re.compile("|".join(map(re.escape, ordered)))


@pytest.mark.parametrize("language", ["fr", "es"])
def test_every_page_of_every_role_is_in_the_language_asked(ilo_plan, language: str):
    prepare_every_page()
    pages = every_page(language)
    assert len(pages) > 150  # every role's pages, not a few
    data = data_texts()
    wrong_lang, english = [], []
    for where, content in pages.items():
        html = content.decode()
        found = re.search(r'<html lang="([^"]+)"', html)
        if not found or found.group(1) != language:
            wrong_lang.append(f"{where}: {found.group(1) if found else 'no lang'}")
        left = english_left(html, language, data=data)
        if left:
            english.append(f"{where}: {left}")
    assert wrong_lang == [], "pages not in the language asked:\n" + "\n".join(wrong_lang)
    assert english == [], f"{len(english)} pages hold English strings:\n" + "\n".join(english)


def test_the_check_finds_english_on_an_english_page(ilo_plan):
    """The crawl's check itself: the same pages read in English are full of catalogue strings."""
    prepare_every_page()
    pages = every_page(None)
    assert all(html_lang(content.decode()) == "en" for content in pages.values())
    with_english = [
        where for where, content in pages.items() if english_left(content.decode(), "fr")
    ]
    assert len(with_english) == len(pages)
