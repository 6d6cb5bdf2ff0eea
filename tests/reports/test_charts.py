"""The charts' figures, written as plain dicts, are figures plotly itself accepts unchanged."""

import json

import plotly.graph_objects as go
import pytest
from django.urls import reverse
from django.utils.html import json_script

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
    ]
    for chart in charts:
        assert chart.script == json_script(chart.figure, chart.element_id)
        assert chart.script in response.content.decode()
        # plotly checks every property (it raises on an unknown one) and adds nothing.
        figure = json.loads(json.dumps(chart.figure))  # a copy: plotly may change what it reads
        assert json.loads(go.Figure(figure).to_json()) == chart.figure, chart.key
