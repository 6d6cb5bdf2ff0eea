"""The scorecards on the loaded 2018–21 plan: 2020 statuses as GB.343/INS reports them."""

import io
import json

import pytest
from django.core.management import call_command

from custodians.models import CustodianUnit, Portfolio, Region
from indicators.status import Status
from reports.selectors import (
    custodian_scope,
    plan_scope,
    portfolio_scope,
    region_scope,
    scorecard,
)

pytestmark = pytest.mark.django_db

ON, OFF, UNAVAILABLE, NOT_REPORTED = (
    Status.ON_TRACK,
    Status.NOT_ON_TRACK,
    Status.DATA_UNAVAILABLE,
    Status.NOT_REPORTED,
)

# The appendix of GB.343/INS, row by row: indicator, scope, target, 2020 result, status.
APPENDIX_2020 = [
    ("RBM.1", "Global (headquarters managed)", "37 per cent", "13 per cent", OFF),
    ("RBM.1", "Africa", "27 per cent", "31 per cent", ON),
    ("RBM.1", "Americas", "18 per cent", "10 per cent", OFF),
    ("RBM.1", "Arab States", "13 per cent", "10 per cent", OFF),
    ("RBM.1", "Asia and the Pacific", "35 per cent", "29 per cent", OFF),
    ("RBM.1", "Europe and Central Asia", "13 per cent", "6 per cent", OFF),
    ("OVS.1", "Global", "65 per cent", "56 per cent", OFF),
    ("OVS.2", "Global", "50 per cent", "33 per cent", OFF),
    ("OVS.3", "Global", "65 per cent", "49 per cent", OFF),
    ("OVS.4", "Global", "75 per cent", "No audits done", UNAVAILABLE),
    ("OVS.5", "Global", "Audit done", "No audits done", OFF),
    ("ACC.1", "Global", "45 per cent", "38 per cent", OFF),
    ("ACC.2", "Global", "50 per cent", "16 per cent", OFF),
    ("ACC.3", "Global", "Two meetings", "None", OFF),
    (
        "ACC.4",
        "Global",
        "On the agenda of at least two meetings held by Deputy Directors-General",
        "Not achieved",
        OFF,
    ),
    ("ACC.5", "Global", "Two unconscious bias sessions", "None", OFF),
    ("HFR.1", "Global", "70 per cent", "60 per cent", OFF),
    ("HFR.2", "Global", "43 per cent", "43 per cent", ON),
    ("HFR.3", "Global", "At least 45 per cent", "Session of the Conference not held", UNAVAILABLE),
    ("HFR.4", "Global", "At least 45 per cent", "Regional meetings not held", UNAVAILABLE),
    ("HFR.5", "Global", "Two capacity-building events", "None held", OFF),
    (
        "HFR.6",
        "Global",
        "Minimum of ten interviews of exiting staff; report to the Governing Body",
        None,
        NOT_REPORTED,
    ),
    (
        "HFR.7",
        "Global",
        "Accessible through social media",
        "Materials not accessible through social media",
        OFF,
    ),
    (
        "HFR.7",
        "Global",
        "Accessible through the ILO's public website",
        "Materials not found on the ILO's public website",
        OFF,
    ),
    ("CAP.1", "Global", "Plan drafted", "None", OFF),
    ("CAP.2", "Global", "45 per cent", "37 per cent", OFF),
    ("CAP.3", "Global", "50 per cent", "20 per cent", OFF),
    ("CAP.4", "Global", "55 per cent", "No events held", UNAVAILABLE),
    ("CAP.5", "Global", "55 per cent", "No events held", UNAVAILABLE),
    ("CAP.6", "Global", "45 per cent", "No events held", UNAVAILABLE),
]


def test_2020_statuses_match_the_document_target_by_target(ilo_plan):
    card = scorecard(plan=ilo_plan, year=2020, scope=plan_scope())
    rows = [
        (
            row.target.indicator.code,
            row.target.scope_label,
            row.target.display_text,
            row.result.display_text if row.result else None,
            row.status,
        )
        for row in card.rows
    ]
    assert rows == APPENDIX_2020


def test_the_examples_of_the_issue(ilo_plan):
    card = scorecard(plan=ilo_plan, year=2020, scope=plan_scope())
    by_key = {(row.target.indicator.code, row.target.scope_label): row for row in card.rows}
    africa = by_key[("RBM.1", "Africa")]
    assert (africa.target.value, africa.result.value, africa.status) == (27, 31, ON)
    outcomes = by_key[("HFR.2", "Global")]
    assert (outcomes.target.value, outcomes.result.value, outcomes.status) == (43, 43, ON)
    senior = by_key[("ACC.1", "Global")]
    assert (senior.target.value, senior.result.value, senior.status) == (45, 38, OFF)


def test_2020_headline_of_the_appendix(ilo_plan):
    card = scorecard(plan=ilo_plan, year=2020, scope=plan_scope())
    counts = card.counts
    assert (counts.on_track, counts.not_on_track, counts.data_unavailable) == (2, 21, 6)
    assert counts.not_reported == 1
    assert card.previous is None  # nothing was loaded for 2019
    assert card.headline == (
        "Monitoring in 2020 of the 30 ILO Action Plan targets not met in the 2018–19 phase and "
        "listed in the appendix of GB.343/INS showed that 6.6 per cent of targets "
        "(or 2 targets out of a total of 30) were on track, and 70 per cent (21 targets) were "
        "not on track. Data were unavailable for 20 per cent of targets (6 targets). "
        "No result was reported for 3.3 per cent of targets (1 target)."
    )
    # Loaded from the document: reported, but with no submission date and no deadline.
    completeness = card.completeness
    assert (completeness.total, completeness.reported) == (30, 29)
    assert completeness.deadline is None
    assert completeness.no_submission_date == 29


def _codes(card) -> list[tuple[str, str]]:
    return [(row.target.indicator.code, row.target.scope_label) for row in card.rows]


def test_portfolio_scorecards_on_the_real_plan(ilo_plan):
    def codes(code: str) -> set[str]:
        card = scorecard(
            plan=ilo_plan, year=2020, scope=portfolio_scope(Portfolio.objects.get(code=code))
        )
        return {indicator for indicator, _ in _codes(card)}

    # The Policy Portfolio: its Deputy Director-General's three accountability indicators,
    # GEDI's delegates and capacity-building indicators, the Research Department's three.
    assert codes("policy") == {
        "ACC.2",
        "ACC.3",
        "ACC.4",
        "HFR.3",
        "HFR.4",
        "HFR.5",
        "CAP.4",
        "CAP.5",
        "CAP.6",
    }
    # Field Operations and Partnerships: PARDEV's six marker targets, the regional offices'
    # country programme outcomes, the Turin Centre's training, and the DDG's three.
    assert codes("fop") == {"RBM.1", "ACC.2", "ACC.3", "ACC.4", "HFR.2", "CAP.2", "CAP.3"}
    assert "ACC.1" in codes("mr") and "ACC.5" in codes("odg")


def test_a_breakdown_line_alone_brings_a_target_into_a_portfolio(ilo_plan):
    policy = Portfolio.objects.get(code="policy")
    acc2 = next(
        row.target
        for row in scorecard(plan=ilo_plan, year=2020, scope=plan_scope()).rows
        if row.target.indicator.code == "ACC.2"
    )
    acc2.custodian_links.filter(custodian__acronym="DDG/POL").delete()
    card = scorecard(plan=ilo_plan, year=2020, scope=portfolio_scope(policy))
    row = next(row for row in card.rows if row.target.pk == acc2.pk)
    assert [line.portfolio.code for line in row.breakdown] == ["policy", "mr", "fop"]


def test_region_scorecard_has_its_regional_target_and_its_offices_targets(ilo_plan):
    africa = Region.objects.get(code="africa")
    card = scorecard(plan=ilo_plan, year=2020, scope=region_scope(africa))
    assert _codes(card) == [("RBM.1", "Africa"), ("HFR.2", "Global")]
    assert (card.counts.on_track, card.counts.total) == (2, 2)


def test_custodian_scorecard(ilo_plan):
    hrd = CustodianUnit.objects.get(acronym="HRD")
    card = scorecard(plan=ilo_plan, year=2020, scope=custodian_scope(hrd))
    assert [code for code, _ in _codes(card)] == [
        "ACC.1",
        "HFR.1",
        "HFR.6",
        "HFR.7",
        "HFR.7",
        "CAP.1",
    ]


def test_the_command_prints_the_2020_scorecard_as_json(ilo_plan):
    out = io.StringIO()
    call_command("scorecard", "--year", "2020", "--json", stdout=out)
    document = json.loads(out.getvalue())
    assert document["summary"] == {
        "total": 30,
        "on_track": 2,
        "not_on_track": 21,
        "data_unavailable": 6,
        "not_reported": 1,
        "provisional": 0,
    }
    senior = next(t for t in document["targets"] if t["indicator"].startswith("Proportion of ILO"))
    assert senior == {
        "indicator": (
            "Proportion of ILO senior staff (P5 and above on regular budget contracts) who are "
            "women"
        ),
        "scope": "Global",
        "custodians": ["Human Resources Development Department"],
        "target": "45 per cent",
        "result": "38 per cent",
        "status": "not_on_track",
        "provisional": False,
    }
    exit_interviews = document["targets"][21]
    assert exit_interviews["result"] is None
    assert exit_interviews["status"] == "not_reported"
    assert [t["status"] for t in document["targets"]] == [row[4].value for row in APPENDIX_2020]
