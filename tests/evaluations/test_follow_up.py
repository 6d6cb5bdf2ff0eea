"""Follow-up entry in the browser: who may report, and no report silently overwrites another."""

import pytest
from django.urls import reverse
from django.utils import timezone

from evaluations.models import FollowUp
from evaluations.permissions import can_report_follow_up
from evaluations.services import follow_up_write
from indicators.services import StaleEdit
from tests.evaluations.factories import FollowUpFactory, RecommendationFactory
from tests.factories import MembershipFactory

pytestmark = pytest.mark.django_db

THIS_YEAR = timezone.localdate().year


def follow_up_url(recommendation, year: int = THIS_YEAR) -> str:
    return reverse("evaluations:follow_up", args=[recommendation.pk, year])


def report(client, recommendation, *, state="under_way", note="Started.", version=0, year=None):
    return client.post(
        follow_up_url(recommendation, year or THIS_YEAR),
        {"state": state, "note": note, "version": version},
    )


def test_who_may_report_follow_up(people):
    recommendation = people.recommendation
    assert can_report_follow_up(people.owner, recommendation)
    assert can_report_follow_up(people.reviewer, recommendation)
    assert can_report_follow_up(people.administrator, recommendation)
    assert not can_report_follow_up(people.outsider, recommendation)
    assert not can_report_follow_up(people.viewer, recommendation)


def test_a_viewer_who_is_also_a_focal_point_still_only_reads(people):
    MembershipFactory(user=people.viewer, unit=people.unit)
    assert not can_report_follow_up(people.viewer, people.recommendation)


@pytest.mark.parametrize("who", ["owner", "reviewer", "administrator"])
def test_the_unit_gedi_and_administrators_report_follow_up(client, people, who):
    user = getattr(people, who)
    client.force_login(user)
    assert client.get(follow_up_url(people.recommendation)).status_code == 200
    response = report(client, people.recommendation, note=f"Reported by {who}.")
    assert response.status_code == 302
    assert response["Location"] == people.recommendation.get_absolute_url()
    saved = FollowUp.objects.get(recommendation=people.recommendation, year=THIS_YEAR)
    assert (saved.state, saved.note, saved.version) == ("under_way", f"Reported by {who}.", 1)
    assert saved.history.get().history_user == user


@pytest.mark.parametrize("who", ["outsider", "viewer"])
def test_other_units_and_viewers_are_refused_and_nothing_changes(client, people, who):
    existing = FollowUpFactory(recommendation=people.recommendation, year=THIS_YEAR, note="Kept.")
    client.force_login(getattr(people, who))
    assert client.get(follow_up_url(people.recommendation)).status_code == 403
    response = report(client, people.recommendation, note="Overwritten?", version=1)
    assert response.status_code == 403
    existing.refresh_from_db()
    assert (existing.note, existing.version) == ("Kept.", 1)
    assert existing.history.count() == 1
    other_year = report(client, people.recommendation, year=THIS_YEAR - 1)
    assert other_year.status_code == 403
    assert FollowUp.objects.count() == 1


def test_anonymous_users_are_sent_to_sign_in_and_nothing_is_saved(client, people):
    response = report(client, people.recommendation)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
    assert not FollowUp.objects.exists()


def test_no_report_for_future_years_or_before_the_evaluation(client, people):
    client.force_login(people.reviewer)
    evaluation = people.recommendation.evaluation
    assert client.get(follow_up_url(people.recommendation, THIS_YEAR + 1)).status_code == 404
    assert client.get(follow_up_url(people.recommendation, evaluation.year - 1)).status_code == 404
    assert client.get(follow_up_url(people.recommendation, evaluation.year)).status_code == 200


def test_an_undated_evaluation_takes_follow_up_for_the_last_three_years(people):
    evaluation = people.recommendation.evaluation
    evaluation.year = None
    assert evaluation.follow_up_years(2026) == [2026, 2025, 2024]
    evaluation.year = 2020
    assert evaluation.follow_up_years(2022) == [2022, 2021, 2020]


def test_a_second_save_from_a_stale_form_is_refused_and_shows_what_changed(client, people):
    FollowUpFactory(
        recommendation=people.recommendation, year=THIS_YEAR, state="not_started", note="Planned."
    )
    # Both open the form at version 1; the reviewer saves first.
    client.force_login(people.reviewer)
    assert report(client, people.recommendation, note="GEDI's words.", version=1).status_code == 302
    client.force_login(people.owner)
    response = report(client, people.recommendation, state="completed", note="Mine.", version=1)

    assert response.status_code == 409
    page = response.content.decode()
    assert "Someone else saved this report after you opened it" in page
    assert "<strong>State</strong>: Not started" in page and "Under way" in page
    assert "<strong>Note</strong>: Planned." in page and "GEDI&#x27;s words." in page
    # The owner's words stay in the form, now with the version that is saved.
    assert "Mine.</textarea>" in page
    assert 'name="version" value="2"' in page
    saved = FollowUp.objects.get()
    assert (saved.state, saved.note, saved.version) == ("under_way", "GEDI's words.", 2)
    assert saved.history.count() == 2


def test_two_first_reports_for_the_same_year_do_not_overwrite_each_other(client, people):
    client.force_login(people.reviewer)
    assert report(client, people.recommendation, note="First.").status_code == 302
    client.force_login(people.owner)
    response = report(client, people.recommendation, note="Second.", version=0)
    assert response.status_code == 409
    assert "<strong>Note</strong>: — " in response.content.decode()
    assert FollowUp.objects.get().note == "First."


def test_saving_again_with_the_new_version_goes_through(client, people):
    client.force_login(people.owner)
    report(client, people.recommendation, note="First.")
    assert report(client, people.recommendation, note="Second.", version=1).status_code == 302
    saved = FollowUp.objects.get()
    assert (saved.note, saved.version) == ("Second.", 2)


def test_saving_unchanged_records_no_history(people):
    follow_up = FollowUpFactory(recommendation=people.recommendation, year=THIS_YEAR)
    outcome = follow_up_write(
        recommendation=people.recommendation,
        year=THIS_YEAR,
        user=people.owner,
        state=follow_up.state,
        note=follow_up.note,
        expected_version=1,
    )
    assert not outcome.changed
    assert follow_up.history.count() == 1


def test_the_service_refuses_a_stale_version(people):
    FollowUpFactory(recommendation=people.recommendation, year=THIS_YEAR, version=3)
    with pytest.raises(StaleEdit) as refused:
        follow_up_write(
            recommendation=people.recommendation,
            year=THIS_YEAR,
            user=people.owner,
            state="completed",
            note="Done.",
            expected_version=2,
        )
    assert refused.value.current.version == 3
    assert FollowUp.objects.get().state == "under_way"


def test_no_longer_relevant_needs_a_reason(client, people):
    client.force_login(people.owner)
    response = report(client, people.recommendation, state="no_longer_relevant", note="")
    assert response.status_code == 200
    assert "Say why the recommendation is no longer relevant." in response.content.decode()
    assert not FollowUp.objects.exists()


def test_an_unknown_state_is_refused(client, people):
    client.force_login(people.owner)
    response = report(client, people.recommendation, state="abandoned")
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    assert not FollowUp.objects.exists()


def test_the_recommendation_page_offers_reporting_only_to_those_who_may(client, people):
    page_url = people.recommendation.get_absolute_url()
    client.force_login(people.owner)
    assert follow_up_url(people.recommendation) in client.get(page_url).content.decode()
    client.force_login(people.outsider)
    assert follow_up_url(people.recommendation) not in client.get(page_url).content.decode()


def test_a_recommendation_with_several_units_is_open_to_each(people):
    other = MembershipFactory(user__username="second-unit-focal")
    recommendation = RecommendationFactory(units=[people.unit, other.unit])
    assert can_report_follow_up(people.owner, recommendation)
    assert can_report_follow_up(other.user, recommendation)
    assert not can_report_follow_up(people.outsider, recommendation)
