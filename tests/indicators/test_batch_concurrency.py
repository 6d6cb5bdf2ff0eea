"""Two batches saving the same result at the same moment, on two database connections: one
wins, the other is refused whole as stale (never a database error, never a silent overwrite).
PostgreSQL only: SQLite's shared in-memory test database cannot hold two writers at once."""

import threading
from decimal import Decimal

import pytest
from django.db import connection, connections

from indicators.models import Result
from indicators.services import BatchRefused, ResultEdit, StaleEdit, result_write, results_write
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
    start = threading.Barrier(2)
    outcomes: dict[str, str] = {}

    def save(user, own, value: str) -> None:
        start.wait()
        try:
            results_write(
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
            outcomes[user.username] = "saved"
        except BatchRefused as refused:
            stale = isinstance(refused.cause, StaleEdit)
            outcomes[user.username] = "refused" if stale else f"error: {refused.cause!r}"
        except Exception as exc:  # noqa: BLE001 - the test reports any other failure
            outcomes[user.username] = f"error: {exc!r}"
        finally:
            connections.close_all()

    alice, bob = UserFactory(username="alice"), UserFactory(username="bob")
    threads = [
        threading.Thread(target=save, args=(alice, own_a, "41")),
        threading.Thread(target=save, args=(bob, own_b, "42")),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert sorted(outcomes.values()) == ["refused", "saved"], outcomes
    winner = next(name for name, outcome in outcomes.items() if outcome == "saved")
    loser_target = own_b if winner == "alice" else own_a
    result = Result.objects.get(target=shared, year=2020)
    assert result.value == Decimal("41" if winner == "alice" else "42")
    assert result.history.first().history_user.username == winner
    assert result.history.count() == (2 if existing else 1)
    assert not Result.objects.filter(target=loser_target).exists()  # the whole batch refused
