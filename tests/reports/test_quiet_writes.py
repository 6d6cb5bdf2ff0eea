"""A draft or returned result is counted nowhere: a write that only changes one leaves the data
stamp, and so every kept scorecard, as it is (reports/data_stamp.py). Every other write changes
it, on SQLite and on PostgreSQL, and what is kept under a stamp is always what a scorecard
computed afresh would show: Hypothesis writes results in every state, moves them, adds their
portfolio lines and deletes them, and after each write the kept scorecards are compared with
fresh ones."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.db import connection
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from benchmarks.synthetic import generate_plan
from custodians.models import CustodianUnit, Portfolio
from indicators.models import Result, ResultBreakdownLine, Target
from indicators.review import COUNTED_STATES, Counting, ReviewState
from indicators.services import result_write
from reports.data_stamp import QUIET_STATES, current_stamp, kept
from reports.documents import scorecard_document
from reports.selectors import custodian_scope, plan_scope, portfolio_scope, scorecard

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def plan():
    return generate_plan(targets=40, years=2, seed=3)


def _unreported(plan, year: int) -> Target:
    """A target of ``plan`` with no result in ``year``."""
    return Target.objects.of_plan(plan).exclude(results__year=year).order_by("pk").first()


def test_quiet_states_are_the_states_no_scorecard_counts():
    assert set(QUIET_STATES) == {ReviewState.DRAFT, ReviewState.RETURNED}
    assert not set(QUIET_STATES) & set(COUNTED_STATES)


def test_a_draft_saved_changed_returned_and_deleted_leaves_the_stamp(plan):
    year = plan.end_year
    target = _unreported(plan, year)
    stamp = current_stamp()
    # As the result form saves it: a first entry, then a change.
    draft = result_write(target=target, year=year, user=None, fields={"value": Decimal("12")})
    result_write(
        target=target, year=year, user=None, fields={"value": Decimal("13")}, expected_version=1
    )
    Result.objects.filter(pk=draft.instance.pk).update(review_state=ReviewState.RETURNED)
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE indicators_result SET explanation = 'typed by hand' WHERE id = %s",
            [draft.instance.pk],
        )
    assert current_stamp() == stamp
    Result.objects.filter(pk=draft.instance.pk).delete()
    assert current_stamp() == stamp


@pytest.mark.parametrize(
    "write",
    ["submitted", "approved_by_sql", "counted_deleted", "moved", "line_added", "inserted_counted"],
)
def test_a_write_a_scorecard_reads_changes_the_stamp(plan, write):
    year = plan.end_year
    target = _unreported(plan, year)
    draft = result_write(target=target, year=year, user=None, fields={"value": Decimal("12")})
    pk = draft.instance.pk
    counted = Result.objects.filter(target__plan=plan, review_state__in=COUNTED_STATES).first()
    stamp = current_stamp()
    if write == "submitted":
        Result.objects.filter(pk=pk).update(review_state=ReviewState.SUBMITTED)
    elif write == "approved_by_sql":
        with connection.cursor() as cursor:
            cursor.execute(
                "UPDATE indicators_result SET review_state = 'approved' WHERE id = %s", [pk]
            )
    elif write == "counted_deleted":
        counted.delete()
    elif write == "moved":  # a draft's lines place its target: another target now has them
        Result.objects.filter(pk=pk).update(target=_unreported(plan, year))
    elif write == "line_added":
        ResultBreakdownLine.objects.create(
            result_id=pk,
            portfolio=Portfolio.objects.first(),
            custodian=CustodianUnit.objects.first(),
            statement="3",
            value=Decimal("3"),
        )
    elif write == "inserted_counted":
        Result.objects.create(
            target=_unreported(plan, year),
            year=year,
            value=Decimal("5"),
            unit="percent",
            review_state=ReviewState.SUBMITTED,
        )
    assert current_stamp() not in (None, stamp)


WRITES = st.lists(
    st.tuples(
        st.sampled_from(["state", "value", "insert", "move", "line", "delete"]),
        st.integers(min_value=0, max_value=10_000),
        st.sampled_from(ReviewState.values),
    ),
    min_size=1,
    max_size=4,
)
# The scorecards compared after each write: the year (of the plan's two) and what is counted.
READS = st.tuples(st.sampled_from([0, 1]), st.sampled_from(Counting.values))


def _write(plan, kind: str, pick: int, state: str) -> None:
    """One write to the plan's results, by the ORM's SQL statements (every door ends in one)."""
    results = list(Result.objects.filter(target__plan=plan).order_by("pk"))
    result = results[pick % len(results)]
    if kind == "state":
        Result.objects.filter(pk=result.pk).update(review_state=state)
    elif kind == "value":
        Result.objects.filter(pk=result.pk, value__isnull=False).update(
            value=Decimal(pick % 100), statement="changed"
        )
    elif kind == "insert":
        target = _unreported(plan, result.year)
        if target is not None:
            Result.objects.create(
                target=target,
                year=result.year,
                value=Decimal(pick % 100),
                unit="percent",
                review_state=state,
            )
    elif kind == "move":
        target = _unreported(plan, result.year)
        if target is not None:
            Result.objects.filter(pk=result.pk).update(target=target)
    elif kind == "line":
        portfolios = list(Portfolio.objects.exclude(breakdown_lines__result=result))
        if portfolios:
            ResultBreakdownLine.objects.create(
                result=result,
                portfolio=portfolios[pick % len(portfolios)],
                custodian=CustodianUnit.objects.order_by("pk")[pick % 3],
                statement="1",
                value=Decimal(1),
            )
    else:
        result.delete()


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(writes=WRITES, reads=READS)
def test_what_is_kept_under_a_stamp_is_what_would_be_computed(kept_cache, plan, writes, reads):
    unit = CustodianUnit.objects.filter(targets__plan=plan).order_by("pk").first()
    lined = Portfolio.objects.filter(breakdown_lines__result__target__plan=plan).first()
    scopes = [
        plan_scope(),
        custodian_scope(unit),
        portfolio_scope(lined or Portfolio.objects.first()),
    ]
    year, counting = list(plan.years)[reads[0]], reads[1]
    for kind, pick, state in writes:
        _write(plan, kind, pick, state)
        stamp = current_stamp()
        for scope in scopes:
            counted = scope.counting_as(counting)

            def computed(counted=counted):
                return scorecard_document(scorecard(plan=plan, year=year, scope=counted))

            fresh = computed()
            key = ("quiet-writes", plan.pk, year, *counted.key)
            assert kept(stamp, key, computed) == fresh, (kind, state, counted.key, year)
