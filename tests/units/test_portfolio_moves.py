"""A unit moved between portfolios from a given year: where its years are kept, and what the
portfolio scorecards of the years before and after the move count."""

from __future__ import annotations

import pytest
from django.urls import reverse

from custodians.models import CustodianUnit, Portfolio
from custodians.placements import placements, portfolio_of
from reports.overview import scorecard_overview
from reports.selectors import portfolio_scope, scorecard_summary
from tests.factories import PortfolioFactory
from units import services

pytestmark = pytest.mark.django_db


def _runs(unit: CustodianUnit) -> list[str]:
    unit.refresh_from_db()
    return [str(run) for run in placements(unit)]


def test_moves_from_given_years_keep_the_years_before(gedi, unit):
    a = unit.portfolio
    b, c, d = (PortfolioFactory(name=name) for name in ("Policy", "Reform", "Field"))
    assert _runs(unit) == [str(a)]

    services.move_unit(unit, b, from_year=2022, user=gedi)
    assert _runs(unit) == [f"{a} until 2021", "Policy from 2022"]
    assert (portfolio_of(unit, 2021), portfolio_of(unit, 2022), portfolio_of(unit, 2040)) == (
        a,
        b,
        b,
    )

    services.move_unit(unit, c, from_year=2024, user=gedi)
    assert _runs(unit) == [f"{a} until 2021", "Policy from 2022 to 2023", "Reform from 2024"]

    # A later decision about an earlier year rewrites the years from it on, and only those.
    services.move_unit(unit, d, from_year=2023, user=gedi)
    assert _runs(unit) == [f"{a} until 2021", "Policy in 2022", "Field from 2023"]

    # Back to where it was from 2022: one run again, as if it had never moved.
    services.move_unit(unit, a, from_year=2022, user=gedi)
    assert _runs(unit) == [str(a)]
    assert not unit.portfolio_periods.exists()


def test_a_move_without_a_year_corrects_every_year(gedi, unit):
    b = PortfolioFactory(name="Policy")
    services.move_unit(unit, b, from_year=2022, user=gedi)
    services.move_unit(unit, b, from_year=None, user=gedi)
    assert _runs(unit) == ["Policy"]
    assert portfolio_of(unit, 2018) == b


def test_refusals_name_the_reason_and_change_nothing(gedi, unit):
    b = PortfolioFactory(name="Policy")
    services.move_unit(unit, b, from_year=2022, user=gedi)
    records = unit.history.count()
    with pytest.raises(services.UnitChangeRefused, match="already in Policy from 2023 on"):
        services.move_unit(unit, b, from_year=2023, user=gedi)
    with pytest.raises(services.UnitChangeRefused) as refused:
        services.move_unit(unit, unit.portfolio, from_year=1990, user=gedi)
    assert refused.value.message_dict == {
        "from_year": ["A move starts in a year from 2000 to 2100."]
    }
    with pytest.raises(services.UnitChangeRefused, match="belongs to a portfolio"):
        services.move_unit(unit, None, from_year=2023, user=gedi)
    assert unit.history.count() == records
    assert _runs(unit)[-1] == "Policy from 2022"


def test_the_move_is_in_the_units_history(gedi, unit):
    before = unit.portfolio
    services.move_unit(unit, PortfolioFactory(name="Policy"), from_year=2022, user=gedi)
    record = unit.history.latest()
    assert record.history_user == gedi
    assert record.history_change_reason == f"Moved to Policy from 2022 (was: {before})."


def test_the_unit_page_moves_from_a_year_and_lists_the_runs(gedi_client, unit):
    before = unit.portfolio
    policy = PortfolioFactory(name="Policy")
    page = gedi_client.get(reverse("units:unit", args=[unit.slug])).content.decode()
    assert 'name="move-from_year"' in page
    response = gedi_client.post(
        reverse("units:move", args=[unit.slug]),
        {"move-portfolio": policy.pk, "move-from_year": "2022", "move-reason": "Office reform"},
        follow=True,
    )
    html = response.content.decode()
    assert "HRX is in Policy from 2022." in html
    assert f"<li>{before} until 2021</li>" in html
    assert "<li>Policy from 2022</li>" in html
    refused = gedi_client.post(
        reverse("units:move", args=[unit.slug]),
        {"move-portfolio": policy.pk, "move-from_year": "1990"},
    )
    assert refused.status_code == 400
    assert "greater than or equal to 2000" in refused.content.decode()


def _targets(plan, code: str, year: int) -> set[int]:
    scope = portfolio_scope(Portfolio.objects.get(code=code))
    return set(scope.targets(plan, year).values_list("pk", flat=True))


def test_portfolio_scorecards_count_a_moved_unit_where_it_was_each_year(ilo_plan, gedi):
    hrd = CustodianUnit.objects.get(acronym="HRD")
    assert hrd.portfolio.code == "mr"
    own = set(
        hrd.target_links.filter(target__indicator__section__plan=ilo_plan).values_list(
            "target_id", flat=True
        )
    )
    before = {
        (code, year): _targets(ilo_plan, code, year)
        for code in ("mr", "policy")
        for year in (2020, 2021)
    }
    summaries = {
        year: scorecard_summary(
            plan=ilo_plan, year=year, scope=portfolio_scope(Portfolio.objects.get(code="mr"))
        ).counts_by_year
        for year in (2020,)
    }

    services.move_unit(hrd, Portfolio.objects.get(code="policy"), from_year=2021, user=gedi)

    # 2020, before the move: both portfolios count what they counted.
    assert _targets(ilo_plan, "mr", 2020) == before[("mr", 2020)]
    assert _targets(ilo_plan, "policy", 2020) == before[("policy", 2020)]
    assert (
        scorecard_summary(
            plan=ilo_plan, year=2020, scope=portfolio_scope(Portfolio.objects.get(code="mr"))
        ).counts_by_year
        == summaries[2020]
    )
    # 2021, after it: HRD's targets are Policy's, and leave Management and Reform unless one of
    # their other custodians keeps them there.
    assert own <= _targets(ilo_plan, "policy", 2021)
    assert own - before[("policy", 2020)]
    left = own - _targets(ilo_plan, "mr", 2021)
    assert left
    assert _targets(ilo_plan, "mr", 2021) == before[("mr", 2021)] - left

    # The overview's tiles count each portfolio as its own scorecard does, in both years.
    for year in (2020, 2021):
        overview = scorecard_overview(plan=ilo_plan, year=year)
        for tile in overview.portfolios:
            own_summary = scorecard_summary(
                plan=ilo_plan, year=year, scope=portfolio_scope(tile.group)
            )
            assert tile.bar.counts == own_summary.counts, (tile.group, year)


def test_the_admin_shows_the_runs_and_sends_moves_to_the_unit_page(admin_client, gedi, unit):
    before = unit.portfolio
    services.move_unit(unit, PortfolioFactory(name="Policy"), from_year=2022, user=gedi)
    page = admin_client.get(
        reverse("admin:custodians_custodianunit_change", args=[unit.pk])
    ).content.decode()
    assert f"<li>{before} until 2021</li><li>Policy from 2022</li>" in page
    assert reverse("units:unit", args=[unit.slug]) in page
    assert 'name="portfolio"' not in page  # moved only from a year, on the unit page
