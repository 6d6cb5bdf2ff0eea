"""The Governing Body paragraph in English, French and Spanish, as the GB documents write it.

``reports.headline`` counts and computes the percentages; this module writes them in words. The
grammar differs per language, so each writes its own sentences (``Wording``: its templates, and
the words that agree with a count), and every number goes through one function,
``number_in_words``. No gettext: the paragraph is document text with its own
rules, not interface text.

The words, one choice per language, used everywhere (the interface catalogues should use the same):

=====================  ==========================  ==============================
English                French                      Spanish
=====================  ==========================  ==============================
target(s)              cible(s)                    meta(s)
indicator(s)           indicateur(s)               indicador(es)
on track               en bonne voie               en vías de cumplirse
not on track           pas en bonne voie           no en vías de cumplirse
data unavailable       données non disponibles     datos no disponibles
not reported           non communiqué              no comunicado
met (a target)         atteinte                    cumplida
per cent               pour cent                   por ciento ("el 50,8 por ciento")
monitoring (exercise)  (exercice de) suivi         (ejercicio de) seguimiento
=====================  ==========================  ==============================

Numbers: "50.8 per cent", "50,8 pour cent", "el 50,8 por ciento" (a decimal comma in French and
Spanish, a normal space before the words, a trailing ".0" dropped as the documents do). Nouns: one
target, 1 meta, 0 metas, but 0 cible, 1 cible (French takes the singular below 2). Verbs: in
English they agree with the count in brackets ("1 target was"), as GB.343/INS does. In French and
Spanish a percentage followed by "des cibles" / "de las metas" takes the plural, as their grammar
wants ("25 pour cent des cibles (soit 1 cible …) étaient en bonne voie"); a percentage alone
agrees with its count in brackets ("25 pour cent (1 cible) ne l'était pas", "el 36,8 por ciento
(21 metas) no lo estaban").

``subject`` is given in the paragraph's language, as a plural noun phrase with its article
("toutes les cibles du Plan d'action de l'OIT", "las 30 metas …"); so are the reasons and labels.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, Literal

from django.utils.translation import get_language

from indicators.status import Status

if TYPE_CHECKING:
    from reports.headline import StatusCounts

Language = Literal["en", "fr", "es"]
LANGUAGES: tuple[Language, ...] = ("en", "fr", "es")
DECIMAL_MARK: dict[Language, str] = {"en": ".", "fr": ",", "es": ","}

ON_TRACK, NOT_ON_TRACK = Status.ON_TRACK, Status.NOT_ON_TRACK
DATA_UNAVAILABLE, NOT_REPORTED = Status.DATA_UNAVAILABLE, Status.NOT_REPORTED


def paragraph_language(language: str | None = None) -> Language:
    """``language``, or the active one when not given, as "en", "fr" or "es" ("fr-ch" is French);
    English for any other."""
    code = (language or get_language() or "en").lower().replace("_", "-").split("-")[0]
    return code if code in LANGUAGES else "en"


def number_in_words(value: int | Decimal, language: str | None = None) -> str:
    """How the documents write a number in a sentence: 50.8 -> "50.8" in English and "50,8" in
    French and Spanish; 50.0 -> "50"."""
    written = f"{value:f}".removesuffix(".0") if isinstance(value, Decimal) else str(value)
    return written.replace(".", DECIMAL_MARK[paragraph_language(language)])


def percent_in_words(value: Decimal, language: str | None = None) -> str:
    """50.8 -> "50.8" ("50,8" in French and Spanish), 50.0 -> "50": a percentage in a sentence."""
    return number_in_words(value, language)


@dataclass(frozen=True)
class Exercise:
    """One monitoring exercise's counts and percentages, in no language yet."""

    counts: StatusCounts
    percents: dict[Status, Decimal]
    unavailable_reason: str = ""


@dataclass(frozen=True)
class ParagraphFacts:
    """What the paragraph says, whatever its language (see ``headline_paragraph``)."""

    year: int
    subject: str
    all_targets: bool
    monitored: Exercise
    previous_label: str = ""
    previous: Exercise | None = None

    @property
    def same_total(self) -> bool:
        return self.previous is not None and (
            self.previous.counts.total == self.monitored.counts.total
        )


@dataclass(frozen=True)
class Wording:
    """How one language writes the paragraph: its sentences, as templates, and the words that
    agree with a count, as (singular, plural)."""

    language: Language
    target: tuple[str, str]
    on_track_verb: tuple[str, str]
    not_on_track_verb: tuple[str, str]
    had_not_been_met: tuple[str, str]
    all_prefix: str  # "all " in "all ILO Action Plan targets"
    of: Callable[[str], str]  # "of" before the subject
    which: tuple[str, str]  # the earlier exercise's targets: all of them, or these
    out_of: tuple[str, str]  # over the same number of targets, or another
    nothing_monitored: tuple[str, str]  # for all the targets ("all " taken off), or some
    opening: str
    unavailable: str
    not_reported: str
    comparison: str
    earlier_met: str
    earlier_not_met: str
    earlier_unavailable: str
    earlier_not_reported: str
    listed: Callable[[list[str]], str]

    def agreeing(self, count: int, forms: tuple[str, str]) -> str:
        """The singular for 1 (for 0 and 1 in French), else the plural."""
        singular = count < 2 if self.language == "fr" else count == 1
        return forms[0] if singular else forms[1]

    def targets(self, count: int) -> str:
        """1 target, 2 targets; 0 cible, 1 cible, 2 cibles; 1 meta, 2 metas."""
        return f"{number_in_words(count, self.language)} {self.agreeing(count, self.target)}"

    def percents(self, exercise: Exercise) -> dict[Status, str]:
        return {s: number_in_words(v, self.language) for s, v in exercise.percents.items()}


def paragraph_in(language: str | None, facts: ParagraphFacts) -> str:
    """The paragraph in ``language``'s words: the same sentences, in the same order, in each."""
    words = WORDINGS[paragraph_language(language)]
    counts = facts.monitored.counts
    if not counts.total:
        every = facts.subject.startswith(words.all_prefix)
        subject = facts.subject.removeprefix(words.all_prefix)
        sentence = words.nothing_monitored[0 if every else 1]
        return sentence.format(year=facts.year, subject=subject)
    pct = words.percents(facts.monitored)
    sentences = [
        words.opening.format(
            year=facts.year,
            of_subject=words.of(facts.subject),
            on_track=pct[ON_TRACK],
            on_track_targets=words.targets(counts.on_track),
            total=number_in_words(counts.total, words.language),
            on_track_verb=words.agreeing(counts.on_track, words.on_track_verb),
            not_on_track=pct[NOT_ON_TRACK],
            not_on_track_targets=words.targets(counts.not_on_track),
            not_on_track_verb=words.agreeing(counts.not_on_track, words.not_on_track_verb),
        )
    ]
    if counts.data_unavailable:
        reason = facts.monitored.unavailable_reason
        sentences.append(
            words.unavailable.format(
                percent=pct[DATA_UNAVAILABLE],
                targets=words.targets(counts.data_unavailable),
                reason=f", {reason}" if reason else "",
            )
        )
    if counts.not_reported:
        sentences.append(
            words.not_reported.format(
                percent=pct[NOT_REPORTED], targets=words.targets(counts.not_reported)
            )
        )
    if facts.previous is not None:
        sentences.append(_comparison(words, facts, facts.previous))
    return " ".join(sentences)


def _comparison(words: Wording, facts: ParagraphFacts, earlier: Exercise) -> str:
    counts, pct = earlier.counts, words.percents(earlier)
    total = number_in_words(counts.total, words.language)
    clauses = [
        words.earlier_met.format(
            percent=pct[ON_TRACK],
            which=words.which[0] if facts.all_targets else words.which[1],
            count=number_in_words(counts.on_track, words.language),
            out_of=(words.out_of[0] if facts.same_total else words.out_of[1]).format(total=total),
        ),
        words.earlier_not_met.format(
            percent=pct[NOT_ON_TRACK],
            targets=words.targets(counts.not_on_track),
            had_not=words.agreeing(counts.not_on_track, words.had_not_been_met),
        ),
    ]
    if counts.data_unavailable:
        reason = earlier.unavailable_reason
        clauses.append(
            words.earlier_unavailable.format(
                percent=pct[DATA_UNAVAILABLE],
                targets=words.targets(counts.data_unavailable),
                reason=f", {reason}" if reason else "",
            )
        )
    if counts.not_reported:
        clauses.append(
            words.earlier_not_reported.format(
                percent=pct[NOT_REPORTED], targets=words.targets(counts.not_reported)
            )
        )
    return words.comparison.format(label=facts.previous_label, clauses=words.listed(clauses))


# ---- English: GB.343/INS, paragraph 2 ---------------------------------------------------------

ENGLISH = Wording(
    language="en",
    target=("target", "targets"),
    on_track_verb=("was", "were"),
    not_on_track_verb=("was", "were"),
    had_not_been_met=("had not", "had not"),
    all_prefix="all ",
    of=lambda subject: f"of {subject}",
    which=("all targets", "these targets"),
    out_of=("out of the {total}", "out of {total}"),
    nothing_monitored=(
        "No {subject} were monitored in {year}.",
        "None of {subject} were monitored in {year}.",
    ),
    opening=(
        "Monitoring in {year} {of_subject} showed that {on_track} per cent of targets (or "
        "{on_track_targets} out of a total of {total}) {on_track_verb} on track, and "
        "{not_on_track} per cent ({not_on_track_targets}) {not_on_track_verb} not on track."
    ),
    unavailable="Data were unavailable for {percent} per cent of targets ({targets}){reason}.",
    not_reported="No result was reported for {percent} per cent of targets ({targets}).",
    comparison="In comparison, the monitoring exercise for {label} showed that {clauses}.",
    earlier_met="{percent} per cent of {which} ({count} {out_of}) had been met",
    earlier_not_met="{percent} per cent ({targets}) {had_not}",
    earlier_unavailable="data were unavailable for {percent} per cent ({targets}{reason})",
    earlier_not_reported="no result was reported for {percent} per cent ({targets})",
    listed=lambda clauses: ", ".join(clauses[:-1]) + ", and " + clauses[-1],
)


# ---- French -----------------------------------------------------------------------------------


def _fr_of(subject: str) -> str:
    """The subject after "de", contracted as French wants: des cibles, du plan, de toutes."""
    for article, contracted in (("les ", "des "), ("le ", "du ")):
        if subject.startswith(article):
            return contracted + subject.removeprefix(article)
    return f"de {subject}"


def _fr_that(clause: str) -> str:
    """A clause after its "que", elided before a vowel: qu'aucun résultat."""
    return f"qu'{clause}" if clause[:1] in "aeiouéèêàâîôû" else f"que {clause}"


def _fr_listed(clauses: list[str]) -> str:
    """Each clause after its "que", and no comma before the last "et", as French lists are."""
    return ", ".join(map(_fr_that, clauses[:-1])) + " et " + _fr_that(clauses[-1])


FRENCH = Wording(
    language="fr",
    target=("cible", "cibles"),
    on_track_verb=("étaient", "étaient"),  # agrees with "des cibles"
    not_on_track_verb=("ne l'était", "ne l'étaient"),
    had_not_been_met=("ne l'avait pas été", "ne l'avaient pas été"),
    all_prefix="toutes ",
    of=_fr_of,
    which=("de l'ensemble des cibles", "de ces cibles"),
    out_of=("sur les {total}", "sur {total}"),
    nothing_monitored=("En {year}, {subject} n'ont fait l'objet d'aucun suivi.",) * 2,
    opening=(
        "En {year}, le suivi {of_subject} a montré que {on_track} pour cent des cibles (soit "
        "{on_track_targets} sur un total de {total}) {on_track_verb} en bonne voie et que "
        "{not_on_track} pour cent ({not_on_track_targets}) {not_on_track_verb} pas."
    ),
    unavailable=(
        "Les données n'étaient pas disponibles pour {percent} pour cent des cibles "
        "({targets}){reason}."
    ),
    not_reported=(
        "Aucun résultat n'a été communiqué pour {percent} pour cent des cibles ({targets})."
    ),
    comparison="À titre de comparaison, l'exercice de suivi de {label} avait montré {clauses}.",
    earlier_met="{percent} pour cent {which} ({count} {out_of}) avaient été atteintes",
    earlier_not_met="{percent} pour cent ({targets}) {had_not}",
    earlier_unavailable=(
        "les données n'étaient pas disponibles pour {percent} pour cent ({targets}{reason})"
    ),
    earlier_not_reported=(
        "aucun résultat n'avait été communiqué pour {percent} pour cent ({targets})"
    ),
    listed=_fr_listed,
)


# ---- Spanish ----------------------------------------------------------------------------------


def _es_of(subject: str) -> str:
    """The subject after "de" ("del" before "el"), as Spanish contracts it."""
    return f"del {subject.removeprefix('el ')}" if subject.startswith("el ") else f"de {subject}"


def _es_listed(clauses: list[str]) -> str:
    """Each clause after its "que", and no comma before the last "y", as Spanish lists are."""
    return "que " + ", que ".join(clauses[:-1]) + " y que " + clauses[-1]


SPANISH = Wording(
    language="es",
    target=("meta", "metas"),
    on_track_verb=("estaban", "estaban"),  # agrees with "de las metas"
    not_on_track_verb=("no lo estaba", "no lo estaban"),
    had_not_been_met=("no se había cumplido", "no se habían cumplido"),
    all_prefix="todas ",
    of=_es_of,
    which=("de todas las metas", "de estas metas"),
    out_of=("de las {total}", "de {total}"),
    nothing_monitored=("En {year}, {subject} no fueron objeto de seguimiento.",) * 2,
    opening=(
        "En {year}, el seguimiento {of_subject} mostró que el {on_track} por ciento de las metas "
        "(es decir, {on_track_targets} de un total de {total}) {on_track_verb} en vías de "
        "cumplirse y que el {not_on_track} por ciento ({not_on_track_targets}) "
        "{not_on_track_verb}."
    ),
    unavailable=(
        "No se disponía de datos respecto del {percent} por ciento de las metas "
        "({targets}){reason}."
    ),
    not_reported=(
        "No se comunicaron resultados respecto del {percent} por ciento de las metas ({targets})."
    ),
    comparison="En comparación, el ejercicio de seguimiento de {label} había mostrado {clauses}.",
    earlier_met="el {percent} por ciento {which} ({count} {out_of}) se habían cumplido",
    earlier_not_met="el {percent} por ciento ({targets}) {had_not}",
    earlier_unavailable=(
        "no se disponía de datos respecto del {percent} por ciento ({targets}{reason})"
    ),
    earlier_not_reported=(
        "no se habían comunicado resultados respecto del {percent} por ciento ({targets})"
    ),
    listed=_es_listed,
)

WORDINGS: dict[Language, Wording] = {"en": ENGLISH, "fr": FRENCH, "es": SPANISH}
