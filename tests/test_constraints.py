"""Each rule the data must obey is enforced by the database itself, not only by forms."""

from collections.abc import Callable
from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction
from django.db.models import ProtectedError

from custodians.models import CustodianUnit, Membership
from indicators.models import (
    AcceleratingAction,
    ActionPlan,
    Indicator,
    Phase,
    Result,
    ResultBreakdownLine,
    Section,
    Target,
    TargetCustodian,
)
from tests.factories import (
    AcceleratingActionFactory,
    CustodianUnitFactory,
    IndicatorFactory,
    MembershipFactory,
    PhaseFactory,
    PortfolioFactory,
    RegionFactory,
    ResultFactory,
    SectionFactory,
    TargetFactory,
)

pytestmark = pytest.mark.django_db


def _unit_kwargs(**changes):
    return {
        "acronym": "X",
        "slug": "x",
        "name": "X unit",
        "kind": "department",
        "portfolio": PortfolioFactory(),
        **changes,
    }


def _target_kwargs(**changes):
    indicator = IndicatorFactory()
    phase = PhaseFactory(plan=indicator.section.plan)
    return {
        "indicator": indicator,
        "phase": phase,
        "plan": indicator.section.plan,
        "scope": "global",
        "kind": "numeric",
        "value": Decimal("45"),
        "unit": "percent",
        "direction": "at_least",
        **changes,
    }


def _result_kwargs(**changes):
    return {
        "target": TargetFactory(),
        "year": 2020,
        "value": Decimal("40"),
        "unit": "percent",
        **changes,
    }


CHECKS: list[tuple[str, Callable[[], None]]] = [
    (
        "custodianunit_regional_office_has_region",
        lambda: CustodianUnit.objects.create(**_unit_kwargs(kind="regional_office")),
    ),
    (
        "custodianunit_office_unit_has_portfolio",
        lambda: CustodianUnit.objects.create(**_unit_kwargs(portfolio=None)),
    ),
    (
        "actionplan_years_in_order",
        lambda: ActionPlan.objects.create(
            slug="p", title="P", organisation="O", start_year=2021, end_year=2018
        ),
    ),
    (
        "actionplan_start_year_sane",
        lambda: ActionPlan.objects.create(
            slug="p", title="P", organisation="O", start_year=1900, end_year=2021
        ),
    ),
    ("phase_years_in_order", lambda: PhaseFactory(label="bad", start_year=2021, end_year=2020)),
    ("indicator_trend_gap_nonnegative", lambda: IndicatorFactory(trend_gap=Decimal("-1"))),
    (
        "target_region_iff_regional_scope",
        lambda: Target.objects.create(**_target_kwargs(scope="region")),
    ),
    (
        "target_region_iff_regional_scope",
        lambda: Target.objects.create(**_target_kwargs(region=RegionFactory())),
    ),
    (
        "target_portfolio_iff_portfolio_scope",
        lambda: Target.objects.create(**_target_kwargs(scope="portfolio")),
    ),
    (
        "target_numeric_has_value_and_unit",
        lambda: Target.objects.create(**_target_kwargs(value=None)),
    ),
    ("target_numeric_has_value_and_unit", lambda: Target.objects.create(**_target_kwargs(unit=""))),
    (
        "target_numeric_has_value_and_unit",
        lambda: Target.objects.create(**_target_kwargs(kind="milestone", text="Audit done")),
    ),
    (
        "target_value_in_range",
        lambda: Target.objects.create(**_target_kwargs(value=Decimal("101"))),
    ),
    ("target_value_in_range", lambda: Target.objects.create(**_target_kwargs(value=Decimal("-1")))),
    (
        "target_baseline_in_range",
        lambda: Target.objects.create(**_target_kwargs(baseline_value=Decimal("150"))),
    ),
    (
        "target_baseline_year_sane",
        lambda: Target.objects.create(**_target_kwargs(baseline_year=1950)),
    ),
    (
        "target_milestone_has_text",
        lambda: Target.objects.create(**_target_kwargs(kind="milestone", value=None, unit="")),
    ),
    ("result_year_sane", lambda: Result.objects.create(**_result_kwargs(year=1999))),
    (
        "result_value_in_range",
        lambda: Result.objects.create(**_result_kwargs(value=Decimal("100.5"))),
    ),
    (
        "result_value_in_range",
        lambda: Result.objects.create(**_result_kwargs(value=Decimal("-3"), unit="count")),
    ),
    (
        "result_unavailable_has_reason_and_no_value",
        lambda: Result.objects.create(
            **_result_kwargs(data_unavailable=True, unavailable_reason="Not held")
        ),
    ),
    (
        "result_unavailable_has_reason_and_no_value",
        lambda: Result.objects.create(**_result_kwargs(value=None, unit="", data_unavailable=True)),
    ),
    (
        "result_reports_something",
        lambda: Result.objects.create(**_result_kwargs(value=None, unit="")),
    ),
    (
        "result_confirmation_needs_declaration",
        lambda: Result.objects.create(**_result_kwargs(status_confirmed=True)),
    ),
    (
        "breakdown_value_nonnegative",
        lambda: ResultBreakdownLine.objects.create(
            result=ResultFactory(),
            portfolio=PortfolioFactory(),
            custodian=CustodianUnitFactory(),
            statement="none",
            value=Decimal("-1"),
        ),
    ),
    ("action_text_not_empty", lambda: AcceleratingActionFactory(text="")),
]


@pytest.mark.parametrize(
    ("constraint", "make"), CHECKS, ids=[f"{n}-{i}" for i, (n, _) in enumerate(CHECKS)]
)
def test_check_constraint_refuses_bad_row(constraint, make):
    with pytest.raises(IntegrityError, match=constraint), transaction.atomic():
        make()


def _duplicate_target():
    first = TargetFactory()
    Target.objects.create(
        **{**_target_kwargs(), "indicator": first.indicator, "phase": first.phase}
    )


def _duplicate_regional_target():
    region = RegionFactory()
    first = TargetFactory(scope="region", region=region)
    Target.objects.create(
        **{
            **_target_kwargs(scope="region", region=region),
            "indicator": first.indicator,
            "phase": first.phase,
        }
    )


def _duplicate_portfolio_target():
    portfolio = PortfolioFactory()
    first = TargetFactory(scope="portfolio", portfolio=portfolio)
    Target.objects.create(
        **{
            **_target_kwargs(scope="portfolio", portfolio=portfolio),
            "indicator": first.indicator,
            "phase": first.phase,
        }
    )


def _duplicate_result():
    first = ResultFactory()
    Result.objects.create(target=first.target, year=first.year, value=Decimal("1"), unit="percent")


def _duplicate_breakdown():
    result, portfolio, unit = ResultFactory(), PortfolioFactory(), CustodianUnitFactory()
    for _ in range(2):
        ResultBreakdownLine.objects.create(
            result=result, portfolio=portfolio, custodian=unit, statement="x"
        )


def _duplicate_target_custodian():
    target, unit = TargetFactory(), CustodianUnitFactory()
    for _ in range(2):
        TargetCustodian.objects.create(target=target, custodian=unit)


def _duplicate_membership():
    membership = MembershipFactory()
    Membership.objects.create(user=membership.user, unit=membership.unit)


def _duplicate_phase():
    phase = PhaseFactory()
    Phase.objects.create(plan=phase.plan, label=phase.label, start_year=2020, end_year=2021)


def _duplicate_section():
    section = SectionFactory()
    Section.objects.create(plan=section.plan, title=section.title)


def _duplicate_indicator_code():
    indicator = IndicatorFactory()
    Indicator.objects.create(section=indicator.section, code=indicator.code, text="t", kind="count")


def _duplicate_action_position():
    action = AcceleratingActionFactory()
    AcceleratingAction.objects.create(
        target=action.target, custodian=action.custodian, position=action.position, text="again"
    )


def _duplicate_acronym():
    unit = CustodianUnitFactory()
    CustodianUnit.objects.create(**_unit_kwargs(acronym=unit.acronym))


UNIQUES = [
    _duplicate_target,
    _duplicate_regional_target,
    _duplicate_portfolio_target,
    _duplicate_result,
    _duplicate_breakdown,
    _duplicate_target_custodian,
    _duplicate_membership,
    _duplicate_phase,
    _duplicate_section,
    _duplicate_indicator_code,
    _duplicate_action_position,
    _duplicate_acronym,
]


@pytest.mark.parametrize("make", UNIQUES, ids=[f.__name__ for f in UNIQUES])
def test_unique_constraint_refuses_duplicate(make):
    with pytest.raises(IntegrityError), transaction.atomic():
        make()


def test_a_regional_target_and_a_global_one_can_coexist():
    first = TargetFactory()
    Target.objects.create(
        **{
            **_target_kwargs(scope="region", region=RegionFactory()),
            "indicator": first.indicator,
            "phase": first.phase,
        }
    )
    assert first.indicator.targets.count() == 2


def test_reported_history_is_protected_from_cascading_deletes():
    result = ResultFactory()
    target = result.target
    with pytest.raises(ProtectedError):
        target.delete()
    with pytest.raises(ProtectedError):
        target.indicator.delete()
    with pytest.raises(ProtectedError):
        target.indicator.section.plan.delete()
    unit = CustodianUnitFactory()
    TargetCustodian.objects.create(target=target, custodian=unit)
    with pytest.raises(ProtectedError):
        unit.delete()
    with pytest.raises(ProtectedError):
        unit.portfolio.delete()
    assert Result.objects.filter(pk=result.pk).exists()


def test_result_outside_the_plan_years_fails_validation():
    from django.core.exceptions import ValidationError

    result = ResultFactory.build(target=TargetFactory(), year=2030)
    with pytest.raises(ValidationError, match="The plan runs from 2018 to 2021"):
        result.full_clean()
