"""The 2018–21 plan as loaded from fixtures/, checked against the appendix of GB.343/INS."""

import json
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from custodians.models import CustodianUnit
from indicators.loading import DEFAULT_PLAN_FILE, PlanFileError, load_plan
from indicators.models import (
    AcceleratingAction,
    Indicator,
    Result,
    ResultBreakdownLine,
    Section,
    Target,
)

pytestmark = pytest.mark.django_db


def target(code: str, region: str | None = None, phase: str = "2020–21") -> Target:
    filters = {"indicator__code": code, "phase__label": phase}
    if region:
        filters["region__name"] = region
    else:
        filters["region__isnull"] = True
    return Target.objects.get(**filters)


def test_counts_match_the_appendix(ilo_plan):
    assert Section.objects.filter(plan=ilo_plan).count() == 5
    assert Indicator.objects.filter(section__plan=ilo_plan).count() == 24
    assert Target.objects.of_plan(ilo_plan).count() == 30
    proposals = Target.objects.filter(indicator__code="RBM.1")
    assert proposals.filter(scope="headquarters").count() == 1
    assert proposals.filter(scope="region").count() == 5
    assert Target.objects.filter(indicator__code="HFR.7").count() == 2
    assert [s.title for s in ilo_plan.sections.order_by("position")] == [
        "Results-based management",
        "Oversight",
        "Accountability",
        "Human and financial resources",
        "Capacity",
    ]
    # Every line of the three accountability breakdowns, one per portfolio.
    assert ResultBreakdownLine.objects.count() == 9
    assert set(
        ResultBreakdownLine.objects.values_list("result__target__indicator__code", flat=True)
    ) == {"ACC.2", "ACC.3", "ACC.4"}


def test_cells_match_the_document(ilo_plan):
    hq = target("RBM.1")
    assert hq.display_text == "37 per cent"
    assert hq.scope_label == "Global (headquarters managed)"
    assert hq.results.get(year=2020).display_text == "13 per cent"

    africa = target("RBM.1", region="Africa")
    assert (africa.value, africa.results.get(year=2020).value) == (Decimal("27"), Decimal("31"))

    europe = target("RBM.1", region="Europe and Central Asia")
    assert europe.results.get(year=2020).display_text == "6 per cent"

    senior = target("ACC.1")
    assert senior.indicator.text == (
        "Proportion of ILO senior staff (P5 and above on regular budget contracts) who are women"
    )
    assert (senior.value, senior.results.get(year=2020).value) == (Decimal("45"), Decimal("38"))
    assert [u.acronym for u in senior.custodians.all()] == ["HRD"]

    audit = target("OVS.5")
    assert audit.kind == "milestone" and audit.display_text == "Audit done"
    assert audit.results.get(year=2020).statement == "No audits done"

    ilc = target("HFR.3")
    assert ilc.display_text == "At least 45 per cent"
    ilc_result = ilc.results.get(year=2020)
    assert ilc_result.data_unavailable
    assert ilc_result.unavailable_reason == "Session of the Conference not held"
    assert {u.acronym for u in ilc.custodians.all()} == {
        "CONSTITUENTS",
        "GEDI",
        "JUR",
        "RELMEETINGS",
    }

    cpo = target("HFR.2")
    assert (cpo.value, cpo.results.get(year=2020).value) == (Decimal("43"), Decimal("43"))
    assert cpo.custodians_label == (
        "Strategic Programming and Management Department and ILO regional offices"
    )

    turin = target("CAP.3")
    assert turin.results.get(year=2020).display_text == "20 per cent"
    assert turin.custodians.get().name == "Turin Centre"

    meetings = target("ACC.3")
    assert meetings.display_text == "Two meetings"
    assert meetings.results.get(year=2020).display_text == "None"
    lines = meetings.results.get(year=2020).breakdown_lines.order_by("position")
    assert [(line.portfolio.name, line.custodian.acronym, line.statement) for line in lines] == [
        ("Policy", "DDG/POL", "none"),
        ("Management and Reform", "DDG/MR", "none"),
        ("Field Operations and Partnerships", "DDG/FOP", "none"),
    ]

    website = target("HFR.7", phase="2018–19")
    assert website.display_text == "Accessible through the ILO's public website"
    assert (
        website.results.get(year=2020).statement
        == "Materials not found on the ILO's public website"
    )


def test_unreadable_exit_interview_result_is_not_loaded(ilo_plan):
    exit_interviews = target("HFR.6")
    assert not exit_interviews.results.exists()
    assert {u.acronym for u in exit_interviews.custodians.all()} == {"MEDIATOR", "HRD"}


def test_actions_are_one_row_each_with_their_custodian(ilo_plan):
    proposal_actions = AcceleratingAction.objects.filter(target=target("RBM.1"))
    assert proposal_actions.count() == 8
    assert set(proposal_actions.values_list("custodian__acronym", flat=True)) == {"PARDEV"}
    assert proposal_actions.order_by("position").first().text == (
        "Launch a community of practice news series on gender equality and non-discrimination."
    )
    assert AcceleratingAction.objects.filter(target=target("ACC.1")).count() == 7
    audit = AcceleratingAction.objects.get(target=target("OVS.5"))
    assert audit.custodian.acronym == "IAO"
    assert audit.text.startswith("Conduct the audit using information technology-based means")
    mr_actions = AcceleratingAction.objects.filter(
        target=target("ACC.2"), custodian__acronym="DDG/MR"
    )
    assert [a.text for a in mr_actions] == ["On target, none required."]


def test_every_custodian_has_its_portfolio(ilo_plan):
    units = {u.acronym: u for u in CustodianUnit.objects.select_related("portfolio", "region")}
    assert units["HRD"].portfolio.name == "Management and Reform"
    assert units["PARDEV"].portfolio.name == "Field Operations and Partnerships"
    assert units["EVAL"].portfolio.name == "Office of the Director-General"
    assert units["RESEARCH"].portfolio.name == "Policy"
    assert units["ROAF"].region.name == "Africa"
    outside = [u for u in units.values() if u.portfolio is None]
    assert [u.acronym for u in outside] == ["CONSTITUENTS"]


def test_loading_twice_leaves_the_same_data(ilo_plan):
    models = [Indicator, Target, Result, ResultBreakdownLine, AcceleratingAction, CustodianUnit]
    before = {m: list(m.objects.order_by("pk").values()) for m in models}
    history_before = Result.history.count() + Target.history.count()
    _, summary = load_plan()
    assert str(summary) == "nothing changed"
    assert {m: list(m.objects.order_by("pk").values()) for m in models} == before
    assert Result.history.count() + Target.history.count() == history_before


def plan_document() -> dict:
    return json.loads(DEFAULT_PLAN_FILE.read_text(encoding="utf-8"))


def written(tmp_path: Path, document: dict) -> Path:
    path = tmp_path / "plan.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    return path


def test_reloading_an_edited_file_updates_in_place(ilo_plan, tmp_path):
    document = plan_document()
    document["sections"][0]["indicators"][0]["targets"][0]["results"][0]["value"] = 14
    _, summary = load_plan(written(tmp_path, document))
    assert summary.updated == {"results": 1}
    assert target("RBM.1").results.get(year=2020).value == Decimal("14")
    assert Target.objects.count() == 30


def test_a_bad_file_names_the_place_and_loads_nothing(db, tmp_path):
    document = plan_document()
    document["sections"][2]["indicators"][0]["targets"][0]["custodians"] = ["NOPE"]
    with pytest.raises(PlanFileError, match="indicator ACC.1, target 1: unknown custodian 'NOPE'"):
        load_plan(written(tmp_path, document))
    assert not Indicator.objects.exists()
    assert not CustodianUnit.objects.exists()


def test_a_value_the_plan_refuses_is_named_with_its_place_and_loads_nothing(db, tmp_path):
    document = plan_document()
    document["sections"][2]["indicators"][0]["kind"] = "guesswork"
    with pytest.raises(CommandError, match="indicator ACC.1: Value 'guesswork' is not a valid"):
        call_command("load_plan", str(written(tmp_path, document)))
    assert not Indicator.objects.exists()


def test_command_reports_a_missing_file(db, tmp_path):
    with pytest.raises(CommandError, match="no such file"):
        call_command("load_plan", str(tmp_path / "missing.json"))


def test_command_loads_the_default_plan(db, capsys):
    call_command("load_plan")
    assert "24 indicators created" in capsys.readouterr().out
