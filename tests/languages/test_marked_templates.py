"""Every word a reader sees in the templates comes from {% translate %} or {% blocktranslate %},
so it is in the catalogues.

Each template's source is read with Django's own lexer: outside translate blocks, comments and
variables, no text node and no spoken attribute (aria-label, title, alt, placeholder) may hold a
word.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from django.template.base import Lexer, TokenType

from tests.languages.visible_text import has_words, visible_texts

TEMPLATES = Path(__file__).resolve().parents[2] / "templates"

# Every template of the product: a new one is marked from its first line.
MARKED_TEMPLATES = sorted(
    str(path.relative_to(TEMPLATES))
    for path in TEMPLATES.rglob("*")
    if path.suffix in {".html", ".txt"}
)


# Words that are the same in every language: names, not interface strings.
NAMES: set[str] = set()

PLACEHOLDER = "\x00"  # where a tag or variable stood: no word, but it splits the text around it
OPENING = {"blocktranslate", "blocktrans", "comment"}


def unmarked_strings(source: str) -> list[str]:
    """The words of a template that no translate tag holds."""
    outside: list[str] = []
    inside: list[str] = []  # the blocks open at this point: blocktranslate, comment
    for token in Lexer(source).tokenize():
        keyword = token.contents.split()[0] if token.contents.split() else ""
        if token.token_type == TokenType.BLOCK and keyword in OPENING:
            inside.append(keyword)
        elif token.token_type == TokenType.BLOCK and inside and keyword == f"end{inside[-1]}":
            inside.pop()
        elif token.token_type == TokenType.TEXT and not inside:
            outside.append(token.contents)
        else:
            outside.append(PLACEHOLDER)
    texts = visible_texts("".join(outside))
    return [
        text
        for part in texts
        for text in (t.strip() for t in part.split(PLACEHOLDER))
        if has_words(text) and text not in NAMES
    ]


@pytest.mark.parametrize("name", MARKED_TEMPLATES)
def test_every_string_of_the_template_is_marked(name: str):
    unmarked = unmarked_strings((TEMPLATES / name).read_text(encoding="utf-8"))
    assert not unmarked, f"templates/{name}: wrap in {{% translate %}}: {unmarked}"


def test_the_list_names_templates_that_exist():
    assert all((TEMPLATES / name).is_file() for name in MARKED_TEMPLATES)


def test_an_unmarked_string_is_found_wherever_it_stands():
    source = """{% load i18n %}<!doctype html><title>{% translate "Sign in" %}</title>
      <nav aria-label="Main"><a href="{% url 'home' %}">Home</a></nav>
      {# a comment #}{% comment %}Not shown.{% endcomment %}
      <p>{% blocktranslate %}Hello {{ name }}{% endblocktranslate %} · {{ user }} says hi</p>
      <input type="submit" value="Send"><img src="x.png" alt="{% translate 'Chart' %}">
      <script>var notText = "words";</script>"""
    assert unmarked_strings(source) == ["Main", "Home", "says hi", "Send"]
