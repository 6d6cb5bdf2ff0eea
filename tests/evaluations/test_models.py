"""The database keeps recommendations and follow-up consistent, whatever writes to it."""

import pytest
from django.db import IntegrityError, transaction
from django.db.models import ProtectedError

from evaluations.models import FollowUp, OfficeResponse, Recommendation
from tests.evaluations.factories import (
    EvaluationFactory,
    FollowUpFactory,
    OfficeResponseFactory,
    RecommendationFactory,
)

pytestmark = pytest.mark.django_db


def refused(create) -> bool:
    try:
        with transaction.atomic():
            create()
    except IntegrityError:
        return True
    return False


def test_levels_are_high_medium_low_or_empty():
    assert refused(lambda: RecommendationFactory(priority="urgent"))
    assert refused(lambda: RecommendationFactory(resource_implication="huge"))
    assert not refused(lambda: RecommendationFactory(priority="", resource_implication=""))


def test_a_recommendation_number_is_unique_within_its_evaluation():
    evaluation = EvaluationFactory()
    RecommendationFactory(evaluation=evaluation, number=1)
    assert refused(lambda: RecommendationFactory(evaluation=evaluation, number=1))
    assert not refused(lambda: RecommendationFactory(number=1))


def test_one_follow_up_report_per_recommendation_and_year():
    follow_up = FollowUpFactory(year=2022)
    assert refused(lambda: FollowUpFactory(recommendation=follow_up.recommendation, year=2022))
    assert refused(lambda: FollowUpFactory(year=1999))
    assert refused(lambda: FollowUpFactory(state="forgotten"))


def test_an_office_response_says_something():
    assert refused(lambda: OfficeResponseFactory(position="", text=""))
    assert refused(lambda: OfficeResponseFactory(position="maybe"))
    assert not refused(lambda: OfficeResponseFactory(position="", text="We take note."))


def test_reported_follow_up_protects_its_recommendation():
    follow_up = FollowUpFactory()
    with pytest.raises(ProtectedError):
        follow_up.recommendation.delete()
    assert FollowUp.objects.exists()


def test_display_of_printed_cells():
    recommendation = RecommendationFactory(
        number=4, resource_implication="", resource_implication_text="Within existing resources"
    )
    assert recommendation.label == "Recommendation 4"
    assert recommendation.resource_implication_display == "Within existing resources"
    assert RecommendationFactory(resource_implication="high").resource_implication_display == "High"
    assert OfficeResponse(position="", text="x").position_display == "Position not stated"
    assert str(Recommendation(number=2, title="Act.")) == "Recommendation 2: Act."
