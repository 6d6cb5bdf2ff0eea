"""Two batches saving the same result at the same moment, on two database connections: one
wins, the other is refused whole as stale (never a database error, never a silent overwrite).
PostgreSQL only: SQLite's shared in-memory test database cannot hold two writers at once."""

from decimal import Decimal

import pytest
from django.db import connection

from indicators.models import Result
from indicators.services import BatchRefused, ResultEdit, StaleEdit, result_write, results_write
from tests.concurrency import at_once
from tests.factories import TargetFactory, UserFactory

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="needs two real database connections"
)


@pytest.mark.parametrize("existing", [False, True], ids=["first entry", "change"])
@pytest.mark.django_db(transaction=True)
def test_two_batches_at_once_one_wins_the_other_is_refused_whole(existing):
    shared, own_a, own_b = (TargetFactory(unit="count") for _ in range(3))
    seen = 0
    if existing:
        seen = result_write(
            target=shared, year=2020, user=None, fields={"value": Decimal("40")}
        ).instance.version

    def save(user, own, value: str):
        return lambda: results_write(
            user=user,
            edits=[
                ResultEdit(target=own, year=2020, fields={"value": Decimal(value)}),
                ResultEdit(
                    target=shared,
                    year=2020,
                    fields={"value": Decimal(value)},
                    expected_version=seen,
                ),
            ],
        )

    alice, bob = UserFactory(username="alice"), UserFactory(username="bob")
    outcomes = at_once(
        {"alice": save(alice, own_a, "41"), "bob": save(bob, own_b, "42")},
        refused=lambda exc: isinstance(exc, BatchRefused) and isinstance(exc.cause, StaleEdit),
    )

    assert sorted(outcomes.values()) == ["refused", "saved"], outcomes
    winner = next(name for name, outcome in outcomes.items() if outcome == "saved")
    loser_target = own_b if winner == "alice" else own_a
    result = Result.objects.get(target=shared, year=2020)
    assert result.value == Decimal("41" if winner == "alice" else "42")
    assert result.history.first().history_user.username == winner
    assert result.history.count() == (2 if existing else 1)
    assert not Result.objects.filter(target=loser_target).exists()  # the whole batch refused
