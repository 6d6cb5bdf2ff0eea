"""The scorecard's rules on data built for each case: what counts, in which year, for whom."""

from datetime import date, datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from custodians.models import CustodianUnit
from indicators.models import Result, ResultBreakdownLine
from indicators.status import Status
from reports.selectors import (
    UnknownScope,
    custodian_scope,
    plan_scope,
    portfolio_scope,
    region_scope,
    scope_named,
    scorecard,
)
from tests.factories import (
    ActionPlanFactory,
    CustodianUnitFactory,
    IndicatorFactory,
    PhaseFactory,
    PortfolioFactory,
    RegionFactory,
    ResultFactory,
    SectionFactory,
    TargetFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def plan():
    return ActionPlanFactory(start_year=2018, end_year=2021)


@pytest.fixture
def phases(plan):
    return {
        "2018–19": PhaseFactory(plan=plan, label="2018–19", start_year=2018, end_year=2019),
        "2020–21": PhaseFactory(plan=plan, label="2020–21", start_year=2020, end_year=2021),
    }


def target_in(plan, phase, **kwargs):
    section = kwargs.pop("section", None) or SectionFactory(plan=plan)
    return TargetFactory(indicator=IndicatorFactory(section=section), phase=phase, **kwargs)


def statuses(card) -> list[Status]:
    return [row.status for row in card.rows]


@pytest.mark.parametrize(
    ("state", "expected"),
    [
        ("draft", Status.NOT_REPORTED),
        ("returned", Status.NOT_REPORTED),
        ("submitted", Status.NOT_ON_TRACK),
        ("approved", Status.NOT_ON_TRACK),
    ],
)
def test_only_submitted_or_approved_results_count(plan, phases, state, expected):
    target = target_in(plan, phases["2020–21"], value=Decimal("45"))
    ResultFactory(target=target, year=2020, value=Decimal("38"), review_state=state)
    card = scorecard(plan=plan, year=2020, scope=plan_scope())
    assert statuses(card) == [expected]
    assert card.completeness.reported == (0 if expected == Status.NOT_REPORTED else 1)


def test_a_year_counts_its_phase_and_earlier_targets_still_reported_on(plan, phases):
    current = target_in(plan, phases["2020–21"])
    carried = target_in(plan, phases["2018–19"])
    dropped = target_in(plan, phases["2018–19"])
    ResultFactory(target=carried, year=2020, value=Decimal("50"), review_state="approved")
    ResultFactory(target=dropped, year=2019, value=Decimal("50"), review_state="approved")
    rows = scorecard(plan=plan, year=2020, scope=plan_scope()).rows
    assert {row.target for row in rows} == {current, carried}
    in_2019 = scorecard(plan=plan, year=2019, scope=plan_scope()).rows
    assert {row.target for row in in_2019} == {carried, dropped}


def test_comparison_with_the_closing_year_of_the_previous_biennium(plan, phases):
    section = SectionFactory(plan=plan)
    for value in ("50", "40", "30"):
        old = target_in(plan, phases["2018–19"], section=section, value=Decimal("45"))
        ResultFactory(target=old, year=2019, value=Decimal(value), review_state="approved")
        new = target_in(plan, phases["2020–21"], section=section, value=Decimal("45"))
        ResultFactory(target=new, year=2020, value=Decimal("60"), review_state="submitted")
    card = scorecard(plan=plan, year=2020, scope=plan_scope())
    assert card.previous_label == "2018–19"
    assert (card.previous.on_track, card.previous.not_on_track) == (1, 2)
    assert "In comparison, the monitoring exercise for 2018–19 showed that 33 per cent" in (
        card.headline
    )
    assert card.counts_by_year[2018].total == 3  # targets of 2018–19, nothing reported
    assert card.counts_by_year[2018].not_reported == 3
    # Within a biennium the previous year is named by itself; with nothing reported, no comparison.
    card_2021 = scorecard(plan=plan, year=2021, scope=plan_scope())
    assert card_2021.previous_label == "2020"
    assert card_2021.previous.on_track == 3
    card_2019 = scorecard(plan=plan, year=2019, scope=plan_scope())
    assert card_2019.previous is None
    assert "In comparison" not in card_2019.headline


@pytest.mark.parametrize(
    ("direction", "before", "after", "gap", "arrow", "words"),
    [
        ("at_least", "30", "36", "1", "up", "Up 6 points since 2019, better"),
        ("at_least", "36", "30", "1", "down", "Down 6 points since 2019, worse"),
        ("at_most", "36", "30", "1", "down", "Down 6 points since 2019, better"),
        ("at_least", "30", "31", "1", "", "No clear change since 2019"),  # equal to the gap
        ("at_least", "30", "31.5", "1", "up", "Up 1.5 points since 2019, better"),
        ("at_least", "30", "33", "5", "", "No clear change since 2019"),
        ("at_least", "30", "30", "0", "", "No clear change since 2019"),
        ("exactly", "40", "44", "1", "up", "Up 4 points since 2019, better"),  # target 45
    ],
)
def test_trend_arrow_only_past_the_indicators_gap(
    plan, phases, direction, before, after, gap, arrow, words
):
    target = target_in(plan, phases["2018–19"], value=Decimal("45"), direction=direction)
    target.indicator.trend_gap = Decimal(gap)
    target.indicator.save()
    ResultFactory(target=target, year=2019, value=Decimal(before), review_state="approved")
    ResultFactory(target=target, year=2020, value=Decimal(after), review_state="approved")
    (row,) = scorecard(plan=plan, year=2020, scope=plan_scope()).rows
    assert (row.trend.arrow, row.trend.words) == (arrow, words)


def test_no_trend_without_two_comparable_results(plan, phases):
    unavailable = target_in(plan, phases["2018–19"])
    ResultFactory(
        target=unavailable,
        year=2019,
        value=None,
        data_unavailable=True,
        unavailable_reason="No events held",
        review_state="approved",
    )
    ResultFactory(target=unavailable, year=2020, review_state="approved")
    draft_before = target_in(plan, phases["2018–19"])
    ResultFactory(target=draft_before, year=2019, review_state="draft")
    ResultFactory(target=draft_before, year=2020, review_state="approved")
    rows = scorecard(plan=plan, year=2020, scope=plan_scope()).rows
    assert [row.trend.words for row in rows] == ["No comparison with 2019"] * 2
    assert [row.trend.symbol for row in rows] == ["", ""]


def test_completeness_counts_results_in_by_the_deadline(plan, phases):
    plan.reporting_years.create(year=2020, deadline=date(2021, 1, 31))
    section = SectionFactory(plan=plan)

    def reported(when):
        target = target_in(plan, phases["2020–21"], section=section)
        ResultFactory(target=target, year=2020, review_state="submitted", submitted_at=when)

    reported(timezone.make_aware(datetime(2021, 1, 31, 23, 0)))  # on the day: in time
    reported(timezone.make_aware(datetime(2021, 1, 10, 9, 0)))
    reported(timezone.make_aware(datetime(2021, 2, 1, 8, 0)))  # late
    reported(None)  # loaded from a document
    target_in(plan, phases["2020–21"], section=section)  # not reported
    completeness = scorecard(plan=plan, year=2020, scope=plan_scope()).completeness
    assert completeness.deadline == date(2021, 1, 31)
    assert (completeness.total, completeness.reported) == (5, 4)
    assert (completeness.by_deadline, completeness.late, completeness.no_submission_date) == (
        2,
        1,
        1,
    )


def test_portfolio_region_and_custodian_rules(plan, phases):
    policy, field = PortfolioFactory(code="policy"), PortfolioFactory(code="fop")
    africa, americas = RegionFactory(code="africa"), RegionFactory(code="americas")
    research = CustodianUnitFactory(acronym="RESEARCH", portfolio=policy)
    roaf = CustodianUnitFactory(
        acronym="ROAF", portfolio=field, kind=CustodianUnit.Kind.REGIONAL_OFFICE, region=africa
    )
    deputy = CustodianUnitFactory(acronym="DDG/POL", portfolio=policy)
    phase = phases["2020–21"]
    by_research = target_in(plan, phase, custodians=[research])
    by_africa_office = target_in(plan, phase, custodians=[roaf])
    africa_target = target_in(plan, phase, scope="region", region=africa, custodians=[roaf])
    americas_target = target_in(plan, phase, scope="region", region=americas)
    for_policy = target_in(plan, phase, scope="portfolio", portfolio=policy)
    broken_down = target_in(plan, phase, custodians=[roaf])
    result = ResultFactory(target=broken_down, year=2020, review_state="approved")
    ResultBreakdownLine.objects.create(
        result=result, portfolio=policy, custodian=deputy, statement="one of two"
    )

    def targets(scope):
        return {row.target for row in scorecard(plan=plan, year=2020, scope=scope).rows}

    assert targets(portfolio_scope(policy)) == {by_research, for_policy, broken_down}
    assert targets(portfolio_scope(field)) == {by_africa_office, africa_target, broken_down}
    assert targets(region_scope(africa)) == {by_africa_office, africa_target, broken_down}
    assert targets(region_scope(americas)) == {americas_target}
    assert targets(custodian_scope(deputy)) == {broken_down}
    assert targets(custodian_scope(research)) == {by_research}


def test_scopes_are_named_by_code_or_acronym(db):
    PortfolioFactory(code="policy", name="Policy")
    RegionFactory(code="africa", name="Africa")
    CustodianUnitFactory(acronym="DDG/POL", slug="ddg-pol")
    assert scope_named(portfolio="policy").label == "Policy Portfolio"
    assert scope_named(region="Africa").label == "Africa"
    assert scope_named(custodian="ddg/pol").custodian.acronym == "DDG/POL"
    assert scope_named(custodian="ddg-pol").custodian.acronym == "DDG/POL"
    assert scope_named().kind == "plan"
    with pytest.raises(UnknownScope, match="Portfolios: policy"):
        scope_named(portfolio="nope")
    with pytest.raises(UnknownScope, match="not several"):
        scope_named(portfolio="policy", region="africa")


def test_a_milestones_declared_status_and_its_confirmation(plan, phases):
    target = target_in(plan, phases["2020–21"], kind="milestone", value=None, unit="", text="Done")
    ResultFactory(
        target=target,
        year=2020,
        value=None,
        statement="Not done",
        declared_status="not_on_track",
        status_confirmed=True,
        review_state="approved",
    )
    (row,) = scorecard(plan=plan, year=2020, scope=plan_scope()).rows
    assert row.status == Status.NOT_ON_TRACK
    assert row.declared and row.result.status_confirmed
    assert Result.objects.count() == 1
