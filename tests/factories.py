"""Factories for test data: each test builds what it needs, nothing more."""

from decimal import Decimal

import factory
from django.contrib.auth import get_user_model

from custodians.models import CustodianUnit, Membership, Portfolio, Region
from indicators.models import (
    AcceleratingAction,
    ActionPlan,
    Indicator,
    Phase,
    Result,
    Section,
    Target,
    TargetCustodian,
)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ["username"]

    username = factory.Sequence(lambda n: f"user{n}")
    password = factory.django.Password("pass-for-tests")


class PortfolioFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Portfolio
        django_get_or_create = ["code"]

    code = factory.Sequence(lambda n: f"portfolio-{n}")
    name = factory.Sequence(lambda n: f"Portfolio {n}")


class RegionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Region
        django_get_or_create = ["code"]

    code = factory.Sequence(lambda n: f"region-{n}")
    name = factory.Sequence(lambda n: f"Region {n}")


class CustodianUnitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CustodianUnit
        django_get_or_create = ["acronym"]

    acronym = factory.Sequence(lambda n: f"UNIT{n}")
    slug = factory.LazyAttribute(lambda o: o.acronym.lower().replace("/", "-"))
    name = factory.Sequence(lambda n: f"Unit number {n}")
    kind = CustodianUnit.Kind.DEPARTMENT
    portfolio = factory.SubFactory(PortfolioFactory)


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    unit = factory.SubFactory(CustodianUnitFactory)


class ActionPlanFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ActionPlan
        django_get_or_create = ["slug"]

    slug = factory.Sequence(lambda n: f"plan-{n}")
    title = factory.Sequence(lambda n: f"Action Plan {n}")
    organisation = "Test Organisation"
    start_year = 2018
    end_year = 2021


class PhaseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Phase
        django_get_or_create = ["plan", "label"]

    plan = factory.SubFactory(ActionPlanFactory)
    label = "2020–21"
    start_year = 2020
    end_year = 2021


class SectionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Section

    plan = factory.SubFactory(ActionPlanFactory)
    title = factory.Sequence(lambda n: f"Section {n}")
    position = factory.Sequence(lambda n: n)


class IndicatorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Indicator

    section = factory.SubFactory(SectionFactory)
    code = factory.Sequence(lambda n: f"IND.{n}")
    text = factory.Sequence(lambda n: f"Proportion of things number {n}")
    kind = Indicator.Kind.PROPORTION
    position = factory.Sequence(lambda n: n)


class TargetFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Target
        skip_postgeneration_save = True

    indicator = factory.SubFactory(IndicatorFactory)
    phase = factory.SubFactory(PhaseFactory, plan=factory.SelfAttribute("..indicator.section.plan"))
    plan = factory.SelfAttribute("indicator.section.plan")
    scope = Target.Scope.GLOBAL
    kind = Target.Kind.NUMERIC
    value = Decimal("45")
    unit = "percent"
    direction = Target.Direction.AT_LEAST

    @factory.post_generation
    def custodians(self, create: bool, extracted, **kwargs) -> None:
        if create and extracted:
            for position, unit in enumerate(extracted):
                TargetCustodian.objects.create(target=self, custodian=unit, position=position)


class ResultFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Result

    target = factory.SubFactory(TargetFactory)
    year = 2020
    value = Decimal("40")
    unit = factory.LazyAttribute(lambda o: o.target.unit if o.value is not None else "")


class AcceleratingActionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AcceleratingAction

    target = factory.SubFactory(TargetFactory)
    custodian = factory.SubFactory(CustodianUnitFactory)
    text = factory.Sequence(lambda n: f"Do the thing number {n}.")
    position = factory.Sequence(lambda n: n)
