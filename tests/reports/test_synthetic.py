"""The generated plan (benchmarks/synthetic.py and ``python -m benchmarks.synth``)."""

import io
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from benchmarks import synth
from benchmarks.synthetic import generate_plan
from indicators.models import AcceleratingAction, Indicator, Result, ResultBreakdownLine, Target
from reports.selectors import plan_scope, scorecard

pytestmark = pytest.mark.django_db


def shape(plan) -> list[tuple]:
    """Everything that makes the plan what it is, without database ids; years from the start."""
    start = plan.start_year
    return [
        (
            target.indicator.code,
            target.indicator.text,
            target.phase.start_year - start,
            target.scope,
            target.region_id and target.region.code,
            target.portfolio_id and target.portfolio.code,
            target.display_text,
            tuple(target.custodian_links.values_list("custodian__acronym", flat=True)),
            tuple(
                (
                    r.year - start,
                    r.value,
                    r.statement,
                    r.data_unavailable,
                    r.declared_status,
                    r.review_state,
                )
                for r in target.results.order_by("year")
            ),
        )
        for target in Target.objects.of_plan(plan)
        .select_related("indicator", "phase", "region", "portfolio")
        .order_by(
            "indicator__section__position", "indicator__position", "phase__start_year", "position"
        )
    ]


def test_the_same_seed_gives_the_same_plan():
    first = shape(generate_plan(targets=40, years=2, seed=9, start_year=2022))
    second = shape(generate_plan(targets=40, years=2, seed=9, start_year=2030))
    assert first == second
    third = shape(generate_plan(targets=40, years=2, seed=10, start_year=2040))
    assert third != first


def test_a_generated_plan_looks_like_a_real_one():
    plan = generate_plan(targets=300, years=4, seed=4)
    targets = Target.objects.of_plan(plan)
    assert targets.count() == 600  # 300 in each of the two bienniums
    assert [p.label for p in plan.phases.order_by("start_year")] == ["2022–23", "2024–25"]
    assert plan.sections.count() == 5
    scopes = Counter(targets.values_list("scope", flat=True))
    assert set(scopes) == {"global", "headquarters", "region", "portfolio"}
    assert Counter(Indicator.objects.filter(section__plan=plan).values_list("kind", flat=True))[
        "milestone"
    ]
    portfolios = set(targets.values_list("custodians__portfolio__code", flat=True))
    assert portfolios == {"policy", "mr", "fop", "odg"}
    assert targets.filter(custodians__kind="regional_office").exists()
    card = scorecard(plan=plan, year=2023, scope=plan_scope())
    counts = card.counts
    assert counts.total == 300
    assert min(counts.on_track, counts.not_on_track, counts.data_unavailable) > 10
    assert counts.not_reported > 5
    assert card.previous is not None  # 2022 is reported too
    assert card.completeness.late > 0 and card.completeness.by_deadline > 0
    results = Result.objects.filter(target__in=targets)
    assert set(results.values_list("review_state", flat=True)) == {
        "draft",
        "returned",
        "submitted",
        "approved",
    }
    assert ResultBreakdownLine.objects.filter(result__in=results).exists()
    assert AcceleratingAction.objects.filter(target__in=targets).count() > 100


def test_indicators_are_numbered_within_their_section():
    """As in the documents; a plan-wide count overflows the position field at 100,000 targets."""
    plan = generate_plan(targets=200, years=2, seed=3)
    for section in plan.sections.all():
        positions = list(section.indicators.order_by("position").values_list("position", flat=True))
        assert positions == list(range(1, len(positions) + 1))


def test_generated_rows_have_their_history():
    plan = generate_plan(targets=30, years=2, seed=2)
    results = Result.objects.filter(target__indicator__section__plan=plan)
    assert Result.history.filter(id__in=results.values("id")).count() == results.count()
    record = Result.history.filter(id__in=results.values("id")).first()
    assert record.history_type == "+"
    assert record.history_change_reason == "Generated (python -m benchmarks.synth)"
    targets = Target.objects.of_plan(plan)
    assert Target.history.filter(id__in=targets.values("id")).count() == targets.count()


def test_the_command_generates_a_plan_and_refuses_a_second_with_the_same_seed():
    out = io.StringIO()
    call_command(synth.Command(), "--targets", "25", "--years", "3", "--seed", "5", stdout=out)
    assert out.getvalue().startswith("Generated synthetic-25-3y-seed5: 50 targets,")
    with pytest.raises(CommandError, match="exists already"):
        call_command(synth.Command(), "--targets", "25", "--years", "3", "--seed", "5")
    with pytest.raises(CommandError, match="--targets must be between"):
        call_command(synth.Command(), "--targets", "0")


def test_the_tool_runs_from_the_command_line_with_the_options_of_a_command():
    """``python -m benchmarks.synth``: Django set up first, then the command's own parser."""

    def synth_cli(*args: str) -> subprocess.CompletedProcess:
        return subprocess.run(
            [sys.executable, "-m", "benchmarks.synth", *args],
            cwd=Path(__file__).resolve().parents[2],
            capture_output=True,
            text=True,
            timeout=60,
        )

    shown = synth_cli("--help")
    assert shown.returncode == 0, shown.stderr
    assert shown.stdout.startswith("usage: python -m benchmarks.synth")
    for option in ("--targets", "--years", "--seed", "--start-year", "--settings", "--verbosity"):
        assert option in shown.stdout
    refused = synth_cli("--targets", "0")  # refused before the database is touched
    assert refused.returncode == 1
    assert "--targets must be between 1 and 100000." in refused.stderr
