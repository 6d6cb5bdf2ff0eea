"""Two people saving the same year's follow-up report at the same moment (its first report, or a
change), on two database connections: one save wins, the other is refused as stale (never a
database error, never a silent overwrite). PostgreSQL only: SQLite's shared in-memory test
database cannot hold two writers at once."""

import pytest
from django.db import connection
from django.utils import timezone

from evaluations.models import FollowUp
from evaluations.services import follow_up_write
from indicators.versions import StaleEdit
from tests.concurrency import at_once

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="needs two real database connections"
)

THIS_YEAR = timezone.localdate().year


@pytest.mark.parametrize("existing", [False, True], ids=["first report", "change"])
@pytest.mark.django_db(transaction=True)
def test_two_reports_at_once_one_wins_the_other_is_refused(people, existing):
    seen = 0
    if existing:
        seen = follow_up_write(
            recommendation=people.recommendation,
            year=THIS_YEAR,
            user=None,
            state="not_started",
            note="Planned.",
            expected_version=0,
        ).follow_up.version

    def save(user, note: str):
        return lambda: follow_up_write(
            recommendation=people.recommendation,
            year=THIS_YEAR,
            user=user,
            state="under_way",
            note=note,
            expected_version=seen,
        )

    outcomes = at_once(
        {"owner": save(people.owner, "Owner's."), "reviewer": save(people.reviewer, "GEDI's.")},
        refused=lambda exc: isinstance(exc, StaleEdit),
    )

    assert sorted(outcomes.values()) == ["refused", "saved"], outcomes
    winner = next(name for name, outcome in outcomes.items() if outcome == "saved")
    report = FollowUp.objects.get(recommendation=people.recommendation, year=THIS_YEAR)
    assert report.history.first().history_user.username == winner
    assert report.history.count() == (2 if existing else 1)
    assert report.note == ("Owner's." if winner == "owner" else "GEDI's.")
