"""Two people saving the same result at the same moment (its first entry, or a change), on two
database connections: one save wins, the other is refused as stale (never a database error, never a
silent overwrite). PostgreSQL only: SQLite's shared in-memory test database cannot hold two
writers at once."""

from decimal import Decimal

import pytest
from django.db import connection

from indicators.models import Result
from indicators.services import StaleEdit, result_write
from tests.concurrency import at_once

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="needs two real database connections"
)


@pytest.mark.parametrize("existing", [False, True], ids=["first entry", "change"])
@pytest.mark.django_db(transaction=True)
def test_two_saves_at_once_one_wins_the_other_is_refused(world, existing):
    seen = 0
    if existing:
        seen = result_write(
            target=world.target, year=2021, user=None, fields={"value": Decimal("40")}
        ).instance.version

    def save(user, value: str):
        return lambda: result_write(
            target=world.target,
            year=2021,
            user=user,
            fields={"value": Decimal(value)},
            expected_version=seen,
        )

    outcomes = at_once(
        {"owner": save(world.owner, "41"), "reviewer": save(world.reviewer, "42")},
        refused=lambda exc: isinstance(exc, StaleEdit),
    )

    assert sorted(outcomes.values()) == ["refused", "saved"], outcomes
    winner = next(name for name, outcome in outcomes.items() if outcome == "saved")
    result = Result.objects.get(target=world.target, year=2021)
    assert result.history.first().history_user.username == winner
    assert result.history.count() == (2 if existing else 1)
    assert result.value == Decimal("41" if winner == "owner" else "42")
