from dataclasses import dataclass

import pytest
from django.contrib.auth.models import Group

from custodians.models import CustodianUnit
from custodians.roles import GEDI_REVIEWERS, VIEWERS
from evaluations.loading import load_recommendations
from evaluations.models import Recommendation
from tests.evaluations.factories import RecommendationFactory
from tests.factories import CustodianUnitFactory, MembershipFactory, UserFactory


@pytest.fixture
def loaded_recommendations(db) -> None:
    """The five evaluations' recommendations, loaded from fixtures/recommendations.json."""
    load_recommendations()


@dataclass
class People:
    """A recommendation addressed to one unit, and the people who may or may not report on it."""

    recommendation: Recommendation
    unit: CustodianUnit
    owner: object  # focal point of the unit the recommendation is addressed to
    outsider: object  # focal point of another unit
    reviewer: object  # GEDI reviewer
    viewer: object
    administrator: object


@pytest.fixture
def people(db) -> People:
    unit = CustodianUnitFactory(acronym="HRD", name="Human Resources Development Department")
    other = CustodianUnitFactory(acronym="EVAL", name="Evaluation Office")
    recommendation = RecommendationFactory(units=[unit])
    owner = MembershipFactory(user=UserFactory(username="owner"), unit=unit).user
    outsider = MembershipFactory(user=UserFactory(username="outsider"), unit=other).user
    reviewer = UserFactory(username="reviewer")
    reviewer.groups.add(Group.objects.get_or_create(name=GEDI_REVIEWERS)[0])
    viewer = UserFactory(username="viewer")
    viewer.groups.add(Group.objects.get_or_create(name=VIEWERS)[0])
    administrator = UserFactory(username="administrator", is_superuser=True, is_staff=True)
    return People(recommendation, unit, owner, outsider, reviewer, viewer, administrator)


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings) -> None:
    """Test users are made by the dozen; the production hasher is slow on purpose."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
