"""A small plan for the entry and review tests: one open year, two units, five kinds of people."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal

import pytest
from django.contrib.auth.models import Group
from django.test import Client

from custodians.models import CustodianUnit
from custodians.roles import GEDI_REVIEWERS, VIEWERS
from indicators.models import AcceleratingAction, ReportingYear, Target
from tests.entries.steps import YEAR
from tests.factories import (
    AcceleratingActionFactory,
    CustodianUnitFactory,
    IndicatorFactory,
    MembershipFactory,
    PhaseFactory,
    PortfolioFactory,
    TargetFactory,
    UserFactory,
)


@dataclass
class World:
    """Targets of two units in an open 2021, and the people who report on and review them."""

    year: ReportingYear
    unit: CustodianUnit  # HRD: the owner's unit
    other_unit: CustodianUnit  # EVAL: the outsider's unit
    target: Target  # HRD's numeric target: at least 45 per cent
    milestone: Target  # HRD's milestone: "Plan drafted"
    other_target: Target  # EVAL's target
    action: AcceleratingAction  # HRD's action on ``target``
    owner: object  # focal point of HRD
    outsider: object  # focal point of EVAL
    viewer: object
    reviewer: object  # GEDI
    administrator: object

    def person(self, role: str):
        return None if role == "anonymous" else getattr(self, role)

    def client_for(self, role: str) -> Client:
        client = Client()
        if role != "anonymous":
            client.force_login(getattr(self, role))
        return client


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings) -> None:
    """Test users are made by the dozen; the production hasher is slow on purpose."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def world(db) -> World:
    unit = CustodianUnitFactory(acronym="HRD", name="Human Resources Development Department")
    other_unit = CustodianUnitFactory(acronym="EVAL", name="Evaluation Office")
    phase = PhaseFactory(label="2020–21", start_year=2020, end_year=2021)
    plan = phase.plan
    year = ReportingYear.objects.create(
        plan=plan, year=YEAR, is_open=True, deadline=datetime.date(2022, 1, 31)
    )
    target = TargetFactory(
        indicator=IndicatorFactory(section__plan=plan, code="ACC.1"),
        phase=phase,
        value=Decimal("45"),
        custodians=[unit],
    )
    milestone = TargetFactory(
        indicator=IndicatorFactory(
            section=target.indicator.section, code="CAP.1", kind="milestone"
        ),
        phase=phase,
        kind=Target.Kind.MILESTONE,
        value=None,
        unit="",
        text="Plan drafted",
        custodians=[unit],
    )
    other_target = TargetFactory(
        indicator=IndicatorFactory(section=target.indicator.section, code="OVS.1"),
        phase=phase,
        custodians=[other_unit],
    )
    action = AcceleratingActionFactory(
        target=target, custodian=unit, text="Hold two unconscious bias sessions."
    )
    owner = MembershipFactory(user=UserFactory(username="owner"), unit=unit).user
    outsider = MembershipFactory(user=UserFactory(username="outsider"), unit=other_unit).user
    reviewer = UserFactory(username="reviewer")
    reviewer.groups.add(Group.objects.get_or_create(name=GEDI_REVIEWERS)[0])
    viewer = UserFactory(username="viewer")
    viewer.groups.add(Group.objects.get_or_create(name=VIEWERS)[0])
    administrator = UserFactory(username="administrator", is_superuser=True, is_staff=True)
    return World(
        year=year,
        unit=unit,
        other_unit=other_unit,
        target=target,
        milestone=milestone,
        other_target=other_target,
        action=action,
        owner=owner,
        outsider=outsider,
        viewer=viewer,
        reviewer=reviewer,
        administrator=administrator,
    )


@pytest.fixture
def ddg_target(world: World) -> Target:
    """A target reported portfolio by portfolio by three Deputy Directors-General."""
    heads = [
        CustodianUnitFactory(
            acronym=f"DDG/{code.upper()}",
            name=f"Deputy Director-General, {name}",
            kind=CustodianUnit.Kind.DEPUTY_DIRECTOR_GENERAL,
            portfolio=PortfolioFactory(code=code, name=name, position=position),
        )
        for position, (code, name) in enumerate(
            [("policy", "Policy"), ("mr", "Management and Reform"), ("fop", "Field Operations")]
        )
    ]
    return TargetFactory(
        indicator=IndicatorFactory(section=world.target.indicator.section, code="ACC.2"),
        phase=world.target.phase,
        value=Decimal("50"),
        custodians=heads,
    )
