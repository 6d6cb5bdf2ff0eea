"""The words an export keeps for its rows are each row's own, in that export's language.

The data workbook words what its rows share (scopes, indicator names, custodians, units, review
states, statuses, action states) once per export; each cell must still read as the pages' rules
word that row, and an export in one language must not take another's words.
"""

from __future__ import annotations

import pytest
from django.utils import translation
from django.utils.translation import gettext

from custodians.plan_texts import in_language
from indicators.models import AcceleratingAction, Result, Target
from indicators.review import review_mark
from tests.workbooks.conftest import open_workbook, workbook_bytes
from workbooks.layout import ACTION_COLUMNS, ACTIONS_SHEET, RESULT_COLUMNS, RESULTS_SHEET
from workbooks.row_words import RowWords

pytestmark = pytest.mark.django_db

YEAR = 2020
WORDED = ("indicator", "scope", "unit", "custodians", "review_state", "status", "declared_status")


def _rows(content: bytes, sheet: str, columns) -> list[dict[str, object]]:
    keys = [c.key for c in columns]
    rows = open_workbook(content)[sheet].iter_rows(min_row=2, values_only=True)
    return [dict(zip(keys, row, strict=True)) for row in rows]


def _result_words(target: Target) -> dict[str, object]:
    """A result row's worded cells, each by the pages' own rule for this one target."""
    result = Result.objects.filter(target=target, year=YEAR).first()
    status = str(target.status_for(result).label)
    mark = review_mark(result.review_state) if result else ""
    units = [link.custodian for link in target.custodian_links.order_by("position")]
    return {
        "indicator": in_language(target.indicator),
        "scope": target.scope_label,
        "unit": str(target.get_unit_display()) or None,
        "custodians": target.custodians_label or ", ".join(in_language(u) for u in units),
        "review_state": result.get_review_state_display() if result else gettext("No entry yet"),
        "status": f"{status} ({mark})" if mark else status,
        "declared_status": (result.get_declared_status_display() or None) if result else None,
    }


def _mixed_review_states() -> None:
    """Results in every review state, so that rows sharing a status differ in their marks."""
    results = Result.objects.filter(year=YEAR).order_by("pk")
    for result, state in zip(results, Result.ReviewState.values, strict=False):
        Result.objects.filter(pk=result.pk).update(review_state=state)


@pytest.mark.parametrize("language", ["en", "fr", "es"])
def test_every_worded_cell_is_its_rows_own(users, ilo_plan, language):
    _mixed_review_states()
    with translation.override(language):
        content = workbook_bytes(users["gedi"], ilo_plan, year=YEAR)
        rows = _rows(content, RESULTS_SHEET, RESULT_COLUMNS)
        targets = Target.objects.in_bulk([row["target_id"] for row in rows])
        for row in rows:
            expected = _result_words(targets[row["target_id"]])
            assert {key: row[key] for key in WORDED} == expected, row["target_id"]
        for row in _rows(content, ACTIONS_SHEET, ACTION_COLUMNS):
            if row["action_id"] is None:
                continue  # the open rows for new actions
            action = AcceleratingAction.objects.get(pk=row["action_id"])
            target = action.target
            assert row["state"] == action.get_state_display()
            assert row["target"] == f"{target.scope_label}: {target.display_text}"


def test_an_export_does_not_take_another_languages_words(users, ilo_plan):
    with translation.override("fr"):
        french = _rows(workbook_bytes(users["gedi"], ilo_plan), RESULTS_SHEET, RESULT_COLUMNS)
    english = _rows(workbook_bytes(users["gedi"], ilo_plan), RESULTS_SHEET, RESULT_COLUMNS)

    assert {row["scope"] for row in english} >= {"Global (headquarters managed)"}
    assert "Global (headquarters managed)" not in {row["scope"] for row in french}
    assert {row["status"] for row in english} >= {"On track", "Not on track"}
    assert not {row["status"] for row in french} & {"On track", "Not on track"}


def test_a_value_outside_the_choices_is_printed_as_it_is():
    words = RowWords()

    assert words.choice(Result.ReviewState, "approved") == "Approved"
    assert words.choice(Result.ReviewState, "archived") == "archived"  # as Django shows it
    with translation.override("fr"):
        assert RowWords().choice(Result.ReviewState, "approved") != "Approved"
