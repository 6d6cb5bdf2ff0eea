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


def test_a_chart_past_the_pages_limit_names_its_points_and_leaves_the_table_out():
    many = CHART_TABLE_ROWS + 50
    points = [
        ResultPoint(f"RBM.{n}", "Global", 40.0, 35.5, Status.NOT_ON_TRACK) for n in range(many)
    ]
    chart = results_chart(points, 2021)
    html = render_to_string("reports/snippets/chart.html", {"chart": chart})
    assert f"The {many} points of this chart" in html
    assert "<table" not in html
    few = results_chart(points[:3], 2021)
    html = render_to_string("reports/snippets/chart.html", {"chart": few})
    assert '<details class="chart-numbers" open>' in html
    assert html.count('<td class="number">35.5</td>') == 3
