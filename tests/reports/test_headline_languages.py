"""The Governing Body paragraph in English, French and Spanish, against sentences written by hand.

Each case gives, per language, the texts a caller passes in that language (the subject, the
reasons) and the paragraph expected, word for word.
"""

from decimal import Decimal

import pytest
from django.utils import translation

from reports.headline import StatusCounts, headline_paragraph, percent_in_words

ALL_TARGETS = {
    "en": "all ILO Action Plan targets",
    "fr": "toutes les cibles du Plan d'action de l'OIT",
    "es": "todas las metas del Plan de Acción de la OIT",
}

# Many targets, a decimal percentage, data unavailable with its reason, and a rise against the
# previous exercise (50 per cent met in 2018–19, 50.8 on track in 2020): GB.343/INS's figures.
MANY = {
    "counts": StatusCounts(on_track=29, not_on_track=21, data_unavailable=7),
    "year": 2020,
    "all_targets": True,
    "previous_label": "2018–19",
    "previous": StatusCounts(on_track=29, not_on_track=24, data_unavailable=4),
    "by_language": {
        "en": (
            {
                "subject": ALL_TARGETS["en"],
                "unavailable_reason": "because some events were not held",
                "previous_unavailable_reason": "on training",
            },
            "Monitoring in 2020 of all ILO Action Plan targets showed that 50.8 per cent of "
            "targets (or 29 targets out of a total of 57) were on track, and 36.8 per cent "
            "(21 targets) were not on track. Data were unavailable for 12.2 per cent of targets "
            "(7 targets), because some events were not held. In comparison, the monitoring "
            "exercise for 2018–19 showed that 50 per cent of all targets (29 out of the 57) had "
            "been met, 42 per cent (24 targets) had not, and data were unavailable for 7 per cent "
            "(4 targets, on training).",
        ),
        "fr": (
            {
                "subject": ALL_TARGETS["fr"],
                "unavailable_reason": "car certaines manifestations n'ont pas eu lieu",
                "previous_unavailable_reason": "concernant la formation",
            },
            "En 2020, le suivi de toutes les cibles du Plan d'action de l'OIT a montré que "
            "50,8 pour cent des cibles (soit 29 cibles sur un total de 57) étaient en bonne voie "
            "et que 36,8 pour cent (21 cibles) ne l'étaient pas. Les données n'étaient pas "
            "disponibles pour 12,2 pour cent des cibles (7 cibles), car certaines manifestations "
            "n'ont pas eu lieu. À titre de comparaison, l'exercice de suivi de 2018–19 avait "
            "montré que 50 pour cent de l'ensemble des cibles (29 sur les 57) avaient été "
            "atteintes, que 42 pour cent (24 cibles) ne l'avaient pas été et que les données "
            "n'étaient pas disponibles pour 7 pour cent (4 cibles, concernant la formation).",
        ),
        "es": (
            {
                "subject": ALL_TARGETS["es"],
                "unavailable_reason": "debido a que algunos eventos no se celebraron",
                "previous_unavailable_reason": "relativas a la formación",
            },
            "En 2020, el seguimiento de todas las metas del Plan de Acción de la OIT mostró que "
            "el 50,8 por ciento de las metas (es decir, 29 metas de un total de 57) estaban en "
            "vías de cumplirse y que el 36,8 por ciento (21 metas) no lo estaban. No se disponía "
            "de datos respecto del 12,2 por ciento de las metas (7 metas), debido a que algunos "
            "eventos no se celebraron. En comparación, el ejercicio de seguimiento de 2018–19 "
            "había mostrado que el 50 por ciento de todas las metas (29 de las 57) se habían "
            "cumplido, que el 42 por ciento (24 metas) no se habían cumplido y que no se disponía "
            "de datos respecto del 7 por ciento (4 metas, relativas a la formación).",
        ),
    },
}

# One target, on track: the singular, and none not on track ("0 cible" in French).
ONE = {
    "counts": StatusCounts(on_track=1),
    "year": 2021,
    "by_language": {
        "en": (
            {"subject": "the ILO Action Plan targets of the Evaluation Office"},
            "Monitoring in 2021 of the ILO Action Plan targets of the Evaluation Office showed "
            "that 100 per cent of targets (or 1 target out of a total of 1) was on track, and "
            "0 per cent (0 targets) were not on track.",
        ),
        "fr": (
            {"subject": "les cibles du Plan d'action de l'OIT relevant du Bureau de l'évaluation"},
            "En 2021, le suivi des cibles du Plan d'action de l'OIT relevant du Bureau de "
            "l'évaluation a montré que 100 pour cent des cibles (soit 1 cible sur un total de 1) "
            "étaient en bonne voie et que 0 pour cent (0 cible) ne l'était pas.",
        ),
        "es": (
            {
                "subject": (
                    "las metas del Plan de Acción de la OIT a cargo de la Oficina de Evaluación"
                )
            },
            "En 2021, el seguimiento de las metas del Plan de Acción de la OIT a cargo de la "
            "Oficina de Evaluación mostró que el 100 por ciento de las metas (es decir, 1 meta de "
            "un total de 1) estaban en vías de cumplirse y que el 0 por ciento (0 metas) no lo "
            "estaban.",
        ),
    },
}

# Some targets not reported, whole percentages (50), and an earlier exercise with every status.
NOT_REPORTED = {
    "counts": StatusCounts(on_track=2, not_on_track=1, not_reported=1),
    "year": 2021,
    "previous_label": "2020",
    "previous": StatusCounts(on_track=1, not_on_track=1, data_unavailable=1, not_reported=1),
    "by_language": {
        "en": (
            {"subject": "the 4 ILO Action Plan targets of the Policy Portfolio"},
            "Monitoring in 2021 of the 4 ILO Action Plan targets of the Policy Portfolio showed "
            "that 50 per cent of targets (or 2 targets out of a total of 4) were on track, and "
            "25 per cent (1 target) was not on track. No result was reported for 25 per cent of "
            "targets (1 target). In comparison, the monitoring exercise for 2020 showed that "
            "25 per cent of these targets (1 out of the 4) had been met, 25 per cent (1 target) "
            "had not, data were unavailable for 25 per cent (1 target), and no result was "
            "reported for 25 per cent (1 target).",
        ),
        "fr": (
            {
                "subject": "les 4 cibles du Plan d'action de l'OIT relevant du portefeuille des "
                "politiques"
            },
            "En 2021, le suivi des 4 cibles du Plan d'action de l'OIT relevant du portefeuille "
            "des politiques a montré que 50 pour cent des cibles (soit 2 cibles sur un total de "
            "4) étaient en bonne voie et que 25 pour cent (1 cible) ne l'était pas. Aucun "
            "résultat n'a été communiqué pour 25 pour cent des cibles (1 cible). À titre de "
            "comparaison, l'exercice de suivi de 2020 avait montré que 25 pour cent de ces "
            "cibles (1 sur les 4) avaient été atteintes, que 25 pour cent (1 cible) ne l'avait "
            "pas été, que les données n'étaient pas disponibles pour 25 pour cent (1 cible) et "
            "qu'aucun résultat n'avait été communiqué pour 25 pour cent (1 cible).",
        ),
        "es": (
            {"subject": "las 4 metas del Plan de Acción de la OIT de la Cartera de Políticas"},
            "En 2021, el seguimiento de las 4 metas del Plan de Acción de la OIT de la Cartera de "
            "Políticas mostró que el 50 por ciento de las metas (es decir, 2 metas de un total de "
            "4) estaban en vías de cumplirse y que el 25 por ciento (1 meta) no lo estaba. No se "
            "comunicaron resultados respecto del 25 por ciento de las metas (1 meta). En "
            "comparación, el ejercicio de seguimiento de 2020 había mostrado que el 25 por ciento "
            "de estas metas (1 de las 4) se habían cumplido, que el 25 por ciento (1 meta) no se "
            "había cumplido, que no se disponía de datos respecto del 25 por ciento (1 meta) y "
            "que no se habían comunicado resultados respecto del 25 por ciento (1 meta).",
        ),
    },
}

# A rise: 25 per cent met in 2020, 75 on track in 2021, over the same targets.
RISE = {
    "counts": StatusCounts(on_track=3, not_on_track=1),
    "year": 2021,
    "previous_label": "2020",
    "previous": StatusCounts(on_track=1, not_on_track=3),
    "by_language": {
        "en": (
            {"subject": "the 4 targets listed in the appendix"},
            "Monitoring in 2021 of the 4 targets listed in the appendix showed that 75 per cent "
            "of targets (or 3 targets out of a total of 4) were on track, and 25 per cent "
            "(1 target) was not on track. In comparison, the monitoring exercise for 2020 showed "
            "that 25 per cent of these targets (1 out of the 4) had been met, and 75 per cent "
            "(3 targets) had not.",
        ),
        "fr": (
            {"subject": "les 4 cibles énumérées dans l'annexe"},
            "En 2021, le suivi des 4 cibles énumérées dans l'annexe a montré que 75 pour cent des "
            "cibles (soit 3 cibles sur un total de 4) étaient en bonne voie et que 25 pour cent "
            "(1 cible) ne l'était pas. À titre de comparaison, l'exercice de suivi de 2020 avait "
            "montré que 25 pour cent de ces cibles (1 sur les 4) avaient été atteintes et que "
            "75 pour cent (3 cibles) ne l'avaient pas été.",
        ),
        "es": (
            {"subject": "las 4 metas enumeradas en el anexo"},
            "En 2021, el seguimiento de las 4 metas enumeradas en el anexo mostró que el 75 por "
            "ciento de las metas (es decir, 3 metas de un total de 4) estaban en vías de "
            "cumplirse y que el 25 por ciento (1 meta) no lo estaba. En comparación, el ejercicio "
            "de seguimiento de 2020 había mostrado que el 25 por ciento de estas metas (1 de las "
            "4) se habían cumplido y que el 75 por ciento (3 metas) no se habían cumplido.",
        ),
    },
}

# A fall: 66 per cent met in 2020 (2 of 3, cut), 25 on track in 2021, over more targets.
FALL = {
    "counts": StatusCounts(on_track=1, not_on_track=3),
    "year": 2021,
    "all_targets": True,
    "previous_label": "2020",
    "previous": StatusCounts(on_track=2, not_on_track=1),
    "by_language": {
        "en": (
            {"subject": ALL_TARGETS["en"]},
            "Monitoring in 2021 of all ILO Action Plan targets showed that 25 per cent of targets "
            "(or 1 target out of a total of 4) was on track, and 75 per cent (3 targets) were not "
            "on track. In comparison, the monitoring exercise for 2020 showed that 66 per cent of "
            "all targets (2 out of 3) had been met, and 33 per cent (1 target) had not.",
        ),
        "fr": (
            {"subject": ALL_TARGETS["fr"]},
            "En 2021, le suivi de toutes les cibles du Plan d'action de l'OIT a montré que "
            "25 pour cent des cibles (soit 1 cible sur un total de 4) étaient en bonne voie et "
            "que 75 pour cent (3 cibles) ne l'étaient pas. À titre de comparaison, l'exercice de "
            "suivi de 2020 avait montré que 66 pour cent de l'ensemble des cibles (2 sur 3) "
            "avaient été atteintes et que 33 pour cent (1 cible) ne l'avait pas été.",
        ),
        "es": (
            {"subject": ALL_TARGETS["es"]},
            "En 2021, el seguimiento de todas las metas del Plan de Acción de la OIT mostró que "
            "el 25 por ciento de las metas (es decir, 1 meta de un total de 4) estaban en vías de "
            "cumplirse y que el 75 por ciento (3 metas) no lo estaban. En comparación, el "
            "ejercicio de seguimiento de 2020 había mostrado que el 66 por ciento de todas las "
            "metas (2 de 3) se habían cumplido y que el 33 por ciento (1 meta) no se había "
            "cumplido.",
        ),
    },
}

NONE = {
    "counts": StatusCounts(),
    "year": 2022,
    "by_language": {
        "en": (
            {"subject": ALL_TARGETS["en"]},
            "No ILO Action Plan targets were monitored in 2022.",
        ),
        "fr": (
            {"subject": ALL_TARGETS["fr"]},
            "En 2022, les cibles du Plan d'action de l'OIT n'ont fait l'objet d'aucun suivi.",
        ),
        "es": (
            {"subject": ALL_TARGETS["es"]},
            "En 2022, las metas del Plan de Acción de la OIT no fueron objeto de seguimiento.",
        ),
    },
}

NONE_OF_SOME = {
    "counts": StatusCounts(),
    "year": 2022,
    "by_language": {
        "en": (
            {"subject": "the ILO Action Plan targets of the Policy portfolio"},
            "None of the ILO Action Plan targets of the Policy portfolio were monitored in 2022.",
        ),
        "fr": (
            {"subject": "les cibles du Plan d'action de l'OIT du portefeuille Politiques"},
            "En 2022, les cibles du Plan d'action de l'OIT du portefeuille Politiques n'ont fait "
            "l'objet d'aucun suivi.",
        ),
        "es": (
            {"subject": "las metas del Plan de Acción de la OIT de la cartera de Políticas"},
            "En 2022, las metas del Plan de Acción de la OIT de la cartera de Políticas no fueron "
            "objeto de seguimiento.",
        ),
    },
}

CASES = {
    "many": MANY,
    "one": ONE,
    "not reported": NOT_REPORTED,
    "rise": RISE,
    "fall": FALL,
    "none": NONE,
    "none of some": NONE_OF_SOME,
}


def _paragraph(case: dict, language: str) -> str:
    texts, _ = case["by_language"][language]
    arguments = {key: value for key, value in case.items() if key != "by_language"}
    return headline_paragraph(**arguments, **texts, language=language)


@pytest.mark.parametrize("language", ["en", "fr", "es"])
@pytest.mark.parametrize("name", CASES)
def test_the_paragraph_is_written_as_by_hand(name, language):
    case = CASES[name]
    assert _paragraph(case, language) == case["by_language"][language][1]


@pytest.mark.parametrize(
    ("language", "expected"),
    [("en", "50.8"), ("fr", "50,8"), ("es", "50,8"), ("fr-ch", "50,8"), ("es-419", "50,8")],
)
def test_a_decimal_percentage_takes_the_language_s_decimal_mark(language, expected):
    assert percent_in_words(Decimal("50.8"), language) == expected
    assert percent_in_words(Decimal("50.0"), language) == "50"


def test_the_active_language_is_used_when_none_is_given():
    texts, expected = MANY["by_language"]["fr"]
    arguments = {key: value for key, value in MANY.items() if key != "by_language"}
    with translation.override("fr"):
        assert headline_paragraph(**arguments, **texts) == expected
        assert percent_in_words(Decimal("12.2")) == "12,2"
    with translation.override("es"):
        assert percent_in_words(Decimal("12.2")) == "12,2"
    with translation.override("en"):
        assert percent_in_words(Decimal("12.2")) == "12.2"


@pytest.mark.parametrize("language", ["de", "ar", "xx-yy"])
def test_an_unknown_language_gives_english(language):
    texts, expected = MANY["by_language"]["en"]
    arguments = {key: value for key, value in MANY.items() if key != "by_language"}
    assert headline_paragraph(**arguments, **texts, language=language) == expected
    with translation.override(language):
        assert headline_paragraph(**arguments, **texts) == expected
