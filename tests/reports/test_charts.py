"""The charts' figures, written as plain dicts, are figures plotly itself accepts unchanged."""

import json
import math
from collections import Counter
from decimal import Decimal

import plotly.graph_objects as go
import pytest
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.html import json_script

from indicators.review import ReviewState
from indicators.status import Status
from reports.charts import CHART_TABLE_ROWS, results_chart
from reports.selectors import (
    GAP_BIN,
    GAP_HIGHEST,
    GAP_LOWEST,
    ResultPoint,
    ResultSpread,
    plan_scope,
    result_spread,
    scorecard_targets,
)
from tests.factories import (
    ActionPlanFactory,
    IndicatorFactory,
    ResultFactory,
    SectionFactory,
    TargetFactory,
)

pytestmark = pytest.mark.django_db


def test_plotly_accepts_every_figure_as_it_is_and_the_page_carries_it(client, ilo_plan, role_users):
    client.force_login(role_users["viewer"])
    response = client.get(reverse("reports:plan", args=[ilo_plan.slug]), {"year": 2020})
    charts = response.context["charts"]
    assert [chart.key for chart in charts] == [
        "sections",
        "portfolio",
        "region",
        "results",
        "years",
        "published",
    ]
    for chart in charts:
        assert chart.script == json_script(chart.figure, chart.element_id)
        assert chart.script in response.content.decode()
        # plotly checks every property (it raises on an unknown one) and adds nothing.
        figure = json.loads(json.dumps(chart.figure))  # a copy: plotly may change what it reads
        assert json.loads(go.Figure(figure).to_json()) == chart.figure, chart.key


def _spread(total: int, points: list[ResultPoint] | None = None) -> ResultSpread:
    """``total`` on-track targets whose gaps are -12, -7, -2, 3, 8, 13, 18 points in turn."""
    gaps: dict[int, Counter[str]] = {}
    for n in range(total):
        low = math.floor(((n % 7) * 5 - 12) / 10) * 10
        gaps.setdefault(low, Counter())[Status.ON_TRACK.value] += 1
    return ResultSpread(total, gaps, points or [])


def test_past_the_pages_limit_the_results_chart_counts_gaps_and_keeps_its_size():
    chart = results_chart(_spread(CHART_TABLE_ROWS + 50), 2021)
    bigger = results_chart(_spread(50_000), 2021)
    # The same bars, with longer numbers: 200 times the targets, not a byte more per target.
    assert len(json.dumps(bigger.figure)) - len(json.dumps(chart.figure)) < 50
    # Gaps of -12, -7, -2, 3, 8, 13, 18 points: bins from -20 to +20, one per ten points.
    assert [row[0] for row in chart.rows] == [
        "\N{MINUS SIGN}20 to \N{MINUS SIGN}10",
        "\N{MINUS SIGN}10 to 0",
        "0 to +10",
        "+10 to +20",
    ]
    on_track = chart.columns.index("On track")
    assert [int(row[on_track]) for row in bigger.rows] == [7143, 14286, 14286, 14285]
    html = render_to_string("reports/snippets/chart.html", {"chart": bigger})
    assert "The 50000 targets, each with its result, are in the targets table" in html
    assert html.count("<tr>") == 5  # the header and a row per bin
    json.loads(go.Figure(json.loads(json.dumps(bigger.figure))).to_json())  # plotly takes it


def test_a_few_points_are_drawn_one_by_one_with_their_table():
    points = [ResultPoint(f"RBM.{n}", "Global", 40.0, 35.5, Status.NOT_ON_TRACK) for n in range(3)]
    few = results_chart(_spread(3, points), 2021)
    assert few.figure["data"][1]["type"] == "scatter"
    html = render_to_string("reports/snippets/chart.html", {"chart": few})
    assert '<details class="chart-numbers" open>' in html
    assert html.count('<td class="number">35.5</td>') == 3


# Target and result pairs, in per cent: bins' edges, either side of them by a hair, decimals
# whose difference is not exact in binary, and the widest gaps (the top one past the last bin).
PAIRS = [
    ("50", "38"),
    ("50", "40"),
    ("50", "49.99"),
    ("50", "50"),
    ("50", "59.99"),
    ("50", "60"),
    ("33.33", "43.33"),
    ("0.1", "10.3"),
    ("66.67", "56.67"),
    ("12.34", "2.33"),
    ("0", "100"),
    ("100", "0"),
    ("7.5", "7.49"),
]


def _python_bin(target: str, result: str) -> int:
    """The bin as the chart drew it from points in Python before the database counted them."""
    gap = float(result) - float(target)
    return max(GAP_LOWEST, min(GAP_HIGHEST, math.floor(gap / GAP_BIN) * GAP_BIN))


def test_the_database_puts_each_result_in_the_bin_python_would():
    plan = ActionPlanFactory()
    section = SectionFactory(plan=plan)
    expected: dict[int, Counter[str]] = {}
    for target, result in PAIRS:
        made = TargetFactory(indicator=IndicatorFactory(section=section), value=Decimal(target))
        ResultFactory(
            target=made, year=2020, value=Decimal(result), review_state=ReviewState.APPROVED
        )
        # At least 45 per cent (the factory's direction): the status is the result's side.
        status = "on_track" if Decimal(result) >= Decimal(target) else "not_on_track"
        expected.setdefault(_python_bin(target, result), Counter())[status] += 1
    # A target in per cent without a number, and one in another unit, are not points.
    ResultFactory(
        target=TargetFactory(indicator=IndicatorFactory(section=section)),
        value=None,
        data_unavailable=True,
        unavailable_reason="Survey postponed",
        review_state=ReviewState.APPROVED,
    )
    ResultFactory(
        target=TargetFactory(indicator=IndicatorFactory(section=section), unit="count"),
        value=Decimal("3"),
        review_state=ReviewState.APPROVED,
    )
    targets = scorecard_targets(plan=plan, year=2020, scope=plan_scope())

    spread = result_spread(targets, points_up_to=len(PAIRS))
    assert spread.total == len(PAIRS)
    assert spread.gaps == expected
    assert [(p.target, p.result) for p in spread.points] == [(float(t), float(r)) for t, r in PAIRS]
    # Past the points asked for, the gaps alone: the chart draws bins, not points.
    fewer = result_spread(targets, points_up_to=len(PAIRS) - 1)
    assert (fewer.total, fewer.gaps, fewer.points) == (len(PAIRS), expected, [])
