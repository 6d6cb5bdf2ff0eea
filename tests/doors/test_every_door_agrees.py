"""Every door through which a result enters gives the same verdict and saves the same fields.

The browser form, the workbook import, the admin and the service each take an entry for a
target's result. They differ in how they read what was typed (a form's strings, a spreadsheet's
cells), never in what they decide: that is indicators/result_rules.py. Hypothesis generates
entries for every kind of target — a per cent, a count, a milestone, and a milestone reported
with portfolio lines — near every rule's edges, and each door is tried on the same saved draft
(each attempt rolled back), which must come out refused by all or saved alike by all. Each entry
is typed by someone working in English, French or Spanish: the form's page and the workbook (its
headings and choices) are in that language, and the verdict may not depend on it.
"""

from __future__ import annotations

import io
import os
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import pytest
from django.db import transaction
from django.test import Client
from django.urls import reverse
from django.utils import translation
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook

from indicators.models import Result, ResultBreakdownLine, Target
from indicators.result_rules import RESULT_FIELDS
from indicators.services import result_write
from workbooks.data_workbook import data_workbook_bytes
from workbooks.importing import WorkbookRefused, apply_workbook
from workbooks.layout import COLUMNS, NO, RESULTS_SHEET, YES, label_of

pytestmark = pytest.mark.django_db
YEAR = 2021
# At least 500 entries per kind of target, on SQLite and on PostgreSQL.
ENTRIES_PER_KIND = int(os.environ.get("DOOR_ENTRIES", "500"))
SAVED = (*RESULT_FIELDS, "unit", "status_confirmed", "version")
LANGUAGES = ("en", "fr", "es")

# What people type: blanks, spaces, short words, and texts at every limit's edge.
TEXTS = st.one_of(
    st.sampled_from(["", "   ", "None", "No audits done", " Plan drafted ", "=1+1"]),
    st.text(alphabet="abc XYZ-,.é", min_size=1, max_size=12),
    st.sampled_from([499, 500, 501]).map(lambda n: "s" * n),
)
LONG_TEXTS = st.one_of(
    st.sampled_from(["", "From the staff survey."]),
    st.sampled_from([3999, 4000, 4001]).map(lambda n: "e" * n),
)
VALUES = st.one_of(
    st.none(),
    st.integers(min_value=-2, max_value=120).map(Decimal),
    st.decimals(min_value=-1, max_value=101, places=2, allow_nan=False, allow_infinity=False),
    st.decimals(min_value=0, max_value=100, places=3, allow_nan=False, allow_infinity=False),
    st.sampled_from([Decimal("100.01"), Decimal("9999999.99"), Decimal("10000000")]),
)
ENTRIES = st.fixed_dictionaries(
    {
        "value": VALUES,
        "statement": TEXTS,
        "data_unavailable": st.booleans(),
        "unavailable_reason": TEXTS,
        "declared_status": st.sampled_from(["", "on_track", "not_on_track"]),
        "explanation": LONG_TEXTS,
        "evidence_url": st.sampled_from(
            ["", "https://example.org/report", "www.ilo.org/gender", "not a web address"]
        ),
    }
)


@dataclass(frozen=True)
class Outcome:
    saved: tuple | None  # the result's fields as saved, or None: refused

    def __str__(self) -> str:
        return "refused" if self.saved is None else f"saved {self.saved}"


def _saved(target: Target) -> tuple:
    row = Result.objects.get(target=target, year=YEAR)
    return tuple(getattr(row, name) for name in SAVED)


def _attempt(target: Target, door) -> Outcome:
    """Run one door in a transaction that is rolled back, and say what it saved."""
    with transaction.atomic():
        accepted = door()
        outcome = Outcome(_saved(target) if accepted else None)
        if accepted:  # a door that refuses must leave the draft as it was
            pass
        else:
            assert _saved(target)[-1] == 1, "a refused entry changed the saved draft"
        transaction.set_rollback(True)
    return outcome


# ---- The doors: each parses its own input and hands it over --------------------------------


def by_service(target: Target, entry: dict[str, Any], user) -> bool:
    from django.core.exceptions import ValidationError

    try:
        result_write(target=target, year=YEAR, user=user, fields=entry, expected_version=1)
    except ValidationError:
        return False
    return True


def _typed(value: Any) -> str:
    return "" if value is None else str(value)


def by_form(
    client: Client, target: Target, entry: dict[str, Any], lines: dict[str, str], language: str
) -> bool:
    data = {name: _typed(value) for name, value in entry.items() if name != "data_unavailable"}
    if entry["data_unavailable"]:
        data["data_unavailable"] = "on"
    data.update(lines, version="1")
    response = client.post(
        reverse("entries:result_edit", args=[target.pk, YEAR]),
        data,
        headers={"accept-language": language},
    )
    assert response.status_code in (200, 302), response.status_code
    return response.status_code == 302


def by_admin(client: Client, target: Target, entry: dict[str, Any]) -> bool:
    result = Result.objects.get(target=target, year=YEAR)
    data = {name: _typed(value) for name, value in entry.items() if name != "data_unavailable"}
    if entry["data_unavailable"]:
        data["data_unavailable"] = "on"
    data.update(version="1", reason="Corrected in the admin")
    url = reverse("admin:indicators_result_change", args=[result.pk])
    response = client.post(url, data)
    assert response.status_code in (200, 302), response.status_code
    return response.status_code == 302


def by_workbook(
    exported: dict[str, bytes], target: Target, entry: dict[str, Any], user, language: str
) -> bool:
    """The workbook exported in ``language``, filled in with its words, imported."""
    with translation.override(language):
        return _by_workbook(exported[language], target, entry, user)


def _by_workbook(exported: bytes, target: Target, entry: dict[str, Any], user) -> bool:
    workbook = load_workbook(io.BytesIO(exported))
    sheet = workbook[RESULTS_SHEET]
    columns = {column.key: index for index, column in enumerate(COLUMNS[RESULTS_SHEET], start=1)}
    row = next(
        r
        for r in range(2, sheet.max_row + 1)
        if sheet.cell(r, columns["target_id"]).value == target.pk
    )
    cells = {
        "value": None if entry["value"] is None else float(entry["value"]),
        "statement": entry["statement"] or None,
        "data_unavailable": str(YES if entry["data_unavailable"] else NO),
        "unavailable_reason": entry["unavailable_reason"] or None,
        "declared_status": label_of("declared_status", entry["declared_status"]) or None,
        "explanation": entry["explanation"] or None,
        "evidence_url": entry["evidence_url"] or None,
    }
    for key, value in cells.items():
        cell = sheet.cell(row, columns[key])
        cell.value = value
        if isinstance(value, str):
            cell.data_type = "s"  # typed text, never a formula
    content = io.BytesIO()
    workbook.save(content)
    try:
        apply_workbook(content.getvalue(), user=user, reason="Corrected in the workbook")
    except WorkbookRefused:
        return False
    return True


# ---- The targets, one of each kind, each with a saved draft to change ------------------------


@pytest.fixture
def doors(world, ddg_target):
    """A per cent target, a count, a milestone and a milestone with portfolio lines, each with a
    draft for 2021 (version 1), and GEDI signed in at every door."""
    count = Target.objects.get(pk=world.other_target.pk)
    Target.objects.filter(pk=count.pk).update(unit="count", value=Decimal("2"))
    with_lines = ddg_target
    Target.objects.filter(pk=with_lines.pk).update(
        kind=Target.Kind.MILESTONE, value=None, unit="", text="Outputs include such a target"
    )
    targets = {
        "per cent": world.target,
        "count": Target.objects.get(pk=count.pk),
        "milestone": world.milestone,
        "milestone with portfolio lines": Target.objects.get(pk=with_lines.pk),
    }
    for target in targets.values():
        result_write(
            target=target,
            year=YEAR,
            user=None,
            fields={"statement": "Started", "declared_status": "not_on_track"},
        )
    result = Result.objects.get(target=targets["milestone with portfolio lines"], year=YEAR)
    lines = {}
    for position, unit in enumerate(with_lines.custodians.order_by("target_links__position")):
        ResultBreakdownLine.objects.create(
            result=result,
            portfolio=unit.portfolio,
            custodian=unit,
            statement=f"{position} of six",
            value=Decimal(position),
            position=position,
        )
        lines[f"line_{unit.portfolio.code}_statement"] = f"{position} of six"
        lines[f"line_{unit.portfolio.code}_value"] = str(position)
    client = Client()
    client.force_login(world.administrator)
    exported = {}
    for language in LANGUAGES:
        with translation.override(language):
            exported[language] = data_workbook_bytes(
                user=world.administrator, plan=world.target.indicator.section.plan, year=YEAR
            )
    return targets, lines, client, exported, world.administrator


@pytest.mark.parametrize(
    "kind", ["per cent", "count", "milestone", "milestone with portfolio lines"]
)
def test_form_workbook_admin_and_service_agree(doors, kind):
    targets, lines, client, exported, user = doors
    target = targets[kind]
    form_lines = lines if kind == "milestone with portfolio lines" else {}
    tried = []

    @settings(
        max_examples=ENTRIES_PER_KIND,
        derandomize=True,
        deadline=None,
        database=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    )
    @given(entry=ENTRIES, language=st.sampled_from(LANGUAGES))
    def every_door_agrees(entry: dict[str, Any], language: str) -> None:
        if target.kind == Target.Kind.MILESTONE:
            # The form has no number box for a milestone, so nobody can type one there; the
            # workbook and the service refuse one (tests/workbooks, tests/test_result_rules.py).
            entry = {**entry, "value": None}
        tried.append(entry)
        outcomes = {
            "service": _attempt(target, lambda: by_service(target, entry, user)),
            "form": _attempt(target, lambda: by_form(client, target, entry, form_lines, language)),
            "admin": _attempt(target, lambda: by_admin(client, target, entry)),
            "workbook": _attempt(
                target, lambda: by_workbook(exported, target, entry, user, language)
            ),
        }
        assert len(set(outcomes.values())) == 1, (
            language,
            {door: str(o) for door, o in outcomes.items()},
        )

    every_door_agrees()
    assert len(tried) >= ENTRIES_PER_KIND
