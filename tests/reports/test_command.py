"""``manage.py scorecard``: the scorecard for scripts."""

import io
import json

import pytest
from django.core.management import CommandError, call_command

pytestmark = pytest.mark.django_db


def run(*args: str) -> str:
    out = io.StringIO()
    call_command("scorecard", *args, stdout=out)
    return out.getvalue()


def test_json_for_a_portfolio_region_and_custodian(ilo_plan):
    policy = json.loads(run("--year", "2020", "--json", "--portfolio", "policy"))
    assert policy["summary"] == {
        "total": 9,
        "on_track": 0,
        "not_on_track": 4,
        "data_unavailable": 5,
        "not_reported": 0,
        "provisional": 0,
    }
    africa = json.loads(run("--year", "2020", "--json", "--region", "africa"))
    assert [t["scope"] for t in africa["targets"]] == ["Africa", "Global"]
    assert africa["targets"][0]["custodians"] == ["Partnerships and Field Support Department"]
    eval_office = json.loads(run("--year", "2020", "--json", "--custodian", "EVAL"))
    assert eval_office["summary"]["total"] == 3
    assert set(eval_office) == {
        "counting",
        "summary",
        "covers",
        "headline",
        "published",
        "published_previous",
        "published_headline",
        "targets",
    }
    # Plan-wide published figures sit on the plan's scorecard only.
    assert eval_office["published"] is None and eval_office["published_headline"] is None
    assert eval_office["covers"]["all_targets_loaded"] is False
    assert set(eval_office["targets"][0]) == {
        "indicator",
        "scope",
        "custodians",
        "target",
        "result",
        "status",
        "provisional",
    }


def test_text_output_has_the_counts_and_the_paragraph(ilo_plan):
    text = run("--year", "2020", "--plan", "ilo-2018-21")
    assert (
        "ILO Action Plan for Gender Equality 2018–21 · 2020 · the 30 targets loaded in detail"
        in text
    )
    assert "  On track              2    6.6 %" in text
    assert "Monitoring in 2020 of the 30 ILO Action Plan targets not met in" in text
    # Then the whole plan, as published, with its source.
    assert "The whole plan, as published (GB.343/INS, paragraph 2):" in text
    assert "  On track             29   50.8 %" in text
    assert "Monitoring in 2020 of all ILO Action Plan targets showed that 50.8 per cent" in text


def test_the_latest_reported_year_by_default(ilo_plan):
    assert run("--json") == run("--json", "--year", "2020")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--year", "2030"], "runs from 2018 to 2021; no year 2030"),
        (["--portfolio", "nope"], "No portfolio 'nope'. Portfolios: policy, mr, fop, odg."),
        (["--region", "nope"], "No region 'nope'."),
        (["--custodian", "NOPE"], "No custodian 'NOPE'."),
        (["--region", "africa", "--portfolio", "mr"], "not several"),
        (["--plan", "nope"], "No plan 'nope'. Plans: ilo-2018-21."),
    ],
)
def test_errors_say_what_to_do(ilo_plan, args, message):
    with pytest.raises(CommandError, match=message):
        run(*args)


def test_without_a_plan(db):
    with pytest.raises(CommandError, match="No plan loaded"):
        run("--json")
