"""The status rule, case by case (indicators/status.py)."""

from decimal import Decimal
from types import SimpleNamespace

import pytest

from indicators.status import Status, target_status


def numeric(value: str, direction: str = "at_least") -> SimpleNamespace:
    return SimpleNamespace(kind="numeric", value=Decimal(value), direction=direction)


MILESTONE = SimpleNamespace(kind="milestone", value=None, direction="at_least")


def result(
    value: str | None = None, *, unavailable: bool = False, declared: str = ""
) -> SimpleNamespace:
    return SimpleNamespace(
        value=None if value is None else Decimal(value),
        data_unavailable=unavailable,
        declared_status=declared,
    )


CASES = [
    # (what, target, result, expected)
    ("higher is better, above", numeric("27"), result("31"), Status.ON_TRACK),
    ("higher is better, equal", numeric("43"), result("43"), Status.ON_TRACK),
    ("higher is better, below", numeric("45"), result("38"), Status.NOT_ON_TRACK),
    ("higher is better, just below", numeric("45"), result("44.99"), Status.NOT_ON_TRACK),
    ("lower is better, below", numeric("10", "at_most"), result("8"), Status.ON_TRACK),
    ("lower is better, equal", numeric("10", "at_most"), result("10"), Status.ON_TRACK),
    ("lower is better, above", numeric("10", "at_most"), result("12"), Status.NOT_ON_TRACK),
    ("exactly, equal", numeric("2", "exactly"), result("2"), Status.ON_TRACK),
    ("exactly, above", numeric("2", "exactly"), result("3"), Status.NOT_ON_TRACK),
    ("exactly, below", numeric("2", "exactly"), result("1"), Status.NOT_ON_TRACK),
    ("count of zero", numeric("2"), result("0"), Status.NOT_ON_TRACK),
    ("milestone declared on track", MILESTONE, result(declared="on_track"), Status.ON_TRACK),
    (
        "milestone declared off track",
        MILESTONE,
        result(declared="not_on_track"),
        Status.NOT_ON_TRACK,
    ),
    ("milestone not declared", MILESTONE, result(), Status.NOT_REPORTED),
    (
        "numeric target, statement only, declared",
        numeric("45"),
        result(declared="not_on_track"),
        Status.NOT_ON_TRACK,
    ),
    (
        "numeric target, statement only, not declared",
        numeric("45"),
        result(),
        Status.NOT_REPORTED,
    ),
    ("lower is better, just above", numeric("10", "at_most"), result("10.01"), Status.NOT_ON_TRACK),
    ("unavailable", numeric("45"), result(unavailable=True), Status.DATA_UNAVAILABLE),
    (
        "unavailable milestone",
        MILESTONE,
        result(unavailable=True, declared="on_track"),
        Status.DATA_UNAVAILABLE,
    ),
    ("missing", numeric("45"), None, Status.NOT_REPORTED),
    ("missing milestone", MILESTONE, None, Status.NOT_REPORTED),
]


@pytest.mark.parametrize(
    ("target", "res", "expected"), [c[1:] for c in CASES], ids=[c[0] for c in CASES]
)
def test_status_rule(target, res, expected):
    assert target_status(target, res) == expected


def test_a_number_beats_a_contradicting_declaration():
    assert target_status(numeric("45"), result("50", declared="not_on_track")) == Status.ON_TRACK
