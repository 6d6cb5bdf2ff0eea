"""The Governing Body appendix in English, French and Spanish (export_appendix --language).

Its headers, notes, cover and statuses are in the asked language, its quantities written as the
language's documents write them ("13 pour cent", "13 por ciento", decimal commas); the plan's own
texts (sections, indicators, targets written in words, units, actions) are printed in the
language where the plan has them in it, else as written, in English. A note names the texts
printed in English and says which are working translations, not the Office's text. The English
appendix is the one GB.343/INS prints, word for word as before.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.utils import translation
from openpyxl import load_workbook

from custodians.models import CustodianUnit, Portfolio, Region
from custodians.plan_texts import translation_names
from indicators.models import AcceleratingAction, Indicator, Section, Target
from workbooks.appendix import NAMED_AT_MOST

pytestmark = pytest.mark.django_db

WORDS = {
    "en": {
        "sheets": ["Phases", "Appendix", "Notes"],
        "headings": (
            "Indicator",
            "2020–21 targets",
            "2020 results",
            "Custodian(s)",
            "Custodians' accelerating actions",
        ),
        "per_cent": "13 per cent",
        "target": "37 per cent",
        "cover_heading": ("Status", "Targets", "Per cent"),
        "footer": "Page &P of &N",
        "none_reported": "(0.0 per cent)",
    },
    "fr": {
        "sheets": ["Phases", "Annexe", "Notes"],
        "headings": (
            "Indicateur",
            "Cibles 2020–21",
            "Résultats 2020",
            "Unité(s) responsable(s)",
            "Actions accélératrices des unités responsables",
        ),
        "per_cent": "13 pour cent",
        "target": "37 pour cent",
        "cover_heading": ("Statut", "Cibles", "Pour cent"),
        "footer": "Page &P sur &N",
        "none_reported": "(0,0 pour cent)",
    },
    "es": {
        "sheets": ["Fases", "Anexo", "Notas"],
        "headings": (
            "Indicador",
            "Metas 2020–21",
            "Resultados de 2020",
            "Unidad(es) responsable(s)",
            "Acciones aceleradoras de las unidades responsables",
        ),
        "per_cent": "13 por ciento",
        "target": "37 por ciento",
        "cover_heading": ("Situación", "Metas", "Por ciento"),
        "footer": "Página &P de &N",
        "none_reported": "(0,0 por ciento)",
    },
}
STATUS_WORDS = {
    "en": ("On track", "Not on track"),
    "fr": ("En bonne voie", "Pas en bonne voie"),
    "es": ("En buen camino", "No en buen camino"),
}


def _export(tmp_path: Path, language: str | None, *extra: str) -> Path:
    path = tmp_path / f"appendix-{language}.xlsx"
    args = ["export_appendix", "--year", "2020", "--output", str(path), *extra]
    if language:
        args += ["--language", language]
    call_command(*args, stdout=io.StringIO())
    return path


def _cells(sheet) -> list[str]:
    return [v for row in sheet.iter_rows(values_only=True) for v in row if isinstance(v, str)]


@pytest.mark.parametrize("language", ["en", "fr", "es"])
def test_the_appendix_speaks_the_asked_language(ilo_plan, tmp_path, language):
    words = WORDS[language]
    workbook = load_workbook(_export(tmp_path, language))
    assert workbook.sheetnames == words["sheets"]
    table = workbook[words["sheets"][1]]
    assert workbook.active.title == words["sheets"][1]
    assert next(table.iter_rows(max_row=1, values_only=True)) == words["headings"]
    cells = _cells(table)
    # RBM.1's 2020 result for headquarters: 13, in per cent; its target printed "37 per cent".
    assert words["per_cent"] in cells
    assert words["target"] in cells
    # The plan's own texts in the language: RBM.1's indicator, its section, a PARDEV action.
    rbm1 = Indicator.objects.get(code="RBM.1")
    action = AcceleratingAction.objects.filter(target__indicator=rbm1).first()
    field = {"en": "text", "fr": "text_fr", "es": "text_es"}[language]
    assert getattr(rbm1, field) in cells
    assert getattr(rbm1.section, field.replace("text", "title")) in cells
    assert any(f"• {getattr(action, field)}" in c for c in cells)
    if language != "en":
        assert rbm1.text not in cells
    assert table.oddHeader.center.text.startswith(ilo_plan.title)
    assert table.oddFooter.center.text == words["footer"]

    cover = list(workbook[words["sheets"][0]].iter_rows(values_only=True))
    assert any(row[:3] == words["cover_heading"] for row in cover)
    cover_words = {v for row in cover for v in row if isinstance(v, str)}
    assert set(STATUS_WORDS[language]) <= cover_words
    # The whole plan's published figures, each per cent with one decimal as the tables print.
    assert any(words["none_reported"] in text for text in cover_words)


def test_the_english_appendix_is_unchanged_by_the_reader_language(ilo_plan, tmp_path):
    """Without --language the appendix is English, whatever language is active around it."""
    default = _export(tmp_path, None)
    with translation.override("fr"):
        english = _export(tmp_path, "en")
    assert _cells(load_workbook(default)["Appendix"]) == _cells(load_workbook(english)["Appendix"])
    assert _cells(load_workbook(default)["Notes"]) == _cells(load_workbook(english)["Notes"])


def _parts(path: Path) -> dict[str, bytes]:
    """The workbook's files, but for the time it was made (docProps/core.xml)."""
    with zipfile.ZipFile(path) as archive:
        return {
            name: archive.read(name) for name in archive.namelist() if name != "docProps/core.xml"
        }


def test_the_english_appendix_is_the_same_with_or_without_translations(ilo_plan, tmp_path):
    with_them = _parts(_export(tmp_path, "en"))
    for model in (Section, Indicator, Target, AcceleratingAction, CustodianUnit, Portfolio, Region):
        model.objects.update(**{name: "" for name in translation_names(model)[:2]})
    assert _parts(_export(tmp_path, "en")) == with_them


def _notes(tmp_path: Path, language: str) -> list[str]:
    return _cells(load_workbook(_export(tmp_path, language))[WORDS[language]["sheets"][2]])


def _said(language: str, message: str, **values: str) -> str:
    """A sentence of the notes as the appendix writes it in ``language``."""
    with translation.override(language):
        return translation.gettext(message) % values


ALWAYS_ENGLISH = (
    "The plan's title and its description of the targets loaded, the notes on the published "
    "figures, the results written in words and the custodians a target names as a group are "
    "printed as written, in English: they have no translation."
)
ALL_WORKING = (
    "The plan's other texts, printed here in translation, are working translations, not the "
    "Office's official text."
)


@pytest.mark.parametrize("language", ["fr", "es"])
def test_the_notes_say_the_plans_texts_are_working_translations(ilo_plan, tmp_path, language):
    """The plan file's translations are all working ones: nothing is printed in English but
    the texts that have no translation at all."""
    notes = _notes(tmp_path, language)
    assert notes[-2:] == [_said(language, ALWAYS_ENGLISH), _said(language, ALL_WORKING)]
    english_notes = _cells(load_workbook(_export(tmp_path, "en"))["Notes"])
    assert not any("in English" in line or "translation" in line for line in english_notes)


def test_the_notes_name_a_text_printed_in_english_for_want_of_its_translation(ilo_plan, tmp_path):
    rbm1 = Indicator.objects.get(code="RBM.1")
    Indicator.objects.filter(pk=rbm1.pk).update(text_fr="", unofficial_fr=False)

    table = load_workbook(_export(tmp_path, "fr"))["Annexe"]
    assert rbm1.text in _cells(table)  # printed as written
    notes = _notes(tmp_path, "fr")
    with translation.override("fr"):
        indicators = translation.pgettext("plan texts the appendix notes name", "indicators")
    assert notes[-3:] == [
        _said("fr", ALWAYS_ENGLISH),
        _said(
            "fr",
            "Also printed as written, in English, as the plan has no translation of them yet: "
            "%(texts)s.",
            texts=_said("fr", "%(texts)s: %(names)s", texts=indicators, names="RBM.1"),
        ),
        _said("fr", ALL_WORKING),
    ]


def test_the_notes_name_the_working_translations_once_some_are_official(ilo_plan, tmp_path):
    """Once the Office's text replaces some, the notes name the working translations left, or
    count them where a kind has many."""
    Section.objects.update(unofficial_es=False)
    Indicator.objects.exclude(code__in=["RBM.1", "ACC.1"]).update(unofficial_es=False)
    for model in (Target, CustodianUnit, Portfolio, Region):
        model.objects.update(unofficial_es=False)

    workbook = load_workbook(_export(tmp_path, "es"))
    bullets = sum(
        text.count("• ")
        for (text,) in workbook["Anexo"].iter_rows(min_col=5, values_only=True)
        if text
    )
    assert bullets > NAMED_AT_MOST  # too many to name: counted

    def kind(label: str, names: str) -> str:
        with translation.override("es"):
            label = translation.pgettext("plan texts the appendix notes name", label)
        return _said("es", "%(texts)s: %(names)s", texts=label, names=names)

    texts = "; ".join([kind("indicators", "RBM.1, ACC.1"), kind("accelerating actions", bullets)])
    assert _cells(workbook["Notas"])[-2:] == [
        _said("es", ALWAYS_ENGLISH),
        _said(
            "es", "Working translations, not the Office's official text: %(texts)s.", texts=texts
        ),
    ]


@pytest.mark.parametrize(("language", "note"), [("fr", "en anglais"), ("es", "en inglés")])
def test_without_translations_the_notes_say_what_stays_in_the_plan_language(
    ilo_plan, tmp_path, language, note
):
    for model in (Section, Indicator, Target, AcceleratingAction, CustodianUnit, Portfolio, Region):
        model.objects.update(**{name: "" for name in translation_names(model)[:2]})
    notes = _notes(tmp_path, language)
    untranslated = [line for line in notes if note in line]
    assert len(untranslated) == 2, notes
    # Targets written in words are named; a target that is only a quantity is not.
    assert "DEC.1 (" in untranslated[1] or "Audit done" not in untranslated[1]
    assert "RBM.1" not in untranslated[1]
    english_notes = _cells(load_workbook(_export(tmp_path, "en"))["Notes"])
    assert not any("in English" in line for line in english_notes)


def test_decimal_commas_in_french_and_spanish(ilo_plan, tmp_path):
    from decimal import Decimal

    from indicators.formatting import format_quantity

    for language, expected in (
        ("en", "37.5 per cent"),
        ("fr", "37,5 pour cent"),
        ("es", "37,5 por ciento"),
    ):
        with translation.override(language):
            assert format_quantity(Decimal("37.50"), "percent") == expected
            assert format_quantity(Decimal("1500"), "count") == "1500"


def test_an_unknown_language_is_refused(ilo_plan, tmp_path):
    with pytest.raises(CommandError, match="invalid choice: 'de'"):
        _export(tmp_path, "de")
