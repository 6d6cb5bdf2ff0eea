"""Factories for the evaluations app's test data."""

import factory

from evaluations.models import (
    Evaluation,
    FollowUp,
    IndicatorLink,
    OfficeResponse,
    Recommendation,
    ResponsibleUnit,
)


class EvaluationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Evaluation
        django_get_or_create = ["slug"]

    slug = factory.Sequence(lambda n: f"evaluation-{n}")
    title = factory.Sequence(lambda n: f"Independent evaluation number {n}")
    short_title = factory.Sequence(lambda n: f"Evaluation {n}")
    period = "2016–19"
    year = 2020
    document = "GB.340/PFA/7"
    position = factory.Sequence(lambda n: n)


class RecommendationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Recommendation
        skip_postgeneration_save = True

    evaluation = factory.SubFactory(EvaluationFactory)
    number = factory.Sequence(lambda n: n + 1)
    title = factory.Sequence(lambda n: f"Do the recommended thing number {n}.")
    summary = "Why and how."
    priority = "high"
    time_implication = "Short-term"
    resource_implication = "low"

    @factory.post_generation
    def units(self, create: bool, extracted, **kwargs) -> None:
        if create and extracted:
            for position, unit in enumerate(extracted):
                ResponsibleUnit.objects.create(recommendation=self, unit=unit, position=position)
            self.responsible_units_text = ", ".join(unit.acronym for unit in extracted)
            self.save()


class OfficeResponseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = OfficeResponse

    recommendation = factory.SubFactory(RecommendationFactory)
    position = OfficeResponse.Position.AGREES
    text = "The Office agrees."


class FollowUpFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FollowUp

    recommendation = factory.SubFactory(RecommendationFactory)
    year = 2021
    state = FollowUp.State.UNDER_WAY
    note = "Work has started."


class IndicatorLinkFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = IndicatorLink

    recommendation = factory.SubFactory(RecommendationFactory)
    indicator = factory.SubFactory("tests.factories.IndicatorFactory")
