"""A plan's life: a draft is GEDI's, an active plan takes results and revises targets only with a
reason, a closed plan is read; the next plan starts from this one with its indicators linked."""

from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from custodians.models import CustodianUnit
from custodians.roles import GEDI_REVIEWERS, VIEWERS, ensure_role_groups
from indicators.models import ActionPlan, Indicator, ReportingYear, Target
from indicators.permissions import editable_targets, result_edit_refusal, visible_targets
from indicators.plan_life import PlanStateError, move_plan, revise_target, start_next_plan
from indicators.selectors import default_plan
from reports.selectors import plan_scope, scorecard
from tests.factories import MembershipFactory, ResultFactory, TargetFactory

pytestmark = pytest.mark.django_db
State = ActionPlan.State


@pytest.fixture
def people(ilo_plan):
    groups = ensure_role_groups()
    users = get_user_model().objects
    gedi = users.create(username="life-gedi")
    gedi.groups.add(groups[GEDI_REVIEWERS])
    viewer = users.create(username="life-viewer")
    viewer.groups.add(groups[VIEWERS])
    focal = users.create(username="life-focal")
    MembershipFactory(user=focal, unit=CustodianUnit.objects.get(acronym="HRD"))
    return {"gedi": gedi, "viewer": viewer, "focal": focal}


@pytest.fixture
def next_plan(ilo_plan, people) -> ActionPlan:
    return start_next_plan(
        ilo_plan,
        slug="ilo-2022-25",
        title="ILO Action Plan for Gender Equality 2022–25",
        start_year=2022,
        end_year=2025,
        user=people["gedi"],
    )


def _set_targets(plan: ActionPlan, unit: CustodianUnit) -> list[Target]:
    phase = plan.phases.get(label="2022–23")
    targets = []
    for indicator in Indicator.objects.filter(section__plan=plan):
        target = TargetFactory(indicator=indicator, phase=phase, value=Decimal("40"))
        target.custodians.add(unit)
        targets.append(target)
    return targets


def test_the_loaded_plan_is_active_and_the_next_starts_as_a_draft_copy(ilo_plan, next_plan):
    assert ilo_plan.state == State.ACTIVE and next_plan.state == State.DRAFT
    old = list(
        Indicator.objects.filter(section__plan=ilo_plan).values_list(
            "section__title", "code", "text", "kind", "position"
        )
    )
    new = list(
        Indicator.objects.filter(section__plan=next_plan).values_list(
            "section__title", "code", "text", "kind", "position"
        )
    )
    assert new and new == old  # every indicator, in order
    assert all(
        indicator.predecessor.code == indicator.code
        and indicator.predecessor.section.plan == ilo_plan
        for indicator in Indicator.objects.filter(section__plan=next_plan)
    )
    assert list(next_plan.phases.values_list("label", flat=True)) == ["2022–23", "2024–25"]
    assert sorted(next_plan.reporting_years.values_list("year", flat=True)) == [
        2022,
        2023,
        2024,
        2025,
    ]
    assert not Target.objects.filter(indicator__section__plan=next_plan).exists()
    assert default_plan() == ilo_plan  # a draft is never the plan pages open on


def test_a_draft_is_gedis_alone(client, ilo_plan, next_plan, people):
    unit = CustodianUnit.objects.get(acronym="HRD")
    targets = _set_targets(next_plan, unit)
    indicator = targets[0].indicator
    for who in ("viewer", "focal"):
        client.force_login(people[who])
        assert client.get(next_plan.get_absolute_url()).status_code == 404
        assert client.get(indicator.get_absolute_url()).status_code == 404
        assert not visible_targets(people[who]).filter(pk=targets[0].pk).exists()
    client.force_login(people["gedi"])
    page = client.get(next_plan.get_absolute_url()).content.decode()
    assert "A draft: GEDI is setting its targets" in page
    continued = client.get(indicator.get_absolute_url()).content.decode()
    assert f'Continues <a href="{indicator.predecessor.get_absolute_url()}">' in continued
    year = ReportingYear.objects.get(plan=next_plan, year=2022)
    refusal = result_edit_refusal(people["gedi"], targets[0], year, None)
    assert refusal.startswith(f"{next_plan.title} is a draft")


def test_activating_needs_a_target_for_every_indicator(next_plan, people):
    with pytest.raises(PlanStateError, match="Set a target for every indicator"):
        move_plan(next_plan, State.ACTIVE, user=people["gedi"])
    _set_targets(next_plan, CustodianUnit.objects.get(acronym="HRD"))
    with pytest.raises(PlanStateError, match="Only GEDI"):
        move_plan(next_plan, State.ACTIVE, user=people["focal"])
    plan = move_plan(next_plan, State.ACTIVE, user=people["gedi"], reason="Approved by the GB")
    assert plan.state == State.ACTIVE
    record = plan.history.latest()
    assert (record.history_user, record.history_change_reason) == (
        people["gedi"],
        "Approved by the GB",
    )
    assert editable_targets(people["focal"]).filter(indicator__section__plan=plan).exists()
    assert default_plan() == plan  # the newest active plan


def test_a_closed_plan_is_read_only_and_can_be_reopened(ilo_plan, people, client):
    target = Target.objects.filter(indicator__section__plan=ilo_plan).first()
    year = ReportingYear.objects.get(plan=ilo_plan, year=2021)
    move_plan(ilo_plan, State.CLOSED, user=people["gedi"])
    target.refresh_from_db()
    assert "is closed: its results are read-only" in result_edit_refusal(
        people["gedi"],
        Target.objects.select_related("indicator__section__plan").get(pk=target.pk),
        year,
        None,
    )
    with pytest.raises(PlanStateError, match="is closed"):
        revise_target(target, user=people["gedi"], reason="x", value=Decimal("1"))
    client.force_login(people["viewer"])
    assert client.get(ilo_plan.get_absolute_url()).status_code == 200  # still readable
    with pytest.raises(PlanStateError, match="cannot become draft"):
        move_plan(ilo_plan, State.DRAFT, user=people["gedi"])
    assert move_plan(ilo_plan, State.ACTIVE, user=people["gedi"]).state == State.ACTIVE


def test_an_active_plans_target_is_revised_with_a_reason_shown_on_its_page(
    ilo_plan, people, client
):
    target = Target.objects.get(indicator__code="ACC.1", phase__label="2020–21")
    before = target.display_text
    with pytest.raises(PlanStateError, match="Say why the target changes"):
        revise_target(target, user=people["gedi"], reason=" ", value=Decimal("45"), text="")
    with pytest.raises(PlanStateError, match="Only GEDI"):
        revise_target(target, user=people["focal"], reason="x", value=Decimal("45"))
    revise_target(
        target,
        user=people["gedi"],
        reason="Raised by the mid-term review.",
        value=Decimal("45"),
        text="",
    )
    client.force_login(people["viewer"])
    page = client.get(target.indicator.get_absolute_url(), {"year": 2020}).content.decode()
    assert "At least 45 per cent" in page
    assert "by life-gedi: was " + before + ". Raised by the mid-term review." in page


def test_the_plans_page_is_gedis_and_starts_and_activates_a_plan(client, ilo_plan, people):
    for who in ("viewer", "focal"):
        client.force_login(people[who])
        assert client.get(reverse("indicators:plans")).status_code == 403
        response = client.post(
            reverse("indicators:plan_move", args=[ilo_plan.slug]), {"state": "closed"}
        )
        assert response.status_code == 403
    client.force_login(people["gedi"])
    page = client.get(reverse("indicators:plans")).content.decode()
    assert 'value="2022"' in page and 'value="2025"' in page  # the years that follow
    bad = client.post(
        reverse("indicators:plan_start"),
        {
            "source": ilo_plan.pk,
            "title": "Next",
            "slug": ilo_plan.slug,
            "start_year": 2022,
            "end_year": 2025,
        },
    )
    assert bad.status_code == 400 and "exists already" in bad.content.decode()
    response = client.post(
        reverse("indicators:plan_start"),
        {
            "source": ilo_plan.pk,
            "title": "Next plan",
            "slug": "next",
            "start_year": 2022,
            "end_year": 2025,
        },
    )
    assert response.status_code == 302
    plan = ActionPlan.objects.get(slug="next")
    assert plan.state == State.DRAFT
    refused = client.post(
        reverse("indicators:plan_move", args=["next"]), {"state": "active"}, follow=True
    )
    assert "Set a target for every indicator" in refused.content.decode()
    _set_targets(plan, CustodianUnit.objects.get(acronym="HRD"))
    done = client.post(
        reverse("indicators:plan_move", args=["next"]), {"state": "active"}, follow=True
    )
    assert "Next plan is active." in done.content.decode()


def test_a_continuing_indicators_trend_compares_with_the_plan_it_continues(
    ilo_plan, next_plan, people, client
):
    old = Target.objects.get(indicator__section__plan=ilo_plan, indicator__code="ACC.1")
    ResultFactory(target=old, year=2021, value=Decimal("38"), review_state="approved")
    targets = _set_targets(next_plan, CustodianUnit.objects.get(acronym="HRD"))
    move_plan(next_plan, State.ACTIVE, user=people["gedi"])
    acc1 = next(t for t in targets if t.indicator.code == "ACC.1")
    ResultFactory(target=acc1, year=2022, value=Decimal("41"), review_state="approved")

    card = scorecard(plan=next_plan, year=2022, scope=plan_scope())
    row = next(row for row in card.rows if row.target.pk == acc1.pk)
    assert (row.trend.previous_year, row.trend.change, row.trend.better) == (
        2021,
        Decimal("3"),
        True,
    )
    others = [row for row in card.rows if row.target.pk != acc1.pk]
    assert all(row.trend.change is None for row in others)  # nothing reported to compare

    client.force_login(people["viewer"])
    page = client.get(acc1.indicator.get_absolute_url(), {"year": 2022}).content.decode()
    assert row.trend.words in page
