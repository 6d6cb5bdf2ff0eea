"""The charts' figures, written as plain dicts, are figures plotly itself accepts unchanged."""

import json

import plotly.graph_objects as go
import pytest
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.html import json_script

from indicators.status import Status
from reports.charts import CHART_TABLE_ROWS, results_chart
from reports.selectors import ResultPoint

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


def test_past_the_pages_limit_the_results_chart_counts_gaps_and_keeps_its_size():
    def points(many: int) -> list[ResultPoint]:
        return [
            ResultPoint(f"RBM.{n}", "Global", 40.0, 40.0 + (n % 7) * 5 - 12, Status.ON_TRACK)
            for n in range(many)
        ]

    chart = results_chart(points(CHART_TABLE_ROWS + 50), 2021)
    bigger = results_chart(points(50_000), 2021)
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
    few = results_chart(points, 2021)
    assert few.figure["data"][1]["type"] == "scatter"
    html = render_to_string("reports/snippets/chart.html", {"chart": few})
    assert '<details class="chart-numbers" open>' in html
    assert html.count('<td class="number">35.5</td>') == 3
