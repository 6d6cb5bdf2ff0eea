"""The recommendations as the documents print them, loaded by `manage.py load_recommendations`."""

import io
import json

import pytest
from django.core.management import CommandError, call_command

from custodians.models import CustodianUnit
from evaluations.loading import DEFAULT_RECOMMENDATIONS_FILE, load_recommendations
from evaluations.models import Evaluation, OfficeResponse, Recommendation, SubAction
from indicators.loading import load_plan

pytestmark = pytest.mark.django_db

GENDER = "gender-equality-mainstreaming-2016-21"  # 000_7efb512d32cbd4b4.txt
ENTERPRISES = "sustainable-enterprises-2014-19"  # 003, Part I
RESEARCH = "research-knowledge-management-2010-19"  # 003, Part II
ANDEAN = "andean-countries-decent-work-2016-19"  # 003, Part III
COVID = "covid-19-response"  # 004_53723b6c067cdd96.txt


def recommendation(slug: str, number: int) -> Recommendation:
    return Recommendation.objects.get(evaluation__slug=slug, number=number)


def acronyms(item: Recommendation) -> list[str]:
    return [link.unit.acronym for link in item.unit_links.order_by("position")]


def run_command(*args: str) -> str:
    out = io.StringIO()
    call_command("load_recommendations", *args, stdout=out)
    return out.getvalue()


def test_each_document_gives_its_number_of_recommendations(loaded_recommendations):
    counts = {
        evaluation.slug: evaluation.recommendations.count()
        for evaluation in Evaluation.objects.all()
    }
    assert counts == {GENDER: 6, ENTERPRISES: 9, RESEARCH: 7, ANDEAN: 7, COVID: 8}
    assert [e.slug for e in Evaluation.objects.all()] == [
        GENDER,
        ENTERPRISES,
        RESEARCH,
        ANDEAN,
        COVID,
    ]
    assert {e.document for e in Evaluation.objects.filter(slug__in=[ENTERPRISES, RESEARCH])} == {
        "GB.340/PFA/7"
    }


def test_table_cells_are_the_documents_values(loaded_recommendations):
    # 000, recommendation 3: "ILO SMT, DDG/POL, DDG/FOP (MULTILATERALS, PARDEV), DDG/MR |
    # Medium | Long-term | Medium"
    gem3 = recommendation(GENDER, 3)
    assert gem3.title == "Strengthen ILO's framework for partnering around gender equality."
    assert gem3.responsible_units_text == (
        "ILO SMT, DDG/POL, DDG/FOP (MULTILATERALS, PARDEV), DDG/MR"
    )
    assert (gem3.priority, gem3.time_implication, gem3.resource_implication) == (
        "medium",
        "Long-term",
        "medium",
    )
    assert acronyms(gem3) == ["SMT", "DDG/POL", "DDG/FOP", "MULTILATERALS", "PARDEV", "DDG/MR"]
    # 000, recommendation 4: the time cell with its bracket.
    assert (
        recommendation(GENDER, 4).time_implication == "Short-term (New APGE formulation Timeframe)"
    )
    # 003 Part I, recommendation 3: "High | Medium-term | High".
    assert recommendation(ENTERPRISES, 3).resource_implication == "high"
    # 003 Part II, recommendation 1: "Current biennium"; recommendation 4: "2021–23 | Moderate".
    assert recommendation(RESEARCH, 1).time_implication == "Current biennium"
    research4 = recommendation(RESEARCH, 4)
    assert research4.time_implication == "2021–23"
    assert research4.resource_implication_display == "Moderate"
    # 003 Part III, recommendation 5: "Short- to medium-term | Low-medium", partly agreed.
    andean5 = recommendation(ANDEAN, 5)
    assert andean5.time_implication == "Short- to medium-term"
    assert (andean5.resource_implication, andean5.resource_implication_text) == ("", "Low-medium")
    assert andean5.office_response.position == OfficeResponse.Position.PARTLY_AGREES
    assert andean5.office_response.text.startswith(
        "The Office partly agrees with Recommendation 5."
    )
    assert acronyms(recommendation(ANDEAN, 2)) == ["DDG/FOP", "ROLAC", "DWT/CO–Lima"]
    # 004, recommendation 6: empty priority, "Medium-to-long-term | Medium".
    covid6 = recommendation(COVID, 6)
    assert (covid6.priority, covid6.time_implication, covid6.resource_implication) == (
        "",
        "Medium-to-long-term",
        "medium",
    )
    assert recommendation(COVID, 2).resource_implication == "high"


def test_empty_cells_stay_empty_and_missing_responses_stay_missing(loaded_recommendations):
    assert set(
        Recommendation.objects.filter(evaluation__slug=COVID).values_list("priority", flat=True)
    ) == {""}
    assert not OfficeResponse.objects.filter(
        recommendation__evaluation__slug__in=[GENDER, COVID]
    ).exists()
    assert OfficeResponse.objects.count() == 9 + 7 + 7
    # Part I of 003 states no position for recommendations 4 to 6: only the text is kept.
    assert recommendation(ENTERPRISES, 6).office_response.position == ""
    assert recommendation(ANDEAN, 1).resource_implication_display == "Within existing resources"


def test_sub_actions_are_kept_in_order(loaded_recommendations):
    lines = list(recommendation(GENDER, 1).sub_actions.values_list("text", flat=True))
    assert len(lines) == 7
    assert lines[0] == (
        "A clearer picture of where ILO wants to be in a medium-term timeframe of 5 years"
    )
    assert lines[-1].startswith("Developing Gender-Specific and -Responsive Programmes")
    assert SubAction.objects.filter(recommendation__evaluation__slug=GENDER).count() == 40


def test_units_missing_from_the_plan_are_created_with_a_kind_and_portfolio(db):
    load_recommendations()
    enterprises = CustodianUnit.objects.get(acronym="ENTERPRISES")
    assert (enterprises.kind, enterprises.portfolio.code) == ("department", "policy")
    lima = CustodianUnit.objects.get(acronym="DWT/CO–Lima")
    assert (lima.portfolio.code, lima.region.code) == ("fop", "americas")
    assert CustodianUnit.objects.count() == 33
    assert not CustodianUnit.objects.filter(portfolio__isnull=True).exists()


@pytest.mark.parametrize("plan_first", [True, False], ids=["plan-first", "recommendations-first"])
def test_loads_with_or_without_the_plan_in_either_order(db, plan_first):
    if plan_first:
        load_plan()
        hrd_before = CustodianUnit.objects.get(acronym="HRD")
        load_recommendations()
        assert CustodianUnit.objects.get(acronym="HRD") == hrd_before
    else:
        load_recommendations()
        load_plan()
    # The 21 units of the plan and the 21 more the evaluations name, each once.
    assert CustodianUnit.objects.count() == 42
    hrd = CustodianUnit.objects.get(acronym="HRD")
    assert hrd.name == "Human Resources Development Department"
    assert recommendation(COVID, 8).responsible_units.filter(pk=hrd.pk).exists()
    assert CustodianUnit.objects.get(acronym="ITCILO").name == "Turin Centre"


def test_running_the_command_again_changes_nothing(db):
    first = run_command()
    assert "37 recommendations created" in first
    histories = (Recommendation.history.count(), OfficeResponse.history.count())
    assert run_command().strip() == "Recommendations: nothing changed"
    assert (Recommendation.history.count(), OfficeResponse.history.count()) == histories
    assert Recommendation.objects.count() == 37


def test_a_bad_file_is_refused_with_its_place_and_nothing_is_loaded(db, tmp_path):
    document = json.loads(DEFAULT_RECOMMENDATIONS_FILE.read_text(encoding="utf-8"))
    document["evaluations"][2]["recommendations"][3]["responsible_units"].append("NOWHERE")
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    with pytest.raises(CommandError, match="recommendation 4: unit 'NOWHERE'"):
        run_command(str(path))
    assert not Recommendation.objects.exists()
    assert not CustodianUnit.objects.exists()


def test_a_priority_outside_high_medium_low_is_refused(db, tmp_path):
    document = json.loads(DEFAULT_RECOMMENDATIONS_FILE.read_text(encoding="utf-8"))
    document["evaluations"][0]["recommendations"][0]["priority"] = "Urgent"
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    with pytest.raises(CommandError, match="recommendation 1, priority: 'Urgent'"):
        run_command(str(path))


def test_a_missing_file_is_named(db, tmp_path):
    with pytest.raises(CommandError, match="no such file"):
        run_command(str(tmp_path / "absent.json"))
