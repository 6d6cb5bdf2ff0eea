"""The status rule in SQL (``status_expression``) agrees with ``target_status`` on every case."""

import itertools
from decimal import Decimal

import pytest

from indicators.models import Target
from indicators.status import Status, status_expression, target_status
from reports.selectors import counted_result
from tests.factories import (
    ActionPlanFactory,
    IndicatorFactory,
    PhaseFactory,
    ResultFactory,
    SectionFactory,
    TargetFactory,
)

pytestmark = pytest.mark.django_db

NUMERIC_TARGETS = [
    {"kind": "numeric", "value": Decimal("45"), "unit": "percent", "direction": direction}
    for direction in ("at_least", "at_most", "exactly")
] + [{"kind": "numeric", "value": Decimal("3"), "unit": "count", "direction": "at_least"}]
MILESTONES = [{"kind": "milestone", "value": None, "unit": "", "text": "Audit done"}]
NUMBERS = [Decimal("44.99"), Decimal("45"), Decimal("45.01"), Decimal("2"), Decimal("3")]
DECLARED = ["", "on_track", "not_on_track"]
STATES = ["draft", "submitted", "returned", "approved"]


def results_for(target: dict) -> list[dict | None]:
    """Every kind of result a target of this kind can have, in every review state."""
    unit = target["unit"]
    kinds: list[dict] = [
        {"value": None, "data_unavailable": True, "unavailable_reason": "No survey"},
        *({"value": None, "statement": "In words only", "declared_status": d} for d in DECLARED),
    ]
    if target["kind"] == "numeric":
        in_range = [n for n in NUMBERS if unit == "count" or n <= 100]
        kinds += [
            {"value": n, "unit": unit, "declared_status": declared}
            for n, declared in itertools.product(in_range, DECLARED)
        ]
    return [None] + [kind | {"review_state": state} for kind in kinds for state in STATES]


def test_the_sql_status_is_the_python_status_in_every_case():
    plan = ActionPlanFactory(start_year=2020, end_year=2021)
    phase = PhaseFactory(plan=plan, start_year=2020, end_year=2021)
    section = SectionFactory(plan=plan)
    cases = []
    for target_fields in NUMERIC_TARGETS + MILESTONES:
        for result_fields in results_for(target_fields):
            indicator = IndicatorFactory(section=section)  # one global target per indicator
            target = TargetFactory(indicator=indicator, phase=phase, **target_fields)
            result = None
            if result_fields is not None:
                fields = {"unit": ""} | result_fields
                result = ResultFactory(target=target, year=2020, **fields)
            cases.append((target, result))
    targets = Target.objects.filter(phase=phase).annotate(year_result=counted_result(2020))
    in_sql = dict(
        targets.annotate(status=status_expression(result="year_result__")).values_list(
            "pk", "status"
        )
    )
    assert len(in_sql) == len(cases) > 150
    seen = set()
    for target, result in cases:
        counted = result if result and result.is_counted else None
        expected = target_status(target, counted)
        assert in_sql[target.pk] == expected, (
            target.kind,
            target.direction,
            result and vars(result),
        )
        seen.add(expected)
    assert seen == set(Status)
