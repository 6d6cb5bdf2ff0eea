"""The Governing Body appendix in English, French and Spanish (export_appendix --language).

Its headers, notes, cover and statuses are in the asked language, its quantities written as the
language's documents write them ("13 pour cent", "13 por ciento", decimal commas); the plan's own
words (indicators, actions, targets written in words) stay as the plan gives them, named in a
note. The English appendix is the one GB.343/INS prints, word for word as before.
"""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.utils import translation
from openpyxl import load_workbook

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
    # The plan's own words stay: RBM.1's indicator, a PARDEV action.
    assert any(c.startswith("Proportion of project and programme proposals") for c in cells)
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


@pytest.mark.parametrize(("language", "note"), [("fr", "en anglais"), ("es", "en inglés")])
def test_the_notes_say_what_stays_in_the_plan_language(ilo_plan, tmp_path, language, note):
    notes = _cells(load_workbook(_export(tmp_path, language))[WORDS[language]["sheets"][2]])
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
