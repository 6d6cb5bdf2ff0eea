"""The data workbook's sheets and columns: the one description both the export and the import read.

Row 1 of each data sheet holds these headings, in this order; the import refuses a sheet whose
headings differ, so a column cannot silently move or go missing. The editable columns' keys are
the fields' names in ``indicators.result_rules``, whose messages go to the cells they name; what
a cell may hold (lengths, ranges) is that rule's, with the limits of ``indicators.limits``.

Headings and the words of drop-down lists are written in the language of the person who exports
(English, French or Spanish); the import reads a workbook in any of the three — its headings all
in one language, each choice in any — so a workbook passed between offices still imports. The
sheets' names stay English in every language: they name the sheets, not the reader's words.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from functools import cache

from django.conf import settings
from django.utils.functional import Promise
from django.utils.translation import get_language, override
from django.utils.translation import gettext_lazy as _
from openpyxl.utils import get_column_letter

from indicators.models import AcceleratingAction, Result, Unit

RESULTS_SHEET = "Results"
ACTIONS_SHEET = "Actions"
INSTRUCTIONS_SHEET = "Instructions"
DATA_SHEETS = (RESULTS_SHEET, ACTIONS_SHEET)

YES, NO = _("Yes"), _("No")
# A drop-down column's choices: each stored value and its label (translated when written).
CHOICES: dict[str, tuple[tuple[str, str | Promise], ...]] = {
    "declared_status": tuple(Result.DeclaredStatus.choices),
    "state": tuple(AcceleratingAction.State.choices),
}


def languages() -> list[str]:
    return [code for code, _name in settings.LANGUAGES]


def _words_in(language: str, text: str | Promise) -> str:
    with override(language):
        return str(text)


def in_every_language(text: str | Promise) -> set[str]:
    """A label as each language writes it: what the import accepts for it."""
    return {_words_in(language, text) for language in languages()}


def choice_labels(key: str) -> list[str]:
    """A drop-down column's labels in the active language, in the list's order."""
    return [str(label) for _value, label in CHOICES[key]]


def label_of(key: str, value: str) -> str:
    """The label of a stored choice in the active language; an unknown value as it is."""
    return next((str(label) for stored, label in CHOICES[key] if stored == value), value)


# What the import accepts, worked out once a process (a cell is read many times, the
# translations never change while it runs); keyed by plain strings, never by a lazy label.
def choice_words(choices: tuple[tuple[str, str | Promise], ...]) -> dict[str, str]:
    """Each word that names one of ``choices`` (stored value, label), without case: its stored
    value, and its label in every language. The plan definition workbook reads its choices so
    too (workbooks/plan_definition/reading.py)."""
    words = {}
    for stored, label in choices:
        words[stored.casefold()] = stored
        words |= {word.casefold(): stored for word in in_every_language(label)}
    return words


@cache
def _choice_words(key: str) -> dict[str, str]:
    return choice_words(CHOICES[key])


@cache
def _yes_no_words() -> dict[str, bool]:
    words = {"y": True, "true": True, "si": True, "n": False, "false": False}
    words |= {word.casefold(): True for word in in_every_language(YES)}
    words |= {word.casefold(): False for word in in_every_language(NO)}
    return words


def choice_from(key: str, text: str) -> str | None:
    """The stored value a cell's text names: its label in any language, or the value itself
    (compared without case); None if it names none."""
    return _choice_words(key).get(text.casefold())


def yes_no_from(text: str) -> bool | None:
    """Yes, Oui, Sí (or Si) → True; No, Non → False; also y/n and true/false; else None."""
    return _yes_no_words().get(text.strip().casefold())


class Kind(StrEnum):
    ID = "id"  # a stable reference, locked in the sheet
    INFO = "info"  # shown for reading, locked, not imported
    NUMBER = "number"
    TEXT = "text"
    CHOICE = "choice"
    DATE = "date"
    YES_NO = "yes_no"


@dataclass(frozen=True)
class Column:
    heading: str | Promise  # translated when written; ``headings_for`` reads it in any language
    key: str
    kind: Kind
    width: int = 16

    @property
    def editable(self) -> bool:
        return self.kind not in (Kind.ID, Kind.INFO)


RESULT_COLUMNS: tuple[Column, ...] = (
    Column(_("Target ID"), "target_id", Kind.ID, 10),
    Column(_("Year"), "year", Kind.ID, 7),
    Column(_("Version"), "version", Kind.ID, 8),
    Column(_("Indicator code"), "indicator_code", Kind.INFO, 10),
    Column(_("Indicator"), "indicator", Kind.INFO, 45),
    Column(_("Scope"), "scope", Kind.INFO, 16),
    Column(_("Target"), "target", Kind.INFO, 24),
    Column(_("Unit"), "unit", Kind.INFO, 9),
    Column(_("Custodian(s)"), "custodians", Kind.INFO, 24),
    Column(_("Review state"), "review_state", Kind.INFO, 11),
    Column(_("Status"), "status", Kind.INFO, 14),
    Column(_("Value"), "value", Kind.NUMBER, 11),
    Column(_("Statement"), "statement", Kind.TEXT, 30),
    Column(_("Data unavailable"), "data_unavailable", Kind.YES_NO, 11),
    Column(_("Reason data unavailable"), "unavailable_reason", Kind.TEXT, 28),
    Column(_("Declared status"), "declared_status", Kind.CHOICE, 14),
    Column(_("Explanation"), "explanation", Kind.TEXT, 45),
    Column(_("Evidence link"), "evidence_url", Kind.TEXT, 28),
)

ACTION_COLUMNS: tuple[Column, ...] = (
    Column(_("Action ID"), "action_id", Kind.ID, 10),
    Column(_("Version"), "version", Kind.ID, 8),
    Column(_("Target ID"), "target_id", Kind.ID, 10),
    Column(_("Indicator code"), "indicator_code", Kind.INFO, 10),
    Column(_("Target"), "target", Kind.INFO, 30),
    Column(_("Custodian"), "custodian", Kind.ID, 12),
    Column(_("Action"), "text", Kind.TEXT, 60),
    # The action's French and Spanish versions (custodians/plan_texts.py), beside its text.
    Column(_("Action (French)"), "text_fr", Kind.TEXT, 45),
    Column(_("Action (Spanish)"), "text_es", Kind.TEXT, 45),
    Column(_("State"), "state", Kind.CHOICE, 13),
    Column(_("Progress note"), "progress_note", Kind.TEXT, 45),
    Column(_("Due date"), "due_date", Kind.DATE, 12),
    Column(_("Next review date"), "next_review_date", Kind.DATE, 12),
)

COLUMNS = {RESULTS_SHEET: RESULT_COLUMNS, ACTIONS_SHEET: ACTION_COLUMNS}
# The columns of an action's versions in other languages: written and read beside the entry
# rule's fields (indicators.services takes them with the action's other fields).
ACTION_VERSIONS = ("text_fr", "text_es")


def per_cent_format() -> str:
    """Numbers in per cent are written with this format, so the reader sees "37 per cent" (in
    the active language: "37 pour cent") and the import knows the number is already in per cent
    (0.5 here is half a per cent, not 50)."""
    return f'General" {Unit.PERCENT.label}"'


@cache
def per_cent_words() -> frozenset[str]:
    """ "per cent" in each of the languages: in our number format, and typed in a cell."""
    return frozenset(in_every_language(Unit.PERCENT.label))


def is_per_cent_format(number_format: str) -> bool:
    """Our own per cent format, written in any of the languages."""
    return any(f'" {words}"' in (number_format or "") for words in per_cent_words())


DATE_FORMAT = "yyyy-mm-dd"
# Empty rows at the end of the Actions sheet, open for new actions.
NEW_ACTION_ROWS = 20


def column_position(columns: tuple[Column, ...], key: str) -> int:
    """The 1-based position of the column with ``key``."""
    return next(i for i, c in enumerate(columns, start=1) if c.key == key)


def column_letter(columns: tuple[Column, ...], key: str) -> str:
    return get_column_letter(column_position(columns, key))


def headings_for(columns: tuple[Column, ...], found: list[str]) -> list[str]:
    """The headings a sheet should have, in the language its row 1 is written in (the one most
    of its headings match; the active language when none does)."""

    def written_in(language: str) -> list[str]:
        return [_words_in(language, column.heading) for column in columns]

    best = max(
        languages(),
        key=lambda language: (
            sum(heading in found for heading in written_in(language)),
            language == _active(),
        ),
    )
    return written_in(best)


def _active() -> str:
    return (get_language() or settings.LANGUAGE_CODE).split("-")[0]
