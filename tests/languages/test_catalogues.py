"""The French and Spanish catalogues are complete, current and compile (config/translations.py).

A missing or fuzzy translation would show English on a French or Spanish page; a translation
whose placeholders differ from its message would break the page that uses it. Both fail here,
before anyone reads the page.
"""

from __future__ import annotations

import gettext
from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from django.conf import settings

from config.translations import (
    LOCALE_DIR,
    CatalogueError,
    compile_catalogue,
    compile_catalogues,
    po_files,
)

TRANSLATED = [code for code, _name in settings.LANGUAGES if code != settings.LANGUAGE_CODE]


def catalogue_path(language: str) -> Path:
    return LOCALE_DIR / language / "LC_MESSAGES" / "django.po"


def test_every_language_but_english_has_a_catalogue():
    assert TRANSLATED == ["fr", "es"]
    assert sorted(path.parent.parent.name for path in po_files()) == sorted(TRANSLATED)


@pytest.mark.parametrize("language", TRANSLATED)
def test_every_message_is_translated_and_none_is_fuzzy(language: str):
    with catalogue_path(language).open("rb") as po_file:
        catalogue = read_po(po_file)
    assert str(catalogue.locale) == language
    assert not catalogue.fuzzy, "the catalogue's header is marked fuzzy"
    untranslated, fuzzy = [], []
    for message in catalogue:
        if not message.id:
            continue  # the header
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        if not all(strings):
            untranslated.append(message.id)
        if message.fuzzy:
            fuzzy.append(message.id)
    assert not untranslated, f"{language}: not translated: {untranslated}"
    assert not fuzzy, f"{language}: fuzzy (check and clear the flag): {fuzzy}"
    assert not catalogue.obsolete, f"{language}: obsolete entries (#~) to delete"


def test_french_and_spanish_translate_the_same_messages():
    ids = {}
    for language in TRANSLATED:
        with catalogue_path(language).open("rb") as po_file:
            ids[language] = {(m.id, m.context) for m in read_po(po_file) if m.id}
    assert ids["fr"] == ids["es"]


@pytest.mark.parametrize("language", TRANSLATED)
def test_each_catalogue_compiles_and_reads_back(language: str, tmp_path: Path):
    po_path = tmp_path / language / "LC_MESSAGES" / "django.po"
    po_path.parent.mkdir(parents=True)
    po_path.write_bytes(catalogue_path(language).read_bytes())
    mo_path = compile_catalogue(po_path)
    with mo_path.open("rb") as mo_file:
        compiled = gettext.GNUTranslations(mo_file)
    assert compiled.gettext("Sign in") == {"fr": "Se connecter", "es": "Iniciar sesión"}[language]
    assert compiled.pgettext("the main navigation", "Main") != "Main"


def test_the_install_compiled_what_django_reads():
    """dev.py compiled them (python -m config.translations): each .mo is there and current."""
    for po_path in po_files():
        mo_path = po_path.with_suffix(".mo")
        assert mo_path.exists(), f"{mo_path} missing: run python -m config.translations"
        assert mo_path.stat().st_mtime >= po_path.stat().st_mtime, f"{mo_path} is older"


BROKEN_PLACEHOLDER = """\
msgid ""
msgstr ""
"Language: fr\\n"
"Content-Type: text/plain; charset=UTF-8\\n"
"Plural-Forms: nplurals=2; plural=(n > 1);\\n"

#, python-format
msgid "Within %(hours)s hours."
msgstr "Dans un délai de %(heures)s heures."
"""

NOT_A_CATALOGUE = 'msgid "Sign in"\nmsgtsr "Se connecter"\n'


@pytest.mark.parametrize(
    "text", [BROKEN_PLACEHOLDER, NOT_A_CATALOGUE], ids=["placeholder", "syntax"]
)
def test_a_catalogue_that_would_break_a_page_is_refused(text: str, tmp_path: Path):
    po_path = tmp_path / "fr" / "LC_MESSAGES" / "django.po"
    po_path.parent.mkdir(parents=True)
    po_path.write_text(text, encoding="utf-8")
    with pytest.raises(CatalogueError):
        compile_catalogues(tmp_path)
    assert not po_path.with_suffix(".mo").exists()
