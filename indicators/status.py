"""The one rule that decides a target's status in a reporting year.

1. No result for the year                     -> not reported (shown apart from the rest).
2. The result says the data are unavailable   -> data unavailable (with its reason).
3. A numeric target and a numeric result      -> computed from the target's direction:
   at least: result >= target; at most: result <= target; exactly: result == target.
4. Otherwise (a milestone, or a numeric target reported only as a statement)
   -> the status the custodian declared; without a declaration, not reported.
   Whether a reviewer confirmed the declaration is kept on the result and shown beside it.

The rule is written twice, side by side: ``target_status`` for one target and its result in
Python, and ``status_expression`` for the database, so that a scorecard counts, filters and sorts
thousands of targets by status in SQL. tests/reports/test_status_in_sql.py runs both over every
case and checks that they agree.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Protocol

from django.db import models
from django.db.models import Case, F, Q, Value, When
from django.utils.translation import gettext_lazy


class Status(models.TextChoices):
    # Lazy labels: the page's language when shown; workbooks read them under translation.override.
    ON_TRACK = "on_track", gettext_lazy("On track")
    NOT_ON_TRACK = "not_on_track", gettext_lazy("Not on track")
    DATA_UNAVAILABLE = "data_unavailable", gettext_lazy("Data unavailable")
    NOT_REPORTED = "not_reported", gettext_lazy("Not reported")


class _Target(Protocol):
    kind: str
    value: Decimal | None
    direction: str


class _Result(Protocol):
    value: Decimal | None
    data_unavailable: bool
    declared_status: str


def compare(result_value: Decimal, target_value: Decimal, direction: str) -> bool:
    """Whether a numeric result meets a numeric target in the given direction."""
    if direction == "at_least":
        return result_value >= target_value
    if direction == "at_most":
        return result_value <= target_value
    if direction == "exactly":
        return result_value == target_value
    raise ValueError(f"Unknown direction {direction!r}")


def target_status(target: _Target, result: _Result | None) -> Status:
    if result is None:
        return Status.NOT_REPORTED
    if result.data_unavailable:
        return Status.DATA_UNAVAILABLE
    if target.kind == "numeric" and target.value is not None and result.value is not None:
        met = compare(Decimal(result.value), Decimal(target.value), target.direction)
        return Status.ON_TRACK if met else Status.NOT_ON_TRACK
    if result.declared_status:
        return Status(result.declared_status)
    return Status.NOT_REPORTED


def status_expression(*, result: str, target: str = "") -> Case:
    """``target_status`` in SQL: a CASE over a target's fields and its result's.

    ``target`` and ``result`` are the lookup prefixes of each ("" or "target__", and the name of
    the relation to the counted result, e.g. "year_result__"). No result means the relation
    found no row: its id is NULL.
    """

    def of_target(name: str) -> str:
        return f"{target}{name}"

    def of_result(name: str) -> str:
        return f"{result}{name}"

    target_value = F(of_target("value"))
    numeric = Q(
        **{
            of_target("kind"): "numeric",
            of_target("value__isnull"): False,
            of_result("value__isnull"): False,
        }
    )
    met = (
        Q(**{of_target("direction"): "at_least", of_result("value__gte"): target_value})
        | Q(**{of_target("direction"): "at_most", of_result("value__lte"): target_value})
        | Q(**{of_target("direction"): "exactly", of_result("value"): target_value})
    )
    return Case(
        When(Q(**{of_result("id__isnull"): True}), then=Value(Status.NOT_REPORTED.value)),
        When(Q(**{of_result("data_unavailable"): True}), then=Value(Status.DATA_UNAVAILABLE.value)),
        When(numeric & met, then=Value(Status.ON_TRACK.value)),
        When(numeric, then=Value(Status.NOT_ON_TRACK.value)),
        When(~Q(**{of_result("declared_status"): ""}), then=F(of_result("declared_status"))),
        default=Value(Status.NOT_REPORTED.value),
        output_field=models.CharField(),
    )
